"""Extraction throughput: ``extract`` articles/s against a bare ``nlp.pipe`` over the same texts, in one run.

Two sets of documents, each measured on its own: news articles (the seed article, the files in examples/ and the
91 aeb-dev news pages of ../shared/data, cleaned beforehand, untimed) and one-sentence documents (the first N
distinct PLOVER sentences), whatever of these is present. Stock spaCy is the same model as ``spacy.load`` gives
it; the extract side is the library call behind ``tidings extract`` (``extract_articles`` over
``Pipeline.extract``: paragraph-wise parse, actor resolution, event coding incl. dates, places, quantities, the
type classifier and the pair ranker).

Run: .venv/bin/python benchmarks/bench_extract.py [--sentences N] [--no-pages] [--repeat R]
"""

from __future__ import annotations

import argparse
import resource
import sys
import time

from benchmark_inputs import best_of, news_articles, plover_documents
from threadpoolctl import threadpool_limits

from tidings.config import load_settings
from tidings.nlp import load_pipeline, parse_texts
from tidings.pipeline import Pipeline, extract_articles
from tidings.records import ActorIndex, Article


def stage_split(pipeline: Pipeline, articles: list[Article]) -> dict[str, float]:
    """CPU seconds spent in each stage of one pass: parse, actor resolution, event coding."""
    cpu = time.process_time()
    docs = list(parse_texts(pipeline.nlp, [a.text for a in articles]))
    parse = time.process_time() - cpu
    cpu = time.process_time()
    indexes = [ActorIndex(pipeline.resolver.resolve(doc)) for doc in docs]
    resolve = time.process_time() - cpu
    cpu = time.process_time()
    events = sum(map(len, pipeline.coder.code_many(list(zip(docs, indexes, articles, strict=True)))))
    code = time.process_time() - cpu
    return {"parse": parse, "resolve actors": resolve, "code events": code, "events": events}


def measure(name: str, articles: list[Article], pipeline: Pipeline, stock, repeat: int) -> None:
    """Stock spaCy, our bare parse and ``extract`` on the same documents, and the ratios; best of ``repeat``."""
    texts = [a.text for a in articles]
    bare_wall, bare_cpu = best_of(repeat, lambda: list(stock.pipe(texts, batch_size=64)))
    # The parse inside extract runs numpy matrix multiplies with BLAS single-threaded (tidings.nlp); a bare
    # pipe of that pipeline isolates what our own stages cost from what the faster parse saves.
    with threadpool_limits(limits=1, user_api="blas"):
        same_wall, same_cpu = best_of(repeat, lambda: list(pipeline.nlp.pipe(texts, batch_size=64)))
    ext_wall, ext_cpu = best_of(repeat, lambda: list(extract_articles(pipeline, articles)))
    split = stage_split(pipeline, articles)
    n = len(articles)
    words = sum(len(t.split()) for t in texts)
    print(f"== {name}: {n} documents, {words} words ({words / n:.0f} a document)")
    print(f"stock nlp.pipe: {n / bare_wall:8.1f} articles/s wall   {n / bare_cpu:8.1f} articles/s CPU")
    print(f"ours, bare    : {n / same_wall:8.1f} articles/s wall   {n / same_cpu:8.1f} articles/s CPU")
    print(f"extract       : {n / ext_wall:8.1f} articles/s wall   {n / ext_cpu:8.1f} articles/s CPU")
    print(f"ratio extract / stock nlp.pipe: {bare_wall / ext_wall:.2f} (wall)  {bare_cpu / ext_cpu:.2f} (CPU)  "
          f"target >= 0.75")
    print(f"ratio extract / bare nlp.pipe of our parse settings: {same_wall / ext_wall:.2f} (wall)  "
          f"{same_cpu / ext_cpu:.2f} (CPU)")
    total = sum(v for k, v in split.items() if k != "events")
    print("CPU split of one extract pass: " + ", ".join(
        f"{k} {v:.2f}s ({v / total:.0%})" for k, v in split.items() if k != "events") + f"; {split['events']} events")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sentences", type=int, default=400, help="PLOVER sentences, one per document (default 400)")
    parser.add_argument("--no-pages", action="store_true", help="news articles: only the seed and examples/")
    parser.add_argument("--repeat", type=int, default=3, help="runs per side; the fastest counts (default 3)")
    args = parser.parse_args()
    articles, counts = news_articles(pages=not args.no_pages)
    sentences = plover_documents(args.sentences)
    if not articles and not sentences:
        print("no benchmark texts found (../shared absent and examples/ empty)")
        return 0
    settings = load_settings(config_file=None)
    pipeline = Pipeline.load(settings)
    # Stock spaCy: the same model loaded as plain spacy.load gives it (BLIS matrix multiplies, default threads).
    stock = load_pipeline(settings.spacy_model, numpy_gemm=False)
    warm = (articles + sentences)[:8]
    list(pipeline.extract(warm))  # warm-up: lazy tables, first-call costs
    list(stock.pipe([a.text for a in warm]))
    if articles:
        measure("news articles (" + ", ".join(f"{v} {k}" for k, v in counts.items()) + ")", articles, pipeline,
                stock, args.repeat)
    if sentences:
        measure("one-sentence documents (PLOVER sentences)", sentences, pipeline, stock, args.repeat)
    print(f"peak memory (max RSS): {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:.0f} MiB")
    return 0


if __name__ == "__main__":
    sys.exit(main())
