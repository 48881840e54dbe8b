"""The Workspace: the one front door to a store, for the CLI, the REST API and notebooks alike.

>>> import tidings
>>> with tidings.open("tidings.db") as ws:
...     page = ws.list_events(tidings.EventQuery(actor="Hamas", since="2016-01"))
...     ws.events(actor="Hamas").head()          # the same rows as a DataFrame

Filters are :class:`~tidings.read_models.EventQuery` objects (or the same names as keywords); results are
the typed read models of :mod:`tidings.read_models`, which are also the REST schemas and the CLI's JSON.
"""

from __future__ import annotations

import base64
import binascii
import json
import threading
from collections import Counter, OrderedDict
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import func, select

from . import aggregate
from .config import DEFAULT_DB_URL, Settings, database_url
from .errors import ExportError, NotFoundError, StoreError
from .export import EXPORT_FORMATS
from .network import build_edges
from .read_models import (
    ActorProfile,
    ActorSummary,
    ClusterDetail,
    ClusterView,
    DecisionView,
    DocumentDetail,
    DocumentSummary,
    EdgeView,
    EventQuery,
    EventView,
    Evidence,
    Facets,
    MentionView,
    Page,
)
from .records import Extraction, IngestOutcome
from .store import Store, open_store
from .store import queries as q
from .store import review as rv
from .store.models import DocumentRow, EventEntityRow, EventRow, MentionRow
from .store.writer import store_extraction

__all__ = ["open", "Workspace", "EventQuery"]

CACHE_SIZE = 8


def _filters(**filters: Any) -> q.EventFilters:
    """Build EventFilters from keyword filters (``type`` is accepted for ``event_type``)."""
    if "type" in filters:
        filters["event_type"] = filters.pop("type")
    modality = filters.pop("modality", None) or ()
    if isinstance(modality, str):
        modality = [m.strip() for m in modality.split(",") if m.strip()]
    unknown = set(filters) - set(q.EventFilters.__dataclass_fields__)
    if unknown:
        raise TypeError(f"unknown filter(s): {', '.join(sorted(unknown))}")
    return q.EventFilters(modality=tuple(modality), **filters)


class Workspace:
    """One opened store, read (and reviewed) through the analysis layer."""

    def __init__(self, store: Store):
        self.store = store
        # Networks and facets of recent filter sets, kept while the store's data version is unchanged: the graph
        # page asks for the same whole-store network again and again, and building it reads every event.
        self._cache: OrderedDict[tuple, tuple[tuple, Any]] = OrderedDict()
        self._cache_lock = threading.Lock()

    def close(self) -> None:
        self.store.close()

    def __enter__(self) -> Workspace:
        return self

    def __exit__(self, *_exc) -> None:
        self.close()

    # ------------------------------------------------------------ typed reads (CLI JSON, REST, notebooks)

    def list_events(self, query: EventQuery | None = None, *, limit: int | None = 100, cursor: str | None = None,
                    facets: bool = False) -> Page[EventView]:
        """One page of events, newest first; ``next_cursor`` continues after its last item (keyset)."""
        query = query or EventQuery()
        after = decode_cursor(cursor) if cursor else None
        # One more than asked tells whether another page follows, without counting.
        rows = self.event_rows(limit=limit + 1 if limit else None, after=after, **query.filters())
        more = bool(limit) and len(rows) > limit
        rows = rows[:limit] if limit else rows
        items = [EventView(**row) for row in rows]
        next_cursor = encode_cursor(rows[-1]["date_start"], rows[-1]["event_id"]) if more else None
        return Page[EventView](items=items, next_cursor=next_cursor,
                               facets=self.event_facets(query) if facets else None)

    def event_facets(self, query: EventQuery | None = None) -> Facets:
        """How many of the filtered events fall in each category, modality and year."""
        filters = (query or EventQuery()).filters()
        return self._memo("facets", filters, lambda: _facets(self._link_rows(**filters)))

    def event(self, event_id: str) -> EventView:
        """One event as listed (rejected ones included); NotFoundError for an unknown id."""
        from .errors import NotFoundError

        with self.store.session() as session:
            if session.get(EventRow, event_id) is None:
                raise NotFoundError(f"no event with id '{event_id}'")
            rows = q.query_events(session, q.EventFilters(include_rejected=True, event_ids=(event_id,)))
        return EventView(**rows[0])

    def events_by_ids(self, event_ids: Iterable[str]) -> list[EventView]:
        """The given events (rejected ones included), newest first; unknown ids are left out."""
        ids = tuple(dict.fromkeys(event_ids))
        if not ids:
            return []
        with self.store.session() as session:
            rows = q.query_events(session, q.EventFilters(include_rejected=True, event_ids=ids))
        return [EventView(**row) for row in rows]

    def evidence(self, event_id: str) -> Evidence:
        """An event with its article's text and every actor mention in it: what the evidence view shows."""
        event = self.event(event_id)
        document = self.document(event.document_id, with_text=True)
        with self.store.session() as session:
            mentions = session.scalars(
                select(MentionRow).where(MentionRow.document_id == event.document_id).order_by(MentionRow.start))
            views = [MentionView(actor_id=m.actor_id, start=m.start, end=m.end, text=m.text, via=m.via)
                     for m in mentions]
        return Evidence(event=event, document=document, mentions=views)

    def network(self, query: EventQuery | None = None) -> list[EdgeView]:
        """The actor network of the filtered events, busiest edges first (shared, read-only objects)."""
        filters = (query or EventQuery()).filters()
        # Built by our own query code, so constructed without re-validating 20,000 edges.
        return self._memo("network", filters, lambda: [EdgeView.model_construct(**edge)
                                                        for edge in self.edge_rows(**filters)])

    def _memo(self, kind: str, filters: dict[str, Any], compute: Callable[[], Any]) -> Any:
        """``compute()``, reused while the store's :meth:`data_version` is unchanged (a few recent filter sets)."""
        key = (kind, *sorted(filters.items()))
        version = self.data_version()
        with self._cache_lock:
            cached = self._cache.get(key)
            if cached is not None and cached[0] == version:
                self._cache.move_to_end(key)
                return cached[1]
        value = compute()
        with self._cache_lock:
            self._cache[key] = (version, value)
            while len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
        return value

    def data_version(self) -> tuple:
        """Changes whenever what queries see can change: documents, events, clusters, decisions, actor overrides."""
        from .store.clusters import ClusterRow

        counts = select(
            select(func.max(DocumentRow.id)).scalar_subquery(),
            select(func.count()).select_from(EventRow).scalar_subquery(),
            select(func.max(ClusterRow.updated_at)).scalar_subquery(),
            select(func.count()).select_from(ClusterRow).scalar_subquery(),
            select(func.max(rv.ReviewDecisionRow.id)).scalar_subquery(),
            select(func.max(rv.ActorOverrideRow.id)).scalar_subquery(),
        )
        with self.store.session() as session:
            return tuple(session.execute(counts).one())

    def list_actors(self, *, limit: int | None = None) -> list[ActorSummary]:
        return [ActorSummary(**row) for row in self.actor_rows(limit=limit)]

    def actor_profile(self, name: str) -> ActorProfile:
        """Aliases, counterparts and timeline of one actor (name, alias or id)."""
        return ActorProfile(**self.actor(name))

    def list_clusters(self, *, event_type: str | None = None, min_sources: int | None = None,
                      limit: int | None = None) -> list[ClusterView]:
        rows = self.cluster_rows(event_type=event_type, min_sources=min_sources, limit=limit)
        return [ClusterView(**row) for row in rows]

    def cluster(self, cluster_id: str) -> ClusterDetail:
        """One happening with every report of it side by side (rejected reports included, marked)."""
        from .errors import NotFoundError
        from .store.clusters import ClusterRow

        with self.store.session() as session:
            if session.get(ClusterRow, cluster_id) is None:
                raise NotFoundError(f"no cluster with id '{cluster_id}'")
            row = next(c for c in q.list_clusters(session, cluster_ids=(cluster_id,)))
            members = q.query_events(session, q.EventFilters(include_rejected=True, event_ids=tuple(row["event_ids"])))
        return ClusterDetail(**row, members=[EventView(**m) for m in members])

    def documents(self, *, status: list[str] | None = None, limit: int | None = None) -> list[DocumentSummary]:
        return self.store.documents(status=status, limit=limit)

    def list_documents(self, *, status: list[str] | None = None, limit: int | None = 100,
                       cursor: str | None = None) -> Page[DocumentSummary]:
        """Documents in the order they were stored; the cursor is the last row id of the previous page."""
        if cursor is not None and not cursor.isdigit():
            raise StoreError(f"cursor '{cursor[:40]}' is not one this API gave out")
        after = int(cursor) if cursor else 0
        rows = [d for d in self.store.documents(status=status) if d.id > after]
        page = rows[:limit] if limit else rows
        more = bool(limit) and len(rows) > limit
        return Page[DocumentSummary](items=page, next_cursor=str(page[-1].id) if more else None)

    def actor_details(self, actor_id: str) -> dict[str, Any]:
        """What the store knows of one actor beyond its profile: parent organisation, role, KB membership."""
        from .errors import NotFoundError
        from .store.models import ActorRow

        with self.store.session() as session:
            row = session.get(ActorRow, actor_id)
            if row is None:
                raise NotFoundError(f"no actor with id '{actor_id}'")
            return {"member_of": row.member_of, "role": row.role, "in_kb": row.in_kb}

    def document(self, document_id: int, *, with_text: bool = False) -> DocumentDetail:
        return self.store.document(document_id, with_text=with_text)

    def decide(self, target_id: str, action: str, **changes: Any) -> DecisionView:
        """:meth:`review` as a typed decision."""
        return DecisionView(**self.review(target_id, action, **changes))

    def review_queue(self, *, limit: int = 50, cursor: str | None = None,
                     include_decided: bool = False) -> Page[EventView]:
        """Events still waiting for a decision, newest first (every stored event, whatever its confidence)."""
        page_size = limit
        items: list[EventView] = []
        while True:
            page = self.list_events(EventQuery(min_confidence=0, include_rejected=include_decided), limit=page_size,
                                    cursor=cursor)
            items += [e for e in page.items if include_decided or e.review is None]
            cursor = page.next_cursor
            if len(items) >= limit or cursor is None:
                break
        return Page[EventView](items=items[:limit], next_cursor=cursor if len(items) >= limit else None)

    def ingest(self, sources: list[str], *, settings: Settings | None = None, feeds: list[str] | None = None,
               on_progress: Callable[[IngestOutcome], None] | None = None, pipeline=None,
               **options: Any) -> list[IngestOutcome]:
        """Read, clean, extract and store ``sources`` (files, folders, URLs), clustering each stored batch."""
        return self.store.ingest(
            sources, settings=settings or Settings(db_url=self.store.url), feeds=feeds, on_progress=on_progress,
            after_batch=aggregate.refresh_clusters, pipeline=pipeline, **options,
        )

    # ------------------------------------------------------------ rows (what the CLI prints)

    def event_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Events as flat rows; filters: actor, recipient, event_type, since, until, min_sources, modality, limit."""
        return self._by_known_names(q.query_events, filters)

    def edge_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Network edges of the filtered events; ``min_sources`` applies to each edge's sources."""
        min_sources = filters.pop("min_sources", None)
        filters.pop("limit", None)
        with q.paused_gc():
            return build_edges(self._link_rows(**filters), min_sources=min_sources)

    def _link_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Events with only the fields edges are built from (see :func:`queries.query_event_links`)."""
        return self._by_known_names(q.query_event_links, filters)

    def _by_known_names(self, query, filters: dict[str, Any]) -> list[dict[str, Any]]:
        """Run ``query``; an actor or recipient the store does not know by that name is looked up once more under
        the id the actor KB gives the name (``ISIS`` -> islamic-state), as ingest would have resolved it."""
        try:
            with self.store.session() as session:
                return query(session, _filters(**filters))
        except NotFoundError:
            renamed = {role: _kb_id(filters[role]) for role in ("actor", "recipient") if filters.get(role)}
            if not any(renamed.values()):
                raise
            with self.store.session() as session:
                return query(session, _filters(**{**filters, **{k: v for k, v in renamed.items() if v}}))

    def actor_rows(self, *, limit: int | None = None) -> list[dict[str, Any]]:
        with self.store.session() as session:
            return q.list_actors(session, limit=limit)

    def cluster_rows(self, **filters: Any) -> list[dict[str, Any]]:
        with self.store.session() as session:
            return q.list_clusters(session, **filters)

    # ------------------------------------------------------------ DataFrames (for notebooks)

    def events(self, **filters: Any) -> pd.DataFrame:
        return pd.DataFrame(self.event_rows(**filters))

    def edges(self, **filters: Any) -> pd.DataFrame:
        return pd.DataFrame(self.edge_rows(**filters))

    def actors(self, *, limit: int | None = None) -> pd.DataFrame:
        return pd.DataFrame(self.actor_rows(limit=limit))

    def clusters(self, **filters: Any) -> pd.DataFrame:
        return pd.DataFrame(self.cluster_rows(**filters))

    def actor(self, name: str) -> dict[str, Any]:
        """Profile of one actor: aliases, counterparts, timeline."""
        try:
            with self.store.session() as session:
                return q.actor_profile(session, name)
        except NotFoundError:
            kb_id = _kb_id(name)
            if kb_id is None:
                raise
            with self.store.session() as session:
                return q.actor_profile(session, kb_id)

    # ------------------------------------------------------------ review

    def review(self, target_id: str, action: str, *, event_type: str | None = None,
               actors: Iterable[str] | None = None, recipients: Iterable[str] | None = None,
               note: str | None = None) -> dict[str, Any]:
        """Accept, reject or edit an event or cluster; actor names are resolved to ids."""
        with self.store.session() as session:
            target_id = _full_target_id(session, target_id)
            ctx = q.load_context(session)
            actor_ids = [q.resolve_actor(session, a, ctx) for a in actors] if actors else None
            recipient_ids = [q.resolve_actor(session, a, ctx) for a in recipients] if recipients else None
            decision = rv.record_decision(
                session, target_id, action, event_type=event_type.upper() if event_type else None,
                actor_ids=actor_ids, recipient_ids=recipient_ids, note=note,
            )
            return decision.as_dict()

    def history(self, target_id: str) -> list[dict[str, Any]]:
        with self.store.session() as session:
            return [d.as_dict() for d in rv.decision_history(session, target_id)]

    def merge_actors(self, name: str, into: str) -> dict[str, Any]:
        """Merge actor ``name`` into actor ``into`` (which stays canonical); re-cluster their events."""
        return self._actor_change("merge", name, into=into)

    def split_actor(self, name: str) -> dict[str, Any]:
        """Undo the merge of actor ``name`` (it stands alone again)."""
        return self._actor_change("split", name)

    def rename_actor(self, name: str, new_name: str) -> dict[str, Any]:
        return self._actor_change("rename", name, new_name=new_name)

    def _actor_change(self, action: str, name: str, *, into: str | None = None,
                      new_name: str | None = None) -> dict[str, Any]:
        with self.store.session() as session:
            ctx = q.load_context(session)
            # A split names the merged actor itself, not whatever it resolves to now.
            actor_id = _raw_actor_id(session, name, ctx) if action == "split" else q.resolve_actor(session, name, ctx)
            into_id = q.resolve_actor(session, into, ctx) if into else None
            affected = ctx.view.members(ctx.view.canonical(actor_id))
            if into_id:
                affected |= ctx.view.members(into_id)
            rv.record_actor_override(session, action, actor_id, into_id=into_id, name=new_name)
            if action != "rename":
                aggregate.refresh_clusters(session, _documents_of(session, affected))
            return {"action": action, "actor_id": actor_id, "into": into_id, "name": new_name}

    # ------------------------------------------------------------ loading extractions

    def add_extractions(self, extractions: Iterable[Extraction], *, source: str = "api",
                        refresh: bool = True) -> list[int]:
        """Store already-made extractions (e.g. ``tidings extract`` JSONL) without re-running NLP; cluster them.

        An extraction whose text is already stored is not stored again (its existing row id is returned).
        Bulk loads pass ``refresh=False`` and call :meth:`recluster` once at the end.
        """
        with self.store.session() as session:
            # Hashed as ingest hashes cleaned text, so the same article added both ways is one document.
            ids = [store_extraction(session, x, source=source) for x in extractions]
            if refresh:
                aggregate.refresh_clusters(session, sorted(set(ids)))
        return ids

    def recluster(self) -> None:
        """Re-cluster every stored report (after bulk loads or many actor merges)."""
        with self.store.session() as session:
            aggregate.refresh_clusters(session, list(session.scalars(select(DocumentRow.id))))

    # ------------------------------------------------------------ export

    def export(self, fmt: str, path: str | Path, *, stix_profile: str = "stix", csv_raw: bool = False,
               **filters: Any) -> list[Path]:
        """Write the filtered events as STIX, GEXF, GraphML or CSV/Parquet/JSONL tables; returns the files."""
        if fmt not in EXPORT_FORMATS:
            raise ExportError(f"unknown export format '{fmt}' (one of: {', '.join(EXPORT_FORMATS)})")
        with q.paused_gc():
            return self._export(fmt, Path(path), stix_profile, filters, csv_raw=csv_raw)

    def _export(self, fmt: str, path: Path, stix_profile: str, filters: dict[str, Any], *,
                csv_raw: bool = False) -> list[Path]:
        from .export import graph, stix, tables

        min_sources = filters.pop("min_sources", None)
        # Graphs need only the edges: reading just their fields is several times faster than full rows.
        rows = self._link_rows(**filters) if fmt in ("gexf", "graphml") else self.event_rows(**filters)
        edges = build_edges(rows, min_sources=min_sources)
        if min_sources:
            keep = {e for edge in edges for e in edge["event_ids"]}
            rows = [r for r in rows if r["event_id"] in keep]
        involved = {a for r in rows for a in r["actor_ids"] + r["recipient_ids"]}
        actors = [a for a in self.actor_rows() if a["actor_id"] in involved]
        if fmt == "stix":
            return stix.write_stix(path, stix.stix_bundle(rows, actors, profile=stix_profile))
        if fmt in ("gexf", "graphml"):
            return graph.write_graph(fmt, path, graph.network_graph(edges, actors))
        return tables.write_tables(fmt, path, {"events": rows, "actors": actors, "edges": edges}, csv_raw=csv_raw)


def _kb_id(name: str) -> str | None:
    """The id the shipped actor KB gives a name or alias (the first, when several share it)."""
    from .actors.kb import load_kb

    entries = load_kb().lookup(name)
    return entries[0].id if entries else None


def _facets(links: list[dict[str, Any]]) -> Facets:
    return Facets(
        event_type=dict(Counter(r["event_type"] for r in links).most_common()),
        modality=dict(Counter(r["modality"] for r in links).most_common()),
        year=dict(sorted(Counter(r["date_start"][:4] if r["date_start"] else "undated" for r in links).items())),
    )


SHORT_ID_MIN = 6  # "ev-" and a few hex digits: shorter prefixes would match by accident


def _full_target_id(session, target_id: str) -> str:
    """An event id, or a unique prefix of one as the events table shows it (``ev-6b5d8c85``)."""
    from .errors import NotFoundError

    if session.get(EventRow, target_id) is not None or len(target_id) < SHORT_ID_MIN:
        return target_id
    matches = list(session.scalars(select(EventRow.id).where(EventRow.id.startswith(target_id, autoescape=True))
                                   .limit(2)))
    if len(matches) > 1:
        raise NotFoundError(f"'{target_id}' is the start of several event ids: give more of it")
    return matches[0] if matches else target_id


def encode_cursor(date_start: str | None, event_id: str) -> str:
    """An opaque keyset cursor: the (date_start, event_id) of the last item of a page."""
    return base64.urlsafe_b64encode(json.dumps([date_start, event_id]).encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[str | None, str]:
    try:
        date_start, event_id = json.loads(base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)))
    except (ValueError, TypeError, binascii.Error) as exc:
        raise StoreError(f"cursor '{cursor[:40]}' is not one this API gave out") from exc
    if not isinstance(event_id, str) or not (date_start is None or isinstance(date_start, str)):
        raise StoreError(f"cursor '{cursor[:40]}' is not one this API gave out")
    return date_start, event_id


def _raw_actor_id(session, name: str, ctx: q.Context) -> str:
    from .store.models import ActorRow

    if session.get(ActorRow, name) is not None:
        return name
    for actor_id in ctx.view.parent:
        row = session.get(ActorRow, actor_id)
        if row is not None and row.name.lower() == name.strip().lower():
            return actor_id
    return q.resolve_actor(session, name, ctx)


def _documents_of(session, actor_ids: set[str]) -> list[int]:
    ids = sorted(actor_ids)
    return sorted(set(session.scalars(
        select(EventRow.document_id).join(EventEntityRow, EventEntityRow.event_id == EventRow.id)
        .where(EventEntityRow.actor_id.in_(ids))
    ))) if ids else []


def open(url: str | Path | None = None) -> Workspace:  # noqa: A001 - the notebook verb: tidings.open(url)
    """Open (creating or migrating) the store at ``url`` — a database URL or a SQLite file path
    (default ``sqlite:///tidings.db``). Use it as a context manager to close it at the end."""
    return Workspace(open_store(database_url(str(url)) if url else DEFAULT_DB_URL))
