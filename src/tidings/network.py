"""The actor network: one edge per (actor, recipient, category) built from event rows.

Each edge counts its reports and happenings (clusters), keeps its first and last dates, the outlets that
reported any of its events, its ``sources`` — the most independent outlets that reported one same happening
on it, so that ``min_sources=2`` means two outlets reported the same thing, not two unrelated things —, its
PLOVER quad class and a cooperation–conflict score from
``data/plover_quads.yaml``. Symmetric categories (e.g. COOPERATE) join every pair of their parties.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from itertools import combinations
from typing import Any

from .data import Category, load_categories

__all__ = ["build_edges", "edge_pairs", "pair_scores"]


def edge_pairs(row: Mapping[str, Any], symmetric: bool) -> list[tuple[str, str]]:
    """The (source, target) actor pairs one event row contributes; symmetric pairs in sorted order."""
    actors, recipients = list(row["actor_ids"]), list(row["recipient_ids"])
    if symmetric:
        parties = sorted(set(actors) | set(recipients))
        return list(combinations(parties, 2))
    return [(a, r) for a in actors for r in recipients if a != r]


def _new_edge(source: str, target: str, names: dict[str, str], cat: Category) -> dict[str, Any]:
    return {
        "source": source, "source_name": names.get(source, source), "target": target,
        "target_name": names.get(target, target), "event_type": cat.name, "quad": cat.quad, "score": cat.score,
        "symmetric": cat.symmetric, "events": 0, "happenings": set(), "documents": set(), "outlets": {},
        "first": None, "last": None, "modalities": {}, "event_ids": [], "sources": 1,
    }


def _add(edge: dict[str, Any], row: Mapping[str, Any]) -> None:
    edge["events"] += 1
    edge["event_ids"].append(row["event_id"])
    edge["happenings"].add(row.get("cluster_id") or row["event_id"])
    edge["documents"].add(row["document_id"])
    edge["sources"] = max(edge["sources"], row.get("sources") or 1)
    # An article without an outlet name still is one independent source; outlet names compare case-blind.
    outlet = row.get("outlet")
    edge["outlets"].setdefault(outlet.lower() if outlet else f"doc:{row['document_id']}", outlet)
    edge["modalities"][row["modality"]] = edge["modalities"].get(row["modality"], 0) + 1
    start, end = row.get("date_start"), row.get("date_end") or row.get("date_start")
    if start and (edge["first"] is None or start < edge["first"]):
        edge["first"] = start
    if end and (edge["last"] is None or end > edge["last"]):
        edge["last"] = end


def _finish(edge: dict[str, Any]) -> dict[str, Any]:
    outlets = sorted(name for name in edge["outlets"].values() if name)
    return {**edge, "happenings": len(edge["happenings"]), "documents": len(edge["documents"]), "outlets": outlets}


def build_edges(rows: Iterable[Mapping[str, Any]], *, min_sources: int | None = None) -> list[dict[str, Any]]:
    """Aggregate event rows into edges; ``min_sources`` keeps edges reported by that many sources."""
    categories = load_categories()
    edges: dict[tuple[str, str, str], dict[str, Any]] = {}
    for row in rows:
        cat = categories[row["event_type"]]
        names = dict(zip(row["actor_ids"], row["actors"], strict=True))
        names.update(zip(row["recipient_ids"], row["recipients"], strict=True))
        for source, target in edge_pairs(row, cat.symmetric):
            key = (source, target, cat.name)
            if key not in edges:
                edges[key] = _new_edge(source, target, names, cat)
            _add(edges[key], row)
    out = [_finish(e) for e in edges.values()]
    if min_sources:
        out = [e for e in out if e["sources"] >= min_sources]
    out.sort(key=lambda e: (-e["events"], e["source_name"], e["target_name"], e["event_type"]))
    return out


def pair_scores(edges: Iterable[Mapping[str, Any]]) -> dict[tuple[str, str], float]:
    """Cooperation–conflict score of each actor pair (order free): the event-weighted mean of its edges."""
    totals: dict[tuple[str, str], list[float]] = {}
    for e in edges:
        key = tuple(sorted((e["source"], e["target"])))
        acc = totals.setdefault(key, [0.0, 0.0])
        acc[0] += e["score"] * e["events"]
        acc[1] += e["events"]
    return {k: round(s / n, 3) for k, (s, n) in totals.items() if n}
