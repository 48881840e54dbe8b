"""Ingestion: read sources (files, URLs, feeds, JSON Lines, WARC, stdin) and clean them into articles."""

from __future__ import annotations

from collections.abc import Iterator

from ..errors import TidingsError
from ..records import Article, RawDocument, ReadFailure
from .clean import clean_document
from .options import INPUT_FORMATS, ReadOptions
from .sources import read_sources

__all__ = ["ReadOptions", "INPUT_FORMATS", "read_sources", "clean_document", "clean_source", "clean_raw"]


def clean_raw(raw: RawDocument, *, published: str | None = None, max_chars: int | None = None) -> Article | ReadFailure:
    """Clean one raw document, turning a cleaning error into a failure item for the batch summary."""
    try:
        return clean_document(raw, published=published, max_chars=max_chars)
    except TidingsError as exc:
        return ReadFailure(source=raw.source, doc_id=raw.doc_id, reason=exc.reason)


def clean_source(
    sources: list[str], options: ReadOptions | None = None, *, published: str | None = None
) -> Iterator[Article | ReadFailure]:
    """What ``tidings clean`` prints: every document of ``sources``, cleaned, or the reason it failed."""
    options = options or ReadOptions()
    for item in read_sources(sources, options):
        yield item if isinstance(item, ReadFailure) else clean_raw(item, published=published,
                                                                    max_chars=options.max_document_chars)
