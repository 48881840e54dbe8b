"""The notebook API: DataFrames with the CLI's filters, on a real store."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest
from export.factory import small_corpus


def test_events_edges_actors_clusters_are_dataframes(ws):
    events = ws.events(actor="Hamas", since="2016-11")
    assert isinstance(events, pd.DataFrame)
    assert sorted(events["event_type"]) == ["AID", "CONSULT"]
    assert {"event_id", "actors", "recipients", "quote", "cluster_id", "sources"} <= set(events.columns)
    edges = ws.edges(type="ASSAULT")
    assert set(edges["event_type"]) == {"ASSAULT"} and edges["events"].sum() == 3
    actors = ws.actors()
    assert actors.set_index("actor_id").loc["hamas", "events"] == 6
    clusters = ws.clusters()
    assert clusters["reports"].sum() == len(ws.events()) == 7


def test_modality_filter_accepts_a_list_or_comma_text(ws):
    assert len(ws.events(modality="asserted,reported")) == 7
    assert ws.events(modality=["hedged"]).empty


def test_unknown_filter_names_are_refused(ws):
    with pytest.raises(TypeError, match="unknown filter"):
        ws.events(actors="Hamas")


def test_adding_the_same_extractions_again_is_a_no_op(ws):
    before = ws.events()
    ids = ws.add_extractions(small_corpus())
    assert len(set(ids)) == 4
    assert ws.events().equals(before)


# ---------------------------------------------------------------- the Workspace as the one front door

EXAMPLE_TEXT = Path(__file__).resolve().parents[1] / "examples" / "sinai_raid_delta_courier.txt"


def test_open_is_a_context_manager_over_a_plain_file_path(tmp_path):
    import tidings

    path = tmp_path / "plain.db"
    with tidings.open(path) as ws:
        ws.add_extractions(small_corpus())
        page = ws.list_events(tidings.EventQuery(actor="Hamas", event_type="assault"))
    assert path.is_file()
    assert [e.outlet for e in page.items] == ["Reuters", "AP"] and page.next_cursor is None


def test_keyset_pages_walk_every_event_once_in_order(ws):
    from tidings.read_models import EventQuery

    everything = [e.event_id for e in ws.list_events(EventQuery(min_confidence=0), limit=None).items]
    assert len(everything) == 7
    walked, cursor = [], None
    while True:
        page = ws.list_events(EventQuery(min_confidence=0), limit=3, cursor=cursor)
        walked += [e.event_id for e in page.items]
        cursor = page.next_cursor
        if cursor is None:
            break
    assert walked == everything


def test_a_cursor_that_was_not_given_out_is_a_clear_error(ws):
    from tidings.errors import StoreError

    with pytest.raises(StoreError, match="not one this API gave out"):
        ws.list_events(cursor="bm9wZQ")


def test_evidence_offsets_point_at_the_sentence_in_the_stored_text(ws):
    event = ws.list_events(limit=1).items[0]
    evidence = ws.evidence(event.event_id)
    assert evidence.document.text[event.quote_start:event.quote_end] == event.quote
    assert any(m.text in event.quote for m in evidence.mentions)


def _ingest_without_nlp(ws, path: Path) -> int:
    from tidings.config import Settings

    outcome, = ws.ingest([str(path)], settings=Settings(db_url=ws.store.url), extract=False)
    assert outcome.status == "stored", outcome
    return outcome.document_id


def test_add_extractions_knows_an_article_ingest_stored(db_url):
    """Regression: add_extractions hashed the raw text, ingest the whitespace-normalised text, so the same
    article added both ways became two documents."""
    import tidings
    from tidings.records import Extraction

    with tidings.open(db_url) as ws:
        stored = _ingest_without_nlp(ws, EXAMPLE_TEXT)
        text = ws.document(stored, with_text=True).text
        assert text != " ".join(text.split())  # paragraphs: the two hashes would differ
        assert ws.add_extractions([Extraction(doc_id="again", text=text)]) == [stored]
        assert len(ws.documents()) == 1


def test_ingest_knows_an_article_add_extractions_stored(db_url):
    import tidings
    from tidings.records import Extraction

    with tidings.open(db_url) as ws:
        stored = _ingest_without_nlp(ws, EXAMPLE_TEXT)
        text = ws.document(stored, with_text=True).text
    with tidings.open(f"{db_url}.second") as ws:
        first, = ws.add_extractions([Extraction(doc_id="first", text=text)])
        outcome, = ws.ingest([str(EXAMPLE_TEXT)], extract=False)
        assert (outcome.status, outcome.document_id) == ("already_stored", first)


def test_the_cached_network_follows_every_change_of_the_store(ws):
    from tidings.read_models import EventQuery

    every = EventQuery(min_confidence=0)
    before = ws.network(every)
    assert ws.network(every) is before  # the same store: reused
    attack = next(e for e in before if e.event_type == "ASSAULT" and e.events == 2)
    ws.review(attack.event_ids[0], "reject")
    after = {(e.source, e.target, e.event_type): e.events for e in ws.network(every)}
    assert after[(attack.source, attack.target, "ASSAULT")] == 1
    ws.rename_actor("Egypt", "Arab Republic of Egypt")
    assert any(e.target_name == "Arab Republic of Egypt" for e in ws.network(every))
    assert [e.model_dump() for e in ws.network(every)] == ws.edge_rows(**every.filters())
