"""Event coding quality: EVALUATION.md §1 on the seed, §5 on the real news pages, §2 on the PLOVER sentences.

    .venv/bin/python benchmarks/bench_events.py [--limit N] [--skip-seed] [--skip-news] [--skip-plover] [--save DIR]

Prints every figure: seed recall, precision, attribute accuracies, missed core events; §5 on the news golds
at the default confidence threshold and by threshold, with the calibrator's cross-validated figures beside
them; PLOVER pair coverage, accuracy, macro-F1, per-category P/R/F1 and the main confusions. ``--save DIR`` keeps the
extraction JSONL so ``tidings evaluate ... --extractions`` can rescore it without re-extracting.
"""

from __future__ import annotations

import argparse
import json
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_2fc2989a5cbe0d10.txt"
GOLD = SHARED / "gold" / "000_2fc2989a5cbe0d10.gold.json"
PLOVER = SHARED / "data" / "plover-sentences" / "plover-train.tsv"
NEWS_GOLDS = SHARED / "gold" / "news"


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def _save(records: list[dict], save: Path | None, name: str) -> None:
    if save is not None:
        save.mkdir(parents=True, exist_ok=True)
        with (save / name).open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(r, ensure_ascii=False) + "\n" for r in records)


def bench_seed(save: Path | None) -> None:
    from tidings.evaluate import load_gold, run_extraction
    from tidings.evaluate.seed import score_seed

    if not (SEED.is_file() and GOLD.is_file()):
        print("seed: skipped (../shared/seed or ../shared/gold absent)")
        return
    started = time.perf_counter()
    records = run_extraction([SEED])
    seconds = time.perf_counter() - started
    _save(records, save, "seed.jsonl")
    score = score_seed(records[0], load_gold(GOLD))
    print(f"== Seed article (EVALUATION.md §1), extracted in {seconds:.1f} s (incl. model loading)")
    print(f"recall {score.recall:.3f} ({len(score.matched_core)}/{score.core_events} core)   "
          f"precision {score.precision:.3f} ({score.predicted_events} predicted, "
          f"{len(score.unmatched_predicted)} unmatched)")
    for name, attr in score.attributes.items():
        print(f"  {name:<10} accuracy {_fmt(attr.accuracy)} ({attr.correct}/{attr.total})"
              + (f"  wrong: {', '.join(attr.wrong)}" if attr.wrong else ""))
    print(f"missed core: {', '.join(score.missed_core) or '-'}")
    print(f"matched optional: {', '.join(score.matched_optional) or '-'}")
    print(f"must_find_actors: {sum(score.must_find.values())}/{len(score.must_find)}"
          f"  missing: {', '.join(k for k, v in score.must_find.items() if not v) or '-'}")
    print(f"must_not_be violations: {score.must_not_be_violations or '-'}")
    print(f"text_info violations: {len(score.text_info_violations)}")


def bench_news(save: Path | None) -> None:
    from tidings.evaluate import gold_documents, load_news_golds, run_extraction
    from tidings.evaluate.news import score_news
    from tidings.events.calibrate import Calibrator, default_min_confidence

    if not NEWS_GOLDS.is_dir():
        print("news: skipped (../shared/gold/news absent)")
        return
    golds = load_news_golds(NEWS_GOLDS)
    started = time.perf_counter()
    records = run_extraction(gold_documents(golds, NEWS_GOLDS))
    seconds = time.perf_counter() - started
    _save(records, save, "news.jsonl")
    threshold = default_min_confidence()
    score = score_news(records, golds, min_confidence=threshold)
    print(f"\n== Real news pages (EVALUATION.md §5), extracted in {seconds:.1f} s, at the default threshold "
          f"{threshold:.2f}")
    print(score.report())
    calibrator = Calibrator.load()
    if calibrator is not None:
        cv = calibrator.meta.get("cross_validation", {})
        at = cv.get("news_pages_at_default", {})
        high = cv.get("news_pages_at_0.7", {})
        print(f"the calibrator is fitted on these pages: the honest §5 figures are leave-one-page-out "
              f"(scripts/train_calibrator.py): precision {_fmt(at.get('precision'))}, recall "
              f"{_fmt(at.get('recall'))} at {threshold:.2f}; confidence >= 0.7: precision "
              f"{_fmt(high.get('precision'))} on {high.get('predicted')} events; Brier {cv.get('brier')}")
        for row in cv.get("reliability", []):
            print(f"  confidence {row['from']:.1f}-{row['to']:.1f}: {row['events']:4} events, mean "
                  f"{row['mean_confidence']:.3f}, right {row['share_right']:.3f}")
    fps = Counter(f.event_type for f in score.false_positives)
    print("false positives by category: " + ", ".join(f"{k} {v}" for k, v in fps.most_common()))


def _plover_extractions(rows, save: Path | None) -> tuple[list[dict], float]:
    from tidings.evaluate import run_extraction
    from tidings.evaluate.plover import write_plover_jsonl

    with tempfile.TemporaryDirectory(prefix="tidings-bench-") as tmp:
        inputs = Path(tmp) / "plover.jsonl"
        write_plover_jsonl(rows, inputs)
        started = time.perf_counter()
        records = run_extraction([inputs], input_format="jsonl")
        seconds = time.perf_counter() - started
    _save(records, save, "plover.jsonl")
    return records, seconds


def _uncovered(records: list[dict], rows) -> Counter:
    """Why pairs go uncovered: no event, a covering event ranked beyond k, wrong entities, a role missing."""
    from tidings.evaluate.plover import EXTRA_EVENTS_ALLOWED, NONE, covers, predict_row, scorable_rows

    rows = scorable_rows(rows)
    events = {str(r.get("doc_id")): r.get("events") or [] for r in records}
    pairs = Counter(r.doc_id for r in rows)
    reasons: Counter = Counter()
    for row in rows:
        found = events.get(row.doc_id, [])
        if predict_row(found, row, pairs[row.doc_id] + EXTRA_EVENTS_ALLOWED)[0] != NONE:
            continue
        if not found:
            reasons["no event in the sentence"] += 1
        elif any(covers(e, row) for e in found):
            reasons["a covering event ranks beyond k"] += 1
        elif any(e.get("actor") and e.get("recipient") for e in found):
            reasons["events name other entities"] += 1
        else:
            reasons["events lack actor or recipient"] += 1
    return reasons


def bench_plover(limit: int | None, save: Path | None) -> None:
    from tidings.evaluate.plover import plover_documents, read_plover_rows, score_plover

    if not PLOVER.is_file():
        print("plover: skipped (../shared/data/plover-sentences absent)")
        return
    rows = read_plover_rows(PLOVER)
    if limit:
        keep = {d["id"] for d in plover_documents(rows)[:limit]}
        rows = [r for r in rows if r.doc_id in keep]
    records, seconds = _plover_extractions(rows, save)
    score = score_plover(records, rows)
    print(f"\n== PLOVER sentences (EVALUATION.md §2): {score.documents} sentences, {score.rows} pairs "
          f"({score.left_out_rows} left out), extracted in {seconds:.1f} s ({len(records) / seconds:.1f} docs/s)")
    print(score.report())
    print(f"events per sentence {sum(len(r.get('events') or []) for r in records) / max(len(records), 1):.2f}; "
          "uncovered pairs: " + ", ".join(f"{k}: {v}" for k, v in _uncovered(records, rows).most_common()))


def _classifier_note() -> None:
    from tidings.events.classifier import META_FILE

    if META_FILE.is_file():
        cv = json.loads(META_FILE.read_text(encoding="utf-8")).get("cross_validation", {})
        print(f"\nshipped type classifier, given the pair: grouped {cv.get('folds')}-fold CV macro-F1 "
              f"{_fmt(cv.get('macro_f1'))}, accuracy {_fmt(cv.get('accuracy'))} (scripts/train_type_classifier.py)")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--limit", type=int, default=None, help="only the first N PLOVER sentences")
    parser.add_argument("--skip-seed", action="store_true")
    parser.add_argument("--skip-news", action="store_true")
    parser.add_argument("--skip-plover", action="store_true")
    parser.add_argument("--save", type=Path, default=None, help="folder to keep the extraction JSONL in")
    args = parser.parse_args(argv)
    if not args.skip_seed:
        bench_seed(args.save)
    if not args.skip_news:
        bench_news(args.save)
    if not args.skip_plover:
        bench_plover(args.limit, args.save)
    _classifier_note()
    return 0


if __name__ == "__main__":
    sys.exit(main())
