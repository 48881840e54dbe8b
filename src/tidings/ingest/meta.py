"""Article metadata helpers: bylines, dates written in page text, language, content hash."""

from __future__ import annotations

import calendar
import hashlib
import re
from datetime import date, datetime

__all__ = ["parse_byline", "parse_page_date", "iso_date", "detect_language", "content_hash"]

_BYLINE = re.compile(r"^(?:by|written by|reporting by)\s+(?P<rest>.+)$", re.IGNORECASE)
# Where a byline's name ends and its outlet begins: "By Jane Roe/Reuters", "By Jane Roe, AP", "By Jane Roe for X".
_OUTLET_SPLIT = re.compile(r"\s*(?:/|\||,|;|\s[-–—]\s|\sfor\s)\s*")
_NAME_WORD = re.compile(r"^(?:[A-Z][\w.'’-]*|and|de|da|van|von|der|al-\w+|el-\w+|bin|ibn)$")
_MAX_NAME_WORDS = 8

_MONTHS = {name.lower(): i for i, name in enumerate(calendar.month_name) if name}
_MONTHS.update({name.lower(): i for i, name in enumerate(calendar.month_abbr) if name})
_MONTHS["sept"] = 9
_DAYS = "|".join(name for name in calendar.day_name) + "|" + "|".join(calendar.day_abbr)
_MONTH_RE = "|".join(sorted(_MONTHS, key=len, reverse=True))
_PAGE_DATE = re.compile(
    rf"^(?:(?:published|updated|posted)(?:\s+on)?:?\s*)?(?:(?:{_DAYS}),?\s+)?"
    rf"(?:(?P<m1>{_MONTH_RE})\.?\s+(?P<d1>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y1>\d{{4}})"
    rf"|(?P<d2>\d{{1,2}})(?:st|nd|rd|th)?\s+(?P<m2>{_MONTH_RE})\.?,?\s+(?P<y2>\d{{4}})"
    rf"|(?P<y3>\d{{4}})-(?P<m3>\d{{2}})-(?P<d3>\d{{2}}))"
    rf"(?:\s+(?:at\s+)?\d{{1,2}}:\d{{2}}(?:\s*[ap]\.?m\.?)?(?:\s+[A-Z]{{2,4}})?)?\.?$",
    re.IGNORECASE,
)
_LANG_SAMPLE = 5000
_LANG_MIN_LETTERS = 40


def parse_byline(line: str) -> tuple[str, str | None] | None:
    """``(author, outlet)`` for a byline line such as "By Sean Savage/JNS.org", else None."""
    match = _BYLINE.match(line.strip())
    if not match:
        return None
    parts = _OUTLET_SPLIT.split(match.group("rest").strip(), maxsplit=1)
    name = parts[0].strip()
    words = name.split()
    if not words or len(words) > _MAX_NAME_WORDS or not all(_NAME_WORD.match(w) for w in words):
        return None
    if not words[0][0].isupper():
        return None
    outlet = parts[1].strip().rstrip(".") if len(parts) > 1 and parts[1].strip() else None
    return name, outlet


def parse_page_date(line: str) -> str | None:
    """ISO date for a line that is nothing but a date ("July 17, 2024", "Published 17 July 2024")."""
    match = _PAGE_DATE.match(line.strip())
    if not match:
        return None
    groups = match.groupdict()
    if groups["y3"]:
        year, month, day = int(groups["y3"]), int(groups["m3"]), int(groups["d3"])
    else:
        year = int(groups["y1"] or groups["y2"])
        month = _MONTHS[(groups["m1"] or groups["m2"]).lower()]
        day = int(groups["d1"] or groups["d2"])
    try:
        return date(year, month, day).isoformat()
    except ValueError:
        return None


def iso_date(value: str) -> str | None:
    """An ISO ``YYYY-MM-DD`` for an ISO date/datetime or a written date, else None (never guessed)."""
    text = value.strip()
    try:
        return datetime.fromisoformat(text).date().isoformat()
    except ValueError:
        pass
    if re.fullmatch(r"\d{4}(-\d{2})?", text):
        return text  # a year or a month stays as precise as it was given
    return parse_page_date(text)


def detect_language(text: str) -> str | None:
    """ISO 639-1 code of the text's language (offline, py3langid), or None for text too short to tell."""
    sample = text[:_LANG_SAMPLE]
    if sum(1 for ch in sample if ch.isalpha()) < _LANG_MIN_LETTERS:
        return None  # a few words are too little to tell a language: unknown stays unknown
    import py3langid  # imported here: loading its model takes a moment and only cleaning needs it

    code, _score = py3langid.classify(sample)
    return code


def content_hash(text: str) -> str:
    """sha256 hex of the text with all whitespace runs collapsed to one space."""
    return hashlib.sha256(" ".join(text.split()).encode("utf-8")).hexdigest()
