"""The actor network built from event rows: edges per (actor, recipient, category), quads, scores, filters."""

from __future__ import annotations

import pytest

from tidings.data import load_categories
from tidings.network import build_edges, pair_scores


def _edge(edges, source, target, event_type):
    return next(e for e in edges if (e["source"], e["target"], e["event_type"]) == (source, target, event_type))


def test_edges_count_reports_happenings_and_sources(ws):
    edges = ws.edge_rows()
    attack = _edge(edges, "hamas", "egypt", "ASSAULT")
    assert (attack["events"], attack["happenings"], attack["documents"], attack["sources"]) == (2, 1, 2, 2)
    assert attack["outlets"] == ["AP", "Reuters"]
    assert attack["first"] == attack["last"] == "2016-05-02"
    assert (attack["quad"], attack["score"]) == ("material_conflict", -1.0)
    # CONSULT is symmetric: "Hamas met IS" and "IS met Hamas" are one tie, in sorted order.
    talks = _edge(edges, "hamas", "is-sinai", "CONSULT")
    assert talks["events"] == 2 and talks["quad"] == "verbal_cooperation"
    assert not [e for e in edges if e["source"] == "is-sinai" and e["event_type"] == "CONSULT"]


def test_filters_narrow_the_network(ws):
    assert {e["event_type"] for e in ws.edge_rows(event_type="ASSAULT")} == {"ASSAULT"}
    assert [(e["source"], e["target"]) for e in ws.edge_rows(min_sources=2)] == [("hamas", "egypt")]
    window = ws.edge_rows(since="2016-11", until="2016-11-30")
    assert [(e["source"], e["target"], e["event_type"]) for e in window] == [("hamas", "is-sinai", "AID")]
    assert ws.edge_rows(modality=["negated"]) == []


def test_every_category_has_a_quad_and_pair_scores_weigh_by_events(ws):
    categories = load_categories()
    assert len(categories) == 16
    scores = pair_scores(ws.edge_rows())
    # Hamas–IS: 2 CONSULT (+0.3) and 1 AID (+0.9) → (0.6 + 0.9) / 3
    assert scores[("hamas", "is-sinai")] == pytest.approx(0.5)
    assert scores[("egypt", "hamas")] < 0


def test_build_edges_on_plain_rows_skips_self_ties():
    row = {"event_id": "x", "event_type": "ACCUSE", "actor_ids": ["a"], "actors": ["A"], "recipient_ids": ["a", "b"],
           "recipients": ["A", "B"], "document_id": 1, "modality": "asserted", "date_start": None}
    assert [(e["source"], e["target"]) for e in build_edges([row])] == [("a", "b")]


def test_sources_count_outlets_that_reported_one_same_happening():
    # Two outlets, two different attacks on the same edge: no happening was reported twice.
    base = {"event_type": "ASSAULT", "actor_ids": ["hamas"], "actors": ["Hamas"], "recipient_ids": ["egypt"],
            "recipients": ["Egypt"], "modality": "asserted", "date_start": None}
    rows = [{**base, "event_id": "e1", "document_id": 1, "outlet": "Reuters", "cluster_id": "c1", "sources": 1},
            {**base, "event_id": "e2", "document_id": 2, "outlet": "AP", "cluster_id": "c2", "sources": 1}]
    edge = build_edges(rows)[0]
    assert edge["outlets"] == ["AP", "Reuters"] and edge["sources"] == 1
    assert build_edges(rows, min_sources=2) == []
    # The same happening (one cluster) reported by both outlets.
    same = [{**r, "cluster_id": "c1", "sources": 2} for r in rows]
    assert build_edges(same, min_sources=2)[0]["sources"] == 2
