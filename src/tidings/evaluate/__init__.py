"""Scorers shared by tests, benchmarks and `tidings evaluate`, plus where their shared data lives."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

from ..errors import EvaluationError

__all__ = [
    "SEED_NAME",
    "shared_dir",
    "default_seed_source",
    "default_seed_gold",
    "default_plover_data",
    "load_gold",
    "read_extractions",
]

SEED_NAME = "000_2fc2989a5cbe0d10"
SHARED = "shared"


def _candidates() -> list[Path]:
    # ../shared beside the working directory first, then beside the repository this package sits in.
    here = Path.cwd().resolve()
    repo = Path(__file__).resolve().parents[3]
    return [here.parent / SHARED, here / SHARED, repo.parent / SHARED]


def shared_dir() -> Path | None:
    """The ``shared/`` folder (seed, gold, data) next to the current directory or the repo, if any."""
    return next((p for p in _candidates() if p.is_dir()), None)


def _shared_file(*parts: str, what: str) -> Path:
    base = shared_dir()
    path = base.joinpath(*parts) if base else None
    if path is None or not path.exists():
        tried = ", ".join(str(p.joinpath(*parts)) for p in _candidates())
        raise EvaluationError(f"{what} not found (looked for {tried}); give its path explicitly")
    return path


def default_seed_source() -> Path:
    return _shared_file("seed", f"{SEED_NAME}.txt", what="seed article")


def default_seed_gold() -> Path:
    return _shared_file("gold", f"{SEED_NAME}.gold.json", what="seed gold annotation")


def default_plover_data() -> Path:
    return _shared_file("data", "plover-sentences", "plover-train.tsv", what="PLOVER sentences TSV")


def load_gold(path: Path) -> dict:
    """Read a gold annotation JSON file."""
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except OSError as e:
        raise EvaluationError(f"cannot read gold file {path}: {e}") from e
    except json.JSONDecodeError as e:
        raise EvaluationError(f"gold file {path} is not valid JSON: {e}") from e


def read_extractions(path: Path) -> Iterator[dict]:
    """The extraction records of a ``tidings extract --format jsonl`` output file, one per line."""
    try:
        lines = path.read_text(encoding="utf-8").splitlines()
    except OSError as e:
        raise EvaluationError(f"cannot read extractions {path}: {e}") from e
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            yield json.loads(line)
        except json.JSONDecodeError as e:
            raise EvaluationError(f"{path}:{number} is not a JSON line: {e}") from e
