"""WARC and WARC.gz archives written here with warcio: HTML response records become documents."""

from __future__ import annotations

from io import BytesIO
from pathlib import Path

from ingest_pages import ARTICLE_HTML, ARTICLE_PARAGRAPHS
from warcio.statusandheaders import StatusAndHeaders
from warcio.warcwriter import WARCWriter

from tidings.ingest import ReadOptions, clean_source, read_sources
from tidings.records import Article, RawDocument, ReadFailure


def write_warc(path: Path, records: list[tuple[str, str, bytes, str]], *, gzip: bool) -> None:
    """``records``: (url, content type, body, HTTP status line) as HTTP response records."""
    with path.open("wb") as stream:
        writer = WARCWriter(stream, gzip=gzip)
        for url, content_type, body, status in records:
            headers = StatusAndHeaders(status, [("Content-Type", content_type)], protocol="HTTP/1.1")
            writer.write_record(writer.create_warc_record(url, "response", payload=BytesIO(body), http_headers=headers))
        request = writer.create_warc_record("https://ledger.example/1", "request", payload=BytesIO(b"GET / HTTP/1.1"))
        writer.write_record(request)


RECORDS = [
    ("https://ledger.example/1", "text/html; charset=utf-8", ARTICLE_HTML.encode("utf-8"), "200 OK"),
    ("https://ledger.example/logo.png", "image/png", b"\x89PNG\r\n\x1a\n", "200 OK"),
    ("https://ledger.example/missing", "text/html", b"<html><body>Not found</body></html>", "404 Not Found"),
    ("https://ledger.example/2", "text/html", ARTICLE_HTML.replace("three", "four").encode("utf-8"), "200 OK"),
]


def test_warc_gz_html_responses_only(tmp_path: Path):
    path = tmp_path / "crawl.warc.gz"
    write_warc(path, RECORDS, gzip=True)
    docs = list(read_sources([str(path)], ReadOptions()))
    assert [d.doc_id for d in docs] == ["https://ledger.example/1", "https://ledger.example/2"]
    assert all(isinstance(d, RawDocument) and d.input_format == "html" and d.source == str(path) for d in docs)
    assert docs[0].content == ARTICLE_HTML.encode("utf-8")


def test_plain_warc_is_cleaned(tmp_path: Path):
    path = tmp_path / "crawl.warc"
    write_warc(path, RECORDS[:1], gzip=False)
    [article] = list(clean_source([str(path)]))
    assert isinstance(article, Article) and article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert article.url == "https://ledger.example/1"


def test_warc_without_suffix_is_detected_by_content(tmp_path: Path):
    path = tmp_path / "archive.bin"
    write_warc(path, RECORDS[:1], gzip=True)
    [doc] = list(read_sources([str(path)], ReadOptions()))
    assert doc.doc_id == "https://ledger.example/1"


def test_truncated_warc_keeps_earlier_records_and_reports_the_break(tmp_path: Path):
    whole = tmp_path / "whole.warc"
    write_warc(whole, RECORDS, gzip=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    second = data.index(b"WARC/1", 10)
    cut.write_bytes(data[: second + 200] + b"\r\n\r\ngarbage that is not a WARC header\r\n\r\n")
    items = list(read_sources([str(cut)], ReadOptions()))
    assert isinstance(items[0], RawDocument) and items[0].doc_id == "https://ledger.example/1"
    assert isinstance(items[-1], ReadFailure) and items[-1].reason.startswith("malformed WARC")


def test_not_a_warc_and_warc_without_html(tmp_path: Path):
    fake = tmp_path / "fake.warc"
    fake.write_text("this is not an archive\n", encoding="utf-8")
    images = tmp_path / "images.warc.gz"
    write_warc(images, [RECORDS[1]], gzip=True)
    fake_result, images_result = list(read_sources([str(fake), str(images)], ReadOptions()))
    assert fake_result.reason.startswith("malformed WARC after 0 records")
    assert images_result.reason == "no HTML response records in WARC (2 records read)"


def test_record_cut_inside_its_body_is_reported(tmp_path: Path):
    whole = tmp_path / "whole.warc"
    write_warc(whole, RECORDS[:1], gzip=False)
    data = whole.read_bytes()
    cut = tmp_path / "cut.warc"
    cut.write_bytes(data[: data.index(b"<article>") + 40])
    [failure] = list(read_sources([str(cut)], ReadOptions()))
    assert failure.reason == "malformed WARC after 0 records: record 1 (https://ledger.example/1) is truncated"
