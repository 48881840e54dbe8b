"""``tidings clean``: print the cleaned text and metadata of each document, as JSON."""

from __future__ import annotations

from itertools import islice

import typer

from ..config import load_settings
from ..ingest import INPUT_FORMATS, ReadOptions, clean_source
from ..ingest.meta import iso_date
from ..records import Article, ReadFailure
from .output import emit_json, emit_json_line, warn

CLEAN_FIELDS = ("title", "author", "outlet", "published", "published_source", "url", "language", "text", "warnings")


def article_json(article: Article) -> dict:
    """The object ``tidings clean`` prints for one article."""
    data = article.model_dump(mode="json")
    return {key: data[key] for key in CLEAN_FIELDS}


def clean(
    sources: list[str] = typer.Argument(None, help="Files, folders, URLs, or '-' for stdin."),
    published: str = typer.Option(None, "--published", help="Publication date (YYYY-MM-DD); overrides any found."),
    input_format: str = typer.Option("auto", "--input-format", help=f"One of: {', '.join(INPUT_FORMATS)}."),
    feed: list[str] = typer.Option(None, "--feed", help="An RSS/Atom feed URL or file (repeatable)."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow fetching private/loopback addresses."),
) -> None:
    """Print one JSON object per document: title, author, outlet, published, url, language, text, warnings."""
    if not sources and not feed:
        raise typer.BadParameter("give at least one SOURCE or --feed")
    if published is not None and iso_date(published) is None:
        raise typer.BadParameter(f"cannot read {published!r} as a date: use YYYY-MM-DD", param_hint="--published")
    settings = load_settings(allow_private=allow_private or None)
    options = ReadOptions.from_settings(settings, input_format=input_format, feeds=feed or [])
    articles = _print_items(clean_source(list(sources or []), options, published=published))
    if not articles:
        raise typer.Exit(1)


def _print_items(items) -> int:
    """One document: one indented JSON object; several: one compact object per line. Returns articles printed."""
    head = list(islice(items, 2))
    _report_failures(head)
    if len(head) == 1 and isinstance(head[0], Article):
        emit_json(article_json(head[0]))
        return 1
    count = sum(_print_line(item) for item in head if isinstance(item, Article))
    for item in items:
        if isinstance(item, ReadFailure):
            _report_failures([item])
        else:
            count += _print_line(item)
    return count


def _print_line(article: Article) -> int:
    emit_json_line(article_json(article))
    return 1


def _report_failures(items) -> None:
    for item in items:
        if isinstance(item, ReadFailure):
            warn("skipped", f"{item.doc_id or item.source}: {item.reason}")


def register(app: typer.Typer) -> None:
    """Add ``clean`` to the root app."""
    app.command("clean")(clean)
