"""Reader options: what to read, how far to trust the network, and how much to accept."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from ..config import Settings

__all__ = ["ReadOptions", "INPUT_FORMATS"]

INPUT_FORMATS = ("auto", "text", "html", "jsonl")


@dataclass
class ReadOptions:
    """Options shared by every reader (files, URLs, feeds, archives, stdin)."""

    allow_private: bool = False
    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    # Longest cleaned text per document: parsing and coding are linear in length, but not free.
    max_document_chars: int = 5_000_000
    input_format: str = "auto"
    feeds: list[str] = field(default_factory=list)
    # Hosts (names or IP literals) trusted although private, e.g. an intranet archive; all others are checked.
    trusted_hosts: list[str] = field(default_factory=list)
    user_agent: str = "tidings/0.1 (+news event extraction)"

    @classmethod
    def from_settings(cls, settings: Settings, *, input_format: str = "auto", feeds: Iterable[str] = ()) -> ReadOptions:
        """Reader options from the run's settings (fetch limits, private-address policy)."""
        return cls(
            allow_private=settings.allow_private, timeout_s=settings.fetch_timeout_s, max_bytes=settings.max_bytes,
            max_redirects=settings.max_redirects, input_format=input_format, feeds=list(feeds),
            max_document_chars=settings.max_document_chars,
        )
