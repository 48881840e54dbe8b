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


# --- Corroboration (issue 9, item 6): "2 sources" means two outlets reported the same thing ---------------

def _attack(verb: str, day: str | None = "2016-05-02") -> tuple:
    """The same attack in another outlet's words (identical texts would be stored once)."""
    return ("hamas", verb, "egypt", "ASSAULT", day)


def test_undated_reports_of_two_outlets_stay_two_happenings(ws):
    ws.add_extractions([
        make_extraction("u1", [_attack("attacked", None)], outlet="Reuters", published="2016-05-03"),
        make_extraction("u2", [_attack("shelled", None)], outlet="AP", published="2016-05-03"),
    ])
    assert len(ws.event_rows()) == 2
    clusters = ws.cluster_rows()
    assert len(clusters) == 2 and all(c["sources"] == 1 for c in clusters)
    assert ws.cluster_rows(min_sources=2) == []
    assert ws.event_rows(min_sources=2) == []


def test_two_pages_of_one_web_site_without_an_outlet_are_one_source(ws):
    def page(doc_id: str, verb: str, url: str):
        return make_extraction(doc_id, [_attack(verb)], outlet=None).model_copy(update={"url": url})

    first = page("w1", "attacked", "https://www.ledger.example/a")
    second = page("w2", "shelled", "https://ledger.example/b")
    other = page("w3", "raided", "https://courier.example/c")
    ws.add_extractions([first, second])
    [cluster] = ws.cluster_rows()
    assert (cluster["documents"], cluster["sources"]) == (2, 1)
    ws.add_extractions([other])
    [cluster] = ws.cluster_rows()
    assert (cluster["documents"], cluster["sources"]) == (3, 2)


def _aeb_page(prefix: str):
    from pathlib import Path

    html = Path(__file__).resolve().parents[2].parent / "shared" / "data" / "aeb-dev" / "html"
    matches = sorted(html.glob(f"{prefix}*.html.gz")) if html.is_dir() else []
    if not matches:
        pytest.skip(f"aeb-dev page {prefix} not present")
    return matches[0]


@pytest.mark.timeout(300)
def test_unrelated_real_articles_are_never_one_happening(tmp_path):
    """Three real pages of one week in November 2019: a Taliban hostage swap (New York Post), the reaction to
    the US statement on Israeli settlements (Al Bawaba) and a Davis Cup report (AP). All three name the
    United States; one-sided and undated reports once joined them into "2 sources" clusters (US-Taliban
    talks with a tennis result, a hostage handover with Security Council powers distancing themselves)."""
    from tidings import aggregate
    from tidings.config import load_settings
    from tidings.pipeline import Pipeline
    from tidings.store import open_store

    pages = [str(_aeb_page(prefix)) for prefix in ("a1fca19b88", "833caf3bdb", "0d46122928")]
    url = f"sqlite:///{tmp_path / 'three.db'}"
    settings = load_settings(db_url=url)
    store = open_store(url)
    try:
        store.ingest(pages, settings=settings, pipeline=Pipeline.load(settings),
                     after_batch=aggregate.refresh_clusters)
        workspace = tidings.api.open(url)
        try:
            assert len(workspace.event_rows()) > 10  # all pages were coded
            assert len(workspace.cluster_rows()) > 10  # and clustered
            assert [c for c in workspace.cluster_rows() if c["documents"] > 1] == []
            assert workspace.cluster_rows(min_sources=2) == []
        finally:
            workspace.close()
    finally:
        store.close()
