"""Score extractions against the PLOVER sentence pairs, exactly as EVALUATION.md §2 says."""

from __future__ import annotations

import csv
import hashlib
import json
import re
from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from pydantic import BaseModel, Field

from ..errors import EvaluationError

__all__ = [
    "PloverRow",
    "PloverScore",
    "CategoryScore",
    "read_plover_rows",
    "scorable_rows",
    "plover_documents",
    "write_plover_jsonl",
    "sentence_doc_id",
    "tokens",
    "names_mention",
    "score_plover",
]

NONE = "NONE"
# The stop-word list of §2, verbatim.
STOP_WORDS = frozenset({
    "the", "a", "an", "of", "to", "in", "on", "and", "or", "for", "with", "by", "at", "from", "his", "her",
    "its", "their", "this", "that", "these", "those", "as", "is", "was", "were", "be", "been", "has", "have",
    "had", "said", "says", "will", "would",
})
# Predicted types whose actor/recipient may be read either way round.
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})
# The data's YIELD stands for PLOVER's CONCEDE or RETREAT.
GOLD_ALIASES = {"CONCEDE": "YIELD", "RETREAT": "YIELD"}
EXTRA_EVENTS_ALLOWED = 2
_ABBREVIATION = re.compile(r"\b[^\W\d_](?:\.[^\W\d_])+\.?")
_POSSESSIVE = re.compile(r"'s\b")
_WORD = re.compile(r"\w+")


@dataclass(frozen=True)
class PloverRow:
    """One gold pair: a sentence, its marked source and target, and the PLOVER category."""

    sentence: str
    source: str
    target: str
    category: str
    uid: str = ""

    @property
    def doc_id(self) -> str:
        return sentence_doc_id(self.sentence)


def sentence_doc_id(sentence: str) -> str:
    """A stable document id for one distinct sentence (same sentence, same id, on every run)."""
    return "plover-" + hashlib.sha1(sentence.encode("utf-8")).hexdigest()[:12]


def read_plover_rows(path: Path) -> list[PloverRow]:
    """All rows of a PLOVER sentences TSV (columns sentence, source, target, gold_root)."""
    try:
        with path.open(encoding="utf-8", newline="") as handle:
            records = list(csv.DictReader(handle, delimiter="\t"))
    except OSError as e:
        raise EvaluationError(f"cannot read PLOVER data {path}: {e}") from e
    missing = {"sentence", "source", "target", "gold_root"} - set(records[0] if records else {})
    if missing:
        raise EvaluationError(f"PLOVER data {path} lacks columns: {', '.join(sorted(missing))}")
    return [
        PloverRow(sentence=r["sentence"], source=r["source"], target=r["target"], category=r["gold_root"],
                  uid=r.get("uid") or r.get("sentence_id") or "")
        for r in records
    ]


def scorable_rows(rows: Iterable[PloverRow]) -> list[PloverRow]:
    """Rows whose source and target both occur in the sentence (case-insensitive); others are left out."""
    return [r for r in rows if r.source.lower() in r.sentence.lower() and r.target.lower() in r.sentence.lower()]


def plover_documents(rows: Iterable[PloverRow]) -> list[dict]:
    """Each distinct sentence once, as a JSONL input document ``{"id", "text"}``, in first-seen order."""
    seen: dict[str, dict] = {}
    for row in rows:
        seen.setdefault(row.doc_id, {"id": row.doc_id, "text": row.sentence})
    return list(seen.values())


def write_plover_jsonl(rows: Iterable[PloverRow], path: Path) -> int:
    """Write the input documents for ``tidings extract``; returns how many were written."""
    documents = plover_documents(rows)
    with path.open("w", encoding="utf-8") as handle:
        for document in documents:
            handle.write(json.dumps(document, ensure_ascii=False) + "\n")
    return len(documents)


def tokens(text: str) -> list[str]:
    """§2 tokens: lower-cased, apostrophes straightened, possessives dropped, U.S. -> us, stop words out."""
    text = text.lower().replace("\u2019", "'").replace("\u2018", "'")
    text = _POSSESSIVE.sub("", text)
    text = _ABBREVIATION.sub(lambda m: m.group(0).replace(".", ""), text)
    return [t for t in _WORD.findall(text) if t not in STOP_WORDS]


def _jaccard(a: set[str], b: set[str]) -> float:
    union = a | b
    return len(a & b) / len(union) if union else 0.0


def names_mention(entity_text: str, mention: str, other: str) -> bool:
    """Whether an entity's text names gold mention ``mention`` (``other`` being the pair's other mention)."""
    entity, gold = tokens(entity_text), tokens(mention)
    entity_set, gold_set = set(entity), set(gold)
    if not entity_set & gold_set:
        return False
    # A clause or a whole sentence is not a name.
    if len(entity) > max(2 * len(gold), len(gold) + 3):
        return False
    return _jaccard(entity_set, gold_set) > _jaccard(entity_set, set(tokens(other)))


def _some_names(entities: list[dict], mention: str, other: str) -> bool:
    return any(names_mention(e.get("text") or "", mention, other) for e in entities)


def covers(event: dict, row: PloverRow) -> bool:
    """Whether an event covers the gold pair (either direction for CONSULT, COOPERATE and AGREE)."""
    actors, recipients = event.get("actor") or [], event.get("recipient") or []
    if _some_names(actors, row.source, row.target) and _some_names(recipients, row.target, row.source):
        return True
    return event.get("event_type") in SYMMETRIC_TYPES and (
        _some_names(actors, row.target, row.source) and _some_names(recipients, row.source, row.target)
    )


def _top_events(events: list[dict], k: int) -> list[dict]:
    # sorted() is stable: equal confidences keep the extractor's order.
    return sorted(events, key=lambda e: -float(e.get("confidence") or 0.0))[:k]


def predict_row(events: list[dict], row: PloverRow, k: int) -> tuple[str, dict | None]:
    """The row's predicted category (``NONE`` when nothing covers it) and the covering event."""
    covering = [e for e in _top_events(events, k) if covers(e, row)]
    if not covering:
        return NONE, None
    best = max(covering, key=lambda e: float(e.get("confidence") or 0.0))
    return GOLD_ALIASES.get(best.get("event_type"), best.get("event_type")), best


class CategoryScore(BaseModel):
    """Precision, recall and F1 of one gold category."""

    precision: float
    recall: float
    f1: float
    support: int
    predicted: int


class PloverScore(BaseModel):
    """The §2 figures: pair coverage, accuracy, macro-F1, per category, and the main confusions."""

    rows: int
    left_out_rows: int = Field(description="Rows whose source or target does not occur in the sentence")
    documents: int
    missing_documents: int = Field(description="Sentences with no extraction (their rows predict NONE)")
    coverage: float
    accuracy: float
    macro_f1: float
    per_category: dict[str, CategoryScore]
    confusion: dict[str, dict[str, int]] = Field(description="gold category -> predicted category -> rows")
    top_confusions: list[tuple[str, str, int]]

    def summary(self) -> dict:
        """The headline figures plus F1 per category, as one flat mapping."""
        row = {"rows": self.rows, "coverage": self.coverage, "accuracy": self.accuracy, "macro_f1": self.macro_f1}
        row.update({f"f1_{c}": s.f1 for c, s in self.per_category.items()})
        return row

    def report(self) -> str:
        """The figures as plain text for a terminal: headline, a table per category, the main confusions."""
        lines = [f"coverage {self.coverage:.3f}   accuracy {self.accuracy:.3f}   macro-F1 {self.macro_f1:.3f}",
                 f"{'category':<10} {'P':>6} {'R':>6} {'F1':>6} {'gold':>5} {'pred':>5}"]
        lines += [f"{c:<10} {s.precision:6.3f} {s.recall:6.3f} {s.f1:6.3f} {s.support:5d} {s.predicted:5d}"
                  for c, s in self.per_category.items()]
        lines.append("top confusions (gold -> predicted: rows): "
                     + ", ".join(f"{g}->{p}: {n}" for g, p, n in self.top_confusions))
        return "\n".join(lines)


def _category_scores(pairs: list[tuple[str, str]]) -> dict[str, CategoryScore]:
    gold_counts = Counter(g for g, _ in pairs)
    predicted_counts = Counter(p for _, p in pairs)
    hits = Counter(g for g, p in pairs if g == p != NONE)
    scores = {}
    for category in sorted(gold_counts):
        tp, support, predicted = hits[category], gold_counts[category], predicted_counts[category]
        precision = tp / predicted if predicted else 0.0
        recall = tp / support
        f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
        scores[category] = CategoryScore(precision=precision, recall=recall, f1=f1, support=support,
                                         predicted=predicted)
    return scores


def _confusion(pairs: list[tuple[str, str]]) -> dict[str, dict[str, int]]:
    table: dict[str, Counter] = defaultdict(Counter)
    for gold, predicted in pairs:
        table[gold][predicted] += 1
    return {g: dict(c.most_common()) for g, c in sorted(table.items())}


def _by_doc(extractions: Iterable[dict]) -> tuple[dict[str, list[dict]], dict[str, list[dict]]]:
    by_id, by_text = {}, {}
    for extraction in extractions:
        events = list(extraction.get("events") or [])
        by_id[str(extraction.get("doc_id"))] = events
        by_text.setdefault(extraction.get("text") or "", events)
    return by_id, by_text


def score_plover(extractions: Iterable[dict], rows: Iterable[PloverRow]) -> PloverScore:
    """Score extractions (``doc_id`` = the sentence's id, else matched by text) against the gold rows."""
    rows = list(rows)
    kept = scorable_rows(rows)
    if not kept:
        raise EvaluationError("no PLOVER rows to score (none has its source and target in the sentence)")
    by_id, by_text = _by_doc(extractions)
    pairs_per_doc = Counter(r.doc_id for r in kept)
    missing = {r.doc_id for r in kept if r.doc_id not in by_id and r.sentence not in by_text}
    pairs: list[tuple[str, str]] = []
    for row in kept:
        events = by_id.get(row.doc_id, by_text.get(row.sentence, []))
        predicted, _ = predict_row(events, row, pairs_per_doc[row.doc_id] + EXTRA_EVENTS_ALLOWED)
        pairs.append((row.category, predicted))
    per_category = _category_scores(pairs)
    confusion = Counter((g, p) for g, p in pairs if g != p)
    return PloverScore(
        rows=len(kept),
        left_out_rows=len(rows) - len(kept),
        documents=len(pairs_per_doc),
        missing_documents=len(missing),
        coverage=sum(p != NONE for _, p in pairs) / len(pairs),
        accuracy=sum(g == p != NONE for g, p in pairs) / len(pairs),
        macro_f1=sum(s.f1 for s in per_category.values()) / len(per_category),
        per_category=per_category,
        confusion=_confusion(pairs),
        top_confusions=[(g, p, n) for (g, p), n in confusion.most_common(10)],
    )
