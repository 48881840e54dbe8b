"""The whole hostile corpus in one ``tidings ingest`` command: each bad item one clear failed record, the good
ones stored, nothing hangs, no traceback."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

TIDINGS = [sys.executable, "-c", "from tidings.cli import main; main()"]
STORED = ("stored", "already_stored", "near_duplicate", "skipped")


@pytest.mark.timeout(600)
def test_hostile_corpus_in_one_ingest(hostile, tmp_path, db_url):
    folder, expect = hostile
    fifo = tmp_path / "named.fifo"
    os.mkfifo(fifo)
    extra = {"/dev/zero": "character device", str(fifo): "FIFO", "file:///etc/passwd": "only http and https",
             "ftp://example.com/news.txt": "only http and https"}
    proc = subprocess.run([*TIDINGS, "ingest", str(folder), *extra, "--db", db_url, "-f", "json"],
                          capture_output=True, text=True, timeout=560)
    assert "Traceback" not in proc.stderr, proc.stderr[-3000:]
    assert proc.returncode == 0, proc.stderr[-3000:]
    items = json.loads(proc.stdout)["items"]
    by_source: dict[str, list[dict]] = {}
    for item in items:
        key = item["source"] if item["source"] in extra else Path(item["source"]).name
        by_source.setdefault(key, []).append(item)
    assert set(by_source) == set(expect) | set(extra)
    for name, reason in {**expect, **extra}.items():
        outcomes = by_source[name]
        if reason is None:
            assert all(o["status"] in STORED for o in outcomes), (name, outcomes)
        else:
            assert outcomes[-1]["status"] == "failed", (name, outcomes)
            assert reason.lower() in outcomes[-1]["reason"].lower(), (name, outcomes[-1]["reason"])
    long_sentence = by_source["long_sentence.txt"][0]
    assert long_sentence["status"] == "stored" and long_sentence["document_id"] is not None
