"""What the throughput benchmarks share: the benchmark documents and best-of-N timing."""

from __future__ import annotations

import csv
import hashlib
import sys
import time
from collections.abc import Callable
from pathlib import Path

from tidings.config import load_settings
from tidings.pipeline import clean_sources, read_options
from tidings.records import Article

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_2fc2989a5cbe0d10.txt"
PLOVER = SHARED / "data" / "plover-sentences" / "plover-train.tsv"
AEB_PAGES = SHARED / "data" / "aeb-dev" / "html"
EXAMPLES = REPO / "examples"


def news_articles(*, pages: bool = True) -> tuple[list[Article], dict[str, int]]:
    """Real news articles, cleaned as ``tidings`` cleans them: the seed, examples/ and (``pages``) the aeb-dev
    news pages; how many came from each source; whatever is absent is skipped."""
    sources = [str(SEED)] if SEED.is_file() else []
    sources += [str(p) for p in sorted(EXAMPLES.glob("*")) if p.is_file()]
    counts = {"seed + examples documents": 0}
    if pages and AEB_PAGES.is_dir():
        found = sorted(AEB_PAGES.glob("*.html.gz"))
        sources += [str(p) for p in found]
        counts["aeb-dev news pages"] = len(found)
    articles = [a for a in clean_sources(sources, read_options(load_settings(config_file=None)))
                if isinstance(a, Article) and a.text.strip()]
    counts["seed + examples documents"] = len(articles) - counts.get("aeb-dev news pages", 0)
    return articles, counts


def plover_documents(max_sentences: int) -> list[Article]:
    """The first N distinct PLOVER sentences, each one document (none when the file is absent)."""
    if not PLOVER.is_file() or max_sentences <= 0:
        return []
    csv.field_size_limit(sys.maxsize)
    with PLOVER.open(encoding="utf-8", newline="") as handle:
        sentences = list(dict.fromkeys(row["sentence"] for row in csv.DictReader(handle, delimiter="\t")))
    return [Article(doc_id=f"plover-{n}", source="plover", text=text,
                    content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
            for n, text in enumerate(sentences[:max_sentences])]


def load_articles(max_sentences: int) -> tuple[list[Article], dict[str, int]]:
    """The seed and examples/ (cleaned) plus the first N distinct PLOVER sentences, each one document,
    and how many came from each source; whatever is absent is skipped."""
    articles, counts = news_articles(pages=False)
    sentences = plover_documents(max_sentences)
    if sentences:
        counts["plover sentences"] = len(sentences)
    return articles + sentences, counts


def timings(run: Callable[[], object], repeat: int) -> tuple[list[float], list[float]]:
    """Wall and CPU seconds (this process, all threads) of each of ``repeat`` runs.

    On a shared machine wall time includes waiting for other work; CPU time does not (but it counts
    every thread, so a multi-threaded BLAS looks costlier than it feels).
    """
    walls, cpus = [], []
    for _ in range(repeat):
        wall, cpu = time.perf_counter(), time.process_time()
        run()
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    return walls, cpus


def best_of(repeat: int, run: Callable[[], object]) -> tuple[float, float]:
    """Fastest of ``repeat`` runs: (wall seconds, CPU seconds of this process)."""
    walls, cpus = timings(run, repeat)
    return min(walls), min(cpus)
