"""One way to print rows for every command (``--format table|json|jsonl|csv``), and messages, safely.

Text from articles is hostile input: it reaches the terminal only as plain ``rich.text.Text`` (never
parsed as Rich markup) with control characters removed, JSON escapes every control character, and CSV
cells that a spreadsheet would run as a formula are neutralised unless ``--csv-raw`` is given.
"""

from __future__ import annotations

import csv
import json
import re
import sys
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table
from rich.text import Text

from ..export import neutralise_cell

__all__ = ["OutputFormat", "emit_rows", "emit_json", "emit_json_line", "console", "err_console", "safe_text", "say",
           "warn", "error", "options", "MAX_LIMIT"]

# A pipe or `make` has no terminal width: give tables room instead of rich's 80-column default.
console = Console(width=None if sys.stdout.isatty() else 160)
# Messages are never wrapped: a reason must stay one greppable line, whatever the terminal width.
err_console = Console(stderr=True, soft_wrap=True)

# C0 controls but tab and newline, DEL and C1 controls: ESC/CSI/OSC sequences start with these.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
# JSON escapes C0 itself; C1 controls (U+0080-U+009F) pass through ensure_ascii=False, so they are escaped here.
_C1 = re.compile(r"[\x7f-\x9f]")


# The largest --limit any command takes: SQL engines store LIMIT as a signed 64-bit integer.
MAX_LIMIT = 2**63 - 1


class OutputFormat(StrEnum):
    table = "table"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"


def safe_text(value: str) -> str:
    """``value`` without control characters (tab and newline kept): no escape sequence reaches the terminal."""
    return _CONTROL.sub("", value)


def say(message: str, *, label: str = "", style: str = "", to_stderr: bool = True) -> None:
    """Print one message line: ``label`` styled, ``message`` verbatim (never read as markup)."""
    line = Text.assemble((label + " ", style) if label else "", safe_text(message))
    (err_console if to_stderr else console).print(line, highlight=False)


def warn(label: str, message: str) -> None:
    """A yellow-labelled note on stderr, e.g. ``skipped PATH: reason``."""
    say(message, label=label, style="yellow")


def error(message: str) -> None:
    """``error: message`` on stderr in red."""
    say(message, label="error:", style="red")


@dataclass
class OutputOptions:
    """Options of one command-line invocation that change how rows are printed (set by the root callback)."""

    csv_raw: bool = False


# Like the consoles above, one per process: the root callback resets it at the start of every invocation.
options = OutputOptions()


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def _csv_cell(value: Any, *, raw: bool) -> str:
    # Only text is neutralised: a number like -3.5 is data, and cannot carry a formula.
    text = _cell(value)
    return text if raw or not isinstance(value, str) else neutralise_cell(text)


TABLE_CELL_CHARS = 70  # tables are for a glance; --format json/csv carries every character


def _table_cell(value: Any) -> Text:
    if isinstance(value, list) and all(isinstance(v, str) for v in value):
        value = "; ".join(value)  # names read better than a JSON list in a table
    text = " ".join(safe_text(_cell(value)).split())
    return Text(text if len(text) <= TABLE_CELL_CHARS else text[: TABLE_CELL_CHARS - 1] + "…")


def _dumps(data: Any, **kwargs: Any) -> str:
    text = json.dumps(data, ensure_ascii=False, default=str, **kwargs)
    return _C1.sub(lambda m: f"\\u{ord(m.group()):04x}", text)


def emit_json(data: Any) -> None:
    """Print one JSON document to stdout (UTF-8, no rich markup, every control character escaped)."""
    sys.stdout.write(_dumps(data, indent=2) + "\n")


def emit_json_line(data: Any) -> None:
    """Print one compact JSON document as one line (JSON Lines), control characters escaped."""
    sys.stdout.write(_dumps(data) + "\n")


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
            emit_json_line(row)
        return
    cols = columns or (list(rows[0].keys()) if rows else [])
    if fmt is OutputFormat.csv:
        raw = options.csv_raw
        writer = csv.writer(sys.stdout)
        writer.writerow(cols)
        for row in rows:
            writer.writerow([_csv_cell(row.get(c), raw=raw) for c in cols])
        return
    table = Table(title=Text(safe_text(title)) if title else None, show_lines=False)
    for col in cols:
        table.add_column(col, overflow="fold")
    for row in rows:
        table.add_row(*[_table_cell(row.get(c)) for c in cols])
    console.print(table)
