"""RSS/Atom reader: each entry becomes a document, from its inline content or by fetching its link."""

from __future__ import annotations

import time
from collections.abc import Iterator
from html import escape

import feedparser

from ..errors import SourceError
from ..records import RawDocument, ReadFailure
from .fetch import fetch_url, is_url, strip_credentials
from .options import ReadOptions

__all__ = ["read_feed"]

_ENCODING_NOTICES = (feedparser.CharacterEncodingOverride, feedparser.NonXMLContentType)


def read_feed(data: bytes, source: str, options: ReadOptions) -> Iterator[RawDocument | ReadFailure]:
    """Yield one item per entry; a feed that does not parse is one failure."""
    parsed = feedparser.parse(data)
    problem = _malformation(parsed)
    if not parsed.entries:
        if not parsed.get("version"):
            reason = "not an RSS or Atom feed"
        elif problem:
            reason = f"malformed feed: {problem}"
        else:
            reason = "empty document: feed has no entries"
        yield ReadFailure(source=source, reason=reason)
        return
    if problem:
        # feedparser salvages what it can from broken XML: say so once, then keep what it recovered.
        yield ReadFailure(source=source, reason=f"malformed feed ({len(parsed.entries)} entries recovered): {problem}")
    outlet = parsed.feed.get("title") or None
    for n, entry in enumerate(parsed.entries, 1):
        yield _entry_item(entry, source, n, options, outlet)


def _malformation(parsed) -> str | None:
    """The parse error of a broken feed; encoding notices alone do not make a feed malformed."""
    exc = parsed.get("bozo_exception")
    if not parsed.get("bozo") or exc is None or isinstance(exc, _ENCODING_NOTICES):
        return None
    return " ".join(str(exc).split())[:200] or type(exc).__name__


def _entry_date(entry) -> str | None:
    stamp = entry.get("published_parsed") or entry.get("updated_parsed")
    return time.strftime("%Y-%m-%d", stamp) if stamp else None


def _entry_item(entry, source: str, n: int, options: ReadOptions, outlet: str | None) -> RawDocument | ReadFailure:
    link = strip_credentials(entry["link"]) if entry.get("link") else None
    doc_id = link or f"{source}#{n}"
    meta = {"title": entry.get("title") or None, "published": _entry_date(entry), "author": entry.get("author") or None}
    inline = _inline_html(entry)
    if inline:
        return _page_item(inline, doc_id, source, link, meta, outlet)
    if link and is_url(link):
        try:
            fetched = fetch_url(link, options)
        except SourceError as exc:
            return ReadFailure(source=source, doc_id=doc_id, reason=f"feed entry {n}: {exc.reason}")
        fmt = "text" if fetched.content_type.startswith("text/plain") else "html"
        return RawDocument(doc_id=doc_id, source=source, content=fetched.content, input_format=fmt,
                           encoding=fetched.encoding, url=fetched.final_url, **meta)
    summary = entry.get("summary") or ""
    if summary.strip():
        return _page_item(summary, doc_id, source, link, meta, outlet)
    return ReadFailure(source=source, doc_id=doc_id, reason=f"feed entry {n} has no content and no fetchable link")


def _inline_html(entry) -> str | None:
    """The entry's full content (content:encoded / Atom content), never the teaser summary."""
    for content in entry.get("content") or []:
        value = content.get("value") or ""
        if value.strip():
            return value
    return None


def _page_item(body: str, doc_id: str, source: str, link: str | None, meta: dict, outlet: str | None) -> RawDocument:
    """An entry's inline HTML as a small page whose head carries the feed's metadata (outlet, date, title)."""
    head = '<meta charset="utf-8">'
    if outlet:
        head += f'<meta property="og:site_name" content="{escape(outlet, quote=True)}">'
    if meta["published"]:
        # The feed's date travels as page metadata, so cleaning reports it with published_source "metadata".
        head += f'<meta property="article:published_time" content="{meta["published"]}">'
    if meta["title"]:
        head += f"<title>{escape(meta['title'])}</title>"
    page = f"<!DOCTYPE html><html><head>{head}</head><body><article>{body}</article></body></html>"
    return RawDocument(doc_id=doc_id, source=source, content=page.encode("utf-8"), input_format="html",
                       encoding="utf-8", url=link, title=meta["title"], author=meta["author"])
