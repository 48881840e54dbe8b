"""``tidings kb check`` (risky aliases of the actor KB) and ``tidings kb add`` (a validated entry to a user file)."""

from __future__ import annotations

from pathlib import Path

import typer

from ..actors.check import add_entry, risky_aliases
from ..actors.kb import KB_KINDS, load_kb
from .output import OutputFormat, emit_rows, err_console

__all__ = ["register"]

kb_app = typer.Typer(help="Check the actor knowledge base; add an actor to your own KB file.", no_args_is_help=True)


@kb_app.command("check")
def check(
    kb: list[Path] = typer.Option([], "--kb", help="User KB file(s) to check with the shipped KB."),
    all_rows: bool = typer.Option(False, "--all", help="List documented exceptions too, not only problems."),
    fmt: OutputFormat = typer.Option(OutputFormat.table, "--format", "-f"),
) -> None:
    """List risky aliases: ordinary words, given names, aliases of two entries, place names of non-states.

    Exits 1 when some risky alias is not documented under ``accepted_aliases``.
    """
    found = risky_aliases(load_kb(kb))
    problems = [r for r in found if not r.accepted]
    rows = [r.row() for r in (found if all_rows else problems)]
    emit_rows(rows, fmt, columns=["alias", "entries", "why", "status", "reason"], title="Risky aliases")
    err_console.print(f"{len(found)} risky aliases: {len(found) - len(problems)} documented, "
                      f"{len(problems)} problems", highlight=False)
    if problems:
        raise typer.Exit(1)


@kb_app.command("add")
def add(
    file: Path = typer.Argument(..., help="Your KB file (YAML; created if absent)."),
    actor_id: str = typer.Option(..., "--id", help="Lower-case slug, or ISO alpha-3 for a state."),
    name: str = typer.Option(..., "--name"),
    kind: str = typer.Option(..., "--kind", help=f"One of: {', '.join(KB_KINDS)}."),
    alias: list[str] = typer.Option([], "--alias"),
    descriptor: list[str] = typer.Option([], "--descriptor", help="Description words ('militia', 'the ministry')."),
    country: str | None = typer.Option(None, "--country", help="ISO alpha-3 code."),
    parent: str | None = typer.Option(None, "--parent", help="Id of the state or organisation it belongs to."),
    sector: str | None = typer.Option(None, "--sector", help="PLOVER sector code (GOV, MIL, REB ...)."),
    role: str | None = typer.Option(None, "--role"),
    kb: list[Path] = typer.Option([], "--kb", help="Other user KB files the entry may refer to."),
) -> None:
    """Append one actor to FILE after validating it against the KB (id, kind, parent, risky aliases)."""
    entry = add_entry(file, {"id": actor_id, "name": name, "kind": kind, "aliases": alias, "descriptors": descriptor,
                             "country": country, "parent": parent, "sector": sector, "role": role}, kb_files=kb)
    err_console.print(f"added {entry.id} ({entry.kind}) to {file}", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(kb_app, name="kb")
