"""Workbench speed on a big store: API p95 of the network and events routes, first graph render, sigma refresh.

Builds (or reuses) a synthetic store of 5,000 actors and about 20,000 network edges with
``scripts/make_synthetic_corpus.py`` (no NLP), serves it with uvicorn on 127.0.0.1 as ``tidings serve`` does,
and measures:

- p50/p95 wall time of each API route over HTTP, against the same Workspace call in-process (the baseline:
  the ratio is what HTTP, validation and JSON cost on top of the query);
- in headless Chromium (Debian's ``chromium``, software WebGL here: figures are floors, not a laptop's):
  time from navigation to the first drawn graph, and the main-thread cost of one ``sigma.refresh()`` at the
  node count drawn, against the same at a tenth of the nodes.

Reports only; nothing is asserted.

    .venv/bin/python benchmarks/bench_web.py [--db /tmp/bench_web.db] [--runs 20]
"""

from __future__ import annotations

import argparse
import importlib.util
import shutil
import statistics
import sys
import threading
import time
from pathlib import Path

import httpx

import tidings
from tidings.read_models import EventQuery

REPO = Path(__file__).resolve().parents[1]
ACTORS = 5_000
TARGET_EDGES = 20_000
EVENTS = 30_000  # about a third re-report a happening: ~20,000 distinct (actor, recipient, category) edges


def _generator():
    path = REPO / "scripts" / "make_synthetic_corpus.py"
    spec = importlib.util.spec_from_file_location("make_synthetic_corpus", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _timed(call, runs: int) -> list[float]:
    call()  # warm caches and the connection pool
    out = []
    for _ in range(runs):
        started = time.perf_counter()
        call()
        out.append((time.perf_counter() - started) * 1000)
    return out


def build_store(path: Path) -> None:
    if path.is_file():
        print(f"reusing {path}")
        return
    counts = _generator().build(f"sqlite:///{path}", events=EVENTS, actors=ACTORS)
    print(f"built {path}: {counts}")


def serve(ws) -> tuple[str, object]:
    import socket

    import uvicorn

    from tidings.web.app import create_app

    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    server = uvicorn.Server(uvicorn.Config(create_app(ws, token="bench-" + "x" * 20), host="127.0.0.1", port=port,
                                           log_level="warning"))
    threading.Thread(target=server.run, daemon=True).start()
    while not server.started:
        time.sleep(0.05)
    return f"http://127.0.0.1:{port}", server


def api_figures(ws, base: str, runs: int) -> None:
    busiest = ws.list_actors(limit=1)[0]
    every = EventQuery(min_confidence=0)
    routes = [
        ("network, whole store", "/api/network?min_confidence=0", lambda: ws.network(every)),
        ("network, one actor", f"/api/network?min_confidence=0&actor={busiest.actor_id}",
         lambda: ws.network(EventQuery(min_confidence=0, actor=busiest.actor_id))),
        ("events, first page (100)", "/api/events?min_confidence=0", lambda: ws.list_events(every)),
        ("events, busiest actor", f"/api/events?min_confidence=0&actor={busiest.actor_id}",
         lambda: ws.list_events(EventQuery(min_confidence=0, actor=busiest.actor_id))),
        ("events, type + year + facets", "/api/events?min_confidence=0&type=ASSAULT&since=2017&until=2017&facets=1",
         lambda: ws.list_events(EventQuery(min_confidence=0, event_type="ASSAULT", since="2017", until="2017"),
                                facets=True)),
    ]
    edges = len(ws.network(every))
    print(f"\nstore: {len(ws.list_actors())} actors, {edges} edges (target {TARGET_EDGES}); busiest actor "
          f"{busiest.name} ({busiest.events} events)")
    print(f"{'route':32} {'HTTP p50':>9} {'HTTP p95':>9} {'in-process p95':>15} {'ratio':>6}")
    with httpx.Client(base_url=base, timeout=60) as client:
        for name, url, direct in routes:
            over_http = _timed(lambda url=url: client.get(url).raise_for_status(), runs)
            in_process = _timed(direct, runs)
            p95, base95 = _pct(over_http, 0.95), _pct(in_process, 0.95)
            print(f"{name:32} {statistics.median(over_http):8.0f}ms {p95:8.0f}ms {base95:14.0f}ms "
                  f"{p95 / base95:5.2f}x")


def browser_figures(base: str) -> None:
    from playwright.sync_api import sync_playwright

    executable = shutil.which("chromium")
    if not executable:
        print("\nbrowser: chromium not installed; no render figures")
        return
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=executable,
                                             args=["--no-sandbox", "--enable-unsafe-swiftshader"])
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        started = time.perf_counter()
        page.goto(f"{base}/network?min_confidence=0", timeout=120_000)
        page.wait_for_selector("body[data-graph-ready='1']", timeout=120_000)
        to_first_render = (time.perf_counter() - started) * 1000
        figures = page.evaluate("""() => {
            const {graph, renderer, firstRenderMs} = window.tidingsNetwork;
            const refresh = () => { const t = performance.now(); renderer.refresh(); return performance.now() - t; };
            refresh();
            const full = Array.from({length: 10}, refresh).sort((a, b) => a - b);
            const order = graph.order, size = graph.size;
            const keep = new Set(graph.nodes().slice(0, Math.max(1, Math.round(order / 10))));
            graph.forEachNode((n) => { if (!keep.has(n)) graph.dropNode(n); });
            refresh();
            const tenth = Array.from({length: 10}, refresh).sort((a, b) => a - b);
            return {order, size, firstRenderMs, full: full[5], tenth: tenth[5], tenthOrder: graph.order};
        }""")
        browser.close()
    print(f"\nbrowser (headless Chromium, software WebGL): {figures['order']} nodes, {figures['size']} links drawn")
    print(f"navigation to first drawn graph: {to_first_render:.0f} ms "
          f"(of which graph build + first sigma render: {figures['firstRenderMs']:.0f} ms)")
    print(f"one sigma refresh, median of 10: {figures['full']:.1f} ms at {figures['order']} nodes "
          f"({1000 / max(figures['full'], 0.001):.0f} frames/s) vs {figures['tenth']:.1f} ms at "
          f"{figures['tenthOrder']} nodes: {figures['full'] / max(figures['tenth'], 0.001):.1f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--db", type=Path, default=Path("/tmp/tidings_bench_web.db"))
    parser.add_argument("--runs", type=int, default=20)
    args = parser.parse_args()
    build_store(args.db)
    with tidings.open(args.db) as ws:
        base, server = serve(ws)
        try:
            api_figures(ws, base, args.runs)
            browser_figures(base)
        finally:
            server.should_exit = True
    sys.stdout.flush()


if __name__ == "__main__":
    main()
