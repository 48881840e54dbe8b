"""Stored actors: ``tidings actors`` (list), ``tidings actor NAME`` (profile), merge/split/rename."""

from __future__ import annotations

import typer
from rich.text import Text

from .output import OutputFormat, console, emit_json, emit_rows, safe_text
from .query_cmd import DB, open_workspace

__all__ = ["list_stored", "register", "register_root"]

FORMAT = typer.Option(OutputFormat.table, "--format", "-f")
ACTOR_COLUMNS = ["actor_id", "name", "kind", "country", "events", "merged"]


def _open(db: str | None):
    return open_workspace(db)


def list_stored(*, db_url: str | None, fmt: OutputFormat, limit: int) -> None:
    """Print the actors in the store, most active first (merged actors under their canonical id)."""
    ws = _open(db_url)
    try:
        rows = ws.actor_rows(limit=limit or None)
    finally:
        ws.close()
    emit_rows(rows, fmt, columns=ACTOR_COLUMNS if fmt is OutputFormat.table else None, title="actors")


def _change(db: str | None, fmt: OutputFormat, method: str, *args) -> None:
    ws = _open(db)
    try:
        result = getattr(ws, method)(*args)
    finally:
        ws.close()
    emit_rows([result], fmt)


def merge(name: str = typer.Argument(..., help="Actor to merge away."),
          into: str = typer.Argument(..., help="Actor that stays (canonical)."),
          db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Treat actor NAME as INTO everywhere (queries, network, exports); undo with split."""
    _change(db, fmt, "merge_actors", name, into)


def split(name: str = typer.Argument(..., help="A previously merged actor."),
          db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Undo the merge of NAME: it stands alone again."""
    _change(db, fmt, "split_actor", name)


def rename(old: str = typer.Argument(..., help="Actor name, alias or id."),
           new: str = typer.Argument(..., help="Name to show from now on."),
           db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Show an actor under a new name."""
    _change(db, fmt, "rename_actor", old, new)


def actor(name: str = typer.Argument(..., help="Actor name, alias or id."),
          db: str | None = DB, fmt: OutputFormat = FORMAT) -> None:
    """Profile of one stored actor: aliases, counterparts, timeline."""
    ws = _open(db)
    try:
        profile = ws.actor(name)
    finally:
        ws.close()
    if fmt is not OutputFormat.table:
        if fmt is OutputFormat.json:
            emit_json(profile)
        else:
            emit_rows(profile["timeline"], fmt)
        return
    console.print(Text.assemble((safe_text(profile["name"]), "bold"), safe_text(
        f" ({profile['actor_id']}, {profile['kind']}) — {profile['events']} events; "
        f"aliases: {', '.join(profile['aliases']) or '-'}")), highlight=False)
    counterparts = [{**c, "types": ", ".join(f"{t}×{n}" for t, n in c["types"].items())}
                    for c in profile["counterparts"]]
    emit_rows(counterparts, fmt, columns=["name", "events", "types"], title="counterparts")
    emit_rows(profile["timeline"], fmt, columns=["date", "event_type", "role", "counterparts", "modality", "outlet"],
              title="timeline")


def register(actors_app: typer.Typer) -> None:
    """Add merge/split/rename to the actors group."""
    actors_app.command("merge")(merge)
    actors_app.command("split")(split)
    actors_app.command("rename")(rename)


def register_root(app: typer.Typer) -> None:
    """Add top-level commands (tidings actor NAME)."""
    app.command("actor")(actor)
