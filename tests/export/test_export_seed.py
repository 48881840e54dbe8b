"""Done-when checks on the seed article through the real pipeline: idempotent ingest, STIX and GEXF content,
review decisions that survive a re-ingest."""

from __future__ import annotations

import json
import re

import networkx as nx
import pytest
from sqlalchemy import func, select
from stix2validator import validate_string

import tidings.api
from tidings.aggregate import refresh_clusters
from tidings.config import load_settings
from tidings.store.clusters import ClusterRow
from tidings.store.models import DocumentRow, EventRow

IS_SINAI = re.compile(r"islamic state|sinai", re.I)


def _counts(ws):
    with ws.store.session() as session:
        docs = dict(session.execute(select(DocumentRow.status, func.count()).group_by(DocumentRow.status)).all())
        return docs, session.scalar(select(func.count(EventRow.id))), session.scalar(select(func.count()).select_from(
            ClusterRow))


@pytest.fixture(scope="module")
def seeded(tmp_path_factory, seed_path):
    folder = tmp_path_factory.mktemp("seed")
    url = f"sqlite:///{folder / 'seed.db'}"
    settings = load_settings(db_url=url)
    ws = tidings.api.open(url)
    outcomes = ws.store.ingest([str(seed_path)], settings=settings, after_batch=refresh_clusters)
    if outcomes[0].status != "stored" or not outcomes[0].events:
        pytest.skip(f"the pipeline produced no events for the seed yet ({outcomes[0].status}: {outcomes[0].reason})")
    once = _counts(ws)
    rejected = ws.event_rows(limit=1)[0]["event_id"]
    ws.review(rejected, "reject", note="analyst says no")
    edited = folder / "seed-edited.txt"
    edited.write_text(seed_path.read_text(encoding="utf-8").replace("worrying", "troubling")
                      .replace("unprecedented", "remarkable"), encoding="utf-8")
    again = ws.store.ingest([str(seed_path), str(seed_path), str(edited)], settings=settings,
                            after_batch=refresh_clusters)
    yield ws, once, again, rejected, folder
    ws.close()


def test_seed_twice_plus_an_edited_copy_changes_no_counts(seeded):
    ws, once, again, _, _ = seeded
    assert [o.status for o in again] == ["already_stored", "already_stored", "near_duplicate"]
    docs, events, clusters = _counts(ws)
    assert docs == {"stored": 1, "near_duplicate": 1}
    assert (events, clusters) == once[1:]


def test_review_decisions_survive_the_re_ingest(seeded):
    ws, _, _, rejected, _ = seeded
    assert rejected not in {e["event_id"] for e in ws.event_rows()}
    assert [h["action"] for h in ws.history(rejected)] == ["reject"]


def test_stix_export_of_the_seed_validates_and_links_the_main_actors(seeded):
    ws, _, _, _, folder = seeded
    out = folder / "seed.stix.json"
    ws.export("stix", out, include_rejected=True)
    result = validate_string(out.read_text(encoding="utf-8"))
    assert result.is_valid, [str(e) for e in result.errors]
    objects = json.loads(out.read_text(encoding="utf-8"))["objects"]
    names = {o["id"]: o.get("name", "") for o in objects}
    ends = [(names[o["source_ref"]], names[o["target_ref"]]) for o in objects if o["type"] == "relationship"]
    involved = {n for pair in ends for n in pair}
    assert "Hamas" in involved and "Egypt" in involved and "Israel" in involved
    assert any(IS_SINAI.search(n) for n in involved)
    assert any({"Hamas"} == {a, b} - {x for x in (a, b) if IS_SINAI.search(x)} and any(IS_SINAI.search(x)
               for x in (a, b)) for a, b in ends)


def test_gexf_export_of_the_seed_has_the_hamas_is_sinai_edge(seeded):
    ws, _, _, _, folder = seeded
    out = folder / "seed.gexf"
    ws.export("gexf", out, include_rejected=True)
    graph = nx.read_gexf(out)
    label = {n: d.get("label", n) for n, d in graph.nodes(data=True)}
    pairs = {frozenset((label[u], label[v])) for u, v in graph.edges()}
    assert any("Hamas" in p and any(IS_SINAI.search(x) and "Sinai" in x for x in p) for p in pairs), pairs
