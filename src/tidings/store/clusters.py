"""Cluster tables (one row per happening, one per member report) and their load/save for the clusterer."""

from __future__ import annotations

from collections import defaultdict
from datetime import UTC, datetime
from urllib.parse import urlsplit

from sqlalchemy import DateTime, ForeignKey, Integer, String, delete, insert, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..aggregate import Cluster, Report, parse_interval, report_interval
from .models import Base, DocumentRow, EventEntityRow, EventRow

__all__ = ["ClusterRow", "ClusterMemberRow", "load_candidate_reports", "save_clusters", "reports_for", "CHUNK"]

ANCHORED = ("explicit", "publication")
# SQL engines limit bound parameters (SQLite: 32766); IN lists are sent in chunks this size.
CHUNK = 900


def _now() -> datetime:
    return datetime.now(UTC)


class ClusterRow(Base):
    """One real-world happening: category, span, how many sources report it, strongest modality."""

    __tablename__ = "clusters"

    cluster_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    event_type: Mapped[str] = mapped_column(String(16), index=True)
    modality: Mapped[str] = mapped_column(String(16))
    reports: Mapped[int] = mapped_column(Integer)
    documents: Mapped[int] = mapped_column(Integer)
    sources: Mapped[int] = mapped_column(Integer, index=True)
    date_start: Mapped[str | None] = mapped_column(String(32))
    date_end: Mapped[str | None] = mapped_column(String(32))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ClusterMemberRow(Base):
    """Which cluster one stored event (report) belongs to; every event belongs to exactly one."""

    __tablename__ = "cluster_members"

    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), primary_key=True)
    cluster_id: Mapped[str] = mapped_column(String(64), index=True)


def _chunks(items: list, size: int = CHUNK):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _trusted(row) -> str | None:
    """A publication date found only in page chrome is no evidence of when the article appeared."""
    return None if row.published_source == "page" else row.published


def _outlet(outlet: str | None, url: str | None) -> str | None:
    """Who published the article: its outlet, else its web site's host (two pages of one site are one source)."""
    if outlet and outlet.strip():
        return outlet.strip()
    host = urlsplit(url).hostname if url else None
    return host.removeprefix("www.") if host else None


def reports_for(session: Session, event_ids: list[str], canonical=lambda a: a) -> list[Report]:
    """Build clusterer reports for stored events (entities mapped through ``canonical``)."""
    parties: dict[str, dict[str, set[str]]] = defaultdict(lambda: {"actor": set(), "recipient": set()})
    unresolved: set[str] = set()
    reports = []
    for chunk in _chunks(event_ids):
        for event_id, role, actor_id in session.execute(
            select(EventEntityRow.event_id, EventEntityRow.role, EventEntityRow.actor_id).where(
                EventEntityRow.event_id.in_(chunk), EventEntityRow.role.in_(("actor", "recipient"))
            )
        ):
            if actor_id:
                parties[event_id][role].add(canonical(actor_id))
            else:
                unresolved.add(event_id)  # a party without a canonical actor: this report corroborates nothing
        rows = session.execute(
            select(EventRow.id, EventRow.document_id, EventRow.event_type, EventRow.modality, EventRow.date_start,
                   EventRow.date_end, EventRow.date_anchor, EventRow.location_country_code, EventRow.location_name,
                   DocumentRow.outlet, DocumentRow.url, DocumentRow.published, DocumentRow.published_source)
            .join(DocumentRow, DocumentRow.id == EventRow.document_id)
            .where(EventRow.id.in_(chunk))
        )
        for r in rows:
            p = parties[r.id]
            reports.append(Report(
                event_id=r.id, document_id=r.document_id, event_type=r.event_type, actors=frozenset(p["actor"]),
                recipients=frozenset(p["recipient"]), modality=r.modality, outlet=_outlet(r.outlet, r.url),
                interval=report_interval(r.date_start, r.date_end, r.date_anchor, _trusted(r)),
                country=r.location_country_code, place=r.location_name,
                anchored=r.date_anchor in ANCHORED and parse_interval(r.date_start, r.date_end) is not None,
                unresolved=r.id in unresolved,
            ))
    return reports


def _candidate_ids(session: Session, document_ids: list[int], view) -> set[str]:
    """The new documents' events, stored events sharing a category and a party, and their clusters."""
    new_ids: set[str] = set()
    types: set[str] = set()
    for chunk in _chunks(document_ids):
        for event_id, event_type in session.execute(
            select(EventRow.id, EventRow.event_type).where(EventRow.document_id.in_(chunk))
        ):
            new_ids.add(event_id)
            types.add(event_type)
    if not new_ids:
        return set()
    party_ids: set[str] = set()
    for chunk in _chunks(sorted(new_ids)):
        party_ids |= set(session.scalars(
            select(EventEntityRow.actor_id)
            .where(EventEntityRow.event_id.in_(chunk), EventEntityRow.actor_id.is_not(None))
        ))
    # Merged actors make several ids one party, so the whole merge group joins the search.
    party_ids = set().union(*(view.members(view.canonical(p)) for p in party_ids)) if party_ids else set()
    candidates = set(new_ids)
    for chunk in _chunks(sorted(party_ids)):
        candidates |= set(session.scalars(
            select(EventEntityRow.event_id).join(EventRow, EventRow.id == EventEntityRow.event_id)
            .where(EventEntityRow.actor_id.in_(chunk), EventRow.event_type.in_(types))
        ))
    return candidates | _cluster_mates(session, candidates)


def _cluster_mates(session: Session, event_ids: set[str]) -> set[str]:
    cluster_ids: set[str] = set()
    for chunk in _chunks(sorted(event_ids)):
        cluster_ids |= set(session.scalars(
            select(ClusterMemberRow.cluster_id).where(ClusterMemberRow.event_id.in_(chunk))
        ))
    mates: set[str] = set()
    for chunk in _chunks(sorted(cluster_ids)):
        mates |= set(session.scalars(select(ClusterMemberRow.event_id).where(ClusterMemberRow.cluster_id.in_(chunk))))
    return mates


def load_candidate_reports(session: Session, document_ids: list[int]) -> tuple[list[Report], dict[str, str]]:
    """Reports to re-cluster after these documents were stored, and their current cluster ids."""
    from .review import actor_view

    view = actor_view(session)
    ids = sorted(_candidate_ids(session, document_ids, view))
    previous: dict[str, str] = {}
    for chunk in _chunks(ids):
        previous.update((e, c) for e, c in session.execute(
            select(ClusterMemberRow.event_id, ClusterMemberRow.cluster_id).where(ClusterMemberRow.event_id.in_(chunk))
        ).all())
    return reports_for(session, ids, view.canonical), previous


def save_clusters(session: Session, clusters: list[Cluster], *, replaced: set[str]) -> None:
    """Replace the given clusters (and every membership of their reports) with ``clusters``."""
    event_ids = [e for c in clusters for e in c.event_ids]
    stale = sorted(replaced | {c.cluster_id for c in clusters})
    for chunk in _chunks(event_ids):
        session.execute(delete(ClusterMemberRow).where(ClusterMemberRow.event_id.in_(chunk)))
    for chunk in _chunks(stale):
        session.execute(delete(ClusterRow).where(ClusterRow.cluster_id.in_(chunk)))
    now = _now()
    cluster_rows = [
        {"cluster_id": c.cluster_id, "event_type": c.event_type, "modality": c.modality, "reports": len(c.event_ids),
         "documents": c.documents, "sources": c.sources, "date_start": c.date_start, "date_end": c.date_end,
         "updated_at": now}
        for c in clusters
    ]
    member_rows = [{"event_id": e, "cluster_id": c.cluster_id} for c in clusters for e in c.event_ids]
    if cluster_rows:
        session.execute(insert(ClusterRow), cluster_rows)
    if member_rows:
        session.execute(insert(ClusterMemberRow), member_rows)
    # Re-extraction deletes events (and, by cascade, their memberships): drop clusters left empty.
    session.execute(delete(ClusterRow).where(ClusterRow.cluster_id.not_in(select(ClusterMemberRow.cluster_id))))
    session.flush()
