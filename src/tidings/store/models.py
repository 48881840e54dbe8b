"""The SQL tables of the store (SQLAlchemy 2 typed declarative models); portable, nothing SQLite-only.

Kept in sync with ``migrations/versions/`` (0001, and 0003 for query indexes; a test compares them). Other modules
(clusters, reviews) declare their tables on the same :class:`Base`.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    MetaData,
    String,
    Text,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

__all__ = [
    "Base",
    "DOCUMENT_STATUSES",
    "DocumentRow",
    "MinhashBandRow",
    "ActorRow",
    "ActorAliasRow",
    "MentionRow",
    "EventRow",
    "EventEntityRow",
]

DOCUMENT_STATUSES: tuple[str, ...] = ("stored", "near_duplicate", "failed", "skipped_language")

# Named constraints let alembic alter tables on SQLite (batch mode) and PostgreSQL alike.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


def _now() -> datetime:
    return datetime.now(UTC)


class Base(DeclarativeBase):
    """Declarative base shared by every tidings table."""

    metadata = MetaData(naming_convention=NAMING)


class DocumentRow(Base):
    """One input document: cleaned text, metadata, raw bytes (zlib) and what happened to it."""

    __tablename__ = "documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    doc_id: Mapped[str] = mapped_column(String(2048), index=True)
    source: Mapped[str] = mapped_column(String(2048))
    url: Mapped[str | None] = mapped_column(String(2048))
    title: Mapped[str | None] = mapped_column(Text)
    author: Mapped[str | None] = mapped_column(String(512))
    outlet: Mapped[str | None] = mapped_column(String(512))
    published: Mapped[str | None] = mapped_column(String(64))
    published_source: Mapped[str | None] = mapped_column(String(16))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str | None] = mapped_column(Text)
    raw: Mapped[bytes | None] = mapped_column(LargeBinary)
    content_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    minhash: Mapped[bytes | None] = mapped_column(LargeBinary)
    status: Mapped[str] = mapped_column(String(32), index=True)
    error: Mapped[str | None] = mapped_column(Text)
    duplicate_of: Mapped[int | None] = mapped_column(ForeignKey("documents.id"), index=True)
    warnings: Mapped[list[str]] = mapped_column(JSON, default=list)
    extracted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=_now)

    events: Mapped[list[EventRow]] = relationship(back_populates="document", cascade="all, delete-orphan")
    mentions: Mapped[list[MentionRow]] = relationship(back_populates="document", cascade="all, delete-orphan")


class MinhashBandRow(Base):
    """One LSH band key of an original document's MinHash: near-duplicate candidates by index lookup."""

    __tablename__ = "minhash_bands"

    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), primary_key=True)
    band: Mapped[int] = mapped_column(Integer, primary_key=True)
    key: Mapped[int] = mapped_column(BigInteger)

    __table_args__ = (Index("ix_minhash_bands_key", "key"),)


class ActorRow(Base):
    """An actor across all documents (KB id or a stable id from its normalised name)."""

    __tablename__ = "actors"

    actor_id: Mapped[str] = mapped_column(String(256), primary_key=True)
    name: Mapped[str] = mapped_column(String(512), index=True)
    kind: Mapped[str] = mapped_column(String(32), default="unknown")
    country: Mapped[str | None] = mapped_column(String(8))
    member_of: Mapped[str | None] = mapped_column(String(256))
    role: Mapped[str | None] = mapped_column(String(256))
    in_kb: Mapped[bool] = mapped_column(Boolean, default=False)


class ActorAliasRow(Base):
    """A surface form an actor was seen under (from its mentions), for look-ups by name."""

    __tablename__ = "actor_aliases"

    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.actor_id", ondelete="CASCADE"), primary_key=True)
    alias: Mapped[str] = mapped_column(String(512), primary_key=True)

    __table_args__ = (Index("ix_actor_aliases_alias", "alias"),)


class MentionRow(Base):
    """One place in a document's text that refers to an actor."""

    __tablename__ = "mentions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    actor_id: Mapped[str] = mapped_column(ForeignKey("actors.actor_id"), index=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    via: Mapped[str] = mapped_column(String(32))
    sector: Mapped[str | None] = mapped_column(String(32))

    document: Mapped[DocumentRow] = relationship(back_populates="mentions")


class EventRow(Base):
    """One coded event; ``record`` holds the full Event JSON so it can be rebuilt losslessly."""

    __tablename__ = "events"

    id: Mapped[str] = mapped_column(String(128), primary_key=True)
    document_id: Mapped[int] = mapped_column(ForeignKey("documents.id", ondelete="CASCADE"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    event_type: Mapped[str] = mapped_column(String(16), index=True)
    mode: Mapped[str | None] = mapped_column(String(64))
    context: Mapped[list[str]] = mapped_column(JSON, default=list)
    modality: Mapped[str] = mapped_column(String(16), index=True)
    hedge_cues: Mapped[list[str]] = mapped_column(JSON, default=list)
    confidence: Mapped[float] = mapped_column(Float)
    rule: Mapped[str] = mapped_column(String(256))
    date_text: Mapped[str | None] = mapped_column(Text)
    date_start: Mapped[str | None] = mapped_column(String(32), index=True)
    date_end: Mapped[str | None] = mapped_column(String(32))
    date_precision: Mapped[str | None] = mapped_column(String(16))
    date_anchor: Mapped[str | None] = mapped_column(String(16))
    location_text: Mapped[str | None] = mapped_column(Text)
    location_name: Mapped[str | None] = mapped_column(String(512))
    location_geonameid: Mapped[int | None] = mapped_column(Integer)
    location_lat: Mapped[float | None] = mapped_column(Float)
    location_lon: Mapped[float | None] = mapped_column(Float)
    location_country_code: Mapped[str | None] = mapped_column(String(8))
    location_feature: Mapped[str | None] = mapped_column(String(64))
    quantities: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    sentence_index: Mapped[int] = mapped_column(Integer)
    sentence_start: Mapped[int] = mapped_column(Integer)
    sentence_end: Mapped[int] = mapped_column(Integer)
    sentence_text: Mapped[str] = mapped_column(Text)
    trigger_start: Mapped[int | None] = mapped_column(Integer)
    trigger_end: Mapped[int | None] = mapped_column(Integer)
    trigger_text: Mapped[str | None] = mapped_column(Text)
    attribution_cue: Mapped[str | None] = mapped_column(Text)
    attribution_unnamed: Mapped[bool] = mapped_column(Boolean, default=False)
    speaker_actor_id: Mapped[str | None] = mapped_column(String(256))
    record: Mapped[dict[str, Any]] = mapped_column(JSON)

    # Newest-first listings walk this index and stop after one page (migration 0003).
    __table_args__ = (Index("ix_events_date_start_id", "date_start", "id"),)

    document: Mapped[DocumentRow] = relationship(back_populates="events")
    entities: Mapped[list[EventEntityRow]] = relationship(back_populates="event", cascade="all, delete-orphan")


class EventEntityRow(Base):
    """An actor as it takes part in one event: role actor | recipient | speaker."""

    __tablename__ = "event_entities"

    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    event_id: Mapped[str] = mapped_column(ForeignKey("events.id", ondelete="CASCADE"), index=True)
    role: Mapped[str] = mapped_column(String(16))
    actor_id: Mapped[str | None] = mapped_column(String(256), index=True)
    text: Mapped[str] = mapped_column(Text)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    sector: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str | None] = mapped_column(String(512))
    kind: Mapped[str] = mapped_column(String(32), default="unknown")
    country: Mapped[str | None] = mapped_column(String(8))

    # An actor's events in one role, read from the index alone (migration 0003).
    __table_args__ = (Index("ix_event_entities_actor_role_event", "actor_id", "role", "event_id"),)

    event: Mapped[EventRow] = relationship(back_populates="entities")
