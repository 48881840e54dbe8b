"""WARC / WARC.gz reader: every HTML response record becomes a document; a cut archive says where it broke."""

from __future__ import annotations

import zlib
from collections.abc import Iterator
from typing import BinaryIO

from warcio.archiveiterator import ArchiveIterator
from warcio.exceptions import ArchiveLoadFailed

from ..records import RawDocument, ReadFailure

__all__ = ["read_warc"]

_RECORD_TYPES = ("response", "resource")
_HTML_TYPES = ("text/html", "application/xhtml+xml")
_BLOCK = 1 << 16
_GZIP_MAGIC = b"\x1f\x8b"


def read_warc(stream: BinaryIO, source: str, max_bytes: int) -> Iterator[RawDocument | ReadFailure]:
    """Yield HTML records in archive order; a broken or truncated archive ends with one failure naming
    how many records were read before it broke."""
    found = 0
    index = 0
    gzipped = _peek(stream, 2) == _GZIP_MAGIC
    archive = ArchiveIterator(stream)
    try:
        for index, record in enumerate(archive, 1):
            item = _record_item(record, source, index, max_bytes)
            _drain(record, index)
            if item is not None:
                found += 1
                yield item
    except AttributeError:
        # warcio trips over a record cut inside its headers with an AttributeError of its own.
        yield ReadFailure(source=source, reason=f"truncated WARC after {index} records: record {index + 1} is cut "
                                                "inside its headers; later records are lost")
        return
    except (ArchiveLoadFailed, ValueError, OSError, EOFError, zlib.error) as exc:
        read = index - 1 if isinstance(exc, _Malformed) else index
        yield ReadFailure(source=source, reason=f"malformed WARC after {max(read, 0)} records: {_one_line(exc)}")
        return
    # warcio stops quietly at a gzip member cut short, so the compressed stream is checked on its own.
    if gzipped and not _gzip_complete(stream):
        yield ReadFailure(source=source, reason=f"truncated WARC: the gzip stream ends mid-member after {index} "
                                                f"records were read; later records are lost")
        return
    if not gzipped and _leftover(stream, archive.offset):
        yield ReadFailure(source=source, reason=f"truncated WARC: bytes after record {index} are not a whole "
                                                f"record (cut inside its headers); later records are lost")
        return
    if not found:
        yield ReadFailure(source=source, reason=f"no HTML response records in WARC ({index} records read)")


def _peek(stream: BinaryIO, size: int) -> bytes:
    start = stream.tell()
    head = stream.read(size)
    stream.seek(start)
    return head


def _gzip_complete(stream: BinaryIO) -> bool:
    """True when every gzip member of ``stream`` ends with its trailer (decompressed output is thrown away)."""
    stream.seek(0)
    pending = b""
    decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
    started = False  # whether the current member has received any bytes
    while True:
        block = pending or stream.read(_BLOCK)
        pending = b""
        if not block:
            return decompressor.eof or not started
        started = True
        try:
            decompressor.decompress(block, _BLOCK)
            while decompressor.unconsumed_tail:
                decompressor.decompress(decompressor.unconsumed_tail, _BLOCK)
        except zlib.error:
            return False
        if decompressor.eof:
            pending = decompressor.unused_data
            if pending.strip(b"\x00\r\n") == b"":
                pending = b""  # padding after the last member is not data
            decompressor = zlib.decompressobj(16 + zlib.MAX_WBITS)
            started = False


def _leftover(stream: BinaryIO, offset: int) -> bool:
    """True when something other than blank lines follows the last whole record (warcio stops quietly at a
    record cut inside its headers)."""
    stream.seek(offset)
    while block := stream.read(_BLOCK):
        if block.strip():
            return True
    return False


def _drain(record, index: int) -> None:
    """Read what is left of a record: a record whose body stops short of its Content-Length was cut."""
    while record.raw_stream.read(_BLOCK):
        pass
    if getattr(record.raw_stream, "limit", 0):
        raise _Malformed(f"record {index} is truncated: it stops short of its Content-Length")


def _one_line(exc: Exception) -> str:
    return " ".join(str(exc).split())[:200] or type(exc).__name__


class _Malformed(ValueError):
    """A record warcio could read only by guessing: an ARC-style fallback or a missing length."""


def _record_item(record, source: str, index: int, max_bytes: int) -> RawDocument | ReadFailure | None:
    if not str(record.format).startswith("warc"):
        raise _Malformed("not a WARC record (no WARC/1.x header)")
    if record.length is None:
        raise _Malformed(f"record {index} has no Content-Length")
    if record.rec_type not in _RECORD_TYPES:
        return None
    content_type = _content_type(record)
    if not content_type.startswith(_HTML_TYPES):
        return None
    url = record.rec_headers.get_header("WARC-Target-URI")
    doc_id = url or f"{source}#{index}"
    body = record.content_stream().read(max_bytes + 1)
    if len(body) > max_bytes:
        return ReadFailure(source=source, doc_id=doc_id, reason=f"oversize: WARC record over {max_bytes} bytes")
    if getattr(record.raw_stream, "limit", 0):
        raise _Malformed(f"record {index} ({doc_id}) is truncated")
    return RawDocument(doc_id=doc_id, source=source, content=body, input_format="html", url=url or None)


def _content_type(record) -> str:
    if record.http_headers is not None:
        status = record.http_headers.get_statuscode() or "200"
        if not status.startswith("2"):
            return ""
        return (record.http_headers.get_header("Content-Type") or "").lower()
    return (record.rec_headers.get_header("Content-Type") or "").lower()
