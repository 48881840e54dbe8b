"""Queries over a real store: event filters, actor look-up with suggestions, actor profiles, actor lists."""

from __future__ import annotations

import pytest
from export.factory import small_corpus

import tidings.api
from tidings.errors import NotFoundError, StoreError


@pytest.fixture(scope="module")
def ws(tmp_path_factory):
    workspace = tidings.api.open(f"sqlite:///{tmp_path_factory.mktemp('q') / 'q.db'}")
    workspace.add_extractions(small_corpus())
    yield workspace
    workspace.close()


def _quotes(rows):
    return sorted(r["quote"] for r in rows)


def test_actor_recipient_and_type_filters(ws):
    assert _quotes(ws.event_rows(actor="Hamas")) == [
        "Hamas attacked Egypt on 2016-05-02.", "Hamas attacked Egypt on 2016-05-02.",
        "Hamas met Islamic State - Sinai Province on 2016-12-05.",
        "Hamas supplied weapons to Islamic State - Sinai Province on 2016-11-20."]
    crackdown = ["Egypt cracked down on Hamas on 2016-03-01."]
    assert _quotes(ws.event_rows(recipient="hamas", event_type="coerce")) == crackdown
    assert ws.event_rows(actor="Egypt", recipient="Israel") == []


def test_names_aliases_and_ids_resolve_alike(ws):
    by_id = ws.event_rows(actor="is-sinai")
    assert by_id == ws.event_rows(actor="Islamic State - Sinai Province")
    assert by_id == ws.event_rows(actor="ISLAMIC STATE - SINAI PROVINCE")
    assert [r["actors"] for r in by_id] == [["Islamic State - Sinai Province"]]


def test_date_window_and_sources_and_limit(ws):
    assert _quotes(ws.event_rows(since="2016-11", until="2016-11")) == [
        "Hamas supplied weapons to Islamic State - Sinai Province on 2016-11-20."]
    assert {r["event_type"] for r in ws.event_rows(since="2016-12-05")} == {"CONSULT"}
    # Undated events cannot be placed in a window, so a window leaves them out.
    assert "Israel raided Salafi jihadists." not in _quotes(ws.event_rows(until="2030"))
    assert {r["sources"] for r in ws.event_rows(min_sources=2)} == {2}
    newest = ws.event_rows(limit=2)
    assert len(newest) == 2 and [r["date_start"] for r in newest] == ["2016-12-05", "2016-12-05"]
    assert ws.event_rows()[-1]["date_start"] is None  # undated last


def test_evidence_offsets_point_into_the_article(ws):
    text = {x.doc_id: x.text for x in small_corpus()}
    for row in ws.event_rows():
        assert text[row["doc_id"]][row["quote_start"]:row["quote_end"]] == row["quote"]


def test_unknown_names_and_values_get_suggestions_not_tracebacks(ws):
    with pytest.raises(NotFoundError, match="no actor named 'Hamaz'.*did you mean: Hamas"):
        ws.event_rows(actor="Hamaz")
    with pytest.raises(NotFoundError) as info:
        ws.actor("Egipt")
    assert info.value.suggestions == ["Egypt"]
    with pytest.raises(StoreError, match="unknown event type"):
        ws.event_rows(event_type="HUG")
    with pytest.raises(StoreError, match="not a date"):
        ws.event_rows(since="last tuesday")
    with pytest.raises(StoreError, match="unknown modality"):
        ws.event_rows(modality="sure")


def test_actor_profile_lists_counterparts_and_timeline(ws):
    profile = ws.actor("Hamas")
    assert (profile["actor_id"], profile["kind"], profile["events"]) == ("hamas", "armed_group", 6)
    counterparts = {c["name"]: c for c in profile["counterparts"]}
    assert counterparts["Egypt"]["types"] == {"ASSAULT": 2, "COERCE": 1}
    assert counterparts["Islamic State - Sinai Province"]["types"] == {"CONSULT": 2, "AID": 1}
    dates = [t["date"] for t in profile["timeline"]]
    assert dates == sorted(dates) and dates[0] == "2016-03-01"
    assert {t["role"] for t in profile["timeline"] if t["event_type"] == "COERCE"} == {"recipient"}


def test_stored_actors_are_listed_most_active_first(ws):
    rows = ws.actor_rows()
    assert rows[0]["actor_id"] == "hamas" and rows[0]["events"] == 6
    assert {r["actor_id"] for r in rows} == {"hamas", "is-sinai", "egypt", "israel", "salafis"}
    assert len(ws.actor_rows(limit=2)) == 2
