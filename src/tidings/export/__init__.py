"""Exports of stored events: STIX 2.1 bundles, GEXF/GraphML graphs, CSV/Parquet/JSONL tables.

Every writer goes through :func:`atomic_write`: files are written beside their target under a
temporary name and renamed into place only when all of them are complete, so an export that
fails leaves nothing half-written. Only regular files are written this way: a symlink is followed
(the file it points to is replaced, the link stays), and a device, FIFO, socket or folder is refused
rather than replaced by a file.
"""

from __future__ import annotations

import contextlib
import os
import stat
import tempfile
from collections.abc import Callable
from pathlib import Path

from ..errors import ExportError

__all__ = ["EXPORT_FORMATS", "TABLE_FORMATS", "atomic_write", "export_target", "neutralise_cell"]

TABLE_FORMATS = ("csv", "parquet", "jsonl")
EXPORT_FORMATS = ("stix", "gexf", "graphml", *TABLE_FORMATS)
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
_NEW_FILE_MODE = 0o666  # what open() would create, before the umask
_KINDS = ((stat.S_ISDIR, "a folder"), (stat.S_ISCHR, "a character device"), (stat.S_ISBLK, "a block device"),
          (stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISSOCK, "a socket"))


def neutralise_cell(value: str) -> str:
    """A cell a spreadsheet would evaluate as a formula, prefixed with ``'`` so it stays text."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def export_target(path: Path) -> Path:
    """The regular file writing ``path`` really means: symlinks followed; anything else refused."""
    real = Path(os.path.realpath(path))
    try:
        mode = real.stat().st_mode
    except FileNotFoundError:
        if not real.parent.is_dir():
            raise ExportError(f"cannot write {path}: folder {real.parent} does not exist") from None
        return real
    except OSError as exc:
        raise ExportError(f"cannot write {path}: {exc.strerror or exc}") from exc
    if not stat.S_ISREG(mode):
        kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
        raise ExportError(f"refusing to write {path}: it is {kind}; exports are written to regular files only")
    return real


def _file_mode(real: Path) -> int:
    """The replaced file keeps its permissions; a new one gets the usual 0666 less the umask."""
    try:
        return stat.S_IMODE(real.stat().st_mode)
    except FileNotFoundError:
        umask = os.umask(0)
        os.umask(umask)
        return _NEW_FILE_MODE & ~umask


def _temp_beside(real: Path) -> Path:
    try:
        fd, name = tempfile.mkstemp(prefix=f".{real.name}.", suffix=".tmp", dir=real.parent)
    except OSError as exc:
        raise ExportError(f"cannot write {real}: {exc.strerror or exc}") from exc
    os.close(fd)
    return Path(name)


def atomic_write(targets: dict[Path, Callable[[Path], None]]) -> list[Path]:
    """Call each writer on a temporary file beside its (symlink-resolved) target, then rename all into place."""
    real = {target: export_target(Path(target)) for target in targets}
    temps: dict[Path, Path] = {}
    try:
        for target, write in targets.items():
            temps[target] = _temp_beside(real[target])
            write(temps[target])
            os.chmod(temps[target], _file_mode(real[target]))
        for target, temp in temps.items():
            os.replace(temp, real[target])
    except OSError as exc:
        raise ExportError(f"cannot write {', '.join(str(t) for t in targets)}: {exc}") from exc
    finally:
        for temp in temps.values():
            with contextlib.suppress(FileNotFoundError):
                temp.unlink()
    return list(targets)
