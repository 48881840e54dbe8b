"""Several processes on one SQLite store: migrations race safely, readers never see "locked", writers take
turns, and a run killed at any point leaves a store that a rerun completes exactly like a clean run."""

from __future__ import annotations

import multiprocessing
import os
import random
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from corpus import EXAMPLES

TIDINGS = [sys.executable, "-c", "from tidings.cli import main; main()"]
BIG_ARTICLE_CHARS = 2_500_000


def _open(url: str, barrier) -> str:
    from tidings.store import open_store

    barrier.wait(timeout=60)
    try:
        open_store(url).close()
    except Exception as exc:  # noqa: BLE001 - reported to the parent, which asserts there is none
        return f"{type(exc).__name__}: {exc}"
    return "ok"


@pytest.mark.timeout(180)
def test_processes_opening_one_new_store_at_once_all_succeed(tmp_path):
    url = f"sqlite:///{tmp_path / 'new.db'}"
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_open, [(url, barrier)] * 4)
    assert results == ["ok"] * 4
    with sqlite3.connect(tmp_path / "new.db") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert db.execute("SELECT count(*) FROM alembic_version").fetchone()[0] >= 1


def _article(path: Path, chars: int, seed: int) -> None:
    rng = random.Random(seed)
    words = ["ministry", "said", "troops", "talks", "border", "council", "vote", "aid", "convoy", "reached"]
    lines = []
    size = 0
    while size < chars:
        line = " ".join(rng.choice(words) for _ in range(14)).capitalize() + "."
        lines.append(line + ("\n\n" if len(lines) % 5 == 4 else " "))
        size += len(lines[-1])
    path.write_text("Convoy reaches the border\n\n" + "".join(lines), encoding="utf-8")


def _poll(url: str, stop, counts) -> None:
    from tidings.store import open_store

    store = open_store(url)
    ok = failed = 0
    errors: list[str] = []
    while not stop.is_set():
        try:
            store.documents(limit=5)
            ok += 1
        except Exception as exc:  # noqa: BLE001 - every failure is counted and reported
            failed += 1
            errors.append(str(exc)[:200])
        time.sleep(0.02)
    store.close()
    counts.extend([ok, failed, errors[:3]])


@pytest.mark.timeout(300)
def test_reader_polls_without_lock_errors_while_a_big_article_is_written(tmp_path, db_url):
    big = tmp_path / "big.txt"
    _article(big, BIG_ARTICLE_CHARS, seed=1)
    subprocess.run([*TIDINGS, "ingest", str(EXAMPLES / "sinai_raid_delta_courier.txt"), "--db", db_url,
                    "--no-extract"], check=True, capture_output=True, timeout=120)
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        stop, counts = manager.Event(), manager.list()
        reader = ctx.Process(target=_poll, args=(db_url, stop, counts))
        reader.start()
        time.sleep(1.0)
        writer = subprocess.run([*TIDINGS, "ingest", str(big), "--db", db_url, "--no-extract", "-f", "json"],
                                capture_output=True, text=True, timeout=240)
        stop.set()
        reader.join(timeout=60)
        ok, failed, errors = list(counts)
    assert writer.returncode == 0, writer.stderr
    assert failed == 0, errors
    assert ok >= 5


def _ingest(folder: Path, url: str, *extra: str) -> subprocess.Popen:
    return subprocess.Popen([*TIDINGS, "ingest", str(folder), "--db", url, "-f", "json", *extra],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def _documents(db_path: Path) -> list[tuple]:
    with sqlite3.connect(db_path) as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return sorted(db.execute("SELECT doc_id, content_hash, status FROM documents").fetchall())


def _small_corpus(folder: Path, count: int) -> Path:
    folder.mkdir()
    for i in range(count):
        _article(folder / f"a{i:03d}.txt", 1500 + 40 * i, seed=100 + i)
    return folder


@pytest.mark.timeout(300)
def test_two_ingests_into_one_store_both_complete_without_duplicates(tmp_path):
    db_path = tmp_path / "shared.db"
    url = f"sqlite:///{db_path}"
    folder = tmp_path / "news"
    folder.mkdir()
    for example in EXAMPLES.iterdir():
        (folder / example.name).write_bytes(example.read_bytes())
    runs = [_ingest(folder, url), _ingest(folder, url)]
    outputs = [run.communicate(timeout=280) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    docs = _documents(db_path)
    hashes = [h for _, h, status in docs if status != "failed"]
    assert hashes and len(hashes) == len(set(hashes)), "each text stored once"
    with sqlite3.connect(db_path) as db:
        ids = [r[0] for r in db.execute("SELECT id FROM events")]
    assert ids and len(ids) == len(set(ids))


@pytest.mark.timeout(420)
def test_sigkill_loop_then_rerun_equals_a_clean_run(tmp_path):
    folder = _small_corpus(tmp_path / "news", 40)
    clean_db, killed_db = tmp_path / "clean.db", tmp_path / "killed.db"
    clean = _ingest(folder, f"sqlite:///{clean_db}", "--no-extract")
    assert clean.wait(timeout=200) == 0, clean.stderr.read()
    rng = random.Random(20)
    for _ in range(20):
        run = _ingest(folder, f"sqlite:///{killed_db}", "--no-extract")
        time.sleep(rng.uniform(0.2, 2.5))
        if run.poll() is None:
            os.kill(run.pid, signal.SIGKILL)
        run.communicate(timeout=60)
    rerun = _ingest(folder, f"sqlite:///{killed_db}", "--no-extract")
    assert rerun.wait(timeout=200) == 0, rerun.stderr.read()
    assert _documents(killed_db) == _documents(clean_db)


PG_URL = os.environ.get("TIDINGS_TEST_PG_URL")


@pytest.fixture
def pg_url() -> str:
    if not PG_URL:
        pytest.skip("TIDINGS_TEST_PG_URL not set: no PostgreSQL server to test")
    from sqlalchemy import create_engine, text

    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


@pytest.mark.timeout(300)
def test_two_ingests_into_one_postgres_store_both_complete_without_duplicates(tmp_path, pg_url):
    from sqlalchemy import create_engine, text

    folder = _small_corpus(tmp_path / "news", 24)
    runs = [_ingest(folder, pg_url), _ingest(folder, pg_url)]
    outputs = [run.communicate(timeout=280) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    engine = create_engine(pg_url)
    with engine.connect() as conn:
        hashes = [r[0] for r in conn.execute(text("SELECT content_hash FROM documents WHERE status <> 'failed'"))]
    engine.dispose()
    assert len(hashes) == 24 and len(set(hashes)) == 24


@pytest.mark.timeout(180)
def test_processes_migrating_one_empty_postgres_database_at_once_all_succeed(pg_url):
    ctx = multiprocessing.get_context("spawn")
    with ctx.Manager() as manager:
        barrier = manager.Barrier(4)
        with ctx.Pool(4) as pool:
            results = pool.starmap(_open, [(pg_url, barrier)] * 4)
    assert results == ["ok"] * 4
