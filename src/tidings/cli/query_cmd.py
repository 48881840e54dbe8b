"""``tidings events``, ``tidings network`` and ``tidings clusters``: stored events, edges and happenings."""

from __future__ import annotations

import typer

from .output import MAX_LIMIT, OutputFormat, emit_rows, err_console

__all__ = ["register", "filter_options", "event_query", "open_workspace", "EVENT_COLUMNS", "EDGE_COLUMNS"]

# --wide: the full columns. The default table fits an 80-column terminal: a short id (a unique prefix is enough for
# `tidings review`), the date, who did what to whom and how sure (the evidence sentence is in --wide and JSON).
EVENT_COLUMNS = ["event_id", "date_start", "event_type", "actors", "recipients", "modality", "sources", "outlet",
                 "review", "quote"]
NARROW_COLUMNS = ["id", "date", "type", "actor", "recipient", "modality"]
SHORT_ID = 11  # "ev-" and 8 hex digits
NARROW_CELL = 12
EDGE_COLUMNS = ["source_name", "target_name", "event_type", "quad", "score", "events", "happenings", "sources",
                "first", "last"]
CLUSTER_COLUMNS = ["cluster_id", "event_type", "date_start", "date_end", "reports", "sources", "modality", "review"]


def filter_options(actor, recipient, event_type, since, until, min_sources, modality, include_rejected,
                   min_confidence) -> dict:
    """The shared query filters as keyword arguments for :mod:`tidings.api`; no ``--min-confidence`` means the
    shipped calibrator's default threshold (``--min-confidence 0`` shows every stored event)."""
    from ..events.calibrate import min_confidence_or_default

    return {
        "actor": actor, "recipient": recipient, "event_type": event_type, "since": since, "until": until,
        "min_sources": min_sources, "modality": modality or (), "include_rejected": include_rejected,
        "min_confidence": min_confidence_or_default(min_confidence),
    }


def event_query(actor, recipient, event_type, since, until, min_sources, modality, include_rejected,
                min_confidence):
    """The shared query filters as one typed :class:`~tidings.read_models.EventQuery` (the REST API's too)."""
    from ..read_models import EventQuery

    return EventQuery(actor=actor, recipient=recipient, event_type=event_type, since=since, until=until,
                      min_sources=min_sources, modality=list(modality or []), include_rejected=include_rejected,
                      min_confidence=min_confidence).with_default_threshold()


def open_workspace(db: str | None, *, must_exist: bool = True):
    """The Workspace of the database every command agrees on: --db, TIDINGS_DB(_URL), tidings.yaml, default.

    Queries and reviews (``must_exist``) refuse a SQLite file that is not there instead of creating an empty one.
    """
    import tidings.api

    from ..config import resolve_db_url

    return tidings.api.open(resolve_db_url(db, must_exist=must_exist))


ACTOR = typer.Option(None, "--actor", help="Only events whose actor is NAME (name, alias or id).")
RECIPIENT = typer.Option(None, "--recipient", help="Only events done to NAME.")
TYPE = typer.Option(None, "--type", help="PLOVER category, e.g. ASSAULT.")
SINCE = typer.Option(None, "--since", help="Events on or after this date (YYYY[-MM[-DD]]).")
UNTIL = typer.Option(None, "--until", help="Events on or before this date.")
MIN_SOURCES = typer.Option(None, "--min-sources", min=1, help="Only happenings reported by at least N outlets.")
MODALITY = typer.Option([], "--modality", help="Keep these modalities (repeatable): asserted, reported, ...")
REJECTED = typer.Option(False, "--include-rejected", help="Also show events an analyst rejected.")
MIN_CONFIDENCE = typer.Option(
    None, "--min-confidence", min=0.0, max=1.0,
    help="Hide events less likely to be right than this (default: the calibrated threshold; 0 shows all).")
DB = typer.Option(None, "--db", envvar="TIDINGS_DB",
                  help="Database URL or SQLite file (default: db_url of tidings.yaml, else tidings.db).")
FORMAT = typer.Option(OutputFormat.table, "--format", "-f")


def events(
    actor: str | None = ACTOR, recipient: str | None = RECIPIENT, event_type: str | None = TYPE,
    since: str | None = SINCE, until: str | None = UNTIL, min_sources: int | None = MIN_SOURCES,
    modality: list[str] = MODALITY, include_rejected: bool = REJECTED, min_confidence: float | None = MIN_CONFIDENCE,
    limit: int = typer.Option(100, "--limit", min=0, max=MAX_LIMIT, help="Most events to show (0: all)."),
    wide: bool = typer.Option(False, "--wide", help="Table with every main column, full ids and outlets."),
    db: str | None = DB, fmt: OutputFormat = FORMAT,
) -> None:
    """Stored events, newest first, with review decisions applied."""
    query = event_query(actor, recipient, event_type, since, until, min_sources, modality, include_rejected,
                        min_confidence)
    with open_workspace(db) as ws:
        rows = [event.model_dump(mode="json") for event in ws.list_events(query, limit=limit or None).items]
    if fmt is not OutputFormat.table:
        emit_rows(rows, fmt, title="events")
        return
    if wide:
        emit_rows([_shown(row) for row in rows], fmt, columns=EVENT_COLUMNS, title="events")
    else:
        emit_rows([_narrow(_shown(row)) for row in rows], fmt, columns=NARROW_COLUMNS, title="events")
    err_console.print(_hint(rows), highlight=False, markup=False)


def _clip(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "\u2026"


def _narrow(row: dict) -> dict:
    return {"id": row["event_id"][:SHORT_ID], "date": row["date_start"] or "", "type": row["event_type"],
            "actor": _clip("; ".join(row["actors"]), NARROW_CELL),
            "recipient": _clip("; ".join(row["recipients"]), NARROW_CELL),
            "modality": row["modality"]}


def _hint(rows: list[dict]) -> str:
    """One line on what to try next."""
    if not rows:
        return "no events: try --min-confidence 0, fewer filters, or `tidings ingest FILES` first"
    short = rows[0]["event_id"][:SHORT_ID]
    return f"next: --wide · --format json · tidings review accept {short} · tidings serve"

def _shown(row: dict) -> dict:
    """For the table: parties no actor was resolved for appear too, quoted as the text names them ("gunmen")."""
    return {**row, "actors": row["actors"] + [f"\u201c{t}\u201d" for t in row["unresolved_actors"]],
            "recipients": row["recipients"] + [f"\u201c{t}\u201d" for t in row["unresolved_recipients"]]}


def network(
    actor: str | None = ACTOR, recipient: str | None = RECIPIENT, event_type: str | None = TYPE,
    since: str | None = SINCE, until: str | None = UNTIL, min_sources: int | None = MIN_SOURCES,
    modality: list[str] = MODALITY, include_rejected: bool = REJECTED, min_confidence: float | None = MIN_CONFIDENCE,
    db: str | None = DB, fmt: OutputFormat = FORMAT,
) -> None:
    """Actor network edges (actor, recipient, category) with counts, dates, sources, quad and score."""
    query = event_query(actor, recipient, event_type, since, until, min_sources, modality, include_rejected,
                        min_confidence)
    with open_workspace(db) as ws:
        rows = [edge.model_dump(mode="json") for edge in ws.network(query)]
    emit_rows(rows, fmt, columns=EDGE_COLUMNS if fmt is OutputFormat.table else None, title="network")


def clusters(
    event_type: str | None = TYPE, min_sources: int | None = MIN_SOURCES,
    limit: int = typer.Option(100, "--limit", min=0, max=MAX_LIMIT, help="Most clusters to show (0: all)."),
    db: str | None = DB, fmt: OutputFormat = FORMAT,
) -> None:
    """Happenings: clusters of reports of the same event, most widely reported first."""
    with open_workspace(db) as ws:
        rows = [c.model_dump(mode="json") for c in ws.list_clusters(event_type=event_type, min_sources=min_sources,
                                                                     limit=limit or None)]
    emit_rows(rows, fmt, columns=CLUSTER_COLUMNS if fmt is OutputFormat.table else None, title="clusters")


def register(app: typer.Typer) -> None:
    app.command("events")(events)
    app.command("network")(network)
    app.command("clusters")(clusters)
