"""Body-extraction benchmark (EVALUATION.md section 3): our cleaner beside plain trafilatura on aeb-dev pages."""

from __future__ import annotations

import argparse
import gzip
import json
import re
import sys
import time
from pathlib import Path

import trafilatura

from tidings.errors import CleanError
from tidings.evaluate.body import BodyScore, mean_scores, score_body
from tidings.ingest import clean_document
from tidings.records import RawDocument

REPO = Path(__file__).resolve().parents[1]
DATA = REPO.parent / "shared" / "data" / "aeb-dev"
_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")


def load_pages(root: Path) -> list[tuple[str, bytes, str]]:
    """``(key, html bytes, true body)`` for every page with both a file and a ground truth."""
    truth = json.loads((root / "ground-truth.json").read_text(encoding="utf-8"))
    pages = []
    for key in sorted(truth):
        path = root / "html" / f"{key}.html.gz"
        if path.is_file():
            pages.append((key, gzip.decompress(path.read_bytes()), truth[key]["articleBody"]))
    return pages


def ours(key: str, html: bytes) -> str:
    """The body text ``tidings clean`` gives for the page."""
    raw = RawDocument(doc_id=key, source=key, content=html, input_format="html")
    try:
        return clean_document(raw).text
    except CleanError:
        return ""


def plain_trafilatura(_key: str, html: bytes) -> str:
    return trafilatura.extract(html) or ""


def text_lines_kept(pages, input_format: str) -> tuple[int, int]:
    """Clean article text given as plain text or JSON Lines: (lines kept, lines) over the reference bodies.

    The reference bodies are clean news text, so every line should survive; for plain text only lines
    that read as sentences count (short subheads are not told from page chrome there).
    """
    kept = total = 0
    for key, _html, truth in pages:
        lines = [line.strip() for line in truth.split("\n") if line.strip()]
        if input_format == "text":
            lines = [line for line in lines if _SENTENCE.search(line) and len(line.split()) >= 4]
        if not lines:
            continue
        raw = RawDocument(doc_id=key, source=key, content=truth.encode("utf-8"), input_format=input_format)
        try:
            article = clean_document(raw)
            # A line kept inside a hard-wrapped paragraph, or taken for the headline, is not lost.
            text, title = " ".join(article.text.split()), article.title
        except CleanError:
            text, title = "", None
        total += len(lines)
        kept += sum(1 for line in lines if " ".join(line.split()) in text or line == title)
    return kept, total


def run(pages, extractor) -> tuple[BodyScore, float]:
    start = time.perf_counter()
    scores = [score_body(extractor(key, html), truth) for key, html, truth in pages]
    return mean_scores(scores), time.perf_counter() - start


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, default=DATA, help="aeb-dev folder (html/ + ground-truth.json)")
    args = parser.parse_args()
    if not (args.data / "ground-truth.json").is_file():
        print(f"skipped: no benchmark data at {args.data}")
        return 0
    pages = load_pages(args.data)
    print(f"body extraction on {len(pages)} pages of {args.data.name} (mean per-page shingle P/R/F1)")
    print(f"{'system':<22}{'precision':>10}{'recall':>10}{'F1':>8}{'pages/s':>10}")
    results = {}
    for name, extractor in (("plain trafilatura", plain_trafilatura), ("tidings clean", ours)):
        score, seconds = run(pages, extractor)
        results[name] = score
        rate = len(pages) / seconds if seconds else float("inf")
        print(f"{name:<22}{score.precision:>10.4f}{score.recall:>10.4f}{score.f1:>8.4f}{rate:>10.1f}")
    gain = results["tidings clean"].f1 - results["plain trafilatura"].f1
    print(f"F1 difference (tidings - plain trafilatura): {gain:+.4f}")
    print("reference bodies given as clean text (lines kept / lines):")
    for label, fmt in (("plain text, sentence lines", "text"), ("JSON Lines text, every line", "jsonl")):
        kept, total = text_lines_kept(pages, fmt)
        print(f"  {label:<30}{kept:>6} / {total:<6}{kept / total if total else 0:>8.4f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
