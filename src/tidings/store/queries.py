"""Read-side queries over the store: events, actors, actor profiles, clusters — with review decisions applied.

Every function returns plain rows (dicts of JSON-ready values), the same ones the CLI prints, the
Python API turns into DataFrames and the exporters write. Merged actors come out under their
canonical id, renamed actors under their new name, rejected events are hidden unless asked for.
"""

from __future__ import annotations

import contextlib
import difflib
import gc
import json
from collections import defaultdict
from collections.abc import Callable
from dataclasses import dataclass, replace
from typing import Any, NamedTuple

from sqlalchemy import Text, and_, exists, func, or_, select, type_coerce
from sqlalchemy.orm import Session

from ..aggregate import parse_interval
from ..errors import NotFoundError, StoreError
from ..records import EVENT_TYPES, MODALITIES
from .clusters import CHUNK, ClusterMemberRow, ClusterRow
from .models import ActorAliasRow, ActorRow, DocumentRow, EventEntityRow, EventRow
from .review import ActorView, Decision, actor_view, latest_decisions

__all__ = [
    "EventFilters",
    "Context",
    "load_context",
    "resolve_actor",
    "query_events",
    "query_event_links",
    "list_actors",
    "actor_profile",
    "list_clusters",
    "paused_gc",
]

SUGGESTIONS = 5
# Reading one event row by id costs about this many index steps of a newest-first walk (measured on SQLite).
ROW_LOOKUP_STEPS = 10
# Parties of more than 1/BULK_SHARE of all events are read in one pass over the table, not by event id.
BULK_SHARE = 4


@dataclass(frozen=True)
class EventFilters:
    """The filters shared by ``tidings events``, ``network``, ``export`` and the Python API."""

    actor: str | None = None
    recipient: str | None = None
    event_type: str | None = None
    since: str | None = None
    until: str | None = None
    min_sources: int | None = None
    modality: tuple[str, ...] = ()
    limit: int | None = None
    include_rejected: bool = False
    min_confidence: float | None = None  # events below it stay stored; ones an analyst accepted always show
    # Keyset pagination: only events after this (date_start, event_id) in the newest-first order.
    after: tuple[str | None, str] | None = None
    event_ids: tuple[str, ...] = ()  # only these events (an evidence view, a cluster's reports)

    def validate(self) -> EventFilters:
        """Normalise case and refuse values that can never match (so a typo is not an empty answer)."""
        event_type = self.event_type.upper() if self.event_type else None
        if event_type and event_type not in EVENT_TYPES:
            raise StoreError(f"unknown event type '{self.event_type}' (PLOVER categories: {', '.join(EVENT_TYPES)})")
        modality = tuple(m.lower() for m in self.modality)
        bad = [m for m in modality if m not in MODALITIES]
        if bad:
            raise StoreError(f"unknown modality '{bad[0]}' (one of: {', '.join(MODALITIES)})")
        if self.min_confidence is not None and not 0.0 <= self.min_confidence <= 1.0:
            raise StoreError(f"--min-confidence {self.min_confidence} is not between 0 and 1")
        for label, value in (("since", self.since), ("until", self.until)):
            if value and parse_interval(value, value) is None:
                raise StoreError(f"--{label} '{value}' is not a date (use YYYY, YYYY-MM or YYYY-MM-DD)")
        return replace(self, event_type=event_type, modality=modality)


@dataclass
class Context:
    """What every query needs besides the filters: actor decisions and review decisions in force."""

    view: ActorView
    decisions: dict[str, Decision]


def load_context(session: Session) -> Context:
    return Context(view=actor_view(session), decisions=latest_decisions(session))


@contextlib.contextmanager
def paused_gc():
    """Pause cyclic garbage collection while building many rows at once.

    Row dicts form no reference cycles, but creating 100,000s of them triggers collection passes
    over everything alive, which took ~40% of a whole-store read.
    """
    enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


# ---------------------------------------------------------------- actors by name


def _all_names(session: Session, ctx: Context) -> dict[str, str]:
    """Lower-cased id, name, alias and new name → actor id."""
    names: dict[str, str] = {}
    for alias, actor_id in session.execute(select(ActorAliasRow.alias, ActorAliasRow.actor_id)):
        names.setdefault(alias.lower(), actor_id)
    for actor_id, name in session.execute(select(ActorRow.actor_id, ActorRow.name)):
        names[name.lower()] = actor_id
        names[actor_id.lower()] = actor_id
    for actor_id, name in ctx.view.names.items():
        names[name.lower()] = actor_id
    return names


def resolve_actor(session: Session, name: str, ctx: Context) -> str:
    """The canonical actor id for an id, name, alias or new name; unknown → NotFoundError with suggestions."""
    if session.get(ActorRow, name) is not None:
        return ctx.view.canonical(name)
    key = name.strip().lower()
    found = session.scalar(select(ActorRow.actor_id).where(func.lower(ActorRow.name) == key).limit(1))
    if found is None:
        found = session.scalar(select(ActorAliasRow.actor_id).where(func.lower(ActorAliasRow.alias) == key).limit(1))
    if found is None:
        found = next((aid for aid, new in ctx.view.names.items() if new.lower() == key), None)
    if found is not None:
        return ctx.view.canonical(found)
    names = _all_names(session, ctx)
    close = difflib.get_close_matches(key, list(names), n=SUGGESTIONS * 3, cutoff=0.6)
    display = _display_names(session, ctx, [ctx.view.canonical(names[c]) for c in close])
    suggestions = list(dict.fromkeys(display[ctx.view.canonical(names[c])] for c in close))[:SUGGESTIONS]
    raise NotFoundError(f"no actor named '{name}' in the store", suggestions=suggestions)


def _display_names(session: Session, ctx: Context, actor_ids) -> dict[str, str]:
    ids = sorted(set(actor_ids))
    names: dict[str, str] = {}
    for chunk in _chunks(ids):
        names.update((a, n) for a, n in session.execute(
            select(ActorRow.actor_id, ActorRow.name).where(ActorRow.actor_id.in_(chunk))
        ).all())
    return {aid: ctx.view.names.get(aid) or names.get(aid) or aid for aid in ids}


# ---------------------------------------------------------------- events


_EVENT_COLUMNS = (
    EventRow.id, EventRow.event_type, EventRow.mode, EventRow.modality, EventRow.confidence, EventRow.rule,
    EventRow.date_text, EventRow.date_start, EventRow.date_end, EventRow.date_precision, EventRow.date_anchor,
    EventRow.location_text, EventRow.location_name, EventRow.location_country_code, EventRow.location_geonameid,
    EventRow.location_lat, EventRow.location_lon,
    # JSON lists come back as text and are decoded only when not empty: most are, and decoding dominates big reads.
    type_coerce(EventRow.hedge_cues, Text).label("hedge_cues"), EventRow.attribution_cue,
    EventRow.attribution_unnamed, EventRow.sentence_start, EventRow.sentence_end, EventRow.sentence_text,
    EventRow.trigger_text, EventRow.trigger_start, EventRow.trigger_end,
    type_coerce(EventRow.quantities, Text).label("quantities"), EventRow.document_id,
    DocumentRow.doc_id, DocumentRow.title, DocumentRow.outlet, DocumentRow.url, DocumentRow.published,
    DocumentRow.content_hash, ClusterMemberRow.cluster_id, ClusterRow.sources,
)


# The few columns the network and graph exports need: no quote, evidence or JSON columns; outlet and
# cluster are added by _with_sources.
_LINK_COLUMNS = (
    EventRow.id, EventRow.event_type, EventRow.modality, EventRow.confidence, EventRow.date_start, EventRow.date_end,
    EventRow.document_id,
)


class _Link(NamedTuple):
    id: str
    event_type: str
    modality: str
    confidence: float
    date_start: str | None
    date_end: str | None
    document_id: int
    outlet: str | None
    cluster_id: str | None
    sources: int | None


@dataclass(frozen=True)
class _Shape:
    """What one kind of event row reads and how it is built."""

    columns: tuple
    build: Callable[..., dict[str, Any]]
    joined: bool = True  # documents and clusters joined in SQL; else looked up by _with_sources


def _with_sources(session: Session, rows) -> list[_Link]:
    """Rows given their outlet and cluster by dict look-ups: on big reads far cheaper than SQL joins."""
    bulk = _is_bulk(session, len(rows))
    outlets = _lookup(session, DocumentRow.id, DocumentRow.outlet, {r.document_id for r in rows}, bulk)
    clusters = _lookup(session, ClusterMemberRow.event_id, ClusterMemberRow.cluster_id, {r.id for r in rows}, bulk)
    sources = _lookup(session, ClusterRow.cluster_id, ClusterRow.sources, set(clusters.values()), bulk)
    return [_Link(*r, outlets.get(r.document_id), clusters.get(r.id), sources.get(clusters.get(r.id))) for r in rows]


def _lookup(session: Session, key, value, keys: set, bulk: bool) -> dict:
    if bulk:
        return {k: v for k, v in session.execute(select(key, value)) if k in keys}
    out: dict = {}
    for chunk in _chunks(sorted(keys)):
        out.update(session.execute(select(key, value).where(key.in_(chunk))).all())
    return out


def _is_bulk(session: Session, n: int) -> bool:
    """Reading more than 1/BULK_SHARE of all events: one pass over a table beats many chunked look-ups."""
    return n > CHUNK and n * BULK_SHARE > _event_count(session)


def _party_condition(session: Session, ctx: Context, canonical_id: str, role: str, page_size: int | None):
    """Events where the actor (or any actor merged into it) takes part in ``role``."""
    members = sorted(ctx.view.members(canonical_id))
    if page_size and _walk_is_cheaper(session, members, role, page_size):
        # A party of many events: walking the date index newest first meets a page of them within a few
        # hundred steps, where reading every one of its events to sort them costs far more.
        return exists().where(
            EventEntityRow.event_id == EventRow.id, EventEntityRow.role == role, EventEntityRow.actor_id.in_(members)
        )
    return EventRow.id.in_(
        select(EventEntityRow.event_id).where(EventEntityRow.role == role, EventEntityRow.actor_id.in_(members))
    )


def _event_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(EventRow)) or 0


def _walk_is_cheaper(session: Session, members: list[str], role: str, page_size: int) -> bool:
    """Walk ~ page_size * total / n index steps; look-up ~ n row reads (both counts come from indexes)."""
    n = session.scalar(
        select(func.count()).select_from(EventEntityRow)
        .where(EventEntityRow.actor_id.in_(members), EventEntityRow.role == role)
    ) or 0
    if not n:
        return False
    return n * n * ROW_LOOKUP_STEPS > page_size * _event_count(session)


def _edited_ids(session: Session, ctx: Context) -> list[str]:
    """Events whose edits may move them into a filter's reach: edited events and members of edited clusters."""
    ids = [d.target_id for d in ctx.decisions.values() if d.action == "edit" and d.target_kind == "event"]
    clusters = [d.target_id for d in ctx.decisions.values() if d.action == "edit" and d.target_kind == "cluster"]
    for chunk in _chunks(clusters):
        ids += session.scalars(select(ClusterMemberRow.event_id).where(ClusterMemberRow.cluster_id.in_(chunk)))
    return ids


def _accepted_ids(ctx: Context) -> list[str]:
    return [d.target_id for d in ctx.decisions.values() if d.action == "accept" and d.target_kind == "event"]


def _joined(*columns):
    return (
        select(*columns)
        .join(DocumentRow, DocumentRow.id == EventRow.document_id)
        .outerjoin(ClusterMemberRow, ClusterMemberRow.event_id == EventRow.id)
        .outerjoin(ClusterRow, ClusterRow.cluster_id == ClusterMemberRow.cluster_id)
    )


def _filtered(session: Session, f: EventFilters, ctx: Context, ids: dict[str, str], q, *, page_size: int | None = None):
    """``q`` filtered and newest first (SQL narrows; :func:`_keep` decides exactly); ``page_size`` when paging."""
    conds = [_party_condition(session, ctx, ids[role], role, page_size) for role in ("actor", "recipient")
             if role in ids]
    if f.event_type:
        conds.append(EventRow.event_type == f.event_type)
    if f.event_ids:
        conds.append(EventRow.id.in_(f.event_ids))
    if f.modality:
        conds.append(EventRow.modality.in_(f.modality))
    if f.min_sources and f.min_sources > 1:
        # Through the clusters' sources index: every event belongs to a cluster once clustering ran.
        conds.append(EventRow.id.in_(
            select(ClusterMemberRow.event_id).join(ClusterRow, ClusterRow.cluster_id == ClusterMemberRow.cluster_id)
            .where(ClusterRow.sources >= f.min_sources)
        ))
    if f.min_confidence:
        conds.append(or_(EventRow.confidence >= f.min_confidence, EventRow.id.in_(_accepted_ids(ctx))))
    # Dates are compared exactly in Python; SQL only narrows by year (ISO strings of mixed precision).
    if f.until:
        conds.append(EventRow.date_start <= f.until[:4] + "-99")
    if f.since:
        conds.append(func.coalesce(EventRow.date_end, EventRow.date_start) >= f.since[:4])
    edited = _edited_ids(session, ctx)
    if conds:
        cond = and_(*conds)
        q = q.where(or_(cond, EventRow.id.in_(edited)) if edited else cond)
    if f.after:
        q = q.where(_after(*f.after))
    # NULLS LAST rather than an IS NULL sort key, so that an index on date_start can give the order.
    return q.order_by(EventRow.date_start.desc().nulls_last(), EventRow.id)


def _after(date_start: str | None, event_id: str):
    """Events that come after (date_start, event_id) in the order date_start DESC NULLS LAST, id ASC."""
    if date_start is None:
        return and_(EventRow.date_start.is_(None), EventRow.id > event_id)
    return or_(EventRow.date_start < date_start, EventRow.date_start.is_(None),
               and_(EventRow.date_start == date_start, EventRow.id > event_id))


def _read(session: Session, q, shape: _Shape) -> list:
    rows = session.execute(q).all()
    return rows if shape.joined else _with_sources(session, rows)


def _select(shape: _Shape):
    return _joined(*shape.columns) if shape.joined else select(*shape.columns)


def _page(session: Session, ids_query, shape: _Shape, offset: int, size: int) -> list:
    """One page of rows: ids are sorted alone first (from indexes), then only those rows are read."""
    page_ids = list(session.scalars(ids_query.limit(size).offset(offset)))
    rows = {r.id: r for r in _read(session, _select(shape).where(EventRow.id.in_(page_ids)), shape)}
    return [rows[i] for i in page_ids]


def query_events(session: Session, filters: EventFilters, ctx: Context | None = None) -> list[dict[str, Any]]:
    """Events matching ``filters`` as flat rows, newest first, with decisions and actor merges applied."""
    return _query(session, filters, ctx, _Shape(_EVENT_COLUMNS, _row))


def query_event_links(session: Session, filters: EventFilters, ctx: Context | None = None) -> list[dict[str, Any]]:
    """Like :func:`query_events`, but only the fields network edges are built from (a far lighter read).

    Each row has event_id, event_type, modality, date_start, date_end, actor_ids, actors, recipient_ids,
    recipients, document_id, outlet, cluster_id, sources and review, valued as in :func:`query_events`.
    """
    return _query(session, filters, ctx, _Shape(_LINK_COLUMNS, _link_row, joined=False))


def _query(session: Session, filters: EventFilters, ctx: Context | None, shape: _Shape) -> list[dict[str, Any]]:
    f = filters.validate()
    ctx = ctx or load_context(session)
    ids = {role: resolve_actor(session, name, ctx) for role, name in (("actor", f.actor), ("recipient", f.recipient))
           if name}
    if not f.limit:
        with paused_gc():
            rows = _read(session, _filtered(session, f, ctx, ids, _select(shape)), shape)
            return [r for r in _rows(session, rows, ctx, shape.build) if _keep(r, f, ids)]
    # Exact filters after SQL rarely drop rows (rejections, partial dates), so a page just above the limit suffices.
    size = f.limit + 25
    ids_query = _filtered(session, f, ctx, ids, select(EventRow.id), page_size=size)
    out: list[dict[str, Any]] = []
    offset = 0
    while len(out) < f.limit:
        rows = _page(session, ids_query, shape, offset, size)
        out += [r for r in _rows(session, rows, ctx, shape.build) if _keep(r, f, ids)]
        if len(rows) < size:
            break
        offset += size
    return out[: f.limit]


def _keep(row: dict[str, Any], f: EventFilters, ids: dict[str, str]) -> bool:
    """The exact filters, checked after decisions were applied."""
    if row["review"] == "reject" and not f.include_rejected:
        return False
    if f.event_ids and row["event_id"] not in f.event_ids:
        return False
    if f.event_type and row["event_type"] != f.event_type:
        return False
    if "actor" in ids and ids["actor"] not in row["actor_ids"]:
        return False
    if "recipient" in ids and ids["recipient"] not in row["recipient_ids"]:
        return False
    if f.modality and row["modality"] not in f.modality:
        return False
    if f.min_sources and row["sources"] < f.min_sources:
        return False
    if f.min_confidence and row["confidence"] < f.min_confidence and row["review"] != "accept":
        return False
    if f.since or f.until:
        span = parse_interval(row["date_start"], row["date_end"])
        window = parse_interval(f.since or "0001", f.until or "9999")
        if span is None or span[0] > window[1] or span[1] < window[0]:
            return False
    return True


PARTY_ROLES = ("actor", "recipient", "speaker")


def _entities_by_event(session: Session, event_ids: list[str], ctx: Context) -> dict[str, dict[str, list]]:
    """Per event: the canonical actor id of each party by role (None where the party is not a known actor), and
    under ``unresolved_<role>`` the text of the parties no actor was resolved for ("gunmen")."""
    out: dict[str, dict[str, list]] = defaultdict(lambda: {"actor": [], "recipient": [], "speaker": [],
                                                           "unresolved_actor": [], "unresolved_recipient": []})
    canonical: dict[str, str] = {}
    for event_id, role, actor_id, text in _entity_rows(session, event_ids):
        if actor_id and actor_id not in canonical:
            canonical[actor_id] = ctx.view.canonical(actor_id)
        out[event_id][role].append(canonical[actor_id] if actor_id else None)
        if not actor_id and role != "speaker" and text:
            out[event_id][f"unresolved_{role}"].append(text)
    return out


def _entity_rows(session: Session, event_ids: list[str]):
    """(event_id, role, actor_id, text) of the events' parties, in insertion order."""
    columns = select(EventEntityRow.event_id, EventEntityRow.role, EventEntityRow.actor_id, EventEntityRow.text)
    if _is_bulk(session, len(event_ids)):
        wanted = set(event_ids)
        return (r for r in session.execute(columns.order_by(EventEntityRow.id)) if r[0] in wanted)
    return (r for chunk in _chunks(event_ids)
            for r in session.execute(columns.where(EventEntityRow.event_id.in_(chunk)).order_by(EventEntityRow.id)))


def _rows(session: Session, rows, ctx: Context, build) -> list[dict[str, Any]]:
    entities = _entities_by_event(session, [r.id for r in rows], ctx)
    every_id = {a for e in entities.values() for role in PARTY_ROLES for a in e[role] if a}
    for r in rows:
        for d in (ctx.decisions.get(r.id), ctx.decisions.get(r.cluster_id or "")):
            every_id |= set((d.actor_ids or []) + (d.recipient_ids or [])) if d else set()
    names = _display_names(session, ctx, every_id)
    return [build(r, entities[r.id], names, ctx) for r in rows]


def _json_list(raw: str | list | None) -> list:
    """A JSON list column read as text (SQLite); drivers that decode JSON themselves (PostgreSQL) give a list."""
    if isinstance(raw, list):
        return raw
    return json.loads(raw) if raw and raw != "[]" else []


def _decision_for(r, ctx: Context) -> Decision | None:
    if not ctx.decisions:
        return None
    found = [d for d in (ctx.decisions.get(r.id), ctx.decisions.get(r.cluster_id or "")) if d]
    return max(found, key=lambda d: d.seq) if found else None


def _distinct(ids: list[str | None]) -> list[str]:
    """Known ids once each, in order (most events have a single actor and a single recipient)."""
    if len(ids) == 1:
        return [ids[0]] if ids[0] else []
    return list(dict.fromkeys(a for a in ids if a))


def _parties(r, ent: dict[str, list], ctx: Context) -> tuple[str, list[str], list[str], Decision | None]:
    """Event type, actor ids and recipient ids with the latest review decision applied; and that decision."""
    actors, recipients = _distinct(ent["actor"]), _distinct(ent["recipient"])
    event_type, decision = r.event_type, _decision_for(r, ctx)
    if decision is not None and decision.action == "edit":
        event_type = decision.event_type or event_type
        actors = [ctx.view.canonical(a) for a in decision.actor_ids] if decision.actor_ids is not None else actors
        if decision.recipient_ids is not None:
            recipients = [ctx.view.canonical(a) for a in decision.recipient_ids]
    return event_type, actors, recipients, decision


def _link_row(r, ent: dict[str, list], names: dict[str, str], ctx: Context) -> dict[str, Any]:
    event_type, actors, recipients, decision = _parties(r, ent, ctx)
    return {
        "event_id": r.id, "event_type": event_type, "modality": r.modality, "confidence": r.confidence,
        "date_start": r.date_start, "date_end": r.date_end,
        "actor_ids": actors, "actors": [names.get(a, a) for a in actors],
        "recipient_ids": recipients, "recipients": [names.get(a, a) for a in recipients],
        "document_id": r.document_id, "outlet": r.outlet, "cluster_id": r.cluster_id, "sources": r.sources or 1,
        "review": decision.action if decision else None,
    }


def _row(r, ent: dict[str, list], names: dict[str, str], ctx: Context) -> dict[str, Any]:
    event_type, actors, recipients, decision = _parties(r, ent, ctx)
    speaker = next((s for s in ent["speaker"] if s), None)
    return {
        "event_id": r.id, "event_type": event_type, "mode": r.mode, "modality": r.modality,
        "confidence": r.confidence, "date_start": r.date_start, "date_end": r.date_end, "date_text": r.date_text,
        "date_precision": r.date_precision, "date_anchor": r.date_anchor,
        "actor_ids": actors, "actors": [names.get(a, a) for a in actors],
        "recipient_ids": recipients, "recipients": [names.get(a, a) for a in recipients],
        # Parties the text names but no actor was resolved for; an analyst's edit of the parties replaces them.
        "unresolved_actors": [] if decision and decision.actor_ids is not None else ent["unresolved_actor"],
        "unresolved_recipients": [] if decision and decision.recipient_ids is not None
        else ent["unresolved_recipient"],
        "speaker_id": speaker, "speaker": names.get(speaker, speaker) if speaker else None,
        "attribution_cue": r.attribution_cue, "attribution_unnamed": bool(r.attribution_unnamed),
        "hedge_cues": _json_list(r.hedge_cues), "location": r.location_text, "location_name": r.location_name,
        "country_code": r.location_country_code, "geonameid": r.location_geonameid, "lat": r.location_lat,
        "lon": r.location_lon, "quantities": [q.get("text") for q in _json_list(r.quantities)],
        "quote": r.sentence_text, "quote_start": r.sentence_start, "quote_end": r.sentence_end,
        "trigger": r.trigger_text, "trigger_start": r.trigger_start, "trigger_end": r.trigger_end, "rule": r.rule,
        "document_id": r.document_id, "doc_id": r.doc_id, "title": r.title, "outlet": r.outlet, "url": r.url,
        "published": r.published, "content_hash": r.content_hash, "cluster_id": r.cluster_id,
        "sources": r.sources or 1, "review": decision.action if decision else None,
        "review_note": decision.note if decision else None,
    }


# ---------------------------------------------------------------- actors, profiles, clusters


def list_actors(session: Session, *, limit: int | None = None, ctx: Context | None = None) -> list[dict[str, Any]]:
    """Canonical actors with how many events they take part in, most active first."""
    ctx = ctx or load_context(session)
    counts: dict[str, set] = defaultdict(set)
    for actor_id, n in session.execute(
        select(EventEntityRow.actor_id, func.count(func.distinct(EventEntityRow.event_id)))
        .where(EventEntityRow.actor_id.is_not(None)).group_by(EventEntityRow.actor_id)
    ):
        counts[ctx.view.canonical(actor_id)].add((actor_id, n))
    rows = []
    for a in session.scalars(select(ActorRow)):
        if ctx.view.canonical(a.actor_id) != a.actor_id:
            continue
        merged = sorted(ctx.view.members(a.actor_id) - {a.actor_id})
        rows.append({
            "actor_id": a.actor_id, "name": ctx.view.names.get(a.actor_id, a.name), "kind": a.kind,
            "country": a.country, "in_kb": a.in_kb, "events": sum(n for _, n in counts.get(a.actor_id, ())),
            "merged": merged,
        })
    rows.sort(key=lambda r: (-r["events"], r["name"].lower()))
    return rows[:limit] if limit else rows


def _timeline_entry(row: dict[str, Any], role: str, counterparts: list[str]) -> dict[str, Any]:
    return {
        "date": row["date_start"], "event_type": row["event_type"], "role": role, "counterparts": counterparts,
        "modality": row["modality"], "event_id": row["event_id"], "outlet": row["outlet"], "quote": row["quote"],
    }


def actor_profile(session: Session, name: str, *, timeline_limit: int = 200) -> dict[str, Any]:
    """One actor: names it goes by, who it deals with (and how), and its events over time."""
    ctx = load_context(session)
    actor_id = resolve_actor(session, name, ctx)
    members = sorted(ctx.view.members(actor_id))
    row = session.get(ActorRow, actor_id)
    aliases = set()
    for chunk in _chunks(members):
        aliases |= set(session.scalars(select(ActorAliasRow.alias).where(ActorAliasRow.actor_id.in_(chunk))))
        aliases |= set(session.scalars(select(ActorRow.name).where(ActorRow.actor_id.in_(chunk))))
    counterparts: dict[str, dict[str, Any]] = {}
    timeline = []
    for role, other in (("actor", "recipient"), ("recipient", "actor")):
        for ev in query_events(session, EventFilters(**{role: actor_id}), ctx):
            ids, names = ev[f"{other}_ids"], ev[f"{other}s"]
            timeline.append(_timeline_entry(ev, role, names))
            for cid, cname in zip(ids, names, strict=True):
                entry = counterparts.setdefault(cid, {"actor_id": cid, "name": cname, "events": 0, "types": {}})
                entry["events"] += 1
                entry["types"][ev["event_type"]] = entry["types"].get(ev["event_type"], 0) + 1
    timeline.sort(key=lambda t: (t["date"] is None, t["date"] or "", t["event_id"]))
    display = ctx.view.names.get(actor_id, row.name if row else actor_id)
    return {
        "actor_id": actor_id, "name": display, "kind": row.kind if row else "unknown",
        "country": row.country if row else None, "aliases": sorted(aliases - {display}),
        "merged": [m for m in members if m != actor_id],
        "counterparts": sorted(counterparts.values(), key=lambda c: (-c["events"], c["name"])),
        "timeline": timeline[:timeline_limit], "events": len(timeline),
    }


def list_clusters(session: Session, *, min_sources: int | None = None, event_type: str | None = None,
                  limit: int | None = None, cluster_ids: tuple[str, ...] = ()) -> list[dict[str, Any]]:
    """Clusters (happenings), most widely reported first, with their member event ids."""
    q = select(ClusterRow).order_by(ClusterRow.sources.desc(), ClusterRow.reports.desc(), ClusterRow.cluster_id)
    if cluster_ids:
        q = q.where(ClusterRow.cluster_id.in_(cluster_ids))
    if min_sources:
        q = q.where(ClusterRow.sources >= min_sources)
    if event_type:
        q = q.where(ClusterRow.event_type == event_type.upper())
    if limit:
        q = q.limit(limit)
    clusters = list(session.scalars(q))
    members: dict[str, list[str]] = defaultdict(list)
    for chunk in _chunks([c.cluster_id for c in clusters]):
        for event_id, cluster_id in session.execute(
            select(ClusterMemberRow.event_id, ClusterMemberRow.cluster_id).where(ClusterMemberRow.cluster_id.in_(chunk))
        ):
            members[cluster_id].append(event_id)
    decisions = latest_decisions(session)
    return [
        {"cluster_id": c.cluster_id, "event_type": c.event_type, "modality": c.modality, "reports": c.reports,
         "documents": c.documents, "sources": c.sources, "date_start": c.date_start, "date_end": c.date_end,
         "event_ids": sorted(members[c.cluster_id]),
         "review": decisions[c.cluster_id].action if c.cluster_id in decisions else None}
        for c in clusters
    ]
