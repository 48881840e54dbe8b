"""Ingest with the real NLP pipeline on the seed: events persisted losslessly, duplicates never re-extracted."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from tidings.config import load_settings
from tidings.pipeline import Pipeline, clean_sources, read_options
from tidings.store import open_store
from tidings.store.models import DocumentRow, EventEntityRow, EventRow, MentionRow

# One spaCy load plus a few seed extractions; a stage stuck in a loop should fail here, not stall the suite.
pytestmark = pytest.mark.timeout(300)


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load(load_settings())


@pytest.fixture(scope="module")
def ingested(tmp_path_factory, seed_path, pipeline):
    """The seed ingested once with extraction; then again, with a lightly edited copy."""
    tmp = tmp_path_factory.mktemp("extract")
    url = f"sqlite:///{tmp / 'seed.db'}"
    settings = load_settings(db_url=url)
    store = open_store(url)
    (first,) = store.ingest([str(seed_path)], settings=settings, pipeline=pipeline)
    counts_once = _counts(store)
    edited = tmp / "edited.txt"
    edited.write_text(seed_path.read_text(encoding="utf-8").replace("Hamas", "the Hamas movement", 1), "utf-8")
    second = store.ingest([str(seed_path), str(edited)], settings=settings, pipeline=pipeline)
    yield store, settings, first, counts_once, second
    store.close()


def _counts(store) -> dict[str, int]:
    with store.session() as session:
        return {
            model.__tablename__: session.scalar(select(func.count()).select_from(model))
            for model in (DocumentRow, EventRow, EventEntityRow, MentionRow)
        }


def test_events_are_saved_and_rebuild_exactly(ingested, seed_path, pipeline):
    store, settings, first, _, _ = ingested
    assert first.status == "stored" and first.events > 0
    (article,) = clean_sources([str(seed_path)], read_options(settings))
    (fresh,) = pipeline.extract([article])
    rebuilt = store.extraction(first.document_id)
    assert [e.model_dump(mode="json") for e in rebuilt.events] == [e.model_dump(mode="json") for e in fresh.events]
    assert [a.model_dump(mode="json") for a in rebuilt.actors] == [a.model_dump(mode="json") for a in fresh.actors]


def test_offsets_point_into_the_stored_text(ingested):
    store, _, first, _, _ = ingested
    with store.session() as session:
        document = session.get(DocumentRow, first.document_id)
        for event in document.events:
            assert document.text[event.sentence_start:event.sentence_end] == event.sentence_text
            if event.trigger_start is not None:
                assert document.text[event.trigger_start:event.trigger_end] == event.trigger_text
        for mention in document.mentions:
            assert document.text[mention.start:mention.end] == mention.text


def test_reingest_and_near_duplicate_add_no_events(ingested):
    store, _, first, counts_once, second = ingested
    assert [o.status for o in second] == ["already_stored", "near_duplicate"]
    assert second[1].duplicate_of == first.document_id and second[1].events == 0
    after = _counts(store)
    assert after["documents"] == counts_once["documents"] + 1
    assert {k: v for k, v in after.items() if k != "documents"} == {
        k: v for k, v in counts_once.items() if k != "documents"
    }
    near = store.extraction(second[1].document_id)
    assert near.events == [] and any("near-duplicate of document" in w for w in near.warnings)


def test_documents_stored_without_extraction_are_extracted_later(tmp_path, seed_path, pipeline):
    url = f"sqlite:///{tmp_path / 'later.db'}"
    settings = load_settings(db_url=url)
    store = open_store(url)
    (bare,) = store.ingest([str(seed_path)], settings=settings, extract=False)
    assert bare.events == 0 and store.document(bare.document_id).events == 0
    (later,) = store.ingest([str(seed_path)], settings=settings, pipeline=pipeline)
    assert later.status == "already_stored" and later.document_id == bare.document_id
    assert later.events > 0 and store.document(bare.document_id).events == later.events
    (again,) = store.ingest([str(seed_path)], settings=settings, pipeline=pipeline)
    assert again.events == 0  # extracted once: nothing to do the third time
    store.close()
