"""Readers against the hostile corpus: each bad item is one clear failure, good items are read, nothing hangs."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from corpus import warc_bytes
from slow_server import page_server

from tidings.ingest import ReadOptions, clean_source, read_sources
from tidings.ingest.jsonl import loads_bounded
from tidings.records import Article, ReadFailure


def _by_file(items) -> dict[str, list]:
    out: dict[str, list] = {}
    for item in items:
        out.setdefault(Path(item.source).name, []).append(item)
    return out


@pytest.mark.timeout(120)
def test_every_hostile_file_gets_its_own_outcome(hostile):
    folder, expect = hostile
    found = _by_file(clean_source([str(folder)], ReadOptions()))
    assert set(found) == set(expect), "every entry of the folder, FIFO and link loop included, has an outcome"
    for name, reason in expect.items():
        items = found[name]
        if reason is None:
            assert all(isinstance(i, Article) for i in items), (name, items)
        else:
            assert len(items) >= 1 and isinstance(items[-1], ReadFailure), (name, items)
            assert reason.lower() in items[-1].reason.lower(), (name, items[-1].reason)


@pytest.mark.timeout(60)
def test_devices_and_fifos_named_directly_are_refused_not_read(tmp_path):
    fifo = tmp_path / "named.pipe"
    os.mkfifo(fifo)
    items = list(read_sources(["/dev/zero", str(fifo)], ReadOptions()))
    assert [type(i) for i in items] == [ReadFailure, ReadFailure]
    assert "character device" in items[0].reason
    assert "FIFO" in items[1].reason


@pytest.mark.timeout(60)
def test_cut_warc_keeps_its_records_and_reports_how_many(hostile):
    folder, _ = hostile
    items = list(read_sources([str(folder / "cut.warc.gz")], ReadOptions()))
    docs = [i for i in items if not isinstance(i, ReadFailure)]
    assert docs, "records before the cut are kept"
    assert isinstance(items[-1], ReadFailure)
    assert f"after {len(docs)} records" in items[-1].reason


@pytest.mark.timeout(60)
@pytest.mark.parametrize("where", ["headers", "body"])
def test_plain_warc_cut_anywhere_reports_the_loss(tmp_path, where):
    whole = warc_bytes(4, compress=False)
    last = whole.rindex(b"WARC/1.")
    keep = last + 40 if where == "headers" else len(whole) - 60
    path = tmp_path / "cut.warc"
    path.write_bytes(whole[:keep])
    items = list(read_sources([str(path)], ReadOptions()))
    docs = [i for i in items if not isinstance(i, ReadFailure)]
    assert len(docs) == 3
    assert isinstance(items[-1], ReadFailure) and "truncated" in items[-1].reason


@pytest.mark.timeout(30)
def test_deep_json_line_is_one_failure_and_later_lines_are_read(tmp_path):
    path = tmp_path / "mixed.jsonl"
    good = '{"id": "ok", "text": "The minister resigned on Friday after the vote."}'
    path.write_text(good + "\n" + "[" * 100_000 + "\n" + '{"id": "deep", "text": ' + "[" * 5000 + "\n" + good.replace(
        '"ok"', '"ok2"') + "\n", encoding="utf-8")
    items = list(read_sources([str(path)], ReadOptions()))
    assert [getattr(i, "doc_id", None) for i in items] == ["ok", f"{path}#2", f"{path}#3", "ok2"]
    assert "nested" in items[1].reason and "nested" in items[2].reason
    with pytest.raises(ValueError, match="nested"):
        loads_bounded("{" * 70)


@pytest.mark.timeout(30)
@pytest.mark.parametrize("url", ["file:///etc/passwd", "ftp://example.com/news.txt", "gopher://example.com/1"])
def test_other_schemes_are_refused_as_such(url):
    [item] = list(read_sources([url], ReadOptions()))
    assert isinstance(item, ReadFailure)
    assert "only http and https" in item.reason


@pytest.mark.timeout(60)
def test_url_credentials_reach_no_record():
    page = b"<html><body><article><p>" + b"The court ruled on Monday. " * 20 + b"</p></article></body></html>"
    with page_server(page) as base:
        secret_url = base.replace("http://", "http://reader:s3cret@") + "/page"
        [item] = list(read_sources([secret_url], ReadOptions(allow_private=True)))
        [failure] = list(read_sources([secret_url.replace("/page", "/gone")], ReadOptions(allow_private=True)))
    assert not isinstance(item, ReadFailure), item
    assert "s3cret" not in item.doc_id and "s3cret" not in (item.url or "") and "s3cret" not in item.source
    assert isinstance(failure, ReadFailure) and "s3cret" not in failure.source + failure.reason
