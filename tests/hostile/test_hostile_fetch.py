"""Fetching from hostile servers: one wall-clock deadline per fetch, however slowly the bytes arrive."""

from __future__ import annotations

import time

import pytest
from slow_server import slow_server

from tidings.errors import SourceError
from tidings.ingest import ReadOptions, read_sources
from tidings.ingest.fetch import fetch_url

LIMIT_S = 1.5


@pytest.mark.timeout(60)
@pytest.mark.parametrize("mode", ["headers", "body"])
def test_fetch_deadline_holds_against_a_server_trickling_bytes(mode):
    # One byte every 0.2 s never trips a per-read timeout; the whole fetch must still end at its deadline.
    with slow_server(mode) as url:
        start = time.monotonic()
        with pytest.raises(SourceError, match="timed out"):
            fetch_url(url, ReadOptions(allow_private=True, timeout_s=LIMIT_S))
        took = time.monotonic() - start
    assert took < LIMIT_S + 2.0, f"the fetch ran {took:.1f}s past a {LIMIT_S}s deadline"


@pytest.mark.timeout(60)
def test_slow_url_is_one_failed_item_and_the_next_source_is_read(tmp_path):
    page = tmp_path / "after.txt"
    page.write_text("The council met on Monday and agreed a budget for the coming year.\n", encoding="utf-8")
    with slow_server("body") as url:
        items = list(read_sources([url, str(page)], ReadOptions(allow_private=True, timeout_s=LIMIT_S)))
    assert [type(i).__name__ for i in items] == ["ReadFailure", "RawDocument"]
    assert "timed out" in items[0].reason
    assert items[1].doc_id == str(page)
