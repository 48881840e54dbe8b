"""Build a synthetic store for benchmarks: templated articles over a few hundred actors, no NLP.

Every article is a handful of ``ACTOR VERB RECIPIENT on DATE.`` sentences whose extraction
(actors, mentions, events with exact offsets) is written directly — spaCy never runs — and
stored in bulk: document rows, then the store's own event rows (``store.writer``'s row builder)
added per batch; the cluster tables are built once at the end by ``tidings.aggregate``.
About a third of the events re-report a recent happening from another outlet,
so clusters have several sources. Deterministic for a given ``--seed``.

    .venv/bin/python scripts/make_synthetic_corpus.py --events 100000 --db sqlite:////tmp/bench.db
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import random
import time
from datetime import date, timedelta

import tidings.api
from tidings.records import Actor, Entity, Event, EventDate, Extraction, Mention, TextInfo
from tidings.store.models import ActorRow, DocumentRow, MentionRow
from tidings.store.writer import _event_row

# Templating vocabulary for made-up actors and sentences (benchmark data, not knowledge).
FIRST = ["Northern", "Southern", "Eastern", "Western", "Central", "United", "Free", "Popular", "National", "Islamic",
         "Democratic", "Revolutionary", "Coastal", "Highland", "Republican"]
SECOND = ["Front", "Army", "Movement", "Council", "Alliance", "Brigades", "Party", "Guard", "Union", "Authority",
          "League", "Coalition", "Forces", "Assembly", "Committee", "Ministry", "Police", "Militia", "Congress", "Bloc"]
KINDS = ["armed_group", "state", "political_party", "ngo", "group", "person", "igo"]
VERBS = {
    "AGREE": "agreed with", "CONSULT": "met", "SUPPORT": "praised", "CONCEDE": "released prisoners of",
    "COOPERATE": "cooperated with", "AID": "sent aid to", "RETREAT": "withdrew from", "REQUEST": "appealed to",
    "ACCUSE": "accused", "REJECT": "rejected", "THREATEN": "threatened", "PROTEST": "protested against",
    "SANCTION": "sanctioned", "MOBILIZE": "mobilized against", "COERCE": "arrested members of",
    "ASSAULT": "attacked",
}
OUTLETS = [f"Outlet {i:02d}" for i in range(25)]
START = date(2015, 1, 1)
DAYS = 5 * 365


def make_actors(n: int) -> list[tuple[str, str, str]]:
    """``n`` distinct (actor_id, name, kind) triples."""
    names = [f"{a} {b}" for a in FIRST for b in SECOND]
    out = []
    for i in range(n):
        name = names[i % len(names)] + ("" if i < len(names) else f" {i // len(names) + 1}")
        out.append((f"syn-{i:04d}", name, KINDS[i % len(KINDS)]))
    return out


def _entity(actor: tuple[str, str, str], start: int) -> Entity:
    return Entity(text=actor[1], start=start, end=start + len(actor[1]), actor_id=actor[0], name=actor[1],
                  kind=actor[2])


def _event(doc_id: str, index: int, offset: int, happening: tuple) -> tuple[Event, str]:
    event_type, actor, recipient, day = happening
    sentence = f"{actor[1]} {VERBS[event_type]} {recipient[1]} on {day.isoformat()}."
    a = _entity(actor, offset)
    r = _entity(recipient, offset + len(actor[1]) + len(VERBS[event_type]) + 2)
    key = f"{doc_id}|{index}|{sentence}|{event_type}"
    event = Event(
        id="syn-" + hashlib.sha1(key.encode()).hexdigest()[:20], event_type=event_type, actor=[a], recipient=[r],
        date=EventDate(text=day.isoformat(), start=day.isoformat(), end=day.isoformat(), precision="day",
                       anchor="explicit"),
        confidence=0.7, rule="synthetic",
        modality="reported" if index % 3 else "asserted",
        text_info=TextInfo(sentence=index, start=offset, end=offset + len(sentence), text=sentence),
    )
    return event, sentence


def make_article(rng: random.Random, n: int, actors, recent: list[tuple], per_article: int) -> Extraction:
    """One article: mostly fresh happenings, about a third re-reported from ``recent``."""
    published = START + timedelta(days=rng.randrange(DAYS))
    doc_id = f"synthetic-{n:07d}"
    text, events, mentions = "", [], {}
    for i in range(per_article):
        if recent and rng.random() < 0.33:
            happening = rng.choice(recent)
        else:
            # Skewed choice: a few actors are in the news far more than the rest, as in real coverage.
            actor, recipient = rng.sample(actors[: max(2, int(len(actors) * rng.random() ** 2))] + actors[:2], 2)
            happening = (rng.choice(list(VERBS)), actor, recipient, published - timedelta(days=rng.randrange(4)))
            recent.append(happening)
        event, sentence = _event(doc_id, i, len(text), happening)
        for ent in (*event.actor, *event.recipient):
            mentions.setdefault(ent.actor_id, (ent, []))[1].append(
                Mention(start=ent.start, end=ent.end, text=ent.text, via="ner"))
        events.append(event)
        text += sentence + " "
    del recent[:-500]
    actor_records = [Actor(actor_id=aid, name=e.name, kind=e.kind, in_kb=False, mentions=m)
                     for aid, (e, m) in mentions.items()]
    return Extraction(doc_id=doc_id, text=text.strip(), outlet=rng.choice(OUTLETS), published=published.isoformat(),
                      actors=actor_records, events=events)


def _bulk_store(ws, docs: list[Extraction]) -> None:
    """Insert one batch: documents first (for their ids), then events with their entities and mentions."""
    with ws.store.session() as session:
        rows = [DocumentRow(doc_id=x.doc_id, source="synthetic", outlet=x.outlet, published=x.published,
                            published_source="input", language="en", text=x.text, status="stored", warnings=[],
                            content_hash=hashlib.sha256(x.text.encode("utf-8")).hexdigest(), extracted=True)
                for x in docs]
        session.add_all(rows)
        session.flush()
        for row, x in zip(rows, docs, strict=True):
            session.add_all(_event_row(row.id, e) for e in x.events)
            session.add_all(MentionRow(document_id=row.id, actor_id=a.actor_id, start=m.start, end=m.end,
                                       text=m.text, via=m.via) for a in x.actors for m in a.mentions)


def build(db_url: str, *, events: int, actors: int = 300, per_article: int = 10, seed: int = 7,
          batch: int = 500) -> dict:
    """Fill the store at ``db_url`` with about ``events`` synthetic events; returns counts and timings."""
    rng = random.Random(seed)
    cast = make_actors(actors)
    ws = tidings.api.open(db_url)
    started = time.perf_counter()
    recent: list[tuple] = []
    articles = max(1, events // per_article)
    try:
        with ws.store.session() as session:
            session.add_all(ActorRow(actor_id=a, name=name, kind=kind) for a, name, kind in cast)
        for first in range(0, articles, batch):
            docs = [make_article(rng, n, cast, recent, per_article) for n in range(first, min(articles, first + batch))]
            _bulk_store(ws, docs)
        stored = time.perf_counter()
        ws.recluster()
        clustered = time.perf_counter()
    finally:
        ws.close()
    return {"articles": articles, "events": articles * per_article, "actors": actors,
            "store_s": round(stored - started, 1), "cluster_s": round(clustered - stored, 1)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", required=True, help="Database URL, e.g. sqlite:////tmp/bench.db (should be new)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--actors", type=int, default=300)
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    result = build(args.db, events=args.events, actors=args.actors, seed=args.seed)
    print(" ".join(f"{k}={v}" for k, v in result.items()))


if __name__ == "__main__":
    main()
