"""Article body extraction scorer (EVALUATION.md section 3): word 4-gram shingle P/R/F1 per page."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass

__all__ = ["BodyScore", "shingles", "score_body", "mean_scores"]

SHINGLE_SIZE = 4
# Word characters only, as the Article Extraction Benchmark tokenises: punctuation separates and is dropped.
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class BodyScore:
    """Precision, recall and F1 of one predicted body against its truth."""

    precision: float
    recall: float
    f1: float


def shingles(text: str, size: int = SHINGLE_SIZE) -> Counter[str]:
    """The multiset of word ``size``-grams; a text shorter than ``size`` words is one shingle."""
    tokens = _WORD.findall((text or "").lower())
    if not tokens:
        return Counter()
    if len(tokens) < size:
        return Counter([" ".join(tokens)])
    return Counter(" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))


def score_body(predicted: str, truth: str) -> BodyScore:
    """Shingle-multiset precision/recall/F1 of one page (empty prediction: all zero)."""
    pred, true = shingles(predicted), shingles(truth)
    if not pred and not true:
        return BodyScore(1.0, 1.0, 1.0)
    overlap = sum((pred & true).values())
    precision = overlap / sum(pred.values()) if pred else 0.0
    recall = overlap / sum(true.values()) if true else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return BodyScore(precision, recall, f1)


def mean_scores(scores: Iterable[BodyScore]) -> BodyScore:
    """The mean of per-page scores (the benchmark's headline figure)."""
    scores = list(scores)
    if not scores:
        return BodyScore(0.0, 0.0, 0.0)
    n = len(scores)
    return BodyScore(
        sum(s.precision for s in scores) / n, sum(s.recall for s in scores) / n, sum(s.f1 for s in scores) / n
    )
