"""STIX 2.1 bundles (``stix2``): a report per article, actors, locations, a relationship per event tie.

Relationships carry ``start_time``, a ``confidence`` from the event's modality (``data/modality.yaml``)
and a property extension (declared by an ``extension-definition``) holding what STIX has no field
for: modality, hedge cues, attribution and the evidence (document hash, offsets, quote). Object ids
are UUIDv5 fingerprints of our stable ids, so re-exporting gives the same ids. The ``opencti``
profile uses relationship types OpenCTI accepts between these object types and keeps the PLOVER
category in the labels.
"""

from __future__ import annotations

import uuid
from collections import defaultdict
from collections.abc import Mapping, Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import stix2

from ..aggregate import parse_interval
from ..data import load_categories, load_modalities
from ..errors import ExportError
from ..network import edge_pairs
from . import atomic_write

__all__ = ["stix_bundle", "write_stix", "STIX_PROFILES", "EXTENSION_ID"]

STIX_PROFILES = ("stix", "opencti")
NAMESPACE = uuid.UUID("6b4f9c1e-2d0a-5e7b-9a43-7c1d2e3f4a5b")
EXTENSION_ID = f"extension-definition--{uuid.uuid5(NAMESPACE, 'tidings-event-evidence')}"
EXTENSION_SCHEMA = "https://github.com/tidings/tidings/blob/main/docs/stix-event-extension.md"
# Our actor kinds → STIX: armed groups are threat actors; everyone else is an identity of this class.
THREAT_ACTOR_KINDS = frozenset({"armed_group"})
IDENTITY_CLASS = {
    "person": "individual", "group": "group", "state": "organization", "igo": "organization",
    "ngo": "organization", "company": "organization", "media": "organization", "political_party": "organization",
}
CONFLICT_QUADS = frozenset({"verbal_conflict", "material_conflict"})


def _sid(kind: str, key: str) -> str:
    return f"{kind}--{uuid.uuid5(NAMESPACE, f'{kind}:{key}')}"


def _timestamp(value: str | None) -> datetime | None:
    span = parse_interval(value, value) if value else None
    return datetime(span[0].year, span[0].month, span[0].day, tzinfo=UTC) if span else None


def _producer() -> stix2.Identity:
    return stix2.Identity(id=_sid("identity", "tidings"), name="tidings", identity_class="system",
                          description="Sourced PLOVER event data coded from news text.")


def _extension_definition(producer: stix2.Identity) -> stix2.ExtensionDefinition:
    return stix2.ExtensionDefinition(
        id=EXTENSION_ID, created_by_ref=producer.id, name="tidings event evidence", version="1.0.0",
        schema=EXTENSION_SCHEMA, extension_types=["property-extension"],
        description="Modality, hedge cues, attribution and evidence (document hash, offsets, quote) of a coded event.",
    )


def _actor_object(actor_id: str, name: str, info: Mapping[str, Any]):
    kind = info.get("kind") or "unknown"
    labels = [f"kind:{kind}"] + ([f"country:{info['country'].lower()}"] if info.get("country") else [])
    if kind in THREAT_ACTOR_KINDS:
        return stix2.ThreatActor(id=_sid("threat-actor", actor_id), name=name, labels=labels)
    return stix2.Identity(id=_sid("identity", actor_id), name=name, identity_class=IDENTITY_CLASS.get(kind, "unknown"),
                          labels=labels)


def _location_object(row: Mapping[str, Any]):
    name = row.get("location_name") or row.get("location")
    kwargs: dict[str, Any] = {"name": name}
    if row.get("lat") is not None and row.get("lon") is not None:
        kwargs.update(latitude=float(row["lat"]), longitude=float(row["lon"]))
    elif row.get("country_code") and len(row["country_code"]) == 2:
        kwargs["country"] = row["country_code"]
    else:
        return None
    key = str(row.get("geonameid") or name)
    return stix2.Location(id=_sid("location", key), **kwargs)


def _extension(row: Mapping[str, Any], location_ref: str | None) -> dict[str, Any]:
    evidence = {
        "document_hash": row.get("content_hash"), "doc_id": row.get("doc_id"), "quote": row.get("quote"),
        "start": row.get("quote_start"), "end": row.get("quote_end"), "trigger": row.get("trigger"),
        "trigger_start": row.get("trigger_start"), "trigger_end": row.get("trigger_end"),
    }
    attribution = {"speaker": row.get("speaker"), "cue": row.get("attribution_cue"),
                   "unnamed": bool(row.get("attribution_unnamed"))}
    ext = {
        "extension_type": "property-extension", "event_id": row["event_id"], "event_type": row["event_type"],
        "modality": row["modality"], "hedge_cues": list(row.get("hedge_cues") or []),
        "attribution": {k: v for k, v in attribution.items() if v not in (None, "")},
        "evidence": {k: v for k, v in evidence.items() if v is not None}, "rule": row.get("rule"),
        "cluster_id": row.get("cluster_id"), "date_text": row.get("date_text"), "location_ref": location_ref,
    }
    return {k: v for k, v in ext.items() if v not in (None, [], {})}


def _relationship_type(quad: str, source_obj, profile: str, event_type: str) -> str:
    if profile != "opencti":
        return event_type.lower()
    # OpenCTI only lets threat actors 'target' others; every other tie is 'related-to' with the fine type in labels.
    if quad in CONFLICT_QUADS and source_obj.type == "threat-actor":
        return "targets"
    return "related-to"


def _relationships(row, objects, location_ref, profile, categories, confidence) -> list[stix2.Relationship]:
    cat = categories[row["event_type"]]
    start = _timestamp(row.get("date_start"))
    out = []
    for source, target in edge_pairs(row, cat.symmetric):
        src, dst = objects[source], objects[target]
        kwargs: dict[str, Any] = {"start_time": start} if start else {}
        out.append(stix2.Relationship(
            id=_sid("relationship", f"{row['event_id']}|{source}|{target}"),
            relationship_type=_relationship_type(cat.quad, src, profile, row["event_type"]),
            source_ref=src.id, target_ref=dst.id, description=row.get("quote"),
            confidence=confidence[row["modality"]].confidence,
            labels=[f"plover:{row['event_type'].lower()}", f"quad:{cat.quad}", f"modality:{row['modality']}"],
            extensions={EXTENSION_ID: _extension(row, location_ref)}, allow_custom=False, **kwargs,
        ))
    return out


def _web_url(url: str | None) -> bool:
    """Only http(s) URLs are exported: a javascript: or data: URL would run in a platform that links it."""
    return bool(url) and urlsplit(url).scheme.lower() in ("http", "https") and bool(urlsplit(url).netloc)


def _report(document: Mapping[str, Any], refs: list[str], producer_id: str) -> stix2.Report:
    published = _timestamp(document.get("published"))
    labels = ["news-article"] + ([] if published else ["published-unknown"])
    ext_ref = {"source_name": document.get("outlet") or "unknown outlet",
               "description": f"article {document.get('doc_id')} as stored by tidings"}
    if _web_url(document.get("url")):
        ext_ref["url"] = document["url"]
    if document.get("content_hash"):
        ext_ref["hashes"] = {"SHA-256": document["content_hash"]}
    return stix2.Report(
        id=_sid("report", document.get("content_hash") or str(document["document_id"])),
        name=document.get("title") or document.get("doc_id") or f"document {document['document_id']}",
        # STIX requires a publication time; an unknown one becomes the export time, labelled as such.
        published=published or datetime.now(UTC), report_types=["threat-report"], labels=labels,
        object_refs=sorted(set(refs)), created_by_ref=producer_id,
        external_references=[ext_ref],
    )


def stix_bundle(rows: Sequence[Mapping[str, Any]], actors: Sequence[Mapping[str, Any]], *,
                profile: str = "stix") -> stix2.Bundle:
    """A bundle of the events in ``rows`` (flat event rows) and the actors they involve."""
    if profile not in STIX_PROFILES:
        raise ExportError(f"unknown STIX profile '{profile}' (one of: {', '.join(STIX_PROFILES)})")
    categories, confidence = load_categories(), load_modalities()
    info = {a["actor_id"]: a for a in actors}
    producer = _producer()
    objects: dict[str, Any] = {}
    locations: dict[str, Any] = {}
    by_doc: dict[int, list[str]] = defaultdict(list)
    docs: dict[int, Mapping[str, Any]] = {}
    relationships = []
    for row in rows:
        for aid, name in [*zip(row["actor_ids"], row["actors"], strict=True),
                          *zip(row["recipient_ids"], row["recipients"], strict=True)]:
            if aid not in objects:
                objects[aid] = _actor_object(aid, name, info.get(aid, {}))
        loc = _location_object(row) if row.get("location") else None
        if loc is not None:
            locations[loc.id] = loc
        rels = _relationships(row, objects, loc.id if loc else None, profile, categories, confidence)
        relationships += rels
        docs[row["document_id"]] = row
        refs = [r.id for r in rels] + [objects[a].id for a in row["actor_ids"] + row["recipient_ids"]]
        by_doc[row["document_id"]] += refs + ([loc.id] if loc else [])
    reports = [_report(docs[d], refs, producer.id) for d, refs in sorted(by_doc.items()) if refs]
    everything = [producer, _extension_definition(producer), *objects.values(), *locations.values(),
                  *relationships, *reports]
    return stix2.Bundle(objects=everything, id=_sid("bundle", "|".join(sorted(str(r["event_id"]) for r in rows))))


def write_stix(path: Path, bundle: stix2.Bundle) -> list[Path]:
    """Write the bundle as indented JSON, atomically."""
    # stix2's pretty printer reorders every property of every object and is far too slow for big bundles.
    text = bundle.serialize()

    def write(temp: Path) -> None:
        temp.write_text(text, encoding="utf-8")

    return atomic_write({Path(path): write})
