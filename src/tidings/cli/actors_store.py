"""Stored actors: list, ``tidings actor NAME``, merge/split/rename (placeholder until filled in)."""

from __future__ import annotations

import typer

from .output import OutputFormat


def list_stored(*, db_url: str | None, fmt: OutputFormat, limit: int) -> None:
    """Print the actors in the store."""
    raise NotImplementedError


def register(actors_app: typer.Typer) -> None:
    """Add merge/split/rename to the actors group."""


def register_root(app: typer.Typer) -> None:
    """Add top-level commands (tidings actor NAME)."""
