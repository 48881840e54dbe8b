"""CSV, Parquet and JSONL tables: events (one flat row each), actors and network edges.

``-o PATH`` names a folder; it receives ``events.EXT``, ``actors.EXT`` and ``edges.EXT``.
Lists stay lists in Parquet and JSONL and are joined with ``"; "`` in CSV; mappings become JSON text.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import pandas as pd

from ..errors import ExportError
from . import TABLE_FORMATS, atomic_write, neutralise_cell

__all__ = ["frame", "write_tables", "TABLES"]

TABLES = ("events", "actors", "edges")
LIST_SEPARATOR = "; "


def _neutralised(df: pd.DataFrame) -> pd.DataFrame:
    """Text cells a spreadsheet would run as a formula get a leading ``'`` (numbers are left alone)."""
    return df.map(lambda v: neutralise_cell(v) if isinstance(v, str) else v)


def _flat(value: Any, *, join_lists: bool) -> Any:
    if isinstance(value, dict):
        return json.dumps(value, ensure_ascii=False, sort_keys=True)
    if isinstance(value, list | tuple | set):
        items = [v if isinstance(v, str) else json.dumps(v, ensure_ascii=False) for v in value]
        return LIST_SEPARATOR.join(items) if join_lists else items
    return value


def frame(rows: Sequence[Mapping[str, Any]], *, join_lists: bool = False) -> pd.DataFrame:
    """A DataFrame of flat rows (no nested mappings; lists joined when asked)."""
    return pd.DataFrame([{k: _flat(v, join_lists=join_lists) for k, v in row.items()} for row in rows])


def _writer(df: pd.DataFrame, fmt: str):
    def write(path: Path) -> None:
        if fmt == "csv":
            df.to_csv(path, index=False)
        elif fmt == "parquet":
            df.to_parquet(path, index=False)
        else:
            df.to_json(path, orient="records", lines=True, force_ascii=False)

    return write


def write_tables(fmt: str, folder: Path, tables: Mapping[str, Sequence[Mapping[str, Any]]], *,
                 csv_raw: bool = False) -> list[Path]:
    """Write each named table as ``folder/NAME.fmt`` (the folder is created if its parent exists).

    CSV cells starting with ``= + - @``, tab or CR are neutralised (spreadsheet formula injection) unless
    ``csv_raw``; Parquet and JSONL keep every value as it is (no spreadsheet evaluates them).
    """
    if fmt not in TABLE_FORMATS:
        raise ExportError(f"unknown table format '{fmt}' (one of: {', '.join(TABLE_FORMATS)})")
    folder = Path(folder)
    if folder.exists() and not folder.is_dir():
        raise ExportError(f"cannot write tables into {folder}: it is a file (give a folder)")
    try:
        folder.mkdir(exist_ok=True)
    except OSError as exc:
        raise ExportError(f"cannot create folder {folder}: {exc.strerror or exc}") from exc
    frames = {name: frame(rows, join_lists=fmt == "csv") for name, rows in tables.items()}
    if fmt == "csv" and not csv_raw:
        frames = {name: _neutralised(df) for name, df in frames.items()}
    targets = {folder / f"{name}.{fmt}": _writer(df, fmt) for name, df in frames.items()}
    return atomic_write(targets)
