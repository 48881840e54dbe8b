"""File readers: text, HTML, gzip, JSON Lines, directories, stdin formats, and each bad-input case."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

from ingest_pages import ARTICLE_HTML, ARTICLE_PARAGRAPHS, SCRAPED_TEXT

from tidings.ingest import ReadOptions, clean_source, read_sources
from tidings.records import RawDocument, ReadFailure


def read(paths, **options) -> list:
    return list(read_sources([str(p) for p in paths], ReadOptions(**options)))


def test_text_file_is_one_text_document(tmp_path: Path):
    path = tmp_path / "scraped.txt"
    path.write_text(SCRAPED_TEXT, encoding="utf-8")
    [doc] = read([path])
    assert isinstance(doc, RawDocument)
    assert (doc.doc_id, doc.source, doc.input_format) == (str(path), str(path), "text")
    assert doc.content == path.read_bytes()


def test_seed_file_reads_as_text(seed_path):
    [doc] = read([seed_path])
    assert doc.input_format == "text" and doc.doc_id == str(seed_path)


def test_html_htm_and_html_gz_files(tmp_path: Path):
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "b.htm").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "c.html.gz").write_bytes(gzip.compress(ARTICLE_HTML.encode("utf-8")))
    docs = read([tmp_path / "a.html", tmp_path / "b.htm", tmp_path / "c.html.gz"])
    assert [d.input_format for d in docs] == ["html", "html", "html"]
    assert docs[2].content == ARTICLE_HTML.encode("utf-8")


def test_html_without_suffix_is_detected_by_content(tmp_path: Path):
    path = tmp_path / "page"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = read([path])
    assert doc.input_format == "html"


def test_input_format_forces_the_reader(tmp_path: Path):
    path = tmp_path / "page.html"
    path.write_text(ARTICLE_HTML, encoding="utf-8")
    [doc] = read([path], input_format="text")
    assert doc.input_format == "text"


def test_jsonl_lines_become_documents_and_a_bad_line_is_one_failure(tmp_path: Path):
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": ARTICLE_PARAGRAPHS[0], "published": "2025-03-04", "title": "Attack"}),
        "{not json",
        json.dumps({"id": "a2", "html": "<p>" + ARTICLE_PARAGRAPHS[1] + "</p>", "url": "https://news.example/a2"}),
        json.dumps({"id": "a3"}),
        "",
        json.dumps({"text": ARTICLE_PARAGRAPHS[2]}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    items = read([path])
    assert [type(i).__name__ for i in items] == ["RawDocument", "ReadFailure", "RawDocument", "ReadFailure",
                                                  "RawDocument"]
    first, bad, second, empty, no_id = items
    # A "text" field is the article itself: format "jsonl" makes cleaning drop only certain furniture.
    assert (first.doc_id, first.input_format, first.published, first.title) == ("a1", "jsonl", "2025-03-04", "Attack")
    assert "line 2" in bad.reason and "invalid JSON" in bad.reason
    assert (second.doc_id, second.input_format, second.url) == ("a2", "html", "https://news.example/a2")
    assert empty.doc_id == "a3" and "no non-empty 'text' or 'html'" in empty.reason
    assert no_id.doc_id == f"{path}#6"


def test_directory_is_read_recursively_sorted_without_hidden_files(tmp_path: Path):
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.txt").write_text(SCRAPED_TEXT, encoding="utf-8")
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text(SCRAPED_TEXT, encoding="utf-8")
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "config.txt").write_text(SCRAPED_TEXT, encoding="utf-8")
    docs = read([tmp_path])
    assert [d.doc_id for d in docs] == [str(tmp_path / "a.html"), str(tmp_path / "b" / "two.txt")]


def test_each_bad_file_is_one_failure_and_the_batch_goes_on(tmp_path: Path):
    good = tmp_path / "good.txt"
    good.write_text(SCRAPED_TEXT, encoding="utf-8")
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "blank.txt").write_text("   \n\n  ", encoding="utf-8")
    (tmp_path / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (tmp_path / "huge.txt").write_text("word " * 400, encoding="utf-8")
    (tmp_path / "broken.html.gz").write_bytes(b"\x1f\x8b\x08\x00garbage-not-deflate")
    missing = tmp_path / "nowhere.txt"
    sources = [tmp_path / n for n in ("empty.txt", "blank.txt", "image.txt", "huge.txt", "broken.html.gz")]
    items = read([*sources, missing, good], max_bytes=1000)
    failures = [i for i in items if isinstance(i, ReadFailure)]
    reasons = [f.reason for f in failures]
    assert len(failures) == 6
    assert reasons[0] == "empty document" and reasons[1] == "empty document"
    assert reasons[2].startswith("binary file")
    assert reasons[3].startswith("oversize") and "1000-byte limit" in reasons[3]
    assert reasons[4].startswith("malformed gzip")
    assert reasons[5].startswith("missing path")
    assert all("\n" not in r for r in reasons)
    assert isinstance(items[-1], RawDocument) and items[-1].doc_id == str(good)


def test_gzip_bomb_is_refused_by_decompressed_size(tmp_path: Path):
    path = tmp_path / "bomb.html.gz"
    path.write_bytes(gzip.compress(b"<p>" + b"a" * 50_000 + b"</p>"))
    [failure] = read([path], max_bytes=10_000)
    assert isinstance(failure, ReadFailure) and "decompresses to more than 10000 bytes" in failure.reason


def test_truncated_gzip_is_malformed(tmp_path: Path):
    path = tmp_path / "cut.html.gz"
    data = gzip.compress(ARTICLE_HTML.encode("utf-8"))
    path.write_bytes(data[: len(data) // 2])
    [failure] = read([path])
    assert failure.reason == f"malformed gzip data in {path}: truncated stream"


def test_undecodable_text_fails_at_cleaning_with_a_reason(tmp_path: Path):
    path = tmp_path / "mojibake.txt"
    path.write_bytes(bytes(range(0x80, 0x100)) * 8)
    [failure] = list(clean_source([str(path)]))
    assert isinstance(failure, ReadFailure) and failure.reason.startswith("undecodable")


def test_unknown_input_format_is_refused_up_front(tmp_path: Path):
    import pytest

    from tidings.errors import SourceError

    with pytest.raises(SourceError, match="unknown input format"):
        read([tmp_path], input_format="pdf")


def test_clean_source_cleans_html_and_text_files(tmp_path: Path):
    (tmp_path / "a.html").write_text(ARTICLE_HTML, encoding="utf-8")
    (tmp_path / "b.txt").write_text(SCRAPED_TEXT, encoding="utf-8")
    html_article, text_article = list(clean_source([str(tmp_path)]))
    assert html_article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert text_article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert html_article.content_hash == text_article.content_hash
