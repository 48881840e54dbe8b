"""GEXF and GraphML exports load back in networkx with their edges, attributes and dynamic dates."""

from __future__ import annotations

import networkx as nx
import pytest


@pytest.mark.parametrize("fmt", ["gexf", "graphml"])
def test_graph_loads_back_with_edges_and_dates(ws, tmp_path, fmt):
    out = tmp_path / f"net.{fmt}"
    ws.export(fmt, out)
    graph = nx.read_gexf(out) if fmt == "gexf" else nx.read_graphml(out)
    labels = {n: d.get("label") for n, d in graph.nodes(data=True)}
    assert labels["hamas"] == "Hamas" and labels["egypt"] == "Egypt"
    ties = {(u, v, d["event_type"]): d for u, v, d in graph.edges(data=True)}
    attack = ties[("hamas", "egypt", "ASSAULT")]
    assert attack["events"] == 2 and attack["sources"] == 2 and attack["quad"] == "material_conflict"
    assert (attack["start"], attack["end"]) == ("2016-05-02", "2016-05-02")
    assert ("hamas", "is-sinai", "CONSULT") in ties and ("hamas", "is-sinai", "AID") in ties
    # The undated raid has no dates: the edge carries none rather than invented ones.
    assert "start" not in ties[("israel", "salafis", "ASSAULT")]


def test_gexf_is_dynamic_with_dates(ws, tmp_path):
    out = tmp_path / "net.gexf"
    ws.export("gexf", out)
    text = out.read_text(encoding="utf-8")
    assert 'mode="dynamic"' in text and 'timeformat="date"' in text


def test_filters_and_min_sources_shrink_the_graph(ws, tmp_path):
    out = tmp_path / "net.gexf"
    ws.export("gexf", out, min_sources=2)
    graph = nx.read_gexf(out)
    assert [(u, v) for u, v in graph.edges()] == [("hamas", "egypt")]
