"""Cleaning: a raw document becomes an :class:`Article` (body text, headline, byline, outlet, date, language).

HTML goes through trafilatura with metadata; plain scraped text through line-level boilerplate
removal (:mod:`.textclean`). Paragraphs are always joined by exactly one blank line.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field

import htmldate
import trafilatura
from lxml.etree import LxmlError

from ..errors import CleanError
from ..records import Article, RawDocument
from .decode import decode_text, looks_binary
from .htmlprep import prepare_html
from .meta import content_hash, detect_language, iso_date
from .textclean import load_chrome, split_scraped_text

__all__ = ["clean_document", "extract_html", "PARAGRAPH_SEPARATOR"]

log = logging.getLogger(__name__)

PARAGRAPH_SEPARATOR = "\n\n"
_MIN_HTML_WORDS = 8
_WHOLE_PAGE = re.compile(r"<(html|body)[\s>]", re.IGNORECASE)
_HEAD_SCAN = 4096
PAGE_DATE_WARNING = (
    "published date {date} was read from the page's visible text (page chrome), not from article metadata: untrusted"
)
# Metadata only (meta tags, JSON-LD, URL, marked-up time elements): dates guessed from visible text are "page" dates.
_METADATA_DATES = {"extensive_search": False, "original_date": True}


@dataclass
class _Cleaned:
    """What one cleaner found, before dates and language are settled."""

    paragraphs: list[str]
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    date: str | None = None
    date_source: str | None = None
    warnings: list[str] = field(default_factory=list)


def clean_document(raw: RawDocument, *, published: str | None = None, max_chars: int | None = None) -> Article:
    """Clean one raw document; raises :class:`CleanError` when nothing usable is in it, or (``max_chars``)
    when its text is longer than a document may be."""
    if not raw.content.strip():
        raise CleanError(f"empty document: {raw.doc_id}")
    if looks_binary(raw.content):
        raise CleanError(f"binary content, not text or HTML: {raw.doc_id}")
    cleaned = _clean_html(raw) if raw.input_format == "html" else _clean_text(raw, article=raw.input_format == "jsonl")
    text = PARAGRAPH_SEPARATOR.join(cleaned.paragraphs)
    if not text.strip():
        raise CleanError(f"empty document: no article text found in {raw.doc_id}")
    if max_chars is not None and len(text) > max_chars:
        raise CleanError(f"too long: {raw.doc_id} has {len(text)} characters of text, over the {max_chars}-character "
                         "limit per document (setting max_document_chars)")
    date, date_source, warnings = _settle_date(raw, cleaned, published)
    return Article(
        doc_id=raw.doc_id,
        source=raw.source,
        text=text,
        title=raw.title or cleaned.title,
        author=raw.author or cleaned.author,
        outlet=cleaned.outlet,
        url=raw.url or cleaned.url,
        published=date,
        published_source=date_source,
        language=detect_language(text),
        warnings=warnings,
        content_hash=content_hash(text),
    )


def _settle_date(raw: RawDocument, cleaned: _Cleaned, published: str | None) -> tuple[str | None, str | None, list]:
    """Which publication date to trust, in order: --published, the input's own date, metadata, page chrome."""
    warnings = list(cleaned.warnings)
    for given in (published, raw.published):
        if given:
            normalised = iso_date(given)
            if normalised is None:
                if given is published:
                    raise CleanError(f"cannot read published date {given!r}: use YYYY-MM-DD")
                warnings.append(f"published date {given!r} from the input is not a date; kept as given")
                return given, "input", warnings
            return normalised, "input", warnings
    if cleaned.date and cleaned.date_source == "page":
        warnings.append(PAGE_DATE_WARNING.format(date=cleaned.date))
    return cleaned.date, cleaned.date_source, warnings


def _clean_text(raw: RawDocument, *, article: bool = False) -> _Cleaned:
    """Plain text; ``article``: the text is the article itself (JSON Lines), only certain furniture goes."""
    text = decode_text(raw.content, encoding=raw.encoding)
    parts = split_scraped_text(text, article=article)
    if article and raw.title and parts.paragraphs and _same_words(parts.paragraphs[0], raw.title):
        parts.paragraphs = parts.paragraphs[1:]  # the record's own headline repeated as the first line
    cleaned = _Cleaned(paragraphs=parts.paragraphs, title=parts.title, author=parts.author, outlet=parts.outlet)
    if parts.dateline:
        cleaned.date, cleaned.date_source = parts.dateline, "text"
    elif parts.page_dates:
        cleaned.date, cleaned.date_source = parts.page_dates[0], "page"
        if len(set(parts.page_dates)) > 1:
            shown = ", ".join(sorted(set(parts.page_dates)))
            cleaned.warnings.append(f"page chrome shows several dates ({shown}); used the first")
    return cleaned


def _same_words(a: str, b: str) -> bool:
    return " ".join(a.split()).casefold() == " ".join(b.split()).casefold()


def _clean_html(raw: RawDocument) -> _Cleaned:
    markup = decode_text(raw.content, encoding=raw.encoding) if raw.encoding else raw.content
    head = markup[:_HEAD_SCAN]
    if not _WHOLE_PAGE.search(head.decode("latin-1") if isinstance(head, bytes) else head):
        # A fragment (feed entry, JSONL "html") parses as an empty tree unless it sits in a page.
        markup = _wrap_fragment(markup)
    result = extract_html(markup, url=raw.url)
    if result is None:
        raise CleanError(f"malformed HTML or no article text in {raw.doc_id}")
    return result


def _wrap_fragment(markup: str | bytes) -> str | bytes:
    if isinstance(markup, bytes):
        return b"<html><body>" + markup + b"</body></html>"
    return "<html><body>" + markup + "</body></html>"


def _trim_furniture(paragraphs: list[str]) -> list[str]:
    """Drop page furniture ("Subscribe to our newsletter", "Click here ...") that trafilatura left at either end."""
    chrome = load_chrome()
    start, end = 0, len(paragraphs)
    while start < end and chrome.matches(paragraphs[start]):
        start += 1
    while end > start and chrome.matches(paragraphs[end - 1]):
        end -= 1
    return paragraphs[start:end]


def extract_html(markup: str | bytes, *, url: str | None = None) -> _Cleaned | None:
    """Body and metadata of an HTML page; precision-first extraction, recall-first when that finds nothing."""
    try:
        # Parsed once, inline markup repaired (htmlprep); trafilatura works on its own copy each time.
        tree = prepare_html(markup)
        page = tree if tree is not None else markup
        doc = trafilatura.bare_extraction(
            page, url=url, with_metadata=True, favor_precision=True, date_extraction_params=_METADATA_DATES
        )
        if doc is None or not (doc.text or "").strip():
            doc = trafilatura.bare_extraction(
                page, url=url, with_metadata=True, favor_recall=True, date_extraction_params=_METADATA_DATES
            )
    except (ValueError, TypeError, LxmlError) as exc:
        log.debug("trafilatura failed on %s: %s", url, exc)
        return None
    # A few words (a menu entry, a link) left after boilerplate removal are not an article.
    if doc is None or len((doc.text or "").split()) < _MIN_HTML_WORDS:
        return None
    paragraphs = [line.strip() for line in doc.text.splitlines() if line.strip()]
    if doc.title:
        # The headline is metadata, not body text, also where the page repeats it (a video caption).
        headline = " ".join(doc.title.split())
        paragraphs = [p for p in paragraphs if " ".join(p.split()) != headline]
    paragraphs = _trim_furniture(paragraphs)
    cleaned = _Cleaned(
        paragraphs=paragraphs, title=doc.title or None, author=doc.author or None, outlet=doc.sitename or None,
        url=doc.url or None,
    )
    if doc.date:
        cleaned.date, cleaned.date_source = iso_date(doc.date), "metadata"
    else:
        cleaned.date = _visible_date(markup)
        cleaned.date_source = "page" if cleaned.date else None
    return cleaned


def _visible_date(markup: str | bytes) -> str | None:
    """A date htmldate finds only by searching the page's visible text (reported as untrusted)."""
    try:
        found = htmldate.find_date(markup, extensive_search=True, original_date=True)
    except (ValueError, TypeError, LxmlError) as exc:
        log.debug("htmldate failed: %s", exc)
        return None
    return iso_date(found) if found else None
