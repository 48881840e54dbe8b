"""One way to print rows for every command: ``--format table|json|jsonl|csv``."""

from __future__ import annotations

import csv
import json
import sys
from collections.abc import Iterable, Mapping
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "emit_rows", "emit_json", "console", "err_console"]

# A pipe or `make` has no terminal width: give tables room instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
# Messages are never wrapped: a reason must stay one greppable line, whatever the terminal width.
err_console = Console(stderr=True, soft_wrap=True)


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


TABLE_CELL_CHARS = 70  # tables are for a glance; --format json/csv carries every character


def _table_cell(value: Any) -> str:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "; ".join(value)  # names read better than a JSON list in a table
    text = " ".join(_cell(value).split())
    return text if len(text) <= TABLE_CELL_CHARS else text[: TABLE_CELL_CHARS - 1] + "…"


def emit_json(data: Any) -> None:
    """Print one JSON document to stdout (UTF-8, no rich markup)."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2, default=str) + "\n")


def emit_rows(
    rows: Iterable[Mapping[str, Any]],
    fmt: OutputFormat | str = OutputFormat.table,
    *,
    columns: list[str] | None = None,
    title: str | None = None,
) -> None:
    """Print rows in the chosen format; ``columns`` picks and orders table/CSV columns."""
    fmt = OutputFormat(fmt)
    rows = list(rows)
    if fmt is OutputFormat.json:
        emit_json(rows)
        return
    if fmt is OutputFormat.jsonl:
        for row in rows:
            sys.stdout.write(json.dumps(row, ensure_ascii=False, default=str) + "\n")
        return
    cols = columns or (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_cell(row.get(c)) for c in cols])
        return
    table = Table(title=title, show_lines=False)
    for col in cols:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[_table_cell(row.get(c)) for c in cols])
    console.print(table)
