"""``tidings actors SOURCE``: the actors one document mentions (placeholder until filled in)."""

from __future__ import annotations

from pathlib import Path

from .output import OutputFormat


def show_source(source: str, *, fmt: OutputFormat, kb_files: list[Path]) -> None:
    """Read, clean and parse SOURCE; print its resolved actors."""
    raise NotImplementedError
