"""Clusters in a real SQLite store: built on ingest of extractions, idempotent, near-duplicates never count twice."""

from __future__ import annotations

import pytest
from export.factory import make_extraction

import tidings.api


@pytest.fixture
def ws(db_url):
    workspace = tidings.api.open(db_url)
    yield workspace
    workspace.close()


ATTACK = ("hamas", "attacked", "egypt", "ASSAULT", "2016-05-02")
TALKS = ("hamas", "met", "is-sinai", "CONSULT", "2016-12-05")


def test_reports_of_one_happening_from_two_outlets_form_one_cluster(ws):
    ws.add_extractions([
        make_extraction("a1", [ATTACK, TALKS], outlet="Reuters"),
        make_extraction("a2", [ATTACK], outlet="AP"),
        make_extraction("a3", [("is-sinai", "met", "hamas", "CONSULT", "2016-12-05")], outlet="reuters"),
    ])
    clusters = ws.cluster_rows()
    assert len(clusters) == 2
    by_type = {c["event_type"]: c for c in clusters}
    assert by_type["ASSAULT"]["reports"] == 2 and by_type["ASSAULT"]["sources"] == 2
    assert by_type["CONSULT"]["reports"] == 2 and by_type["CONSULT"]["sources"] == 1  # Reuters twice
    events = ws.event_rows(event_type="ASSAULT")
    assert {e["cluster_id"] for e in events} == {by_type["ASSAULT"]["cluster_id"]}
    assert all(e["sources"] == 2 for e in events)


def test_re_ingesting_changes_nothing(ws):
    docs = [make_extraction("a1", [ATTACK, TALKS], outlet="Reuters"), make_extraction("a2", [ATTACK], outlet="AP")]
    ws.add_extractions(docs)
    before = ws.cluster_rows()
    ws.add_extractions(docs)
    ws.add_extractions(docs[:1])
    after = ws.cluster_rows()
    assert [(c["cluster_id"], c["event_ids"]) for c in after] == [(c["cluster_id"], c["event_ids"]) for c in before]
    assert len(ws.event_rows()) == 3


def test_near_duplicate_documents_add_no_reports(ws):
    """A near-duplicate is stored with no events of its own (the store links it), so sources stay 1."""
    from sqlalchemy import select

    from tidings.store.models import DocumentRow

    [original] = ws.add_extractions([make_extraction("a1", [ATTACK], outlet="Reuters")])
    with ws.store.session() as session:
        session.add(DocumentRow(doc_id="copy", source="copy", outlet="Reuters-syndicated", text="copy",
                                status="near_duplicate", duplicate_of=original, warnings=[]))
    from tidings import aggregate

    with ws.store.session() as session:
        ids = list(session.scalars(select(DocumentRow.id)))
        aggregate.refresh_clusters(session, ids)
    [cluster] = ws.cluster_rows()
    assert cluster["sources"] == 1 and cluster["reports"] == 1
