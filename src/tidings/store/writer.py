"""Save one document's extraction (actors, aliases, mentions, events, event entities) into a session."""

from __future__ import annotations

import logging
import re

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..ingest.meta import content_hash
from ..records import Actor, Entity, Event, Extraction
from .models import ActorAliasRow, ActorRow, DocumentRow, EventEntityRow, EventRow, MentionRow

__all__ = ["save_extraction", "clear_extraction", "store_extraction"]

log = logging.getLogger(__name__)

# Surface forms worth remembering as aliases: names, not pronouns or descriptions.
ALIAS_VIAS = frozenset({"ner", "kb_alias", "apposition"})
ALIAS_MAX = 512
SPACE = re.compile(r"\s+")


def store_extraction(session: Session, extraction: Extraction, *, source: str | None = None) -> int:
    """Add an already-made extraction as a stored document (no reading, cleaning or NLP); returns its row id.

    The text is hashed as the cleaner hashes it, so the same text ingested later is "already stored";
    an extraction whose text is already stored is not stored again (its existing id is returned).
    """
    digest = content_hash(extraction.text)
    existing = session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == digest))
    if existing is not None:
        return existing
    row = DocumentRow(
        doc_id=extraction.doc_id, source=source or extraction.doc_id, url=extraction.url, title=extraction.title,
        author=extraction.author, outlet=extraction.outlet, published=extraction.published,
        published_source=extraction.published_source, language=extraction.language, text=extraction.text,
        content_hash=digest, status="stored", warnings=list(extraction.warnings), extracted=False,
    )
    session.add(row)
    session.flush()
    save_extraction(session, row, extraction)
    return row.id


def clear_extraction(session: Session, document_id: int) -> None:
    """Remove a document's events and mentions (before re-extracting it)."""
    event_ids = select(EventRow.id).where(EventRow.document_id == document_id)
    session.execute(delete(EventEntityRow).where(EventEntityRow.event_id.in_(event_ids)))
    session.execute(delete(EventRow).where(EventRow.document_id == document_id))
    session.execute(delete(MentionRow).where(MentionRow.document_id == document_id))


def save_extraction(session: Session, document: DocumentRow, extraction: Extraction) -> int:
    """Replace the document's actors/mentions/events with ``extraction``'s; returns the events saved."""
    clear_extraction(session, document.id)
    for actor in extraction.actors:
        _upsert_actor(session, actor)
        _add_mentions(session, document.id, actor)
    # Flushed so the look-ups below (actors named only by events, event ids) see this document's rows.
    session.flush()
    saved = 0
    seen: set[str] = set()
    for event in extraction.events:
        if event.id in seen or _taken_elsewhere(session, event.id, document.id):
            log.warning("document %s: event id %s already stored; kept the first", document.doc_id, event.id)
            continue
        seen.add(event.id)
        for _role, entity in _entities(event):
            _ensure_actor_for(session, entity)
        row = _event_row(document.id, event)
        row.position = saved
        session.add(row)
        saved += 1
    document.extracted = True
    session.flush()
    return saved


def _taken_elsewhere(session: Session, event_id: str, document_id: int) -> bool:
    owner = session.scalar(select(EventRow.document_id).where(EventRow.id == event_id))
    return owner is not None and owner != document_id


def _insert_new(session: Session, model, values: dict) -> bool:
    """INSERT ... ON CONFLICT DO NOTHING: another writer may add the same key between our look-up and our
    insert (PostgreSQL sessions run side by side); True when this call added the row."""
    table = model.__table__
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert
    else:  # any other engine: a plain insert (the look-up before it is the only guard)
        session.execute(table.insert().values(**values))
        return True
    keys = [c.name for c in table.primary_key.columns]
    result = session.execute(insert(table).values(**values).on_conflict_do_nothing(index_elements=keys))
    return bool(result.rowcount)


def _upsert_actor(session: Session, actor: Actor) -> None:
    """Insert a new actor; refresh a known one only with better facts (KB-backed, or filling gaps)."""
    row = session.get(ActorRow, actor.actor_id)
    if row is None and _insert_new(session, ActorRow, {
        "actor_id": actor.actor_id, "name": actor.name, "kind": actor.kind, "country": actor.country,
        "member_of": actor.member_of, "role": actor.role, "in_kb": actor.in_kb,
    }):
        return
    row = row or session.get(ActorRow, actor.actor_id)
    if actor.in_kb and not row.in_kb:
        row.name, row.kind, row.in_kb = actor.name, actor.kind, True
    if row.kind == "unknown":
        row.kind = actor.kind
    row.country = row.country or actor.country
    row.member_of = row.member_of or actor.member_of
    row.role = row.role or actor.role


def _ensure_actor_for(session: Session, entity: Entity) -> None:
    """An event may name an actor the document's actor list lacks (e.g. a speaker): keep the FK-free link valid."""
    if entity.actor_id is None or session.get(ActorRow, entity.actor_id) is not None:
        return
    _insert_new(session, ActorRow, {"actor_id": entity.actor_id, "name": entity.name or entity.text,
                                    "kind": entity.kind, "country": entity.country})


def _add_mentions(session: Session, document_id: int, actor: Actor) -> None:
    aliases: set[str] = set()
    for mention in actor.mentions:
        session.add(MentionRow(
            document_id=document_id, actor_id=actor.actor_id, start=mention.start, end=mention.end,
            text=mention.text, via=mention.via, sector=mention.sector,
        ))
        if mention.via in ALIAS_VIAS:
            aliases.add(SPACE.sub(" ", mention.text).strip()[:ALIAS_MAX])
    for alias in sorted(aliases - {""}):
        _insert_new(session, ActorAliasRow, {"actor_id": actor.actor_id, "alias": alias})


def _entities(event: Event) -> list[tuple[str, Entity]]:
    pairs = [("actor", e) for e in event.actor] + [("recipient", e) for e in event.recipient]
    if event.attribution is not None and event.attribution.speaker is not None:
        pairs.append(("speaker", event.attribution.speaker))
    return pairs


def _event_row(document_id: int, event: Event) -> EventRow:
    date, place, info, attribution = event.date, event.location, event.text_info, event.attribution
    trigger = info.trigger
    speaker = attribution.speaker if attribution else None
    row = EventRow(
        id=event.id, document_id=document_id, event_type=event.event_type, mode=event.mode,
        context=list(event.context), modality=event.modality, hedge_cues=list(event.hedge_cues),
        confidence=event.confidence, rule=event.rule,
        date_text=date.text if date else None, date_start=date.start if date else None,
        date_end=date.end if date else None, date_precision=date.precision if date else None,
        date_anchor=date.anchor if date else None,
        location_text=place.text if place else None, location_name=place.name if place else None,
        location_geonameid=place.geonameid if place else None, location_lat=place.lat if place else None,
        location_lon=place.lon if place else None, location_country_code=place.country_code if place else None,
        location_feature=place.feature if place else None,
        quantities=[q.model_dump(mode="json") for q in event.quantities],
        sentence_index=info.sentence, sentence_start=info.start, sentence_end=info.end, sentence_text=info.text,
        trigger_start=trigger.start if trigger else None, trigger_end=trigger.end if trigger else None,
        trigger_text=trigger.text if trigger else None,
        attribution_cue=attribution.cue if attribution else None,
        attribution_unnamed=bool(attribution and attribution.unnamed),
        speaker_actor_id=speaker.actor_id if speaker else None,
        record=event.model_dump(mode="json"),
    )
    row.entities = [_entity_row(role, entity) for role, entity in _entities(event)]
    return row


def _entity_row(role: str, entity: Entity) -> EventEntityRow:
    return EventEntityRow(
        role=role, actor_id=entity.actor_id, text=entity.text, start=entity.start, end=entity.end,
        sector=entity.sector, name=entity.name, kind=entity.kind, country=entity.country,
    )
