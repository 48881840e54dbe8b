"""``Store.ingest``: read -> clean -> deduplicate -> extract -> save, committed batch by batch.

Each batch (documents plus their extractions) is one transaction, so an interrupted run leaves
only whole batches behind and running it again stores the rest without duplicates (exact
duplicates are found by content hash). A failure becomes a ``failed`` row keyed by its doc id or
source, updated by later runs and removed once that item succeeds.
"""

from __future__ import annotations

import logging
import zlib
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..config import Settings
from ..errors import SourceError, TidingsError
from ..ingest import ReadOptions, clean_document, read_sources
from ..records import Article, IngestOutcome, RawDocument, ReadFailure
from .dedup_store import find_near_duplicate, index_signature
from .models import DocumentRow
from .writer import save_extraction

if TYPE_CHECKING:
    from ..pipeline import Pipeline
    from .core import Store

__all__ = ["IngestJob", "ENGLISH"]

log = logging.getLogger(__name__)

ENGLISH = "en"
Item = tuple[RawDocument | None, Article | ReadFailure]


@dataclass
class _Pending:
    """A stored document waiting for extraction in the current batch."""

    row: DocumentRow
    article: Article
    outcome: IngestOutcome


@dataclass
class IngestJob:
    """One ``ingest`` run: its options, and the loop over batches."""

    store: Store
    settings: Settings
    published: str | None = None
    input_format: str = "auto"
    feeds: list[str] = field(default_factory=list)
    strict: bool = False
    extract: bool = True
    batch_size: int = 16
    on_progress: Callable[[IngestOutcome], None] | None = None
    after_batch: Callable[[Session, list[int]], None] | None = None
    pipeline: Pipeline | None = None

    def run(self, sources: list[str]) -> list[IngestOutcome]:
        """Ingest every item of ``sources``; with ``strict``, raise SourceError at the end if any failed."""
        outcomes: list[IngestOutcome] = []
        items = self._items(sources)
        while batch := list(islice(items, self.batch_size)):
            done = self._run_batch(batch)
            for outcome in done:
                if self.on_progress is not None:
                    self.on_progress(outcome)
            outcomes.extend(done)
        failed = [o for o in outcomes if o.status == "failed"]
        if self.strict and failed:
            raise SourceError(f"{len(failed)} of {len(outcomes)} items failed; first: {failed[0].source}: "
                              f"{failed[0].reason}")
        return outcomes

    def _loaded_pipeline(self) -> Pipeline:
        """The NLP stages, loaded on first need: a re-run with nothing new never pays for loading spaCy."""
        if self.pipeline is None:
            from ..pipeline import Pipeline

            self.pipeline = Pipeline.load(self.settings)
        return self.pipeline

    def _items(self, sources: list[str]) -> Iterator[Item]:
        """Raw documents with their cleaned article (or the reason they failed), in source order."""
        options = ReadOptions.from_settings(self.settings, input_format=self.input_format, feeds=self.feeds)
        for raw in read_sources(list(sources), options):
            if isinstance(raw, ReadFailure):
                yield None, raw
                continue
            try:
                yield raw, clean_document(raw, published=self.published, max_chars=options.max_document_chars)
            except TidingsError as exc:
                yield raw, ReadFailure(source=raw.source, doc_id=raw.doc_id, reason=exc.reason)

    def _run_batch(self, batch: list[Item]) -> list[IngestOutcome]:
        """Store one batch in one transaction (run again if another writer stored the same rows meanwhile)."""
        return self.store.write(lambda session: self._store_batch(session, batch))

    def _store_batch(self, session: Session, batch: list[Item]) -> list[IngestOutcome]:
        """Rows, dedup, extraction, then the after-batch hook, all in ``session``'s transaction."""
        _forget_failures(session, [item.doc_id for _, item in batch if isinstance(item, Article)])
        outcomes, pending = [], []
        for raw, item in batch:
            if isinstance(item, ReadFailure):
                outcomes.append(_record_failure(session, raw, item))
                continue
            outcome, todo = self._store_article(session, raw, item)
            outcomes.append(outcome)
            # The same text twice in one batch: extract the document once.
            if todo is not None and all(p.row is not todo.row for p in pending):
                pending.append(todo)
        if self.extract and pending:
            _extract_pending(session, self._loaded_pipeline(), pending)
        touched = _touched(outcomes, pending)
        if self.after_batch is not None and touched:
            self.after_batch(session, touched)
        return outcomes

    def _store_article(self, session: Session, raw: RawDocument | None, article: Article) -> tuple[
        IngestOutcome, _Pending | None
    ]:
        """Add one cleaned article, or recognise it as already stored / a near-duplicate."""
        existing = session.scalar(select(DocumentRow).where(DocumentRow.content_hash == article.content_hash))
        if existing is not None:
            outcome = IngestOutcome(
                source=article.source, status="already_stored", doc_id=article.doc_id, document_id=existing.id,
                duplicate_of=existing.duplicate_of, reason=f"already stored as document {existing.id}",
            )
            # A document stored by an earlier run without extraction gets it now.
            todo = existing.status == "stored" and not existing.extracted and self.extract
            return outcome, _Pending(existing, article, outcome) if todo else None
        row = _document_row(raw, article)
        session.add(row)
        if article.language not in (None, ENGLISH):
            return self._skipped_language(session, row, article), None
        original = find_near_duplicate(session, row.text, self.settings.near_duplicate_threshold)
        row.minhash = original.signature
        if original.document_id is not None:
            row.status, row.duplicate_of = "near_duplicate", original.document_id
            session.flush()
            return IngestOutcome(
                source=article.source, status="near_duplicate", doc_id=article.doc_id, document_id=row.id,
                duplicate_of=original.document_id,
                reason=f"near-duplicate (Jaccard ~{original.similarity:.2f}) of document {original.document_id}",
            ), None
        session.flush()
        index_signature(session, row)
        outcome = IngestOutcome(source=article.source, status="stored", doc_id=article.doc_id, document_id=row.id)
        return outcome, _Pending(row, article, outcome)

    def _skipped_language(self, session: Session, row: DocumentRow, article: Article) -> IngestOutcome:
        note = f"language '{article.language}' is not English: stored, but actors and events were not extracted"
        row.status = "skipped_language"
        row.warnings = [*row.warnings, note]
        session.flush()
        log.info("%s: %s", article.doc_id, note)
        return IngestOutcome(
            source=article.source, status="skipped", doc_id=article.doc_id, document_id=row.id, reason=note
        )


def _touched(outcomes: list[IngestOutcome], pending: list[_Pending]) -> list[int]:
    """Documents this batch added or (re-)extracted: what the after-batch hook must look at."""
    new = {o.document_id for o in outcomes if o.status in ("stored", "near_duplicate", "skipped")}
    return sorted({i for i in new if i is not None} | {p.row.id for p in pending})


def _document_row(raw: RawDocument | None, article: Article) -> DocumentRow:
    return DocumentRow(
        doc_id=article.doc_id, source=article.source, url=article.url, title=article.title, author=article.author,
        outlet=article.outlet, published=article.published, published_source=article.published_source,
        language=article.language, text=article.text, raw=zlib.compress(raw.content) if raw is not None else None,
        content_hash=article.content_hash, status="stored", warnings=list(article.warnings), extracted=False,
    )


def _forget_failures(session: Session, keys: list[str]) -> None:
    """A later success replaces the failure recorded for the same item (one statement per batch)."""
    if keys:
        session.execute(delete(DocumentRow).where(DocumentRow.status == "failed", DocumentRow.doc_id.in_(keys)))


def _record_failure(session: Session, raw: RawDocument | None, failure: ReadFailure) -> IngestOutcome:
    """Insert or update the ``failed`` row of this item (keyed by doc id, else source)."""
    key = failure.doc_id or failure.source
    row = session.scalar(select(DocumentRow).where(DocumentRow.status == "failed", DocumentRow.doc_id == key))
    if row is None:
        row = DocumentRow(doc_id=key, source=failure.source, status="failed", warnings=[], extracted=False)
        session.add(row)
    row.error = failure.reason
    row.raw = zlib.compress(raw.content) if raw is not None else None
    session.flush()
    log.info("%s: failed: %s", key, failure.reason)
    return IngestOutcome(
        source=failure.source, status="failed", doc_id=failure.doc_id, document_id=row.id, reason=failure.reason
    )


def _extract_pending(session: Session, pipeline: Pipeline, pending: list[_Pending]) -> None:
    """Extract the batch's new documents together; if that fails, one by one so one bad article stays alone."""
    try:
        extractions = list(pipeline.extract([p.article for p in pending]))
    except Exception:  # noqa: BLE001 - any stage bug: retry per article below to isolate it
        log.warning("batch extraction failed; retrying document by document", exc_info=True)
        extractions = [_extract_one(pipeline, p) for p in pending]
    for todo, extraction in zip(pending, extractions, strict=True):
        if extraction is None:
            continue
        todo.outcome.events = save_extraction(session, todo.row, extraction)


def _extract_one(pipeline: Pipeline, todo: _Pending):
    try:
        return next(iter(pipeline.extract([todo.article])))
    except Exception as exc:  # noqa: BLE001 - one bad article must not sink the batch (ARCHITECTURE principle 5)
        reason = f"extraction failed: {type(exc).__name__}: {exc}"
        log.warning("%s: %s", todo.article.doc_id, reason, exc_info=True)
        todo.row.error = reason
        todo.row.warnings = [*todo.row.warnings, reason]
        todo.outcome.reason = reason
        return None
