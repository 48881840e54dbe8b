"""The :class:`Store`: open/migrate a database, sessions, and reading documents back."""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel, Field
from sqlalchemy import Engine, create_engine, event, func, select
from sqlalchemy.exc import ArgumentError, IntegrityError, OperationalError, SQLAlchemyError
from sqlalchemy.orm import Session, sessionmaker

from ..errors import NotFoundError, StoreError
from ..records import Extraction, IngestOutcome
from . import schema
from .models import DOCUMENT_STATUSES, DocumentRow, EventRow
from .rebuild import rebuild_extraction
from .writer import store_extraction

if TYPE_CHECKING:
    from ..config import Settings
    from ..pipeline import Pipeline

__all__ = ["Store", "open_store", "DocumentSummary", "DocumentDetail"]

log = logging.getLogger(__name__)


class DocumentSummary(BaseModel):
    """One line of ``tidings docs``."""

    id: int
    doc_id: str
    source: str
    status: str
    title: str | None = None
    outlet: str | None = None
    published: str | None = None
    language: str | None = None
    duplicate_of: int | None = None
    error: str | None = None
    events: int = 0
    created_at: datetime | None = None


class DocumentDetail(DocumentSummary):
    """Everything ``tidings doc ID`` shows; ``text`` only when asked for."""

    url: str | None = None
    author: str | None = None
    published_source: str | None = None
    content_hash: str | None = None
    warnings: list[str] = Field(default_factory=list)
    raw_bytes: int | None = None
    text_chars: int | None = None
    text: str | None = None


# How long a SQLite connection waits for another process's write lock before "database is locked": long
# enough for a writer's batch transaction, short enough that a stuck writer is reported, not waited on forever.
SQLITE_BUSY_TIMEOUT_S = 120.0
# A write session asks for the lock this many times (each waiting up to the busy timeout) before giving up.
WRITE_LOCK_ATTEMPTS = 3
# Store.write runs a transaction that lost a race with another writer this many times in all.
WRITE_ATTEMPTS = 3
T = TypeVar("T")


def _create_engine(url: str) -> Engine:
    is_sqlite = url.startswith("sqlite")
    connect_args = {"timeout": SQLITE_BUSY_TIMEOUT_S} if is_sqlite else {}
    try:
        return create_engine(url, connect_args=connect_args)
    except (ArgumentError, ImportError, ValueError) as exc:
        raise StoreError(f"cannot open database {url!r}: {exc}") from exc


def _configure_sqlite(engine: Engine) -> None:
    """Per SQLite connection: foreign keys on (SQLite ignores them unless asked) and write-ahead logging, so
    readers keep reading while a writer works; PostgreSQL needs neither."""
    if engine.dialect.name != "sqlite":
        return

    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection, _record) -> None:
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        if engine.url.database not in (None, "", ":memory:"):
            cursor.execute("PRAGMA journal_mode=WAL")  # persistent in the file; a no-op once set
        cursor.close()


def _take_write_lock(session: Session) -> None:
    """``BEGIN IMMEDIATE``, retried while another process's long write keeps the file locked."""
    for attempt in range(1, WRITE_LOCK_ATTEMPTS + 1):
        try:
            session.connection().exec_driver_sql("BEGIN IMMEDIATE")
            return
        except OperationalError as exc:
            session.rollback()
            if "locked" not in str(exc) or attempt == WRITE_LOCK_ATTEMPTS:
                raise
            log.warning("database is locked by another writer; waiting again (%d/%d)", attempt, WRITE_LOCK_ATTEMPTS)


def open_store(url: str) -> Store:
    """Open (creating or migrating as needed) the database at ``url``."""
    engine = _create_engine(url)
    _configure_sqlite(engine)
    schema.upgrade(engine)
    return Store(engine)


class Store:
    """A migrated database: sessions, ingest, and documents read back."""

    def __init__(self, engine: Engine):
        self.engine = engine
        self._sessions = sessionmaker(engine, expire_on_commit=False)

    @property
    def url(self) -> str:
        return self.engine.url.render_as_string(hide_password=True)

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A transaction: committed when the block ends normally, rolled back on any error.

        ``write``: the block will write. On SQLite it then takes the write lock at once (``BEGIN IMMEDIATE``,
        waiting its turn behind other writers), so what it reads stays true until it commits and two
        processes writing one file take turns instead of failing with "database is locked".
        """
        session = self._sessions()
        try:
            if write and self.engine.dialect.name == "sqlite":
                _take_write_lock(session)
            yield session
            session.commit()
        except SQLAlchemyError as exc:
            session.rollback()
            raise StoreError(f"database error on {self.url}: {exc}") from exc
        except BaseException:
            session.rollback()
            raise
        finally:
            session.close()

    def write(self, work: Callable[[Session], T]) -> T:
        """Run ``work(session)`` in one write transaction and commit it. When another writer got there first
        (PostgreSQL: a unique row it committed meanwhile; SQLite: a lock held past the busy timeout) the
        transaction is rolled back and ``work`` runs again on the new state, up to WRITE_ATTEMPTS times."""
        for attempt in range(1, WRITE_ATTEMPTS + 1):
            try:
                with self.session(write=True) as session:
                    return work(session)
            except StoreError as exc:
                if attempt == WRITE_ATTEMPTS or not isinstance(exc.__cause__, IntegrityError | OperationalError):
                    raise
                log.warning("write conflict with another writer, running the transaction again (%d/%d): %s",
                            attempt, WRITE_ATTEMPTS, str(exc.__cause__).splitlines()[0][:200])
        raise AssertionError("unreachable: the last attempt returns or raises")

    def close(self) -> None:
        self.engine.dispose()

    def ingest(
        self,
        sources: list[str],
        *,
        settings: Settings,
        published: str | None = None,
        input_format: str = "auto",
        feeds: list[str] | None = None,
        strict: bool = False,
        extract: bool = True,
        batch_size: int = 16,
        on_progress: Callable[[IngestOutcome], None] | None = None,
        after_batch: Callable[[Session, list[int]], None] | None = None,
        pipeline: Pipeline | None = None,
    ) -> list[IngestOutcome]:
        """Read, clean, deduplicate, extract and save ``sources``; one outcome per item, in order.

        ``pipeline`` reuses already-loaded NLP stages (else they are loaded when first needed);
        ``after_batch(session, document_ids)`` runs inside each batch's transaction.
        """
        from .ingest import IngestJob

        job = IngestJob(
            store=self, settings=settings, published=published, input_format=input_format, feeds=list(feeds or []),
            strict=strict,
            extract=extract, batch_size=batch_size, on_progress=on_progress, after_batch=after_batch,
            pipeline=pipeline,
        )
        return job.run(sources)

    def add_extraction(self, extraction: Extraction, *, source: str | None = None) -> int:
        """Store an already-made extraction as a new document (no reading, cleaning or NLP); returns its id.

        For generated corpora and imports: exact duplicates (same text) return the stored id unchanged.
        Inside your own transaction, use :func:`tidings.store.writer.store_extraction`.
        """
        with self.session(write=True) as session:
            return store_extraction(session, extraction, source=source)

    def documents(self, *, status: list[str] | None = None, limit: int | None = None) -> list[DocumentSummary]:
        """Stored documents, oldest first, optionally filtered by status."""
        unknown = set(status or []) - set(DOCUMENT_STATUSES)
        if unknown:
            raise StoreError(f"unknown document status {sorted(unknown)}; choose from {', '.join(DOCUMENT_STATUSES)}")
        counts = select(EventRow.document_id, func.count().label("n")).group_by(EventRow.document_id).subquery()
        query = select(DocumentRow, func.coalesce(counts.c.n, 0)).outerjoin(
            counts, counts.c.document_id == DocumentRow.id
        )
        if status:
            query = query.where(DocumentRow.status.in_(status))
        query = query.order_by(DocumentRow.id).limit(limit)
        with self.session() as session:
            return [_summary(row, n) for row, n in session.execute(query)]

    def _row(self, session: Session, document_id: int) -> DocumentRow:
        row = session.get(DocumentRow, document_id)
        if row is None:
            raise NotFoundError(f"no document with id {document_id} in {self.url}")
        return row

    def document(self, document_id: int, *, with_text: bool = False) -> DocumentDetail:
        """One document's metadata (and text when ``with_text``); NotFoundError for an unknown id."""
        with self.session() as session:
            row = self._row(session, document_id)
            n = session.scalar(select(func.count()).where(EventRow.document_id == row.id)) or 0
            detail = DocumentDetail(**_summary(row, n).model_dump())
            detail.url, detail.author, detail.published_source = row.url, row.author, row.published_source
            detail.content_hash, detail.warnings = row.content_hash, list(row.warnings or [])
            detail.raw_bytes = len(self._raw(row)) if row.raw is not None else None
            detail.text_chars = len(row.text) if row.text is not None else None
            detail.text = row.text if with_text else None
            return detail

    def raw(self, document_id: int) -> bytes | None:
        """The document's raw input bytes as read, decompressed; None when none were kept."""
        with self.session() as session:
            return self._raw(self._row(session, document_id))

    @staticmethod
    def _raw(row: DocumentRow) -> bytes | None:
        if row.raw is None:
            return None
        try:
            return zlib.decompress(row.raw)
        except zlib.error as exc:
            raise StoreError(f"raw bytes of document {row.id} are corrupt: {exc}") from exc

    def extraction(self, document_id: int) -> Extraction:
        """The document's extraction rebuilt from the store (a near-duplicate gets its original's events)."""
        with self.session() as session:
            return rebuild_extraction(session, self._row(session, document_id))


def _summary(row: DocumentRow, events: int) -> DocumentSummary:
    return DocumentSummary(
        id=row.id, doc_id=row.doc_id, source=row.source, status=row.status, title=row.title, outlet=row.outlet,
        published=row.published, language=row.language, duplicate_of=row.duplicate_of, error=row.error,
        events=events, created_at=row.created_at,
    )
