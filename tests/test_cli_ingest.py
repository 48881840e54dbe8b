"""The ingest/docs/doc commands as a user runs them: real processes, real SQLite files, parsed JSON output."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

TIDINGS = str(Path(sys.executable).parent / "tidings")


def _run(*args: str, check_rc: int | None = 0, env: dict | None = None) -> subprocess.CompletedProcess:
    proc = subprocess.run([TIDINGS, *args], capture_output=True, text=True, timeout=300, env=env)
    if check_rc is not None:
        assert proc.returncode == check_rc, proc.stderr + proc.stdout
    return proc


def _article(n: int) -> str:
    """A distinct short news text per n (numbers and names vary, so no two are near-duplicates)."""
    words = ["river", "council", "border", "harvest", "tariff", "convoy", "ferry", "archive", "clinic", "bridge"]
    picks = [words[(n // 10**i) % 10] for i in range(4)]
    return (
        f"The {picks[0]} dispute in district {n} entered its {n % 30 + 2}nd day on Monday, officials "
        f"said, after a {picks[1]} meeting between {n * 3} delegates broke up without agreement.\n\n"
        f"Residents of block {n * 7} said the {picks[2]} closure had cut them off since {1950 + n % 70}, and a "
        f"spokesman for group {n * 11} warned that a {picks[3]} strike could begin within {n % 12 + 1} weeks."
    )


@pytest.fixture
def db_path(tmp_path: Path) -> Path:
    return tmp_path / "cli.db"


def test_ingest_summary_json_and_exit_codes(db_path, seed_path, tmp_path):
    db = f"sqlite:///{db_path}"
    out = _run("ingest", str(seed_path), str(tmp_path / "missing.txt"), "--db", db, "--no-extract", "--format", "json")
    summary = json.loads(out.stdout)
    assert [i["status"] for i in summary["items"]] == ["stored", "failed"]
    assert summary["totals"]["stored"] == 1 and summary["totals"]["failed"] == 1
    assert "missing" in summary["items"][1]["reason"]
    # Re-ingest: nothing new, but nothing failed either -> success.
    again = json.loads(_run("ingest", str(seed_path), "--db", db, "--no-extract", "--format", "json").stdout)
    assert again["items"][0]["status"] == "already_stored"
    # Only failures -> non-zero; with --strict any failure -> non-zero.
    _run("ingest", str(tmp_path / "missing.txt"), "--db", db, "--no-extract", check_rc=1)
    strict = _run("ingest", str(seed_path), str(tmp_path / "missing.txt"), "--db", db, "--no-extract", "--strict",
                  check_rc=1)
    assert "1 of 2 items failed" in strict.stderr
    assert "already stored: 1" in strict.stdout  # the summary is still printed


def test_docs_and_doc_json(db_path, seed_path):
    db = f"sqlite:///{db_path}"
    _run("ingest", str(seed_path), "--db", db, "--no-extract")
    docs = json.loads(_run("docs", "--db", db, "--format", "json").stdout)
    assert len(docs) == 1 and docs[0]["status"] == "stored" and docs[0]["outlet"] == "JNS.org"
    doc_id = str(docs[0]["id"])
    meta = json.loads(_run("doc", doc_id, "--db", db, "--format", "json").stdout)
    assert meta["text"] is None and meta["raw_bytes"] == seed_path.stat().st_size
    full = json.loads(_run("doc", doc_id, "--db", db, "--format", "json", "--text").stdout)
    assert "Islamic State" in full["text"] and len(full["text"]) == full["text_chars"]
    assert json.loads(_run("docs", "--db", db, "--format", "json", "--status", "failed").stdout) == []
    csv_out = _run("docs", "--db", db, "--format", "csv").stdout.splitlines()
    assert csv_out[0].startswith("id,status,title") and len(csv_out) == 2


def test_unknown_document_is_a_clean_error(db_path):
    proc = _run("doc", "99", "--db", f"sqlite:///{db_path}", check_rc=1)
    assert "no document with id 99" in proc.stderr and "Traceback" not in proc.stderr


def test_tidings_db_environment_variable(db_path, seed_path):
    env = {**os.environ, "TIDINGS_DB": f"sqlite:///{db_path}"}
    _run("ingest", str(seed_path), "--no-extract", env=env)
    assert db_path.is_file()
    assert len(json.loads(_run("docs", "--format", "json", env=env).stdout)) == 1


def _stored_count(db_path: Path) -> int:
    try:
        with sqlite3.connect(db_path, timeout=5) as conn:
            return conn.execute("SELECT count(*) FROM documents WHERE status = 'stored'").fetchone()[0]
    except sqlite3.OperationalError:
        return 0  # not created yet, or locked for a moment by the writer


@pytest.mark.parametrize("sig", [signal.SIGKILL, signal.SIGINT], ids=["kill", "ctrl-c"])
def test_interrupted_ingest_leaves_a_consistent_db_and_a_rerun_finishes(sig, db_path, tmp_path):
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 400
    for n in range(total):
        (corpus / f"{n:04d}.txt").write_text(_article(n), encoding="utf-8")
    db = f"sqlite:///{db_path}"
    proc = subprocess.Popen([TIDINGS, "ingest", str(corpus), "--db", db, "--no-extract"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 120
    while _stored_count(db_path) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.01)
    proc.send_signal(sig)
    stderr = proc.communicate(timeout=60)[1]
    if sig == signal.SIGINT:
        assert proc.returncode == 130, stderr
    partial = _stored_count(db_path)
    assert 0 < partial < total, "the run must be killed mid-way for this test to mean anything"

    with sqlite3.connect(db_path) as conn:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        # Whole batches only: every stored original has its near-duplicate index rows.
        assert conn.execute(
            "SELECT count(*) FROM documents d WHERE d.status = 'stored' "
            "AND (SELECT count(*) FROM minhash_bands b WHERE b.document_id = d.id) = 0"
        ).fetchone()[0] == 0

    summary = json.loads(_run("ingest", str(corpus), "--db", db, "--no-extract", "--format", "json").stdout)
    statuses = [i["status"] for i in summary["items"]]
    assert statuses.count("already_stored") == partial
    assert statuses.count("stored") == total - partial
    with sqlite3.connect(db_path) as conn:
        assert conn.execute("SELECT count(*), count(DISTINCT doc_id) FROM documents").fetchone() == (total, total)


def test_doc_extraction_is_schema_valid(db_path, event_schema):
    """The stored extraction printed by `doc --extraction` is the same record `extract` writes."""
    import jsonschema

    from tidings.records import Actor, Event, Extraction, Mention, Span, TextInfo
    from tidings.store import open_store

    text = "Hamas attacked an Egyptian patrol boat on Tuesday."
    hamas = Actor(actor_id="hamas", name="Hamas", kind="armed_group", in_kb=True,
                  mentions=[Mention(start=0, end=5, text="Hamas", via="kb_alias")])
    info = TextInfo(sentence=0, start=0, end=len(text), text=text, trigger=Span(start=6, end=14, text="attacked"))
    event = Event(id="ev-cli", event_type="ASSAULT", text_info=info, confidence=0.6, rule="assault.attack")
    store = open_store(f"sqlite:///{db_path}")
    document_id = store.add_extraction(Extraction(doc_id="d1", text=text, actors=[hamas], events=[event]))
    store.close()
    record = json.loads(_run("doc", str(document_id), "--db", f"sqlite:///{db_path}", "--extraction").stdout)
    jsonschema.validate(record, event_schema)
    assert [e["id"] for e in record["events"]] == ["ev-cli"] and record["actors"][0]["name"] == "Hamas"


def test_killed_ingest_with_extraction_keeps_documents_and_events_together(db_path, tmp_path):
    """Documents and their events commit together: after a kill no stored document lacks its extraction."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    total = 64
    for n in range(total):
        (corpus / f"{n:03d}.txt").write_text(_article(n + 1000), encoding="utf-8")
    db = f"sqlite:///{db_path}"
    proc = subprocess.Popen([TIDINGS, "ingest", str(corpus), "--db", db],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    deadline = time.monotonic() + 300
    while _stored_count(db_path) == 0 and proc.poll() is None and time.monotonic() < deadline:
        time.sleep(0.05)
    proc.send_signal(signal.SIGKILL)
    proc.wait(timeout=30)
    partial = _stored_count(db_path)
    assert 0 < partial < total, "the run must be killed mid-way for this test to mean anything"
    unextracted = "SELECT count(*) FROM documents WHERE status = 'stored' AND NOT extracted"
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(unextracted).fetchone()[0] == 0
        events_before = conn.execute("SELECT count(*) FROM events").fetchone()[0]

    summary = json.loads(_run("ingest", str(corpus), "--db", db, "--format", "json").stdout)
    assert [i["status"] for i in summary["items"]].count("stored") == total - partial
    with sqlite3.connect(db_path) as conn:
        assert conn.execute(unextracted).fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM documents").fetchone()[0] == total
        assert conn.execute("SELECT count(*) FROM events").fetchone()[0] == events_before + summary["totals"]["events"]
        orphans = "SELECT count(*) FROM event_entities WHERE event_id NOT IN (SELECT id FROM events)"
        assert conn.execute(orphans).fetchone()[0] == 0
