"""Actor resolution throughput: parse + resolve in words/s against a bare ``nlp.pipe`` in the same run.

Texts: the seed article's cleaned text, distinct sentences of ../shared/data/plover-sentences and the
files in examples/ (whatever of these is present). Also measures routing thinc's gemm to numpy
against BLIS (same model, same texts) and checks that both give identical annotations.

Then, when ../shared/gold/news/ is present, lists the KB-linked actors of the EVALUATION.md §5 pages (every
page a gold names, extracted as ``tidings extract`` does) with the texts that named them, so a reviewer can see
at a glance that no KB link is wrong.

Run: .venv/bin/python benchmarks/bench_actors.py [--sentences N] [--repeat R] [--no-news]
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import Counter
from collections.abc import Callable

from benchmark_inputs import SHARED, best_of, load_articles
from threadpoolctl import threadpool_limits

from tidings.actors import ActorResolver
from tidings.nlp import load_pipeline, parse_texts


def annotations(docs) -> list[tuple]:
    return [(t.idx, t.tag_, t.dep_, t.head.i, t.ent_type_) for doc in docs for t in doc]


def report(timings: dict, texts: list[str], words: int, counts: dict, model: str, identical: bool) -> None:
    print(f"texts: {len(texts)} ({', '.join(f'{v} {k}' for k, v in counts.items())}), {words} words; model {model}")
    print(f"{'':38} {'wall words/s':>13} {'CPU words/s':>12}")
    for name, (wall, cpu) in timings.items():
        print(f"{name:38} {words / wall:13.0f} {words / cpu:12.0f}")
    stock, _, numpy_1, parse, full = timings.values()
    print(f"numpy gemm (1 BLAS thread) vs stock BLIS: x{stock[0] / numpy_1[0]:.2f} wall, "
          f"x{stock[1] / numpy_1[1]:.2f} CPU; identical annotations: {identical}")
    print(f"RATIO ours / bare nlp.pipe, same model and ops: {numpy_1[0] / full[0]:.3f} wall, "
          f"{numpy_1[1] / full[1]:.3f} CPU  (target >= 0.75)")
    print(f"ratio ours / stock spaCy (BLIS): {stock[0] / full[0]:.3f} wall")
    print(f"resolution (parse + resolution - parse): {1000 * (full[1] - parse[1]) / len(texts):.2f} ms CPU per text")


def resolution_share(resolver: ActorResolver, docs: list, parse_cpu: float, repeat: int) -> None:
    """Resolution alone over the parsed documents (best of ``repeat``), as a share of the parse's CPU."""
    _, cpu = best_of(repeat, lambda: [resolver.resolve(doc) for doc in docs])
    print(f"resolution alone on parsed documents: {1000 * cpu / len(docs):.2f} ms CPU per text, "
          f"{100 * cpu / parse_cpu:.1f}% of the parse's CPU (target <= 10%)")


def kb_links_of_news_pages() -> None:
    """Every KB-linked actor of the §5 pages, with the distinct texts (not pronouns) that named it."""
    golds = sorted((SHARED / "gold" / "news").glob("*.gold.json"))
    if not golds:
        print("§5 KB links: skipped (../shared/gold/news/ absent)")
        return
    from tidings.evaluate import run_extraction

    pages = [SHARED / json.loads(g.read_text(encoding="utf-8"))["document"] for g in golds]
    records = run_extraction([p for p in pages if p.is_file()])
    linked = 0
    print(f"\n§5 pages: KB-linked actors ({len(records)} pages) — id, kind: texts that named it (count)")
    for record in records:
        actors = [a for a in record["actors"] if a["in_kb"]]
        linked += len(actors)
        print(f"== {record['doc_id'].rsplit('/', 1)[-1][:24]} {(record.get('title') or '')[:70]}")
        for actor in actors:
            texts = Counter(m["text"] for m in actor["mentions"] if m["via"] != "pronoun")
            named = "; ".join(f"{t} ({n})" for t, n in texts.most_common(6))
            print(f"   {actor['actor_id']:24} {actor['kind']:15} {named}")
    kinds = Counter(a["kind"] for r in records for a in r["actors"])
    print(f"KB-linked actors: {linked}; all actors by kind: {dict(kinds.most_common())}")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=300, help="PLOVER sentences to include")
    parser.add_argument("--repeat", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    parser.add_argument("--no-news", action="store_true", help="Skip the §5 KB-link listing.")
    args = parser.parse_args()
    articles, counts = load_articles(args.sentences)
    texts = [a.text for a in articles]
    if not texts:
        print("skipped: no texts found (seed, examples/, plover-sentences all absent)")
        return 0
    words = sum(len(t.split()) for t in texts)
    numpy_nlp, blis_nlp = load_pipeline(numpy_gemm=True), load_pipeline(numpy_gemm=False)
    resolver = ActorResolver.load()
    bs = args.batch_size
    resolver.resolve(next(parse_texts(numpy_nlp, texts[:1])))  # build the KB matchers outside the timing
    identical = annotations(blis_nlp.pipe(texts[:50])) == annotations(numpy_nlp.pipe(texts[:50]))

    def parsed() -> None:
        list(parse_texts(numpy_nlp, texts, batch_size=bs))

    def ours() -> None:
        for doc in parse_texts(numpy_nlp, texts, batch_size=bs):
            resolver.resolve(doc)

    def bare(nlp, threads: int | None) -> Callable[[], object]:
        def run() -> None:
            with threadpool_limits(limits=threads, user_api="blas"):
                list(nlp.pipe(texts, batch_size=bs))
        return run

    runs = {
        "bare nlp.pipe, BLIS gemm (stock)": bare(blis_nlp, None),
        "bare nlp.pipe, numpy gemm": bare(numpy_nlp, None),
        "bare nlp.pipe, numpy gemm, 1 thread": bare(numpy_nlp, 1),
        "parse_texts (paragraph chunks)": parsed,
        "parse_texts + actor resolution": ours,
    }
    timings = {}
    for name, run in runs.items():
        timings[name] = best_of(args.repeat, run)
        print(f"  measured {name}: {timings[name][0]:.1f} s wall", file=sys.stderr, flush=True)
    report(timings, texts, words, counts, f"{numpy_nlp.meta['name']} {numpy_nlp.meta['version']}", identical)
    docs = list(parse_texts(numpy_nlp, texts, batch_size=bs))
    resolution_share(resolver, docs, timings["parse_texts (paragraph chunks)"][1], max(args.repeat, 3))
    if not args.no_news:
        kb_links_of_news_pages()
    return 0


if __name__ == "__main__":
    sys.exit(main())
