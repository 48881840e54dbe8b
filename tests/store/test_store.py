"""Saving extractions and reading them back: lossless events, actors merged across documents, indexes."""

from __future__ import annotations

import pytest
from sqlalchemy import create_engine, func, inspect, select, text

from tidings.errors import NotFoundError, StoreError
from tidings.records import (
    Actor,
    Attribution,
    Entity,
    Event,
    EventDate,
    Extraction,
    Location,
    Mention,
    Quantity,
    Span,
    TextInfo,
)
from tidings.store import open_store
from tidings.store.models import ActorAliasRow, ActorRow, EventEntityRow, EventRow, MentionRow

TEXT = "Egypt's army said Hamas attacked the border post near Rafah on 3 May 2024, killing 4 soldiers."


def _extraction(text: str = TEXT, doc_id: str = "doc-1") -> Extraction:
    hamas = Actor(actor_id="hamas", name="Hamas", kind="armed_group", country="PS", in_kb=True,
                  mentions=[Mention(start=18, end=23, text="Hamas", via="kb_alias")])
    egypt = Actor(actor_id="EGY", name="Egypt", kind="state", country="EG", in_kb=True,
                  mentions=[Mention(start=0, end=12, text="Egypt's army", via="kb_alias", sector="MIL")])
    speaker = Entity(text="Egypt's army", start=0, end=12, actor_id="EGY", name="Egypt", kind="state",
                     country="EG", sector="MIL")
    event = Event(
        id=f"ev-{doc_id}", event_type="ASSAULT", mode="attack", context=["military"],
        actor=[Entity(text="Hamas", start=18, end=23, actor_id="hamas", name="Hamas", kind="armed_group")],
        recipient=[Entity(text="the border post", start=33, end=48), speaker],
        modality="reported", hedge_cues=["said"], attribution=Attribution(speaker=speaker, cue="said"),
        date=EventDate(text="3 May 2024", start="2024-05-03", end="2024-05-03", precision="day", anchor="explicit"),
        location=Location(text="Rafah", name="Rafah", geonameid=281129, lat=31.28, lon=34.25, country_code="PS"),
        quantities=[Quantity(text="4 soldiers", value=4.0, unit="soldiers")],
        text_info=TextInfo(sentence=0, start=0, end=len(text), text=text, trigger=Span(start=24, end=32,
                                                                                         text="attacked")),
        confidence=0.8, rule="assault.attack/nsubj-dobj",
    )
    return Extraction(doc_id=doc_id, title="Border attack", outlet="Example Wire", published="2024-05-04",
                      published_source="metadata", language="en", text=text, actors=[hamas, egypt], events=[event])


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


def test_extraction_round_trips_losslessly(store):
    original = _extraction()
    document_id = store.add_extraction(original)
    rebuilt = store.extraction(document_id)
    assert rebuilt.events == original.events
    assert rebuilt.model_dump(mode="json")["actors"] == original.model_dump(mode="json")["actors"]
    assert rebuilt.text == original.text and rebuilt.published == "2024-05-04"


def test_event_columns_and_entities_are_queryable(store):
    document_id = store.add_extraction(_extraction())
    with store.session() as session:
        row = session.get(EventRow, "ev-doc-1")
        assert (row.document_id, row.event_type, row.date_start, row.location_geonameid) == (
            document_id, "ASSAULT", "2024-05-03", 281129)
        assert row.speaker_actor_id == "EGY" and row.trigger_text == "attacked"
        assert TEXT[row.sentence_start:row.sentence_end] == row.sentence_text
        roles = sorted((e.role, e.actor_id or "") for e in session.scalars(select(EventEntityRow)))
        assert roles == [("actor", "hamas"), ("recipient", ""), ("recipient", "EGY"), ("speaker", "EGY")]


def test_actors_are_shared_across_documents(store):
    store.add_extraction(_extraction())
    other = TEXT.replace("3 May", "4 May")
    store.add_extraction(_extraction(other, doc_id="doc-2"))
    with store.session() as session:
        assert session.scalar(select(func.count()).select_from(ActorRow)) == 2
        assert session.scalar(select(func.count()).select_from(MentionRow)) == 4
        assert session.scalar(select(func.count()).select_from(EventRow)) == 2
        aliases = set(session.execute(select(ActorAliasRow.actor_id, ActorAliasRow.alias)))
        assert aliases == {("hamas", "Hamas"), ("EGY", "Egypt's army")}


def test_same_text_is_stored_once(store):
    first = store.add_extraction(_extraction())
    assert store.add_extraction(_extraction()) == first
    assert len(store.documents()) == 1


def test_documents_list_counts_events(store):
    store.add_extraction(_extraction())
    (summary,) = store.documents()
    assert (summary.status, summary.events, summary.title) == ("stored", 1, "Border attack")
    assert store.documents(status=["failed"]) == []
    with pytest.raises(StoreError, match="unknown document status"):
        store.documents(status=["bogus"])


def test_unknown_document_is_a_clear_error(store):
    with pytest.raises(NotFoundError, match="no document with id 42"):
        store.document(42)


def test_query_indexes_exist(store):
    indexed = {
        (table, tuple(ix["column_names"]))
        for table in ("events", "event_entities", "mentions")
        for ix in inspect(store.engine).get_indexes(table)
    }
    for wanted in [("events", ("event_type",)), ("events", ("date_start",)), ("events", ("document_id",)),
                   ("event_entities", ("actor_id",)), ("mentions", ("actor_id",))]:
        assert wanted in indexed


def test_bad_url_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open database"):
        open_store("nosuchdialect://x")


def test_unreachable_server_is_a_store_error():
    with pytest.raises(StoreError, match="cannot open or migrate database .*Connection refused"):
        open_store("postgresql+psycopg://nobody@127.0.0.1:1/none")


def test_database_from_a_newer_version_is_a_clear_error(db_url):
    open_store(db_url).close()
    engine = create_engine(db_url)
    with engine.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_future'"))
    with pytest.raises(StoreError, match="newer version"):
        open_store(db_url)
