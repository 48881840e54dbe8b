"""The Python API for notebooks: open a store, get events, actors, edges and clusters as DataFrames.

>>> import tidings.api
>>> ws = tidings.api.open("sqlite:///tidings.db")
>>> ws.events(actor="Hamas", since="2016-01").head()
>>> ws.edges(event_type="ASSAULT", min_sources=2)

The CLI's query, review and export commands call these same methods with the same filters.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import pandas as pd
from sqlalchemy import select

from . import aggregate
from .config import DEFAULT_DB_URL
from .errors import ExportError
from .export import EXPORT_FORMATS
from .network import build_edges
from .records import Extraction
from .store import Store, open_store
from .store import queries as q
from .store import review as rv
from .store.models import DocumentRow, EventEntityRow, EventRow
from .store.writer import save_extraction

__all__ = ["open", "Workspace"]


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

    def close(self) -> None:
        self.store.close()

    # ------------------------------------------------------------ rows (what the CLI prints)

    def event_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Events as flat rows; filters: actor, recipient, event_type, since, until, min_sources, modality, limit."""
        with self.store.session() as session:
            return q.query_events(session, _filters(**filters))

    def edge_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Network edges of the filtered events; ``min_sources`` applies to each edge's sources."""
        min_sources = filters.pop("min_sources", None)
        filters.pop("limit", None)
        with q.paused_gc():
            return build_edges(self._link_rows(**filters), min_sources=min_sources)

    def _link_rows(self, **filters: Any) -> list[dict[str, Any]]:
        """Events with only the fields edges are built from (see :func:`queries.query_event_links`)."""
        with self.store.session() as session:
            return q.query_event_links(session, _filters(**filters))

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
        with self.store.session() as session:
            return q.actor_profile(session, name)

    # ------------------------------------------------------------ review

    def review(self, target_id: str, action: str, *, event_type: str | None = None,
               actors: Iterable[str] | None = None, recipients: Iterable[str] | None = None,
               note: str | None = None) -> dict[str, Any]:
        """Accept, reject or edit an event or cluster; actor names are resolved to ids."""
        with self.store.session() as session:
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
            ids = [_store_extraction(session, x, source) for x in extractions]
            if refresh:
                aggregate.refresh_clusters(session, sorted(set(ids)))
        return ids

    def recluster(self) -> None:
        """Re-cluster every stored report (after bulk loads or many actor merges)."""
        with self.store.session() as session:
            aggregate.refresh_clusters(session, list(session.scalars(select(DocumentRow.id))))

    # ------------------------------------------------------------ export

    def export(self, fmt: str, path: str | Path, *, stix_profile: str = "stix", **filters: Any) -> list[Path]:
        """Write the filtered events as STIX, GEXF, GraphML or CSV/Parquet/JSONL tables; returns the files."""
        if fmt not in EXPORT_FORMATS:
            raise ExportError(f"unknown export format '{fmt}' (one of: {', '.join(EXPORT_FORMATS)})")
        with q.paused_gc():
            return self._export(fmt, Path(path), stix_profile, filters)

    def _export(self, fmt: str, path: Path, stix_profile: str, filters: dict[str, Any]) -> list[Path]:
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
        return tables.write_tables(fmt, path, {"events": rows, "actors": actors, "edges": edges})


def _store_extraction(session, extraction: Extraction, source: str) -> int:
    content_hash = hashlib.sha256(extraction.text.encode("utf-8")).hexdigest()
    existing = session.scalar(select(DocumentRow.id).where(DocumentRow.content_hash == content_hash))
    if existing is not None:
        return existing
    row = DocumentRow(
        doc_id=extraction.doc_id, source=source, url=extraction.url, title=extraction.title,
        author=extraction.author, outlet=extraction.outlet, published=extraction.published,
        published_source=extraction.published_source, language=extraction.language, text=extraction.text,
        content_hash=content_hash, status="stored", warnings=list(extraction.warnings),
    )
    session.add(row)
    session.flush()
    save_extraction(session, row, extraction)
    return row.id


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


def open(url: str | None = None) -> Workspace:  # noqa: A001 - the notebook verb: tidings.api.open(url)
    """Open (creating or migrating) the store at ``url`` (default ``sqlite:///tidings.db``)."""
    return Workspace(open_store(url or DEFAULT_DB_URL))
