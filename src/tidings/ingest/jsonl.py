"""JSON Lines reader: one ``{"id", "text"|"html", "url"?, "title"?, "published"?}`` document per line."""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from itertools import accumulate

from ..records import RawDocument, ReadFailure

__all__ = ["read_jsonl", "loads_bounded", "JsonTooDeep", "MAX_JSON_DEPTH"]

_OPTIONAL = ("url", "title", "published", "author")
# A document line is one flat object; real ones nest a few levels at most. Python's parser recurses per
# level, so 100,000 nested brackets would raise RecursionError instead of a clean per-line failure.
MAX_JSON_DEPTH = 64
_STRING = re.compile(r'"[^"\\]*(?:\\.[^"\\]*)*"')
_NOT_BRACKET = re.compile(r"[^\[\]{}]+")
_STEP = {"[": 1, "{": 1, "]": -1, "}": -1}


class JsonTooDeep(ValueError):
    """JSON nested deeper than :data:`MAX_JSON_DEPTH`."""


def json_depth(text: str) -> int:
    """How deeply ``text`` nests arrays and objects (brackets inside strings do not count)."""
    brackets = _NOT_BRACKET.sub("", _STRING.sub("", text))
    return max(accumulate(_STEP[c] for c in brackets), default=0)


def loads_bounded(text: str, max_depth: int = MAX_JSON_DEPTH):
    """``json.loads`` that refuses, before parsing, JSON nested deeper than ``max_depth``."""
    depth = json_depth(text)
    if depth > max_depth:
        raise JsonTooDeep(f"JSON nested {depth} levels deep, over the limit of {max_depth}")
    return json.loads(text)


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
        obj = loads_bounded(line)
    except JsonTooDeep as exc:
        return ReadFailure(source=source, doc_id=where, reason=f"line {lineno}: {exc}")
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
