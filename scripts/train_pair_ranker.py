"""Train the pair ranker the package ships (events/models/pair_ranker.joblib) and measure it honestly.

Data: ../shared/data/plover-sentences/plover-train.tsv (one gold source/target pair per row). Each
sentence is parsed and its actors resolved exactly as ``tidings extract`` does; every ordered pair of
candidate spans (``tidings.events.pair_features``) is one example, positive when its spans name the gold source
and target by EVALUATION.md §2's rule. Reports 5-fold cross-validation grouped by sentence (no sentence
in both train and test), including the §2 coverage the extractor reaches when the out-of-fold ranker adds
its fallback events, then fits on all sentences and writes the model and its metadata.

    .venv/bin/python scripts/train_pair_ranker.py [--data TSV] [--folds 5] [--cv-only] [--limit N]
"""

from __future__ import annotations

import argparse
import hashlib
import json
import sys
import time
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path

import joblib
import numpy as np
import sklearn
from sklearn.ensemble import HistGradientBoostingClassifier
from sklearn.feature_extraction import DictVectorizer
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import GroupKFold
from sklearn.pipeline import make_pipeline

from tidings.evaluate.plover import SYMMETRIC_TYPES, names_mention, read_plover_rows, scorable_rows, score_plover
from tidings.events.pair_features import SentenceFeatures, argument_spans, candidate_pairs
from tidings.events.pairs import (
    PAIR_META_FILE,
    PAIR_MODEL_FILE,
    ArgPair,
    FallbackPolicy,
    Given,
    choose_pairs,
    type_pairs,
    type_probabilities,
)

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "plover-sentences" / "plover-train.tsv"
POLICIES = [
    FallbackPolicy(min_score=s, override_score=o, min_type_prob=t, max_new=n)
    for n in (1, 2) for s in (0.1, 0.2, 0.3) for o in (None, 0.3, 0.5, 0.7) for t in (0.3,)
]
TYPED_PAIRS = 4  # type probabilities are computed once for the best pairs of each sentence


@dataclass
class Sentence:
    """One parsed sentence: its gold rows, candidate pairs, their features, and the extractor's events."""

    text: str
    rows: list
    sent: object
    pairs: list
    features: list[dict]
    labels: list[int]
    events: list[dict]


@dataclass(frozen=True)
class Boosting:
    """The ranker's size: prediction time grows with trees x depth, and it runs on every candidate pair."""

    trees: int = 100
    learning_rate: float = 0.15
    leaves: int = 15


def make_model(size: Boosting):
    return make_pipeline(
        DictVectorizer(sparse=False),
        HistGradientBoostingClassifier(max_iter=size.trees, learning_rate=size.learning_rate,
                                       max_leaf_nodes=size.leaves, l2_regularization=1.0, random_state=0),
    )


def _split_features(model) -> list[int]:
    """The columns the fitted trees split on (scikit-learn has no public accessor for them)."""
    used = set()
    for predictors in model[-1]._predictors:
        for tree in predictors:
            nodes = tree.nodes
            used.update(int(f) for f in nodes["feature_idx"][nodes["is_leaf"] == 0])
    return sorted(used)


def fit_compact(features: list[dict], labels: list[int], size: Boosting):
    """Fit, then fit again on only the columns the trees split on. The trees come out the same (the columns
    left out never won a split, and the validation split and bins do not depend on them), so the model is
    unchanged while its input matrix, built for every candidate pair at run time, is several times narrower."""
    full = make_model(size).fit(features, labels)
    used = _split_features(full)
    model = make_model(size)
    model[0].fit(features)
    model[0].restrict(used, indices=True)
    model[-1].fit(model[0].transform(features), labels)
    drift = float(np.abs(full.predict_proba(features)[:, 1] - model.predict_proba(features)[:, 1]).max())
    print(f"compact model: {len(used)} of {len(full[0].vocabulary_)} columns, {model[-1].n_iter_} trees, "
          f"largest probability change {drift:.2e}")
    if drift > 1e-6:
        raise SystemExit("the compact refit changed the model; ship the full one or investigate")
    return model


def _label(a, b, rows) -> int:
    return int(any(names_mention(a.entity.text, r.source, r.target) and names_mention(b.entity.text, r.target, r.source)
                   for r in rows))


def load_sentences(path: Path, limit: int | None) -> list[Sentence]:
    """Parse, resolve and code every distinct sentence; build its candidate pairs and labels."""
    from tidings.actors import ActorResolver
    from tidings.events import EventCoder
    from tidings.nlp import load_pipeline, parse_texts
    from tidings.records import ActorIndex, Article

    by_text = defaultdict(list)
    for row in scorable_rows(read_plover_rows(path)):
        by_text[row.sentence].append(row)
    texts = list(by_text)[:limit] if limit else list(by_text)
    nlp, resolver, coder = load_pipeline(), ActorResolver.load(), EventCoder.load()
    coder.pairs = None  # the extractor's own events, without the fallback being trained here
    out = []
    for text, doc in zip(texts, parse_texts(nlp, texts), strict=True):
        actors = ActorIndex(resolver.resolve(doc))
        article = Article(doc_id="x", source="train", text=text,
                          content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
        events = [e.model_dump() for e in coder.code(doc, actors, article=article)]
        for sent in doc.sents:
            spans = argument_spans(sent, actors)
            pairs = candidate_pairs(spans)
            features = SentenceFeatures(sent, spans, coder.lexicon)
            feats = [features.features(a, b) for a, b in pairs]
            labels = [_label(a, b, by_text[text]) for a, b in pairs]
            sent_events = [e for e in events if sent.start_char <= e["text_info"]["trigger"]["start"] < sent.end_char]
            out.append(Sentence(text, by_text[text], sent, pairs, feats, labels, sent_events))
    return out


def out_of_fold(sentences: list[Sentence], folds: int, size: Boosting) -> list[np.ndarray]:
    """Each sentence's pair probabilities from a model that never saw the sentence (grouped by text)."""
    groups = np.array([s.text for s in sentences])
    scores: list[np.ndarray] = [np.zeros(len(s.pairs)) for s in sentences]
    for train, test in GroupKFold(n_splits=folds).split(np.zeros(len(sentences)), groups=groups):
        feats = [f for i in train for f in sentences[i].features]
        labels = [y for i in train for y in sentences[i].labels]
        model = make_model(size).fit(feats, labels)
        for i in test:
            if sentences[i].pairs:
                scores[i] = model.predict_proba(sentences[i].features)[:, 1]
    return scores


def _row_hit(sentence: Sentence, order: list[int], row, top: int) -> bool:
    return any(names_mention(sentence.pairs[i][0].entity.text, row.source, row.target)
               and names_mention(sentence.pairs[i][1].entity.text, row.target, row.source) for i in order[:top])


def ranking_report(sentences: list[Sentence], scores: list[np.ndarray]) -> dict:
    """Pair-level AUC and, per gold row, whether a pair naming it is among the top 1 / top 3 of its sentence."""
    y = np.concatenate([np.array(s.labels) for s in sentences if s.pairs])
    p = np.concatenate([sc for s, sc in zip(sentences, scores, strict=True) if s.pairs])
    rows = top1 = top3 = reachable = 0
    by_text = defaultdict(list)
    for s, sc in zip(sentences, scores, strict=True):
        by_text[s.text].append((s, sc))
    for parts in by_text.values():
        for row in parts[0][0].rows:
            rows += 1
            hits = [(_row_hit(s, list(np.argsort(-sc)), row, 1), _row_hit(s, list(np.argsort(-sc)), row, 3),
                     _row_hit(s, list(range(len(s.pairs))), row, len(s.pairs))) for s, sc in parts]
            top1 += any(h[0] for h in hits)
            top3 += any(h[1] for h in hits)
            reachable += any(h[2] for h in hits)
    return {"pairs": int(len(y)), "positives": int(y.sum()), "auc": float(roc_auc_score(y, p)), "rows": rows,
            "row_has_candidate": reachable / rows, "row_top1": top1 / rows, "row_top3": top3 / rows}


def _given(events: list[dict]) -> list[Given]:
    return [Given((a["start"], a["end"]), (r["start"], r["end"]), e["event_type"] in SYMMETRIC_TYPES)
            for e in events for a in e["actor"] for r in e["recipient"]]


def _fallback_event(fb) -> dict:
    ent = lambda x: {"text": x.entity.text, "start": x.entity.start, "end": x.entity.end}  # noqa: E731
    return {"event_type": fb.event_type, "actor": [ent(fb.pair.a)], "recipient": [ent(fb.pair.b)],
            "confidence": fb.confidence}


def ranked_and_typed(sentences: list[Sentence], scores: list[np.ndarray], classifier) -> list[tuple[list, dict]]:
    """Per sentence: its pairs best first, and type probabilities for the first few (keyed by position)."""
    out = []
    for s, sc in zip(sentences, scores, strict=True):
        ranked = sorted((ArgPair(a, b, float(p)) for (a, b), p in zip(s.pairs, sc, strict=True)),
                        key=lambda pair: -pair.score)
        probs = type_probabilities(s.sent, ranked[:TYPED_PAIRS], classifier)
        out.append((ranked, {id(p): pr for p, pr in zip(ranked[:TYPED_PAIRS], probs, strict=True)}))
    return out


def simulate(sentences: list[Sentence], typed: list[tuple[list, dict]], policy: FallbackPolicy | None, classifier):
    """§2 scores of the extractor's events plus the fallback events the policy adds (None: no fallback)."""
    by_text: dict[str, list[dict]] = defaultdict(list)
    rows = []
    for s, (ranked, probs) in zip(sentences, typed, strict=True):
        if s.text not in by_text:
            rows += s.rows
        by_text[s.text] += s.events
        if policy is None:
            continue
        full = [e for e in s.events if e["actor"] and e["recipient"]]
        chosen = [p for p in choose_pairs(ranked, _given(full), policy) if id(p) in probs]
        fallbacks = type_pairs(s.sent, chosen, classifier, policy, [probs[id(p)] for p in chosen])
        by_text[s.text] += [_fallback_event(fb) for fb in fallbacks]
    return score_plover([{"doc_id": "?", "text": t, "events": ev} for t, ev in by_text.items()], rows)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--limit", type=int, default=None, help="only the first N sentences (quick checks)")
    parser.add_argument("--cv-only", action="store_true", help="measure, but do not write the model")
    parser.add_argument("--trees", type=int, default=Boosting.trees)
    parser.add_argument("--learning-rate", type=float, default=Boosting.learning_rate)
    parser.add_argument("--leaves", type=int, default=Boosting.leaves, help="max leaf nodes per tree")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 1
    from tidings.events.classifier import TypeClassifier

    started = time.perf_counter()
    sentences = load_sentences(args.data, args.limit)
    print(f"{len(sentences)} sentences parsed and coded in {time.perf_counter() - started:.0f} s")
    size = Boosting(args.trees, args.learning_rate, args.leaves)
    print(size)
    scores = out_of_fold(sentences, args.folds, size)
    cv = ranking_report(sentences, scores)
    print("grouped CV ranking:", json.dumps(cv, indent=None))
    classifier = TypeClassifier.load()
    typed = ranked_and_typed(sentences, scores, classifier)
    base = simulate(sentences, typed, None, classifier)
    print(f"extractor alone: coverage {base.coverage:.3f} accuracy {base.accuracy:.3f} macro-F1 {base.macro_f1:.3f}")
    results = []
    for policy in POLICIES:
        sc = simulate(sentences, typed, policy, classifier)
        results.append((policy, sc))
        print(f"{policy}: coverage {sc.coverage:.3f} accuracy {sc.accuracy:.3f} macro-F1 {sc.macro_f1:.3f}")
    if args.cv_only:
        return 0
    model = fit_compact([f for s in sentences for f in s.features], [y for s in sentences for y in s.labels], size)
    fit_scores = [model.predict_proba(s.features)[:, 1] if s.pairs else np.zeros(0) for s in sentences]
    fit = ranking_report(sentences, fit_scores)
    print("training fit ranking:", json.dumps(fit))
    PAIR_MODEL_FILE.parent.mkdir(parents=True, exist_ok=True)
    joblib.dump(model, PAIR_MODEL_FILE, compress=3)
    meta = {
        "sklearn_version": sklearn.__version__,
        "model": "DictVectorizer + HistGradientBoostingClassifier",
        "boosting": {"trees": size.trees, "learning_rate": size.learning_rate, "leaves": size.leaves},
        "features": list(model[0].feature_names_),
        "data": args.data.name,
        "sentences": len({s.text for s in sentences}),
        "cross_validation": {"folds": args.folds, "grouped_by": "sentence", **cv},
        "training_fit": fit,
    }
    PAIR_META_FILE.write_text(json.dumps(meta, indent=1) + "\n", encoding="utf-8")
    print(f"wrote {PAIR_MODEL_FILE} ({PAIR_MODEL_FILE.stat().st_size / 1024:.0f} KiB) and {PAIR_META_FILE}")
    return 0


if __name__ == "__main__":
    from threadpoolctl import threadpool_limits

    with threadpool_limits(1):  # OpenMP threads on a small, shared machine only slow the boosting down
        sys.exit(main())
