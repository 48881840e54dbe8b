"""Property tests: any bytes, in any reader and cleaner, give documents or clear failures — never a crash."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.errors import CleanError
from tidings.ingest import ReadOptions, read_sources
from tidings.ingest.clean import clean_document
from tidings.records import Article, RawDocument, ReadFailure

SUFFIXES = ["", ".txt", ".html", ".jsonl", ".rss", ".warc", ".warc.gz", ".gz"]
# Fragments that steer the readers into their formats, mixed with arbitrary bytes.
FRAGMENTS = [b"<html>", b"<p>", b"</p>", b"<rss>", b"<feed>", b"WARC/1.0\r\n", b"\x1f\x8b", b'{"id": 1, "text": "',
             b"\n", b"\n\n", b"[", b"{", b"\xff\xfe", b"\x00", b"The army said on Monday. ", b"&amp;", b"<!--"]


def _bytes() -> st.SearchStrategy[bytes]:
    return st.lists(st.sampled_from(FRAGMENTS) | st.binary(max_size=40), max_size=60).map(b"".join)


@settings(max_examples=150, deadline=None)
@given(data=_bytes(), fmt=st.sampled_from(["text", "html", "jsonl"]))
@pytest.mark.timeout(300)
def test_cleaning_any_bytes_gives_an_article_or_a_clean_error(data, fmt):
    try:
        article = clean_document(RawDocument(doc_id="d", source="d", content=data, input_format=fmt))
    except CleanError:
        return
    assert isinstance(article, Article) and article.text.strip()


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=_bytes(), suffix=st.sampled_from(SUFFIXES))
@pytest.mark.timeout(300)
def test_reading_any_file_gives_documents_or_failures(tmp_path, data, suffix):
    path = tmp_path / f"input{suffix}"
    path.write_bytes(data)
    items = list(read_sources([str(path)], ReadOptions()))
    assert items, "every source has at least one outcome"
    assert all(isinstance(i, RawDocument | ReadFailure) for i in items)
