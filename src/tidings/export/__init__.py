"""Exports of stored events: STIX 2.1 bundles, GEXF/GraphML graphs, CSV/Parquet/JSONL tables.

Every writer goes through :func:`atomic_write`: files are written beside their target under a
temporary name and renamed into place only when all of them are complete, so an export that
fails leaves nothing half-written.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ExportError

__all__ = ["EXPORT_FORMATS", "TABLE_FORMATS", "atomic_write"]

TABLE_FORMATS = ("csv", "parquet", "jsonl")
EXPORT_FORMATS = ("stix", "gexf", "graphml", *TABLE_FORMATS)


def _temp_beside(path: Path) -> Path:
    if not path.parent.is_dir():
        raise ExportError(f"cannot write {path}: folder {path.parent} does not exist")
    if path.is_dir():
        raise ExportError(f"cannot write {path}: it is a folder")
    try:
        fd, name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    os.close(fd)
    return Path(name)


def atomic_write(targets: dict[Path, Callable[[Path], None]]) -> list[Path]:
    """Call each writer on a temporary file beside its target, then rename all into place."""
    temps: dict[Path, Path] = {}
    try:
        for target, write in targets.items():
            temps[target] = _temp_beside(target)
            write(temps[target])
        for target, temp in temps.items():
            os.replace(temp, target)
    except OSError as exc:
        raise ExportError(f"cannot write {', '.join(str(t) for t in targets)}: {exc}") from exc
    finally:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return list(targets)
