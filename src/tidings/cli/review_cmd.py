"""``tidings review accept|reject|edit|history ID``: analyst decisions on events and clusters."""

from __future__ import annotations

import typer

from .output import OutputFormat, emit_rows
from .query_cmd import DB, open_workspace

__all__ = ["register"]

review_app = typer.Typer(help="Accept, reject or edit an event or cluster; show its decision history.",
                         no_args_is_help=True)
FORMAT = typer.Option(OutputFormat.table, "--format", "-f")
NOTE = typer.Option(None, "--note", help="Why (kept in the history).")
COLUMNS = ["seq", "target_id", "target_kind", "action", "event_type", "actor_ids", "recipient_ids", "note",
           "created_at"]


def _decide(target_id: str, action: str, db: str | None, fmt: OutputFormat, **changes) -> None:
    with open_workspace(db) as ws:
        decision = ws.decide(target_id, action, **changes).model_dump(mode="json")
    emit_rows([decision], fmt, columns=COLUMNS if fmt is OutputFormat.table else None, title="decision")


@review_app.command("accept")
def accept(target_id: str = typer.Argument(..., help="Event or cluster id."), note: str | None = NOTE,
           db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Confirm an event or cluster as coded."""
    _decide(target_id, "accept", db, fmt, note=note)


@review_app.command("reject")
def reject(target_id: str = typer.Argument(..., help="Event or cluster id."), note: str | None = NOTE,
           db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Hide an event (or every report of a cluster) from queries and exports."""
    _decide(target_id, "reject", db, fmt, note=note)


@review_app.command("edit")
def edit(
    target_id: str = typer.Argument(..., help="Event or cluster id."),
    event_type: str | None = typer.Option(None, "--type", help="Correct PLOVER category."),
    actor: list[str] = typer.Option([], "--actor", help="Correct actor(s) by name or id (repeatable)."),
    recipient: list[str] = typer.Option([], "--recipient", help="Correct recipient(s) (repeatable)."),
    note: str | None = NOTE, db: str | None = DB, fmt: OutputFormat = FORMAT,
) -> None:
    """Correct the category, actors or recipients of an event or cluster."""
    _decide(target_id, "edit", db, fmt, event_type=event_type, actors=actor or None, recipients=recipient or None,
            note=note)


@review_app.command("history")
def history(target_id: str = typer.Argument(..., help="Event or cluster id."), db: str | None = DB,
            fmt: OutputFormat = FORMAT) -> None:
    """Every decision taken on an event or cluster, oldest first (the last one is in force)."""
    with open_workspace(db) as ws:
        rows = ws.history(target_id)
    emit_rows(rows, fmt, columns=COLUMNS if fmt is OutputFormat.table else None, title=f"history of {target_id}")


def register(app: typer.Typer) -> None:
    app.add_typer(review_app, name="review")
