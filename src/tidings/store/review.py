"""Analyst decisions kept in the store: accept/reject/edit events or clusters; merge/split/rename actors.

Decisions are keyed by stable fingerprints (event ids, cluster ids, actor ids) and live in their
own tables with no foreign keys, so they survive re-extraction and re-ingest. Nothing is ever
overwritten: the latest decision on a target wins and the earlier ones stay as its history.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Integer, String, Text, select
from sqlalchemy.orm import Mapped, Session, mapped_column

from ..errors import NotFoundError, StoreError
from ..records import EVENT_TYPES
from .clusters import ClusterRow
from .models import ActorRow, Base, EventRow

__all__ = [
    "ReviewDecisionRow",
    "ActorOverrideRow",
    "Decision",
    "ActorView",
    "REVIEW_ACTIONS",
    "record_decision",
    "decision_history",
    "latest_decisions",
    "record_actor_override",
    "actor_view",
]

REVIEW_ACTIONS = ("accept", "reject", "edit")
OVERRIDE_ACTIONS = ("merge", "split", "rename")


def _now() -> datetime:
    return datetime.now(UTC)


class ReviewDecisionRow(Base):
    """One decision on an event or a cluster; ``None`` edit fields mean 'unchanged'."""

    __tablename__ = "review_decisions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    target_id: Mapped[str] = mapped_column(String(128), index=True)
    target_kind: Mapped[str] = mapped_column(String(16))
    action: Mapped[str] = mapped_column(String(16))
    event_type: Mapped[str | None] = mapped_column(String(16))
    actor_ids: Mapped[list[str] | None] = mapped_column(JSON)
    recipient_ids: Mapped[list[str] | None] = mapped_column(JSON)
    note: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


class ActorOverrideRow(Base):
    """One actor decision: merge ``actor_id`` into ``into_id``, split it out again, or rename it."""

    __tablename__ = "actor_overrides"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    action: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str] = mapped_column(String(256), index=True)
    into_id: Mapped[str | None] = mapped_column(String(256))
    name: Mapped[str | None] = mapped_column(String(512))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)


@dataclass(frozen=True)
class Decision:
    """The decision in force on one target."""

    seq: int
    target_id: str
    target_kind: str
    action: str
    event_type: str | None = None
    actor_ids: list[str] | None = None
    recipient_ids: list[str] | None = None
    note: str | None = None
    created_at: str | None = None

    def as_dict(self) -> dict[str, Any]:
        return {k: getattr(self, k) for k in self.__dataclass_fields__}


def _decision(row: ReviewDecisionRow) -> Decision:
    return Decision(
        seq=row.id, target_id=row.target_id, target_kind=row.target_kind, action=row.action,
        event_type=row.event_type, actor_ids=row.actor_ids, recipient_ids=row.recipient_ids, note=row.note,
        created_at=row.created_at.isoformat() if row.created_at else None,
    )


def _target_kind(session: Session, target_id: str) -> str:
    if session.get(EventRow, target_id) is not None:
        return "event"
    if session.get(ClusterRow, target_id) is not None:
        return "cluster"
    raise NotFoundError(f"no event or cluster with id '{target_id}'")


def record_decision(
    session: Session,
    target_id: str,
    action: str,
    *,
    event_type: str | None = None,
    actor_ids: list[str] | None = None,
    recipient_ids: list[str] | None = None,
    note: str | None = None,
) -> Decision:
    """Store one decision on an event or cluster (which must exist) and return it."""
    if action not in REVIEW_ACTIONS:
        raise StoreError(f"unknown review action '{action}' (use one of: {', '.join(REVIEW_ACTIONS)})")
    if event_type is not None and event_type not in EVENT_TYPES:
        raise StoreError(f"unknown event type '{event_type}' (PLOVER categories: {', '.join(EVENT_TYPES)})")
    if action == "edit" and event_type is None and actor_ids is None and recipient_ids is None:
        raise StoreError("an edit needs at least one of --type, --actor, --recipient")
    row = ReviewDecisionRow(
        target_id=target_id, target_kind=_target_kind(session, target_id), action=action,
        event_type=event_type, actor_ids=actor_ids, recipient_ids=recipient_ids, note=note,
    )
    session.add(row)
    session.flush()
    return _decision(row)


def decision_history(session: Session, target_id: str) -> list[Decision]:
    """Every decision ever taken on a target, oldest first (the last one is in force); NotFoundError when the
    store holds neither such a target nor any decision on it."""
    rows = session.scalars(
        select(ReviewDecisionRow).where(ReviewDecisionRow.target_id == target_id).order_by(ReviewDecisionRow.id)
    ).all()
    if not rows:
        _target_kind(session, target_id)
    return [_decision(r) for r in rows]


def latest_decisions(session: Session) -> dict[str, Decision]:
    """The decision in force on every reviewed target (latest wins)."""
    out: dict[str, Decision] = {}
    for row in session.scalars(select(ReviewDecisionRow).order_by(ReviewDecisionRow.id)):
        out[row.target_id] = _decision(row)
    return out


@dataclass
class ActorView:
    """Actor decisions replayed: which id stands for which, and display names after renames."""

    parent: dict[str, str] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)

    def canonical(self, actor_id: str) -> str:
        seen = {actor_id}
        while actor_id in self.parent:
            actor_id = self.parent[actor_id]
            if actor_id in seen:  # a cycle cannot be recorded, but never loop on a broken table
                break
            seen.add(actor_id)
        return actor_id

    def members(self, canonical_id: str) -> set[str]:
        """Every actor id that resolves to ``canonical_id`` (itself included)."""
        return {canonical_id} | {a for a in self.parent if self.canonical(a) == canonical_id}


def actor_view(session: Session) -> ActorView:
    """Replay every actor override in order."""
    view = ActorView()
    for row in session.scalars(select(ActorOverrideRow).order_by(ActorOverrideRow.id)):
        if row.action == "merge" and row.into_id:
            view.parent[row.actor_id] = row.into_id
        elif row.action == "split":
            view.parent.pop(row.actor_id, None)
        elif row.action == "rename" and row.name:
            view.names[row.actor_id] = row.name
    return view


def record_actor_override(
    session: Session, action: str, actor_id: str, *, into_id: str | None = None, name: str | None = None
) -> None:
    """Store a merge (``actor_id`` into ``into_id``), split (undo ``actor_id``'s merge) or rename."""
    if action not in OVERRIDE_ACTIONS:
        raise StoreError(f"unknown actor action '{action}'")
    for aid in filter(None, (actor_id, into_id)):
        if session.get(ActorRow, aid) is None:
            raise NotFoundError(f"no stored actor with id '{aid}'")
    view = actor_view(session)
    if action == "merge":
        if into_id is None or view.canonical(into_id) == view.canonical(actor_id):
            raise StoreError(f"'{actor_id}' and '{into_id}' are already the same actor")
    elif action == "split" and actor_id not in view.parent:
        raise StoreError(f"'{actor_id}' is not merged into another actor; nothing to split")
    elif action == "rename" and not (name or "").strip():
        raise StoreError("rename needs a non-empty new name")
    session.add(ActorOverrideRow(action=action, actor_id=actor_id, into_id=into_id, name=name))
    session.flush()
