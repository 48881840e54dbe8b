"""Reader options: what to read, how far to trust the network, and how much to accept."""

from __future__ import annotations

from dataclasses import dataclass, field

__all__ = ["ReadOptions", "INPUT_FORMATS"]

INPUT_FORMATS = ("auto", "text", "html", "jsonl")


@dataclass
class ReadOptions:
    """Options shared by every reader (files, URLs, feeds, archives, stdin)."""

    allow_private: bool = False
    timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    input_format: str = "auto"
    feeds: list[str] = field(default_factory=list)
    # Hosts (names or IP literals) trusted although private, e.g. an intranet archive; all others are checked.
    trusted_hosts: list[str] = field(default_factory=list)
    user_agent: str = "tidings/0.1 (+news event extraction)"
