"""CLI commands (placeholder until its owner fills it in)."""

import typer


def register(app: typer.Typer) -> None:
    """Add this module's commands to the root app."""
