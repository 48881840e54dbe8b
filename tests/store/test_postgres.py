"""The same store on PostgreSQL: migrations, dedup and lossless round trips (skipped without a server).

Set ``TIDINGS_TEST_PG_URL`` (e.g. ``postgresql+psycopg://postgres@127.0.0.1:5432/tidings_test``) to run;
the database's ``public`` schema is wiped before each test.
"""

from __future__ import annotations

import os

import pytest
from sqlalchemy import create_engine, text

from tidings.config import load_settings
from tidings.records import Actor, Event, Extraction, Mention, TextInfo
from tidings.store import open_store
from tidings.store.schema import schema_drift

PG_URL = os.environ.get("TIDINGS_TEST_PG_URL")
pytestmark = pytest.mark.skipif(not PG_URL, reason="TIDINGS_TEST_PG_URL not set: no PostgreSQL server to test")


@pytest.fixture
def pg_url() -> str:
    engine = create_engine(PG_URL)
    with engine.begin() as conn:
        conn.execute(text("DROP SCHEMA public CASCADE"))
        conn.execute(text("CREATE SCHEMA public"))
    engine.dispose()
    return PG_URL


def _extraction() -> Extraction:
    text = "Egypt's army said Hamas attacked the border post."
    hamas = Actor(actor_id="hamas", name="Hamas", kind="armed_group", in_kb=True,
                  mentions=[Mention(start=18, end=23, text="Hamas", via="kb_alias")])
    event = Event(id="ev-pg", event_type="ASSAULT", text_info=TextInfo(sentence=0, start=0, end=len(text), text=text),
                  confidence=0.7, rule="test")
    return Extraction(doc_id="pg-1", text=text, actors=[hamas], events=[event])


def test_migrations_match_models_on_postgres(pg_url):
    store = open_store(pg_url)
    with store.engine.connect() as conn:
        assert schema_drift(conn) == []
    store.close()


def test_round_trip_and_dedup_on_postgres(pg_url, seed_path, tmp_path):
    store = open_store(pg_url)
    original = _extraction()
    document_id = store.add_extraction(original)
    assert store.extraction(document_id).events == original.events
    settings = load_settings(db_url=pg_url)
    edited = tmp_path / "edited.txt"
    edited.write_text(seed_path.read_text(encoding="utf-8").replace(" the ", " a ", 2), encoding="utf-8")
    outcomes = store.ingest([str(seed_path), str(edited), str(seed_path), str(tmp_path / "missing.txt")],
                            settings=settings, extract=False)
    assert [o.status for o in outcomes] == ["stored", "near_duplicate", "already_stored", "failed"]
    assert outcomes[1].duplicate_of == outcomes[0].document_id
    assert store.raw(outcomes[0].document_id) == seed_path.read_bytes()
    store.close()
