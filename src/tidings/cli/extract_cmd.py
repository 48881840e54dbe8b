"""``tidings extract``: sourced PLOVER events for each document, one JSON line per document, no database."""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from pathlib import Path

import typer

from ..config import load_settings
from ..events.calibrate import min_confidence_or_default
from ..pipeline import Pipeline, clean_sources, extract_articles, read_options
from ..records import Article, ReadFailure
from .output import emit_json, emit_json_line, err_console, say, warn

__all__ = ["extract", "register"]


class ExtractFormat(StrEnum):
    jsonl = "jsonl"
    pretty = "pretty"


def _articles(items, failures: list[ReadFailure]) -> Iterator[Article]:
    """Articles only; unreadable items are reported on stderr and counted."""
    for item in items:
        if isinstance(item, ReadFailure):
            failures.append(item)
            warn("skipped", f"{item.doc_id or item.source}: {item.reason}")
        else:
            yield item


def extract(
    sources: list[str] = typer.Argument(..., help="Files, folders, URLs, JSONL files, or '-' for stdin."),
    fmt: ExtractFormat = typer.Option(ExtractFormat.jsonl, "--format", help="jsonl: one line per document; "
                                      "pretty: indented JSON."),
    input_format: str = typer.Option("auto", "--input-format", help="auto, text, html or jsonl."),
    published: str = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD) for every document."),
    kb: list[Path] = typer.Option(None, "--kb", help="Extra actor knowledge-base YAML file (repeatable)."),
    min_confidence: float | None = typer.Option(
        None, "--min-confidence", min=0.0, max=1.0,
        help="Leave out events less likely to be right than this (default: the calibrated threshold; 0 keeps all)."),
) -> None:
    """Extract actors and PLOVER events from each document and print them as JSON (schema: event.schema.json)."""
    settings = load_settings(kb_files=list(kb or []) or None)
    pipeline = Pipeline.load(settings)
    threshold = min_confidence_or_default(min_confidence)
    failures: list[ReadFailure] = []
    items = clean_sources(sources, read_options(settings, input_format=input_format), published=published)
    documents = events = left_out = 0
    for extraction in extract_articles(pipeline, _articles(items, failures)):
        kept = [e for e in extraction.events if e.confidence >= threshold]
        left_out += len(extraction.events) - len(kept)
        extraction.events = kept
        data = extraction.model_dump(mode="json")
        if fmt is ExtractFormat.pretty:
            emit_json(data)
        else:
            emit_json_line(data)
        documents += 1
        events += len(extraction.events)
        say(f"{extraction.doc_id}: {len(extraction.events)} events")
    err_console.print(f"extracted {documents} documents, {events} events, {len(failures)} skipped", highlight=False)
    if left_out:
        err_console.print(f"{left_out} events with confidence below {threshold:.2f} left out "
                          "(--min-confidence 0 keeps them)", highlight=False)
    if not documents:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    """Add ``extract`` to the root app."""
    app.command("extract")(extract)
