"""Which reader a source needs: by file name first, then by looking at its first bytes."""

from __future__ import annotations

import re
import zlib

from ..errors import SourceError
from .jsonl import loads_bounded

__all__ = ["sniff_format", "gunzip_capped", "gunzip_head", "is_gzip", "FEED", "WARC", "JSONL", "HTML", "TEXT"]

FEED, WARC, JSONL, HTML, TEXT = "feed", "warc", "jsonl", "html", "text"

_BY_SUFFIX = (
    ((".warc", ".warc.gz"), WARC),
    ((".jsonl", ".ndjson"), JSONL),
    ((".rss", ".atom"), FEED),
    ((".html", ".htm", ".xhtml"), HTML),
)  # gzip is opened before this is consulted, and ".gz" dropped from the name (WARC.gz excepted)
_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.IGNORECASE)
_HTML_START = re.compile(rb"^\s*(<!--.*?-->\s*)*<(!doctype\s+html|html|head|body)[\s>]", re.IGNORECASE | re.DOTALL)
_HTML_TAGS = re.compile(rb"<(p|div|article|h1|h2|br)[\s/>]", re.IGNORECASE)
_HEAD = 4096


def is_gzip(data: bytes) -> bool:
    return data[:2] == b"\x1f\x8b"


def gunzip_capped(data: bytes, max_bytes: int, source: str) -> bytes:
    """Decompress gzip data, refusing output over ``max_bytes`` (a small file can hide a huge page)."""
    try:
        decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
        out = decompressor.decompress(data, max_bytes + 1)
    except zlib.error as exc:
        raise SourceError(f"malformed gzip data in {source}: {exc}") from exc
    if len(out) > max_bytes:
        raise SourceError(f"oversize: {source} decompresses to more than {max_bytes} bytes")
    if not decompressor.eof:
        raise SourceError(f"malformed gzip data in {source}: truncated stream")
    return out


def gunzip_head(data: bytes, size: int = 16) -> bytes:
    """The first ``size`` decompressed bytes of gzip data (empty when it is not valid gzip)."""
    try:
        return zlib.decompressobj(16 + zlib.MAX_WBITS).decompress(data[:4096], size)
    except zlib.error:
        return b""


def sniff_format(data: bytes, name: str, forced: str = "auto") -> str:
    """The reader for these bytes: a forced format, the file suffix, else the content's first bytes."""
    if forced != "auto":
        return forced
    lower = name.lower()
    for suffixes, kind in _BY_SUFFIX:
        if lower.endswith(suffixes):
            return kind
    return sniff_content(data)


def sniff_content(data: bytes) -> str:
    """Guess the format from content alone (used for stdin, URLs and files without a telling suffix)."""
    head = data[:_HEAD].lstrip(b"\xef\xbb\xbf \t\r\n")
    if head.startswith(b"WARC/"):
        return WARC
    if _FEED_ROOT.search(head) and (head.startswith(b"<?xml") or head[:5].lower() in (b"<rss ", b"<feed")):
        return FEED
    if _HTML_START.match(head) or len(_HTML_TAGS.findall(head)) >= 2:
        return HTML
    if head.startswith(b"{") and _first_line_is_object(data):
        return JSONL
    return TEXT


def _first_line_is_object(data: bytes) -> bool:
    first = data.lstrip().split(b"\n", 1)[0]
    try:
        return isinstance(loads_bounded(first.decode("utf-8-sig")), dict)
    except (ValueError, UnicodeDecodeError):
        return False
