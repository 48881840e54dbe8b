"""GEXF and GraphML graphs of the actor network (networkx), with dynamic start/end attributes for Gephi."""

from __future__ import annotations

import functools
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import networkx as nx

from ..aggregate import parse_interval
from ..errors import ExportError
from . import atomic_write

__all__ = ["network_graph", "write_graph", "GRAPH_FORMATS"]

GRAPH_FORMATS = ("gexf", "graphml")
EDGE_FIELDS = ("event_type", "quad", "score", "events", "happenings", "documents", "sources")


def _clean(attrs: Mapping[str, Any]) -> dict[str, Any]:
    """Graph formats take scalars only: drop unknowns, join lists."""
    out = {}
    for key, value in attrs.items():
        if value is None:
            continue
        out[key] = "; ".join(map(str, value)) if isinstance(value, list | tuple) else value
    return out


@functools.lru_cache(maxsize=8192)
def _day(value: str | None, *, end: bool) -> str | None:
    """Gephi's date timeformat wants whole days: a month or year becomes its first (or last) day."""
    span = parse_interval(value, value) if value else None
    return span[1 if end else 0].isoformat() if span else None


def network_graph(edges: Sequence[Mapping[str, Any]], actors: Sequence[Mapping[str, Any]]) -> nx.MultiDiGraph:
    """Nodes are actors, edges are (actor, recipient, category) ties; start/end are first/last dates."""
    graph = nx.MultiDiGraph(name="tidings actor network", mode="dynamic")
    info = {a["actor_id"]: a for a in actors}
    for e in edges:
        for node, name in ((e["source"], e["source_name"]), (e["target"], e["target_name"])):
            if node not in graph:
                a = info.get(node, {})
                graph.add_node(node, **_clean({"label": name, "kind": a.get("kind"), "country": a.get("country")}))
            _widen(graph.nodes[node], _day(e.get("first"), end=False), _day(e.get("last"), end=True))
        attrs = {k: e.get(k) for k in EDGE_FIELDS}
        first, last = _day(e.get("first"), end=False), _day(e.get("last") or e.get("first"), end=True)
        attrs.update(label=e["event_type"], outlets=e.get("outlets"), start=first, end=last)
        graph.add_edge(e["source"], e["target"], key=f"{e['source']}|{e['target']}|{e['event_type']}",
                       **_clean(attrs))
    return graph


def _widen(node: dict[str, Any], first: str | None, last: str | None) -> None:
    """A node lives from its first to its last tie."""
    if first and ("start" not in node or first < node["start"]):
        node["start"] = first
    last = last or first
    if last and ("end" not in node or last > node["end"]):
        node["end"] = last


def write_graph(fmt: str, path: Path, graph: nx.MultiDiGraph) -> list[Path]:
    """Write the graph as GEXF 1.2 or GraphML, atomically."""
    if fmt not in GRAPH_FORMATS:
        raise ExportError(f"unknown graph format '{fmt}' (one of: {', '.join(GRAPH_FORMATS)})")

    def write(temp: Path) -> None:
        if fmt == "gexf":
            nx.write_gexf(graph, temp)
        else:
            nx.write_graphml(graph, temp)

    return atomic_write({Path(path): write})
