"""JSON Lines reader: one ``{"id", "text"|"html", "url"?, "title"?, "published"?}`` document per line."""

from __future__ import annotations

import json
from collections.abc import Iterator

from ..records import RawDocument, ReadFailure

__all__ = ["read_jsonl"]

_OPTIONAL = ("url", "title", "published", "author")


def read_jsonl(data: bytes, source: str) -> Iterator[RawDocument | ReadFailure]:
    """Each line becomes a document; a bad line is one failure and the other lines go on."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        yield ReadFailure(source=source, reason=f"JSON Lines file is not UTF-8: {exc.reason} at byte {exc.start}")
        return
    seen = 0
    for lineno, line in enumerate(text.splitlines(), 1):
        if not line.strip():
            continue
        seen += 1
        yield _line_item(line, source, lineno)
    if not seen:
        yield ReadFailure(source=source, reason="empty document: JSON Lines file has no lines")


def _line_item(line: str, source: str, lineno: int) -> RawDocument | ReadFailure:
    where = f"{source}#{lineno}"
    try:
        obj = json.loads(line)
    except json.JSONDecodeError as exc:
        return ReadFailure(source=source, doc_id=where, reason=f"line {lineno}: invalid JSON: {exc.msg}")
    if not isinstance(obj, dict):
        return ReadFailure(source=source, doc_id=where, reason=f"line {lineno}: expected a JSON object")
    doc_id = str(obj["id"]) if obj.get("id") not in (None, "") else where
    # A "text" field is the article itself: input format "jsonl" tells cleaning to drop only certain furniture.
    body, fmt = (obj.get("html"), "html") if isinstance(obj.get("html"), str) else (obj.get("text"), "jsonl")
    if not isinstance(body, str) or not body.strip():
        return ReadFailure(source=source, doc_id=doc_id, reason=f"line {lineno}: no non-empty 'text' or 'html' field")
    extra = {key: str(obj[key]) for key in _OPTIONAL if obj.get(key) not in (None, "")}
    return RawDocument(
        doc_id=doc_id, source=source, content=body.encode("utf-8"), input_format=fmt, encoding="utf-8", **extra
    )
