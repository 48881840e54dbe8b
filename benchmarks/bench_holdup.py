"""Long documents: per-document time against size (1k to 1M characters) and peak memory for a 2.5 MB article.

A document of N characters is the example article (examples/sinai_raid_delta_courier.txt) repeated, paragraph
breaks kept, to N characters (cleaning drops a few repeated lines, so its text is a little shorter); it is
cleaned and extracted exactly as ``tidings ingest`` does (clean_document, then Pipeline.extract). Linearity is
the time per character at each size divided by the time per character at 10,000 characters, in the same run
(1.0: perfectly linear; the target is at most 2.0 up to 1M). Peak memory is measured in a fresh process:
resident set after loading the pipeline, then the peak while the 2.5 MB article is cleaned and extracted.

Run: ``.venv/bin/python benchmarks/bench_holdup.py`` (about 3 minutes on 2 shared cores).
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import time
from pathlib import Path

from tidings.config import load_settings
from tidings.ingest.clean import clean_document
from tidings.pipeline import Pipeline
from tidings.records import RawDocument

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sinai_raid_delta_courier.txt"
SIZES = (1_000, 10_000, 100_000, 300_000, 1_000_000)
BASELINE = 10_000
BIG_ARTICLE_BYTES = 2_500_000


def article_text(chars: int) -> str:
    """The example article's paragraphs, repeated up to ``chars`` characters (cut at a word)."""
    paragraphs = [p.strip() for p in EXAMPLE.read_text(encoding="utf-8").split("\n\n") if p.strip()]
    out: list[str] = []
    size = 0
    i = 0
    while size < chars:
        out.append(paragraphs[i % len(paragraphs)])
        size += len(out[-1]) + 2
        i += 1
    text = "\n\n".join(out)[:chars]
    return text[: text.rfind(" ")] if " " in text else text


def _raw(text: str) -> RawDocument:
    return RawDocument(doc_id="bench", source="bench", content=text.encode("utf-8"), input_format="text")


def time_one(pipeline: Pipeline, chars: int) -> dict:
    raw = _raw(article_text(chars))
    start = time.perf_counter()
    article = clean_document(raw)
    cleaned = time.perf_counter()
    [extraction] = list(pipeline.extract([article]))
    done = time.perf_counter()
    return {"requested": chars, "chars": len(article.text), "clean_s": cleaned - start, "extract_s": done - cleaned,
            "total_s": done - start, "events": len(extraction.events)}


def _rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux reports KiB


def memory_child() -> None:
    """In a fresh process: peak RSS after loading, then after cleaning and extracting the big article."""
    pipeline = Pipeline.load(load_settings())
    list(pipeline.extract([clean_document(_raw(article_text(20_000)))]))  # warm up lazy loads
    loaded = _rss_mb()
    raw = _raw(article_text(BIG_ARTICLE_BYTES))
    start = time.perf_counter()
    article = clean_document(raw)
    [extraction] = list(pipeline.extract([article]))
    print(json.dumps({"loaded_mb": loaded, "peak_mb": _rss_mb(), "seconds": time.perf_counter() - start,
                      "chars": len(article.text), "events": len(extraction.events)}))


def main() -> None:
    pipeline = Pipeline.load(load_settings())
    time_one(pipeline, 5_000)  # warm-up: first-call costs are not per-document costs
    rows = [time_one(pipeline, n) for n in SIZES]
    base = next(r for r in rows if r["requested"] == BASELINE)
    per_char_base = base["total_s"] / base["chars"]
    print(f"{'chars':>10} {'clean s':>9} {'extract s':>10} {'total s':>9} {'us/char':>8} {'vs 10k':>7} {'events':>7}")
    for r in rows:
        per_char = r["total_s"] / r["chars"]
        print(f"{r['chars']:>10} {r['clean_s']:>9.2f} {r['extract_s']:>10.2f} {r['total_s']:>9.2f} "
              f"{per_char * 1e6:>8.1f} {per_char / per_char_base:>7.2f} {r['events']:>7}")
    largest = rows[-1]
    print(f"linearity: time per character at {largest['chars']:,} chars is "
          f"{(largest['total_s'] / largest['chars']) / per_char_base:.2f}x that at {base['chars']:,} (target <= 2)")
    child = subprocess.run([sys.executable, __file__, "--memory"], capture_output=True, text=True, check=True)
    mem = json.loads(child.stdout.strip().splitlines()[-1])
    print(f"2.5 MB article ({mem['chars']:,} chars, {mem['events']} events): {mem['seconds']:.1f} s; "
          f"peak RSS {mem['peak_mb']:.0f} MB (pipeline loaded: {mem['loaded_mb']:.0f} MB, "
          f"+{mem['peak_mb'] - mem['loaded_mb']:.0f} MB for the article)")


if __name__ == "__main__":
    if "--memory" in sys.argv:
        memory_child()
    else:
        main()
