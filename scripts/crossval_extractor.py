"""Honest end-to-end figures on the PLOVER file: the whole extractor, its learned models trained without the
sentences they are scored on.

The shipped type classifier and pair ranker are trained on ``plover-train.tsv``, so scoring the extractor on
that file measures memory as much as skill. Here, for each of k folds grouped by sentence, both models are
trained on the other folds only (with the training code of ``scripts/train_type_classifier.py`` and
``scripts/train_pair_ranker.py``), the event coder is built with them, the fold's sentences are coded exactly
as ``tidings extract`` codes them (same parse, actors, lexicon, dates, places), and EVALUATION.md §2 scores the
pooled predictions of all folds. That is the estimate for an unseen split of the same kind.

    .venv/bin/python scripts/crossval_extractor.py [--data TSV] [--folds 5] [--limit N] [--save OUT.jsonl]

The saved extractions rescore with ``tidings evaluate plover --extractions OUT.jsonl``.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from pathlib import Path

import numpy as np
import train_pair_ranker
import train_type_classifier
from sklearn.model_selection import GroupKFold

from tidings.evaluate.plover import read_plover_rows, score_plover, sentence_doc_id

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "plover-sentences" / "plover-train.tsv"


def fold_coder(base, classifier_rows, ranker_sentences):
    """The shipped coder's lexicon and enrichment with a type classifier and pair ranker trained on the given
    rows and sentences only."""
    from tidings.events.classifier import TypeClassifier, load_yield_cues
    from tidings.events.code import EventCoder
    from tidings.events.pairs import PairProposer, PairRanker
    from tidings.events.rank import Ranker

    views, labels = classifier_rows
    classifier = TypeClassifier(train_type_classifier.fit(views, labels), {}, load_yield_cues())
    features = [f for s in ranker_sentences for f in s.features]
    targets = [y for s in ranker_sentences for y in s.labels]
    ranker = PairRanker(train_pair_ranker.make_model(train_pair_ranker.Boosting()).fit(features, targets), {})
    return EventCoder(base.lexicon, enricher=base.enricher, ranker=Ranker(classifier=classifier),
                      pairs=PairProposer(ranker, classifier))


def parse_all(texts: list[str]):
    """Each sentence parsed and its actors resolved once, as ``tidings extract`` does, for every fold."""
    from tidings.actors import ActorResolver
    from tidings.events import EventCoder
    from tidings.nlp import load_pipeline, parse_texts
    from tidings.records import ActorIndex, Article

    nlp, resolver = load_pipeline(), ActorResolver.load()
    documents = {}
    for text, doc in zip(texts, parse_texts(nlp, texts), strict=True):
        article = Article(doc_id=sentence_doc_id(text), source="plover", text=text,
                          content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
        documents[text] = (doc, ActorIndex(resolver.resolve(doc)), article)
    return documents, EventCoder.load()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences (quick checks)")
    parser.add_argument("--save", type=Path, default=None,
                        help="write the pooled out-of-fold extractions here (JSONL) for error analysis")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 1
    started = time.perf_counter()
    rows = read_plover_rows(args.data)
    texts = list(dict.fromkeys(r.sentence for r in rows))[:args.limit]
    kept = set(texts)
    rows = [r for r in rows if r.sentence in kept]
    views, labels, groups = train_type_classifier.read_examples(args.data)
    ranker_sentences = train_pair_ranker.load_sentences(args.data, args.limit)
    documents, base = parse_all(texts)
    print(f"{len(texts)} sentences prepared in {time.perf_counter() - started:.0f} s")
    extractions = []
    splitter = GroupKFold(n_splits=args.folds)
    for fold, (_, test) in enumerate(splitter.split(np.zeros(len(texts)), groups=np.array(texts)), start=1):
        held_out = {texts[i] for i in test}
        coder = fold_coder(
            base,
            ([v for v, g in zip(views, groups, strict=True) if g not in held_out],
             [y for y, g in zip(labels, groups, strict=True) if g not in held_out]),
            [s for s in ranker_sentences if s.text not in held_out],
        )
        batch = [documents[t] for t in texts if t in held_out]
        for (_, _, article), events in zip(batch, coder.code_many(batch), strict=True):
            extractions.append({"doc_id": article.doc_id, "text": article.text,
                                "events": [e.model_dump(mode="json") for e in events]})
        print(f"fold {fold}/{args.folds}: {len(held_out)} sentences coded ({time.perf_counter() - started:.0f} s)")
    if args.save:
        with args.save.open("w", encoding="utf-8") as handle:
            handle.writelines(json.dumps(x, ensure_ascii=False) + "\n" for x in extractions)
    score = score_plover(extractions, rows)
    print(f"\nend to end, both learned models cross-validated ({args.folds} folds grouped by sentence): "
          f"{score.rows} pairs in {score.documents} sentences")
    print(score.report())
    return 0


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # OpenMP threads on a small, shared machine only slow the boosting down
        sys.exit(main())
