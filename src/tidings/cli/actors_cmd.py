"""``tidings actors``: actors of one source file, or of the store (list, merge, split, rename).

``tidings actors SOURCE`` shows the actors found in a file; ``tidings actors`` alone lists stored
actors; ``merge``/``split``/``rename`` are analyst decisions kept in the store.
"""

from __future__ import annotations

from pathlib import Path

import typer
from typer.core import TyperGroup

from . import actors_doc, actors_store
from .output import MAX_LIMIT, OutputFormat


class _ActorsGroup(TyperGroup):
    """Treat a first argument that is not a subcommand as ``show ARG`` (a source to read)."""

    def parse_args(self, ctx, args):
        first = args[0] if args else None
        if first not in self.commands and first != "--help":
            args = ["show", *args]
        return super().parse_args(ctx, args)


actors_app = typer.Typer(
    cls=_ActorsGroup,
    help="Actors of a source file (tidings actors SOURCE) or of the store; merge, split, rename.",
    no_args_is_help=False,
)
actors_store.register(actors_app)


@actors_app.command("show", hidden=True)
def show(
    source: str | None = typer.Argument(None, help="A file, URL or '-' to read; omit to list stored actors."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
    kb: list[Path] = typer.Option([], "--kb", help="Extra actor KB YAML file(s) overriding the shipped KB."),
    db: str | None = typer.Option(None, "--db", envvar="TIDINGS_DB", help="Database URL (store mode)."),
    limit: int = typer.Option(200, "--limit", min=1, max=MAX_LIMIT, help="Most actors to list (store mode)."),
) -> None:
    """Show the actors of SOURCE, or list the actors in the store."""
    if source is not None:
        actors_doc.show_source(source, fmt=fmt, kb_files=kb)
    else:
        actors_store.list_stored(db_url=db, fmt=fmt, limit=limit)


def register(app: typer.Typer) -> None:
    app.add_typer(actors_app, name="actors")
    actors_store.register_root(app)
