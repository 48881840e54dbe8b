"""The reader front door: turn a mixed list of sources into raw documents or per-item failures."""

from __future__ import annotations

import io
import logging
import os
import stat
import sys
from collections.abc import Iterator
from pathlib import Path

from ..errors import SourceError
from ..records import RawDocument, ReadFailure
from .decode import looks_binary
from .feeds import read_feed
from .fetch import fetch_url, has_other_scheme, is_url, strip_credentials
from .jsonl import read_jsonl
from .options import INPUT_FORMATS, ReadOptions
from .sniff import FEED, JSONL, TEXT, WARC, gunzip_capped, gunzip_head, is_gzip, sniff_format
from .warc import read_warc

__all__ = ["read_sources", "STDIN"]

log = logging.getLogger(__name__)

STDIN = "-"
Item = RawDocument | ReadFailure


def read_sources(sources: list[str], options: ReadOptions) -> Iterator[Item]:
    """Every document in ``sources`` (then ``options.feeds``), in order; bad items become failures."""
    if options.input_format not in INPUT_FORMATS:
        raise SourceError(f"unknown input format {options.input_format!r}: choose one of {', '.join(INPUT_FORMATS)}")
    for source in sources:
        yield from _read_one(source, options)
    for feed in options.feeds:
        yield from _read_feed_source(feed, options)


def _read_one(source: str, options: ReadOptions) -> Iterator[Item]:
    shown = strip_credentials(source) if is_url(source) else source
    try:
        if source == STDIN:
            yield from _from_bytes(_read_stdin(options), "stdin", source, options)
        elif is_url(source):
            yield from _read_url(source, options)
        elif has_other_scheme(source):
            raise SourceError(f"refused URL {strip_credentials(source)}: only http and https are fetched")
        else:
            yield from _read_path(Path(source), options)
    except SourceError as exc:
        yield ReadFailure(source=shown, doc_id=None, reason=exc.reason)


def _read_stdin(options: ReadOptions) -> bytes:
    stream = getattr(sys.stdin, "buffer", None)
    if stream is None or sys.stdin.closed:
        raise SourceError("no standard input to read '-' from")
    try:
        return stream.read(options.max_bytes + 1)
    except OSError as exc:
        raise SourceError(f"cannot read standard input: {exc}") from exc


def _read_feed_source(feed: str, options: ReadOptions) -> Iterator[Item]:
    """A source named with ``--feed``: always parsed as RSS/Atom."""
    try:
        data = fetch_url(feed, options).content if is_url(feed) else _read_file_bytes(Path(feed), options)
    except SourceError as exc:
        yield ReadFailure(source=feed, reason=exc.reason)
        return
    yield from read_feed(data, feed, options)


def _read_url(url: str, options: ReadOptions) -> Iterator[Item]:
    fetched = fetch_url(url, options)
    forced = "text" if options.input_format == "auto" and fetched.content_type.startswith("text/plain") else None
    # fetched.url has no user:password part: credentials are used for nothing and stored nowhere.
    yield from _from_bytes(fetched.content, fetched.url, fetched.url, options, url=fetched.final_url,
                           encoding=fetched.encoding, kind=forced)


def _read_path(path: Path, options: ReadOptions) -> Iterator[Item]:
    if path.is_dir():
        yield from _read_directory(path, options)
        return
    if not path.exists() and not path.is_symlink():
        raise SourceError(f"missing path: {path} does not exist")
    if path.name.lower().endswith((".warc", ".warc.gz")) and options.input_format == "auto":
        yield from _read_warc_file(path, options)
        return
    yield from _from_bytes(_read_file_bytes(path, options), str(path), str(path), options)


def _read_directory(root: Path, options: ReadOptions) -> Iterator[Item]:
    """Entries under ``root``, recursively, sorted by path; hidden files and folders are skipped.

    Symlinked folders are not followed (a link loop cannot trap the walk); every other entry, FIFOs and
    devices included, is handed to the readers, so what cannot be read gets a failure record, not silence.
    """
    entries = sorted(
        Path(folder, name)
        for folder, dirs, names in os.walk(root, followlinks=False)
        for name in _visible(dirs, names)
    )
    if not entries:
        yield ReadFailure(source=str(root), reason="empty directory: no readable files")
    for path in entries:
        yield from _read_one(str(path), options)


def _visible(dirs: list[str], names: list[str]) -> list[str]:
    dirs[:] = [d for d in dirs if not d.startswith(".")]  # os.walk descends only into what is left here
    return [n for n in names if not n.startswith(".")]


_KINDS = ((stat.S_ISFIFO, "a FIFO (named pipe)"), (stat.S_ISCHR, "a character device"),
          (stat.S_ISBLK, "a block device"), (stat.S_ISSOCK, "a socket"), (stat.S_ISDIR, "a folder"))


def _not_regular(path: Path, mode: int) -> SourceError:
    kind = next((name for test, name in _KINDS if test(mode)), "not a regular file")
    return SourceError(f"not a regular file: {path} is {kind}; only regular files are read")


def _open_regular(path: Path):
    """Open ``path`` for reading only if it is a regular file: a FIFO would block, /dev/zero never ends."""
    try:
        mode = path.stat().st_mode
        if not stat.S_ISREG(mode):
            raise _not_regular(path, mode)
        # O_NONBLOCK: should the path be swapped for a FIFO after the check, opening it still returns at once.
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    mode = os.fstat(fd).st_mode
    if not stat.S_ISREG(mode):
        os.close(fd)
        raise _not_regular(path, mode)
    os.set_blocking(fd, True)
    return os.fdopen(fd, "rb")


def _read_file_bytes(path: Path, options: ReadOptions) -> bytes:
    """The file's bytes, counted as they are read (a file can grow after ``stat``, or lie about its size)."""
    with _open_regular(path) as stream:
        try:
            data = stream.read(options.max_bytes + 1)
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc
    if len(data) > options.max_bytes:
        raise SourceError(f"oversize: {path} is over the {options.max_bytes}-byte limit")
    return data


def _read_warc_file(path: Path, options: ReadOptions) -> Iterator[Item]:
    # Archives are streamed record by record: the size cap applies to each record, not the archive.
    with _open_regular(path) as stream:
        try:
            yield from read_warc(stream, str(path), options.max_bytes)
        except OSError as exc:
            raise SourceError(f"cannot read {path}: {exc.strerror or exc}") from exc


def _from_bytes(
    data: bytes, doc_id: str, source: str, options: ReadOptions, *,
    url: str | None = None, encoding: str | None = None, kind: str | None = None,
) -> Iterator[Item]:
    """Dispatch bytes to the reader their format needs (gzip is opened first, except for WARC)."""
    if len(data) > options.max_bytes:
        raise SourceError(f"oversize: {source} is over the {options.max_bytes}-byte limit")
    name = source
    if is_gzip(data):
        if gunzip_head(data).startswith(b"WARC/"):
            yield from read_warc(io.BytesIO(data), source, options.max_bytes)
            return
        data = gunzip_capped(data, options.max_bytes, source)
        name = source[:-3] if source.lower().endswith(".gz") else source
    fmt = kind or sniff_format(data, "" if name == STDIN else name, options.input_format)
    if fmt == WARC:
        yield from read_warc(io.BytesIO(data), source, options.max_bytes)
    elif fmt == JSONL:
        yield from read_jsonl(data, source)
    elif fmt == FEED:
        yield from read_feed(data, source, options)
    else:
        yield _single(data, doc_id, source, fmt, url=url, encoding=encoding)


def _single(data: bytes, doc_id: str, source: str, fmt: str, *, url: str | None, encoding: str | None) -> Item:
    if not data.strip():
        return ReadFailure(source=source, doc_id=doc_id, reason="empty document")
    if looks_binary(data):
        return ReadFailure(source=source, doc_id=doc_id, reason="binary file, not text or HTML")
    input_format = TEXT if fmt == TEXT else "html"
    return RawDocument(doc_id=doc_id, source=source, content=data, input_format=input_format, url=url,
                       encoding=encoding)
