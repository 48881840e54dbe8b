"""Plain scraped text: line-level boilerplate removal that keeps headline, byline and page date as metadata.

Each non-blank line is one paragraph (a hard-wrapped block is one). jusText, over the paragraphs
wrapped as HTML, tells body from page chrome by length and stop-word density; our rules then pick
out the headline just above the body, a "By ..." byline and date-only lines. Kept paragraphs keep
their characters exactly.
"""

from __future__ import annotations

import html
import logging
import re
from dataclasses import dataclass, field
from functools import cache
from importlib.resources import files

import justext
import yaml
from justext.core import JustextError
from lxml.etree import LxmlError

from ..errors import ConfigError
from .meta import parse_byline, parse_page_date

__all__ = ["TextParts", "ChromePhrases", "split_scraped_text", "paragraph_units", "load_chrome"]

log = logging.getLogger(__name__)

_STOPLIST = "English"
_CHROME_FILE = "chrome.yaml"
_TITLE_MIN_WORDS, _TITLE_MAX_WORDS = 2, 25
_TITLE_LOOKBACK = 3  # a headline sits at most this many lines above the first body paragraph
_SENTENCE_END = re.compile(r"[.!?][\"'”’)\]]*$")
_FALLBACK_MIN_WORDS = 5
_LIST_ITEM = re.compile(r"(?:[-–—•*·▪●]|\(?\d{1,2}[.)]|\(?[a-z][.)])\s+\S")
_LIST_MIN_WORDS = 3  # a lead-in has at least this many words, an item more (the bullet counts as one)
_SENTENCE_MIN_WORDS = 4  # "\"That's correct,\" Volker said." is article text; "Close this search box." is listed chrome
_WRAP_MIN_WIDTH = 50  # wrapped text is cut at 60-80 columns; short chrome lines never qualify
_WRAP_FILL = 0.6


@dataclass
class TextParts:
    """What a scraped text splits into: body paragraphs (exact input characters) and metadata."""

    paragraphs: list[str]
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    dateline: str | None = None
    page_dates: list[str] = field(default_factory=list)


def split_scraped_text(text: str, *, article: bool = False) -> TextParts:
    """Separate article paragraphs from page chrome in plain scraped text.

    ``article=True`` is for text given as the article itself (a JSON Lines ``text`` field): every line
    is kept except certain furniture (the phrase list), a byline and a date-only line; no headline is
    looked for. Otherwise jusText judges the lines, and a line it calls boilerplate is kept all the
    same when it reads as a sentence: clean news and government texts lose no sentence.
    """
    lines = paragraph_units(text)
    furniture = [load_chrome().matches(line) for line in lines]
    dates = [parse_page_date(line) for line in lines]
    bylines = [parse_byline(line) if len(line) < 120 else None for line in lines]
    # Lines that are metadata or furniture: never body, never the headline.
    skip = [bool(dates[i] or bylines[i] or furniture[i]) for i in range(len(lines))]
    if article:
        body = [i for i in range(len(lines)) if not skip[i]]
        byline = next((b for b in bylines if b), None)
        return TextParts(
            paragraphs=[lines[i] for i in body], author=byline[0] if byline else None,
            outlet=byline[1] if byline else None, page_dates=[d for d in dates if d],
        )
    judged = _justext_good(lines)
    good = [
        (ok or _reads_as_sentence(line)) and not junk for ok, junk, line in zip(judged, furniture, lines, strict=True)
    ]
    body = [i for i, ok in enumerate(good) if ok and not skip[i]]
    if not body:
        body = _fallback_body(lines, skip)
    body = _keep_lists(lines, body, skip)
    title_at = _find_title(lines, body, skip)
    if title_at is not None and title_at in body:
        body.remove(title_at)
    byline = next((b for b in bylines if b), None)
    dateline_at = _find_dateline(title_at, body, dates)
    return TextParts(
        paragraphs=[lines[i] for i in body],
        title=lines[title_at] if title_at is not None else None,
        author=byline[0] if byline else None,
        outlet=byline[1] if byline else None,
        dateline=dates[dateline_at] if dateline_at is not None else None,
        page_dates=[d for i, d in enumerate(dates) if d and i != dateline_at],
    )


@dataclass(frozen=True)
class ChromePhrases:
    """Phrases that mark a line as page furniture (``data/chrome.yaml``)."""

    starts_with: tuple[str, ...]
    contains: tuple[str, ...]
    max_words_starts_with: int
    max_words_contains: int
    whole_lines: frozenset[str] = frozenset()

    def matches(self, line: str) -> bool:
        lower, words = line.lower(), len(line.split())
        bare = " ".join(re.findall(r"\w+", lower))
        if not bare or bare in self.whole_lines:
            return True  # a line of no words at all ("###", "* * *") or one listed whole
        if words <= self.max_words_starts_with and lower.startswith(self.starts_with):
            return True
        return words <= self.max_words_contains and any(phrase in lower for phrase in self.contains)


@cache
def load_chrome() -> ChromePhrases:
    """Read and check the chrome phrase list shipped with the package (once per process)."""
    source = files("tidings.ingest").joinpath("data", _CHROME_FILE)
    try:
        data = yaml.safe_load(source.read_text(encoding="utf-8"))
        return ChromePhrases(
            starts_with=tuple(str(p).lower() for p in data["starts_with"]),
            contains=tuple(str(p).lower() for p in data["contains"]),
            max_words_starts_with=int(data["max_words_starts_with"]),
            max_words_contains=int(data["max_words_contains"]),
            whole_lines=frozenset(" ".join(re.findall(r"\w+", str(p).lower())) for p in data["whole_lines"]),
        )
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError) as exc:
        raise ConfigError(f"broken chrome phrase list {_CHROME_FILE}: {exc}") from exc


def paragraph_units(text: str) -> list[str]:
    """The text's paragraphs: each non-blank line, except that a hard-wrapped block stays one paragraph."""
    units: list[str] = []
    for block in re.split(r"\n[ \t]*\n", text.replace("\r\n", "\n").replace("\r", "\n")):
        lines = [line.strip() for line in block.split("\n") if line.strip()]
        if _is_hard_wrapped(lines):
            units.append("\n".join(lines))
        else:
            units.extend(lines)
    return units


def _is_hard_wrapped(lines: list[str]) -> bool:
    """Lines of one block cut at a fixed width: all but the last nearly as long as the longest, mid-sentence."""
    if len(lines) < 2:
        return False
    width = max(len(line) for line in lines)
    body = lines[:-1]
    if width < _WRAP_MIN_WIDTH or any(len(line) < _WRAP_FILL * width for line in body):
        return False
    # Prose cut mid-sentence: some line runs on, and some continuation starts in lower case (lists never do).
    runs_on = any(not _SENTENCE_END.search(line) for line in body)
    return runs_on and any(line[0].islower() for line in lines[1:])


def _justext_good(lines: list[str]) -> list[bool]:
    """Per line: does jusText judge it body text? Paragraphs are aligned back to lines by their text."""
    if not lines:
        return []
    page = "<html><body>" + "".join(f"<p>{html.escape(line)}</p>" for line in lines) + "</body></html>"
    try:
        paragraphs = justext.justext(page.encode("utf-8"), justext.get_stoplist(_STOPLIST), encoding="utf-8")
    except (JustextError, LxmlError, ValueError) as exc:
        # Nothing judged body: the caller falls back to keeping the lines that read as sentences.
        log.debug("jusText failed: %s", exc)
        return [False] * len(lines)
    good = [False] * len(lines)
    cursor = 0
    for paragraph in paragraphs:
        # jusText collapses whitespace; compare the same way and never move backwards.
        target = " ".join(paragraph.text.split())
        for i in range(cursor, len(lines)):
            if " ".join(lines[i].split()) == target:
                good[i] = not paragraph.is_boilerplate
                cursor = i + 1
                break
    return good


def _reads_as_sentence(line: str) -> bool:
    """A line of prose: it ends as a sentence ends and has a sentence's length. Chrome rarely does both."""
    return bool(_SENTENCE_END.search(line)) and len(line.split()) >= _SENTENCE_MIN_WORDS


def _keep_lists(lines: list[str], body: list[int], skip: list[bool]) -> list[int]:
    """A list inside the article ("The sanctions target:" then "- three officials of ...") is article text.

    The lead-in line ends with a colon and is body text or follows body text; each item starts with a
    bullet or a number and has a few words. jusText calls such short lines boilerplate.
    """
    kept = set(body)
    i = 0
    while i < len(lines):
        lead_in = lines[i].endswith(":") and not skip[i] and len(lines[i].split()) >= _LIST_MIN_WORDS
        j = i + 1
        while lead_in and j < len(lines) and not skip[j] and _is_list_item(lines[j]):
            j += 1
        if j > i + 1 and (i in kept or i - 1 in kept):
            kept.update(range(i, j))
            i = j
        else:
            i += 1
    return sorted(kept)


def _is_list_item(line: str) -> bool:
    return _LIST_ITEM.match(line) is not None and len(line.split()) > _LIST_MIN_WORDS


def _fallback_body(lines: list[str], skip: list[bool]) -> list[int]:
    """When jusText keeps nothing (short or non-English text): the lines that read as sentences."""
    candidates = [i for i in range(len(lines)) if not skip[i]]
    sentences = [
        i for i in candidates if _SENTENCE_END.search(lines[i]) and len(lines[i].split()) >= _FALLBACK_MIN_WORDS
    ]
    return sentences or candidates


def _find_dateline(title_at: int | None, body: list[int], dates: list) -> int | None:
    """A date line between the headline and the first paragraph belongs to the article, not the page chrome."""
    if title_at is None or not body:
        return None
    return next((i for i in range(title_at + 1, body[0]) if dates[i]), None)


def _is_heading(line: str) -> bool:
    words = line.split()
    if not _TITLE_MIN_WORDS <= len(words) <= _TITLE_MAX_WORDS:
        return False
    if line.endswith((".", ",", ":", ";")) or not (line[0].isupper() or line[0].isdigit() or line[0] in "\"'“‘"):
        return False
    capitalised = sum(1 for w in words if w[0].isupper() or w[0].isdigit())
    # Headlines are title case or sentence case; either way they start upper and rarely run past 25 words.
    return capitalised >= 1


def _find_title(lines: list[str], body: list[int], skip: list[bool]) -> int | None:
    """The headline: the heading-like line nearest above the first body paragraph."""
    if not body:
        return None
    first = body[0]
    if _is_heading(lines[first]) and not _SENTENCE_END.search(lines[first]) and len(body) > 1:
        return first  # jusText kept a long headline as body text
    for i in range(first - 1, max(-1, first - 1 - _TITLE_LOOKBACK), -1):
        if skip[i]:
            continue
        return i if _is_heading(lines[i]) else None
    return None
