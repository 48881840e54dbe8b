"""Analyst review in a real store: decisions by fingerprint, latest wins with history, survive re-ingest."""

from __future__ import annotations

import time

import pytest
from export.factory import make_extraction, small_corpus

from tidings.errors import NotFoundError, StoreError


def _event(ws, quote, **filters):
    return next(e for e in ws.event_rows(include_rejected=True, **filters) if e["quote"] == quote)


def test_reject_hides_an_event_and_latest_decision_wins_with_history(ws):
    raid = _event(ws, "Israel raided Salafi jihadists.")
    ws.review(raid["event_id"], "reject", note="not a raid")
    assert raid["event_id"] not in {e["event_id"] for e in ws.event_rows()}
    assert _event(ws, "Israel raided Salafi jihadists.")["review"] == "reject"
    time.sleep(0.01)
    ws.review(raid["event_id"], "accept", note="it was")
    assert _event(ws, "Israel raided Salafi jihadists.", actor="Israel")["review"] == "accept"
    history = ws.history(raid["event_id"])
    assert [h["action"] for h in history] == ["reject", "accept"]
    assert [h["note"] for h in history] == ["not a raid", "it was"]


def test_edit_changes_type_and_parties_everywhere(ws):
    aid = _event(ws, "Hamas supplied weapons to Islamic State - Sinai Province on 2016-11-20.")
    ws.review(aid["event_id"], "edit", event_type="cooperate", recipients=["Egypt"])
    edited = _event(ws, aid["quote"])
    assert (edited["event_type"], edited["recipients"], edited["review"]) == ("COOPERATE", ["Egypt"], "edit")
    assert [e["event_id"] for e in ws.event_rows(event_type="COOPERATE")] == [aid["event_id"]]
    assert aid["event_id"] in {e["event_id"] for e in ws.event_rows(recipient="Egypt")}
    assert not ws.event_rows(event_type="AID")
    edges = ws.edge_rows(event_type="COOPERATE")
    assert [(e["source"], e["target"]) for e in edges] == [("egypt", "hamas")]  # symmetric: sorted pair


def test_cluster_decisions_apply_to_every_report(ws):
    [attack] = [c for c in ws.cluster_rows() if c["event_type"] == "ASSAULT" and c["reports"] == 2]
    ws.review(attack["cluster_id"], "reject")
    assert not set(attack["event_ids"]) & {e["event_id"] for e in ws.event_rows()}
    ws.review(attack["event_ids"][0], "accept")  # a later event decision overrides the cluster's for that event
    assert {e["event_id"] for e in ws.event_rows(event_type="ASSAULT", actor="Hamas")} == {attack["event_ids"][0]}


def test_decisions_survive_re_ingest_and_re_extraction(ws):
    raid = _event(ws, "Israel raided Salafi jihadists.")
    ws.review(raid["event_id"], "reject")
    ws.add_extractions(small_corpus())
    # Re-extraction of the same article: its rows are replaced, the event id is the same fingerprint.
    from sqlalchemy import select

    from tidings.store.models import DocumentRow
    from tidings.store.writer import save_extraction

    with ws.store.session() as session:
        row = session.scalar(select(DocumentRow).where(DocumentRow.doc_id == "a4"))
        save_extraction(session, row, small_corpus()[3])
    assert raid["event_id"] not in {e["event_id"] for e in ws.event_rows()}
    assert ws.history(raid["event_id"])[-1]["action"] == "reject"
    ws.recluster()
    clusters = ws.cluster_rows()
    assert all(c["event_ids"] for c in clusters) and sum(c["reports"] for c in clusters) == 7


def test_bad_review_input_is_a_clear_error(ws):
    with pytest.raises(NotFoundError, match="no event or cluster"):
        ws.review("ev-nope", "accept")
    some = ws.event_rows(limit=1)[0]["event_id"]
    with pytest.raises(StoreError, match="unknown event type"):
        ws.review(some, "edit", event_type="HUG")
    with pytest.raises(StoreError, match="needs at least one"):
        ws.review(some, "edit")
    with pytest.raises(NotFoundError, match="did you mean: Hamas"):
        ws.review(some, "edit", actors=["Hamass"])


def test_merge_split_rename_actors(ws):
    ws.add_extractions([make_extraction("b1", [("salafis", "attacked", "egypt", "ASSAULT", "2016-05-02")],
                                        outlet="Ahram")])
    assert len([c for c in ws.cluster_rows() if c["event_type"] == "ASSAULT"]) == 3
    ws.merge_actors("Salafi jihadists", "Hamas")
    assert "salafis" not in {a["actor_id"] for a in ws.actor_rows()}
    assert next(a for a in ws.actor_rows() if a["actor_id"] == "hamas")["merged"] == ["salafis"]
    # Merged, the Salafi attack is reported by a third outlet of the Hamas attack: one cluster of 3 reports.
    attack = next(c for c in ws.cluster_rows() if c["event_type"] == "ASSAULT" and c["reports"] == 3)
    assert attack["sources"] == 3
    assert {e["actors"][0] for e in ws.event_rows(actor="Hamas", event_type="ASSAULT")} == {"Hamas"}
    assert ws.event_rows(recipient="Salafi jihadists")[0]["recipients"] == ["Hamas"]
    ws.rename_actor("Hamas", "Harakat al-Muqawama al-Islamiya")
    assert ws.event_rows(actor="Harakat al-Muqawama al-Islamiya", limit=1)[0]["actors"] == [
        "Harakat al-Muqawama al-Islamiya"]
    ws.split_actor("Salafi jihadists")
    assert "salafis" in {a["actor_id"] for a in ws.actor_rows()}
    assert len([c for c in ws.cluster_rows() if c["event_type"] == "ASSAULT"]) == 3
    with pytest.raises(StoreError, match="nothing to split"):
        ws.split_actor("Egypt")
