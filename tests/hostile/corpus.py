"""The hostile corpus, generated on the spot: every kind of bad input next to two good articles.

``build_corpus(folder)`` writes the files and returns what each one must become: ``None`` for a good
article (stored), else a phrase its failure reason must contain.
"""

from __future__ import annotations

import io
import json
import os
import random
import zlib
from pathlib import Path

from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"
GOOD_TEXT = EXAMPLES / "sinai_raid_delta_courier.txt"
GOOD_HTML = EXAMPLES / "jordan_egypt_talks.html"
BOMB_BYTES = 1 << 30  # 1 GiB of zeros: about 1 MB once gzipped
LONG_SENTENCE_CHARS = 100_000
# Titles and outlets for the output tests: Rich markup, an OSC 8 hyperlink, CSI colour, a C1 CSI, formulas.
MARKUP_TITLE = ("[/bold] [link=https://evil.example/]click[/link] \x1b]8;;https://evil.example/\x07here\x1b]8;;\x07 "
                "\x1b[31mred\x9b2J")
FORMULA_TITLE = '=HYPERLINK("https://evil.example/","open")'
FORMULA_OUTLET = "@SUM(1+1)"


def gzip_bomb(path: Path, size: int = BOMB_BYTES) -> None:
    block = b"\0" * (1 << 20)
    squeeze = zlib.compressobj(9, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    with path.open("wb") as out:
        for _ in range(size // len(block)):
            out.write(squeeze.compress(block))
        out.write(squeeze.flush())


def warc_bytes(records: int, *, compress: bool = True) -> bytes:
    buf = io.BytesIO()
    writer = WARCWriter(buf, gzip=compress)
    for i in range(records):
        body = (f"<html><body><article><p>Report {i}: the ministry said talks would resume. "
                + "Officials met again on Tuesday. " * 20 + "</p></article></body></html>").encode()
        http = StatusAndHeaders("200 OK", [("Content-Type", "text/html")], protocol="HTTP/1.0")
        writer.write_record(writer.create_warc_record(f"http://example.com/{i}", "response",
                                                      payload=io.BytesIO(body), http_headers=http))
    return buf.getvalue()


def long_sentence(chars: int = LONG_SENTENCE_CHARS) -> str:
    words = ["the", "army", "said", "troops", "moved", "near", "the", "border", "town", "again", "today"]
    rng = random.Random(12)
    out: list[str] = []
    size = 0
    while size < chars:
        word = rng.choice(words)
        out.append(word)
        size += len(word) + 1
    return " ".join(out)


def build_corpus(folder: Path, *, bomb: Path | None = None) -> dict[str, str | None]:
    """Write the hostile corpus into ``folder``; returns file name -> expected reason phrase (None: stored)."""
    folder.mkdir(parents=True, exist_ok=True)
    expect: dict[str, str | None] = {}

    def put(name: str, data: bytes, reason: str | None) -> None:
        (folder / name).write_bytes(data)
        expect[name] = reason

    put("good_text.txt", GOOD_TEXT.read_bytes(), None)
    put("good_page.html", GOOD_HTML.read_bytes(), None)
    put("junk.bin", random.Random(3).randbytes(50_000), "binary")
    put("empty.txt", b"   \n\n", "empty")
    put("deep.html", (b"<div>" * 10_000) + b"<p>x</p>" + (b"</div>" * 10_000), "malformed HTML")
    put("deep.jsonl", b"[" * 100_000 + b"\n", "nested")
    put("wrong_types.jsonl", json.dumps({"id": {"a": 1}, "text": 12345}).encode() + b"\n", "no non-empty 'text'")
    warc = warc_bytes(4)
    put("cut.warc.gz", warc[: len(warc) * 3 // 5], "truncated WARC")
    put("utf16_nul.txt", b"abc\x00def\x00" * 500, "binary")
    # UTF-8 and Latin-1 in one file: decoded by the best-fitting encoding, not refused.
    put("mixed_encoding.txt", GOOD_TEXT.read_bytes() + "Genève à Noël\n".encode("latin-1"), None)
    put("long_sentence.txt", long_sentence().encode(), None)
    if bomb is not None:
        os.symlink(bomb, folder / "bomb.txt.gz")
        expect["bomb.txt.gz"] = "oversize"
    os.symlink("loop", folder / "loop")  # a link to itself
    expect["loop"] = "symbolic links"
    os.mkfifo(folder / "pipe")
    expect["pipe"] = "FIFO"
    return expect
