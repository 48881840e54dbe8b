"""Store query and export latency on a synthetic store (default 100,000 events over 300 actors).

Builds the store with ``scripts/make_synthetic_corpus.py`` unless ``--db`` points at one already
built, then times each query command's library call (what the CLI runs) and each export, printing
p50/p95 and a baseline ratio: the same rows fetched by one raw SQL statement on the same connection.

    .venv/bin/python benchmarks/bench_store.py [--events 100000] [--db sqlite:////tmp/tidings-bench.db]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import tempfile
from pathlib import Path

from benchmark_inputs import timings
from sqlalchemy import text

import tidings.api

REPO = Path(__file__).resolve().parents[1]


def _generator():
    path = REPO / "scripts" / "make_synthetic_corpus.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _report(name: str, timed: tuple[list[float], list[float]], baseline=None) -> None:
    wall, cpu = timed
    p50, p95 = statistics.median(wall), _pct(wall, 0.95)
    cpu50, cpu95 = statistics.median(cpu), _pct(cpu, 0.95)
    ratio = f"  x{p50 / statistics.median(baseline[0]):.1f} of raw SQL" if baseline else ""
    print(f"{name:<36} runs={len(wall):<3} wall p50={p50 * 1000:8.1f} p95={p95 * 1000:8.1f} ms  "
          f"cpu p50={cpu50 * 1000:8.1f} p95={cpu95 * 1000:8.1f} ms{ratio}")


def _raw(ws, sql: str, **params):
    def run():
        with ws.store.engine.connect() as conn:
            return conn.execute(text(sql), params).fetchall()

    return run


def _queries(ws, runs: int) -> None:
    actors = [a for a in ws.actor_rows() if a["events"]]
    busy, middling, rare = actors[0]["name"], actors[len(actors) // 2]["name"], actors[-1]["name"]
    busy_id = actors[0]["actor_id"]
    raw_actor = _raw(ws, "SELECT e.* FROM events e JOIN event_entities x ON x.event_id = e.id "
                         "WHERE x.role = 'actor' AND x.actor_id = :a ORDER BY e.date_start DESC LIMIT 100", a=busy_id)
    raw_type = _raw(ws, "SELECT * FROM events WHERE event_type = 'ASSAULT' ORDER BY date_start DESC LIMIT 100")
    base_actor, base_type = timings(raw_actor, runs), timings(raw_type, runs)
    _report("raw SQL: 100 events of one actor", base_actor)
    for label, name in (("busiest", busy), ("median", middling), ("rarest", rare)):
        _report(f"events --actor ({label})", timings(lambda n=name: ws.event_rows(actor=n, limit=100), runs),
                base_actor)
    _report("events --type ASSAULT", timings(lambda: ws.event_rows(event_type="ASSAULT", limit=100), runs), base_type)
    _report("events --min-sources 3", timings(lambda: ws.event_rows(min_sources=3, limit=100), runs), base_type)
    _report("actor NAME (busiest)", timings(lambda: ws.actor(busy), max(3, runs // 4)))
    _report("network --actor (busiest)", timings(lambda: ws.edge_rows(actor=busy), max(3, runs // 4)))
    _report("network --type ASSAULT --since 2019", timings(
        lambda: ws.edge_rows(event_type="ASSAULT", since="2019"), max(3, runs // 4)))
    _report("network (all events)", timings(ws.edge_rows, 2))


def _exports(ws, folder: Path) -> None:
    for fmt, target in (("gexf", "n.gexf"), ("graphml", "n.graphml"), ("csv", "csv"), ("parquet", "pq"),
                        ("jsonl", "jsonl"), ("stix", "b.json")):
        _report(f"export {fmt} (full store)", timings(lambda f=fmt, t=target: ws.export(f, folder / t), 1))
    _report("export stix --type ASSAULT",
            timings(lambda: ws.export("stix", folder / "a.json", event_type="ASSAULT"), 1))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", help="An already built synthetic store (default: build one in a temp folder)")
    parser.add_argument("--events", type=int, default=100_000)
    parser.add_argument("--runs", type=int, default=40)
    parser.add_argument("--no-exports", action="store_true")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="tidings-bench-"))
    try:
        db = args.db
        if db is None:
            db = f"sqlite:///{work / 'store.db'}"
            built = _generator().build(db, events=args.events)
            print("built:", " ".join(f"{k}={v}" for k, v in built.items()))
        ws = tidings.api.open(db)
        try:
            with ws.store.engine.connect() as conn:
                n = conn.execute(text("SELECT count(*) FROM events")).scalar()
                clusters = conn.execute(text("SELECT count(*) FROM clusters")).scalar()
            print(f"store: {n} events, {clusters} clusters ({db})")
            _queries(ws, args.runs)
            if not args.no_exports:
                _exports(ws, work)
        finally:
            ws.close()
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
