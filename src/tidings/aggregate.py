"""Cross-document event clusters: reports of the same real-world happening become one cluster.

Within one article, two reports are one happening when they share the PLOVER category, their
canonical actors and recipients are compatible (equal, or one side a subset of the other; symmetric
categories compare the parties in any order), their times overlap (a report without an anchored
date stands for its article's window, or, when the article has no trusted date, joins only reports
naming exactly the same parties) and their places do not contradict each other.

Across articles the bar is corroboration, so that "2 sources" means two outlets reported the same
thing: the same category; both reports fully resolved on both sides (every actor and recipient
mention resolved to a canonical actor, at least one on each side) and naming the same canonical
parties on each side (symmetric categories: the same set of at least two); both dated by the text
(an explicit date, or a relative one resolved against a trusted publication date, no wider than
``MAX_CORROBORATION_DAYS``) with overlapping dates; places that do not contradict. An undated report
never joins another article. Clusters are the connected groups of compatible reports; a cluster's id
is a fingerprint of its first report and survives re-ingest.
"""

from __future__ import annotations

import calendar
import hashlib
import logging
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, timedelta

from .data import load_categories, load_modalities

__all__ = [
    "Report", "Cluster", "cluster_reports", "parse_interval", "report_interval", "refresh_clusters",
    "ARTICLE_WINDOW_DAYS", "MAX_CORROBORATION_DAYS",
]

log = logging.getLogger(__name__)

# A report whose date is not anchored in the text happened "around" publication: we let it stand
# for the week before the article appeared, and never beyond.
ARTICLE_WINDOW_DAYS = 7
# Across articles, a date must say when: a span wider than a month ("this year", "in 2016") cannot tell
# two attacks by the same group apart, so it corroborates nothing.
MAX_CORROBORATION_DAYS = 31
# Modalities that do not say the event happened.
IRREALIS = frozenset({"future", "hypothetical", "negated"})


@dataclass(frozen=True)
class Report:
    """One stored event as the clusterer sees it (canonical actor ids, interval, place, source)."""

    event_id: str
    document_id: int
    event_type: str
    actors: frozenset[str]
    recipients: frozenset[str]
    modality: str
    outlet: str | None = None
    interval: tuple[date, date] | None = None
    country: str | None = None
    place: str | None = None
    anchored: bool = False
    # Some actor or recipient mention of the event has no canonical actor (an unresolved name, "officials").
    unresolved: bool = False


@dataclass
class Cluster:
    """One happening: every report behind it, how many independent sources, the strongest modality."""

    cluster_id: str
    event_type: str
    event_ids: list[str]
    documents: int
    sources: int
    modality: str
    date_start: str | None = None
    date_end: str | None = None
    actors: list[str] = field(default_factory=list)
    recipients: list[str] = field(default_factory=list)


def _parse_bound(value: str | None, *, end: bool) -> date | None:
    """ISO date, year-month or year → a day; an end bound goes to the last day of its period."""
    if not value:
        return None
    parts = value[:10].split("-")
    try:
        year = int(parts[0])
        month = int(parts[1]) if len(parts) > 1 else (12 if end else 1)
        day = int(parts[2]) if len(parts) > 2 else (calendar.monthrange(year, month)[1] if end else 1)
        return date(year, month, day)
    except (ValueError, IndexError):
        return None


def parse_interval(start: str | None, end: str | None) -> tuple[date, date] | None:
    """The days from ``start`` to ``end`` (either may be a year, year-month or day); None if unparseable."""
    first = _parse_bound(start, end=False)
    last = _parse_bound(end or start, end=True)
    if first is None or last is None:
        return None
    return (first, max(first, last))


def report_interval(
    date_start: str | None, date_end: str | None, anchor: str | None, published: str | None
) -> tuple[date, date] | None:
    """The days a report may refer to: its anchored date, else its article's window, else unknown."""
    if anchor in ("explicit", "publication"):
        span = parse_interval(date_start, date_end)
        if span is not None:
            return span
    pub = _parse_bound(published, end=False)
    if pub is None:
        return None
    return (pub - timedelta(days=ARTICLE_WINDOW_DAYS), pub)


def _roles_compatible(a: frozenset[str], b: frozenset[str]) -> bool:
    return a <= b or b <= a


def _same_parties(x: Report, y: Report, symmetric: bool) -> bool:
    """Exactly the same named parties on both sides (order free when symmetric)."""
    if symmetric:
        parties = x.actors | x.recipients
        return len(parties) >= 2 and parties == y.actors | y.recipients
    return bool(x.actors and x.recipients) and (x.actors, x.recipients) == (y.actors, y.recipients)


def _resolved(x: Report, symmetric: bool) -> bool:
    """Every party resolved, and both sides named (a symmetric category: at least two parties)."""
    if x.unresolved:
        return False
    return len(x.actors | x.recipients) >= 2 if symmetric else bool(x.actors and x.recipients)


def _dated(x: Report) -> bool:
    """Dated by the text itself, precisely enough to tell one happening from another."""
    return bool(x.anchored and x.interval and (x.interval[1] - x.interval[0]).days < MAX_CORROBORATION_DAYS)


def _corroborates(x: Report, y: Report, symmetric: bool) -> bool:
    """Reports from two articles are one happening: same resolved parties on both sides, overlapping dates."""
    if not (_resolved(x, symmetric) and _resolved(y, symmetric) and _dated(x) and _dated(y)):
        return False
    if not _same_parties(x, y, symmetric) or not _overlap(x, y):
        return False
    return _places_compatible((x.country, x.place), (y.country, y.place))


def _overlap(x: Report, y: Report) -> bool:
    return not (x.interval[0] > y.interval[1] or y.interval[0] > x.interval[1])


def _compatible(x: Report, y: Report, symmetric: bool) -> bool:
    if (x.modality in IRREALIS) != (y.modality in IRREALIS):
        # A plan, a hypothesis or a denial is not the happening itself; only like joins like.
        return False
    if x.document_id != y.document_id:
        return _corroborates(x, y, symmetric)
    if symmetric:
        if not _roles_compatible(x.actors | x.recipients, y.actors | y.recipients):
            return False
    elif not (_roles_compatible(x.actors, y.actors) and _roles_compatible(x.recipients, y.recipients)):
        return False
    if x.interval is None or y.interval is None:
        # Unknown time: only reports naming exactly the same parties are one happening.
        if not _same_parties(x, y, symmetric):
            return False
    elif not _overlap(x, y):
        return False
    return _places_compatible((x.country, x.place), (y.country, y.place))


def _places_compatible(x: tuple[str | None, str | None], y: tuple[str | None, str | None]) -> bool:
    """Places agree unless they name different countries, or (without countries) different names."""
    (cx, px), (cy, py) = x, y
    if cx and cy:
        return cx == cy
    if px and py:
        return px.lower() == py.lower()
    return True


@dataclass
class _Group:
    """What a growing cluster already claims: its parties and places (so chains cannot drift)."""

    actors: frozenset[str]
    recipients: frozenset[str]
    places: set[tuple[str | None, str | None]]


class _UnionFind:
    """Union-find whose unions are refused when the two groups' parties or places disagree."""

    def __init__(self, reports: list[Report], symmetric: dict[str, bool]):
        self.parent = list(range(len(reports)))
        self.symmetric = symmetric
        self.groups = [_Group(r.actors, r.recipients, {(r.country, r.place)} if (r.country or r.place) else set())
                       for r in reports]
        self.types = [r.event_type for r in reports]

    def find(self, i: int) -> int:
        while self.parent[i] != i:
            self.parent[i] = self.parent[self.parent[i]]
            i = self.parent[i]
        return i

    def _fits(self, a: _Group, b: _Group, symmetric: bool) -> bool:
        if symmetric:
            if not _roles_compatible(a.actors | a.recipients, b.actors | b.recipients):
                return False
        elif not (_roles_compatible(a.actors, b.actors) and _roles_compatible(a.recipients, b.recipients)):
            return False
        return all(_places_compatible(p, q) for p in a.places for q in b.places)

    def union(self, i: int, j: int) -> None:
        ri, rj = self.find(i), self.find(j)
        if ri == rj or not self._fits(self.groups[ri], self.groups[rj], self.symmetric[self.types[ri]]):
            return
        keep, gone = min(ri, rj), max(ri, rj)
        self.parent[gone] = keep
        a, b = self.groups[keep], self.groups[gone]
        self.groups[keep] = _Group(a.actors | b.actors, a.recipients | b.recipients, a.places | b.places)


def _blocks(reports: list[Report]) -> Iterable[list[int]]:
    """Groups of report indexes that share a category and at least one party (candidates only)."""
    blocks: dict[tuple, list[int]] = defaultdict(list)
    for i, r in enumerate(reports):
        parties = r.actors | r.recipients
        if not parties:
            blocks[(r.event_type, "", r.document_id)].append(i)
        for party in parties:
            blocks[(r.event_type, party)].append(i)
    return blocks.values()


def _link_block(block: list[int], reports: list[Report], uf: _UnionFind, symmetric: dict[str, bool]) -> None:
    """Compare reports of one block whose intervals can overlap (sweep over start dates)."""
    dated = sorted((i for i in block if reports[i].interval), key=lambda i: reports[i].interval)
    active: list[int] = []
    for i in dated:
        start = reports[i].interval[0]
        active = [j for j in active if reports[j].interval[1] >= start]
        for j in active:
            if _compatible(reports[i], reports[j], symmetric[reports[i].event_type]):
                uf.union(i, j)
        active.append(i)
    by_doc: dict[int, list[int]] = defaultdict(list)
    for i in block:
        if reports[i].interval is None:
            by_doc[reports[i].document_id].append(i)
    for i in block:
        for j in by_doc.get(reports[i].document_id, []):
            if i != j and _compatible(reports[i], reports[j], symmetric[reports[i].event_type]):
                uf.union(i, j)


def fingerprint(event_id: str) -> str:
    """A cluster id derived from one member's stable event id."""
    return "c-" + hashlib.sha1(event_id.encode("utf-8")).hexdigest()[:16]


def cluster_reports(reports: list[Report], *, previous: dict[str, str] | None = None) -> list[Cluster]:
    """Group reports into clusters; ``previous`` (event id → cluster id) keeps known ids stable."""
    symmetric = {name: c.symmetric for name, c in load_categories().items()}
    ranks = {name: m.rank for name, m in load_modalities().items()}
    reports = sorted(reports, key=lambda r: r.event_id)
    uf = _UnionFind(reports, symmetric)
    for block in _blocks(reports):
        if len(block) > 1:
            _link_block(block, reports, uf, symmetric)
    groups: dict[int, list[Report]] = defaultdict(list)
    for i, r in enumerate(reports):
        groups[uf.find(i)].append(r)
    # Bigger groups claim their old id first: when a cluster splits, its largest part keeps the id.
    ordered = sorted(groups.values(), key=lambda members: (-len(members), members[0].event_id))
    taken: set[str] = set()
    clusters = []
    for members in ordered:
        clusters.append(_make_cluster(members, ranks, _cluster_id(members, previous or {}, taken)))
        taken.add(clusters[-1].cluster_id)
    return clusters


def _cluster_id(members: list[Report], previous: dict[str, str], taken: set[str]) -> str:
    """Keep the free id most members already had (ties: smallest); else fingerprint the first report."""
    counts: dict[str, int] = defaultdict(int)
    for r in members:
        if r.event_id in previous and previous[r.event_id] not in taken:
            counts[previous[r.event_id]] += 1
    if counts:
        return min(counts, key=lambda cid: (-counts[cid], cid))
    # A split-off part whose first report's fingerprint names the part that kept the id takes the next one.
    return next((fingerprint(r.event_id) for r in members if fingerprint(r.event_id) not in taken),
                fingerprint("split|" + "|".join(r.event_id for r in members)))


def _make_cluster(members: list[Report], ranks: dict[str, int], cluster_id: str) -> Cluster:
    # A cluster's dates come from reports that state them, never from publication windows.
    intervals = [r.interval for r in members if r.interval and r.anchored]
    # Reports with no outlet count as independent sources, one per article.
    sources = {r.outlet.lower() if r.outlet else f"doc:{r.document_id}" for r in members}
    return Cluster(
        cluster_id=cluster_id,
        event_type=members[0].event_type,
        event_ids=[r.event_id for r in members],
        documents=len({r.document_id for r in members}),
        sources=len(sources),
        modality=min((r.modality for r in members), key=lambda m: ranks.get(m, 99)),
        date_start=min(i[0] for i in intervals).isoformat() if intervals else None,
        date_end=max(i[1] for i in intervals).isoformat() if intervals else None,
        actors=sorted(set().union(*(r.actors for r in members))),
        recipients=sorted(set().union(*(r.recipients for r in members))),
    )


def refresh_clusters(session, document_ids: list[int]) -> None:
    """Re-cluster the reports of these documents with every stored report they could join.

    Called by ``Store.ingest`` after each batch, inside its transaction. Only the affected
    clusters are rewritten; ids of clusters that keep members are preserved.
    """
    from .store import clusters as cluster_store

    if not document_ids:
        return
    reports, previous = cluster_store.load_candidate_reports(session, document_ids)
    if not reports:
        return
    clusters = cluster_reports(reports, previous=previous)
    cluster_store.save_clusters(session, clusters, replaced=set(previous.values()))
    log.info("clusters refreshed: %d reports in %d clusters", len(reports), len(clusters))
