"""Train the PLOVER type classifier the package ships (events/models/plover_types.joblib).

Data: ../shared/data/plover-sentences/plover-train.tsv (one marked source/target pair per row).
Model: TF-IDF word and character n-grams of the sentence with the pair masked and of the words
between the pair, and a class-balanced logistic regression (probabilities for re-ranking).
Reports grouped cross-validation (no sentence in both train and test), then fits on all rows.

    .venv/bin/python scripts/train_type_classifier.py [--data TSV] [--folds 5] [--cv-only]
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import re
import sys
from pathlib import Path

import joblib
import numpy as np
import sklearn
from scipy.sparse import hstack
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import accuracy_score, classification_report, f1_score
from sklearn.model_selection import GroupKFold

from tidings.events.classifier import META_FILE, MODEL_FILE, pair_views

REPO = Path(__file__).resolve().parents[1]
DEFAULT_DATA = REPO.parent / "shared" / "data" / "plover-sentences" / "plover-train.tsv"
_MARK = re.compile(r"</?[st]>")
C = 10.0


def _spans(marked: str, sentence: str) -> tuple[tuple[int, int] | None, tuple[int, int] | None]:
    """Source and target character spans in the unmarked sentence, from the <s>/<t> marks."""
    spans, plain, pos = {}, [], 0
    for piece in re.split(r"(</?[st]>)", marked):
        if _MARK.fullmatch(piece):
            key = piece.strip("</>")
            spans.setdefault(key, [pos, pos])
            if piece.startswith("</"):
                spans[key][1] = pos
            continue
        plain.append(piece)
        pos += len(piece)
    if "".join(plain) != sentence:
        return None, None
    return tuple(spans["s"]) if "s" in spans else None, tuple(spans["t"]) if "t" in spans else None


def read_examples(path: Path) -> tuple[list[dict[str, str]], list[str], list[str]]:
    """Per row: the classifier's views, the gold category, and the sentence (the CV group)."""
    with path.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    views, labels, groups = [], [], []
    for row in rows:
        source, target = _spans(row["marked_sentence"], row["sentence"])
        views.append(pair_views(row["sentence"], source, target))
        labels.append(row["gold_root"])
        groups.append(row["sentence"])
    return views, labels, groups


def make_vectorizers() -> list[tuple[str, TfidfVectorizer]]:
    return [
        ("masked", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True, min_df=2)),
        ("masked", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
        ("between", TfidfVectorizer(ngram_range=(1, 2), sublinear_tf=True)),
        ("between", TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, min_df=2)),
    ]


def fit(views: list[dict[str, str]], labels: list[str]) -> dict:
    vectorizers = make_vectorizers()
    matrix = hstack([vec.fit_transform([v[name] for v in views]) for name, vec in vectorizers]).tocsr()
    model = LogisticRegression(C=C, max_iter=3000, class_weight="balanced")
    model.fit(matrix, labels)
    return {"vectorizers": vectorizers, "model": model}


def predict(bundle: dict, views: list[dict[str, str]]) -> np.ndarray:
    matrix = hstack([vec.transform([v[name] for v in views]) for name, vec in bundle["vectorizers"]]).tocsr()
    return bundle["model"].predict(matrix)


def cross_validate(views, labels, groups, folds: int) -> dict:
    """Grouped k-fold: every sentence sits in exactly one test fold."""
    predicted = np.empty(len(labels), dtype=object)
    for train, test in GroupKFold(n_splits=folds).split(views, labels, groups):
        bundle = fit([views[i] for i in train], [labels[i] for i in train])
        predicted[test] = predict(bundle, [views[i] for i in test])
    gold = np.array(labels, dtype=object)
    print(classification_report(gold, predicted, zero_division=0, digits=3))
    return {
        "folds": folds,
        "macro_f1": round(float(f1_score(gold, predicted, average="macro", zero_division=0)), 4),
        "accuracy": round(float(accuracy_score(gold, predicted)), 4),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DEFAULT_DATA)
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--cv-only", action="store_true", help="report cross-validation, write nothing")
    args = parser.parse_args(argv)
    if not args.data.is_file():
        print(f"no training data at {args.data}", file=sys.stderr)
        return 1
    views, labels, groups = read_examples(args.data)
    cv = cross_validate(views, labels, groups, args.folds)
    print(f"grouped {args.folds}-fold CV (by sentence): macro-F1 {cv['macro_f1']:.3f}  accuracy {cv['accuracy']:.3f}")
    if args.cv_only:
        return 0
    joblib.dump(fit(views, labels), MODEL_FILE, compress=3)
    meta = {
        "sklearn_version": sklearn.__version__,
        "data": args.data.name,
        "data_sha256": hashlib.sha256(args.data.read_bytes()).hexdigest(),
        "rows": len(labels),
        "labels": sorted(set(labels)),
        "cross_validation": cv,
        "model": f"tf-idf words+chars of masked sentence and between-pair text + logistic regression C={C}",
    }
    META_FILE.write_text(json.dumps(meta, indent=2) + "\n", encoding="utf-8")
    print(f"wrote {MODEL_FILE} ({MODEL_FILE.stat().st_size / 1e6:.2f} MB) and {META_FILE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
