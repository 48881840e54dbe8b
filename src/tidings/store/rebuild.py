"""Rebuild records (``Extraction``, ``Actor``, ``Event``) from stored rows, losslessly."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..records import Actor, Event, Extraction, Mention
from .models import ActorRow, DocumentRow, EventRow, MentionRow

__all__ = ["rebuild_extraction", "rebuild_events", "rebuild_actors"]


def rebuild_events(session: Session, document_id: int) -> list[Event]:
    """The document's events in their extraction order, from the full JSON record kept with each row."""
    rows = session.scalars(select(EventRow).where(EventRow.document_id == document_id).order_by(EventRow.position))
    return [Event.model_validate(row.record) for row in rows]


def rebuild_actors(session: Session, document_id: int) -> list[Actor]:
    """The document's actors, each once, with their mentions, in the order they were saved (ids ascend)."""
    query = (
        select(MentionRow, ActorRow)
        .join(ActorRow, ActorRow.actor_id == MentionRow.actor_id)
        .where(MentionRow.document_id == document_id)
        .order_by(MentionRow.id)
    )
    actors: dict[str, Actor] = {}
    for mention, row in session.execute(query):
        actor = actors.get(row.actor_id)
        if actor is None:
            actor = actors[row.actor_id] = Actor(
                actor_id=row.actor_id, name=row.name, kind=row.kind, country=row.country,
                member_of=row.member_of, role=row.role, in_kb=row.in_kb,
            )
        actor.mentions.append(
            Mention(start=mention.start, end=mention.end, text=mention.text, via=mention.via, sector=mention.sector)
        )
    return list(actors.values())


def rebuild_extraction(session: Session, row: DocumentRow) -> Extraction:
    """One document as ``tidings extract`` would print it; a near-duplicate carries a note, not copied events."""
    warnings = list(row.warnings or [])
    if row.status == "near_duplicate":
        warnings.append(f"near-duplicate of document {row.duplicate_of}: its actors and events are stored there")
    return Extraction(
        doc_id=row.doc_id, title=row.title, author=row.author, outlet=row.outlet, url=row.url,
        published=row.published, published_source=row.published_source, language=row.language,
        text=row.text or "", warnings=warnings,
        actors=rebuild_actors(session, row.id), events=rebuild_events(session, row.id),
    )
