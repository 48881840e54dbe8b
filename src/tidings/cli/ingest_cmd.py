"""``tidings ingest``, ``tidings docs``, ``tidings doc``: get sources into the store and look at what is there."""

from __future__ import annotations

import sys
from collections import Counter
from collections.abc import Callable
from pathlib import Path

import typer
from rich.progress import BarColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

from ..config import Settings, load_settings
from ..errors import SourceError
from ..records import IngestOutcome
from ..store import open_store
from .output import MAX_LIMIT, OutputFormat, console, emit_json, emit_rows, err_console, error, safe_text

__all__ = ["register", "ingest", "docs", "doc"]

SUMMARY_COLUMNS = ["source", "status", "document_id", "events", "duplicate_of", "reason"]
DOCS_COLUMNS = ["id", "status", "title", "outlet", "published", "events", "duplicate_of", "error"]
INGESTED = ("stored", "already_stored", "near_duplicate", "skipped")
# The outcomes of a run, and the --strict failure message when there was one.
IngestRun = tuple[list[IngestOutcome], str | None]


def _after_batch() -> Callable | None:
    """The cluster refresher of the analysis stage, when that module is installed."""
    try:
        from .. import aggregate
    except ModuleNotFoundError as exc:
        if exc.name != "tidings.aggregate":
            raise
        return None
    return getattr(aggregate, "refresh_clusters", None)


def _progress() -> Progress:
    return Progress(
        SpinnerColumn(), TextColumn("ingesting"), BarColumn(), TextColumn("{task.completed} items"),
        TextColumn("{task.fields[last]}", style="dim", markup=False), TimeElapsedColumn(),
        console=err_console, transient=True,
    )


def _run_ingest(settings: Settings, sources: list[str], feeds: list[str], **options) -> IngestRun:
    """Run the library ingest under a progress bar; returns the outcomes and the strict-mode error, if any."""
    store = open_store(settings.db_url)
    outcomes: list[IngestOutcome] = []
    with _progress() as progress:
        task = progress.add_task("ingest", total=None, last="")

        def on_progress(outcome: IngestOutcome) -> None:
            outcomes.append(outcome)
            progress.update(task, advance=1, last=safe_text(f"{outcome.status}: {outcome.source}")[-60:])

        try:
            store.ingest(sources, settings=settings, feeds=feeds, on_progress=on_progress,
                         after_batch=_after_batch(), **options)
        except SourceError as exc:
            if not options.get("strict"):
                raise
            return outcomes, str(exc)
        finally:
            store.close()
    return outcomes, None


def _totals(outcomes: list[IngestOutcome]) -> dict[str, int]:
    counts = Counter(o.status for o in outcomes)
    totals = {status: counts.get(status, 0) for status in (*INGESTED, "failed")}
    totals["events"] = sum(o.events for o in outcomes)
    return totals


def _report(outcomes: list[IngestOutcome], fmt: OutputFormat) -> None:
    rows = [o.model_dump(mode="json") for o in outcomes]
    totals = _totals(outcomes)
    if fmt is OutputFormat.json:
        emit_json({"items": rows, "totals": totals})
        return
    emit_rows(rows, fmt, columns=SUMMARY_COLUMNS, title="ingest summary")
    if fmt is OutputFormat.table:
        console.print(", ".join(f"{k.replace('_', ' ')}: {v}" for k, v in totals.items()), highlight=False)


def ingest(
    sources: list[str] = typer.Argument(None, help="Files, directories, URLs, JSONL, WARC, or '-' for stdin."),
    feed: list[str] = typer.Option([], "--feed", help="RSS/Atom feed URL or file; each entry is a document."),
    db: str | None = typer.Option(None, "--db", help="Database URL [env TIDINGS_DB; default sqlite:///tidings.db]."),
    published: str | None = typer.Option(None, "--published", help="Publication date for every document."),
    input_format: str = typer.Option("auto", "--input-format", help="auto|text|html|jsonl."),
    allow_private: bool = typer.Option(False, "--allow-private", help="Allow private/loopback addresses."),
    strict: bool = typer.Option(False, "--strict", help="Exit non-zero when any item fails."),
    kb: list[Path] = typer.Option([], "--kb", help="Extra actor KB YAML file(s)."),
    extract: bool = typer.Option(True, "--extract/--no-extract", help="Run actor and event extraction."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="Summary format."),
) -> None:
    """Read, clean, deduplicate, extract and store SOURCE... (plus --feed entries), then print a summary."""
    sources = list(sources or [])
    if not sources and not feed:
        raise typer.BadParameter("give at least one SOURCE or --feed")
    settings = load_settings(db_url=db, allow_private=allow_private or None, kb_files=kb)
    outcomes, strict_error = _run_ingest(
        settings, sources, feed, published=published, input_format=input_format, strict=strict, extract=extract,
    )
    _report(outcomes, fmt)
    if strict_error:
        error(strict_error)
        raise typer.Exit(1)
    if not any(o.status in INGESTED for o in outcomes):
        error("nothing could be ingested")
        raise typer.Exit(1)


def docs(
    db: str | None = typer.Option(None, "--db", help="Database URL [env TIDINGS_DB; default sqlite:///tidings.db]."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    status: list[str] = typer.Option([], "--status", help="Only these statuses (stored, near_duplicate, ...)."),
    limit: int | None = typer.Option(None, "--limit", min=0, max=MAX_LIMIT,
                                      help="At most N documents."),
) -> None:
    """List stored documents: status, title, outlet, date, language, event count."""
    store = open_store(load_settings(db_url=db).db_url)
    try:
        rows = [d.model_dump(mode="json") for d in store.documents(status=status or None, limit=limit)]
    finally:
        store.close()
    emit_rows(rows, fmt, columns=DOCS_COLUMNS, title="documents")


def doc(
    document_id: int = typer.Argument(..., metavar="ID", help="Document id (see `tidings docs`)."),
    db: str | None = typer.Option(None, "--db", help="Database URL [env TIDINGS_DB; default sqlite:///tidings.db]."),
    text: bool = typer.Option(False, "--text", help="Include the cleaned text."),
    extraction: bool = typer.Option(False, "--extraction", help="Print the stored extraction (as `extract` does)."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f", help="table or json."),
) -> None:
    """Show one stored document's metadata (and its text with --text, or its actors and events with --extraction)."""
    store = open_store(load_settings(db_url=db).db_url)
    try:
        if extraction:
            emit_json(store.extraction(document_id).model_dump(mode="json"))
            return
        detail = store.document(document_id, with_text=text).model_dump(mode="json")
    finally:
        store.close()
    if fmt is not OutputFormat.table:
        emit_json(detail)
        return
    body = detail.pop("text")
    emit_rows([{"field": k, "value": v} for k, v in detail.items()], fmt, columns=["field", "value"])
    if body is not None:
        sys.stdout.write(safe_text(body) + "\n")


def register(app: typer.Typer) -> None:
    """Add ingest, docs and doc to the root app."""
    app.command("ingest")(ingest)
    app.command("docs")(docs)
    app.command("doc")(doc)
