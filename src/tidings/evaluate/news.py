"""Score extractions of real news pages against their golds, exactly as EVALUATION.md §5 says.

Each page is scored as §1 scores the seed (same event match, same actor match, same attributes);
the figures are micro-averaged over pages. On top of the bare figures it lists what an analyst
looking for errors wants to read: every false positive with its sentence, every missed core event
with its cue, and precision/recall at a range of confidence thresholds.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from pydantic import BaseModel, Field, computed_field

from ..errors import EvaluationError
from .seed import ATTRIBUTES, AttributeScore, SeedScore, score_seed

__all__ = [
    "NewsScore",
    "PageScore",
    "FalsePositive",
    "MissedEvent",
    "ThresholdRow",
    "CONFIDENCE_THRESHOLDS",
    "document_key",
    "pair_pages",
    "score_news",
    "filter_confidence",
]

CONFIDENCE_THRESHOLDS = (0.0, 0.1, 0.2, 0.3, 0.4, 0.5, 0.6, 0.7, 0.8, 0.9)
SNIPPET_CHARS = 160


class FalsePositive(BaseModel):
    """A predicted event that matches no gold event of its page."""

    page: str
    event_id: str | None
    event_type: str | None
    actor: list[str]
    recipient: list[str]
    confidence: float | None
    rule: str | None
    sentence: str


class MissedEvent(BaseModel):
    """A core gold event no prediction matched."""

    page: str
    gold_id: str
    types: list[str]
    cue: str


class PageScore(BaseModel):
    """One page's §1 figures, with its key and what the gold says the page is."""

    page: str
    about: str
    core_events: int
    predicted_events: int
    matched_core: int
    matched_any: int
    must_find: str
    score: SeedScore


class ThresholdRow(BaseModel):
    """§5 precision and recall when only events with confidence ≥ ``threshold`` are kept."""

    threshold: float
    predicted: int
    matched: int
    matched_core: int
    precision: float | None
    recall: float | None


class NewsScore(BaseModel):
    """The §5 figures over all pages, micro-averaged, with per-page breakdown and error lists."""

    pages: list[PageScore]
    core_events: int
    predicted_events: int
    matched_core: int
    matched_any: int
    attributes: dict[str, AttributeScore]
    actors_found: int
    actors_wanted: int
    pages_without_core: int
    unmatched_on_pages_without_core: int
    false_positives: list[FalsePositive]
    missed_core: list[MissedEvent]
    thresholds: list[ThresholdRow] = Field(default_factory=list)
    min_confidence: float | None = Field(None, description="Events below this confidence were left out")

    @computed_field
    @property
    def recall(self) -> float:
        return self.matched_core / self.core_events if self.core_events else 0.0

    @computed_field
    @property
    def precision(self) -> float:
        return self.matched_any / self.predicted_events if self.predicted_events else 0.0

    @computed_field
    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    @computed_field
    @property
    def actors_found_share(self) -> float | None:
        return self.actors_found / self.actors_wanted if self.actors_wanted else None

    @computed_field
    @property
    def unmatched_per_page_without_core(self) -> float | None:
        if not self.pages_without_core:
            return None
        return self.unmatched_on_pages_without_core / self.pages_without_core

    def report(self) -> str:
        """The headline figures, attributes and threshold table as plain text (CLI and benchmarks)."""
        lines = [
            f"pages {len(self.pages)}   recall {self.recall:.3f} ({self.matched_core}/{self.core_events} core)   "
            f"precision {self.precision:.3f} ({self.matched_any}/{self.predicted_events})   F1 {self.f1:.3f}",
            f"actors found {self.actors_found}/{self.actors_wanted}   pages without core events "
            f"{self.pages_without_core}: {self.unmatched_on_pages_without_core} unmatched events "
            f"({_fmt(self.unmatched_per_page_without_core)} per page)",
        ]
        if self.min_confidence is not None:
            lines.append(f"(events with confidence < {self.min_confidence:.2f} left out)")
        lines.extend(
            f"  {name:<10} accuracy {_fmt(a.accuracy)} ({a.correct}/{a.total})" for name, a in self.attributes.items()
        )
        lines.append("  min confidence  predicted  matched  precision  recall")
        lines.extend(
            f"  {t.threshold:>14.2f}  {t.predicted:>9}  {t.matched:>7}  {_fmt(t.precision):>9}  {_fmt(t.recall):>6}"
            for t in self.thresholds
        )
        return "\n".join(lines)


def _fmt(value) -> str:
    return "n/a" if value is None else f"{value:.3f}" if isinstance(value, float) else str(value)


def document_key(path_or_id: str) -> str:
    """The file name without folders and known extensions: how a gold's document meets an extraction."""
    name = Path(str(path_or_id)).name
    for suffix in (".gz", ".html", ".htm", ".txt"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return name


def pair_pages(extractions: Iterable[dict], golds: dict[str, dict]) -> list[tuple[str, dict, dict]]:
    """(gold name, extraction, gold) for every gold; an extraction missing for a gold is an error."""
    by_key = {document_key(e.get("doc_id") or ""): e for e in extractions}
    pairs, missing = [], []
    for name, gold in sorted(golds.items()):
        extraction = by_key.get(document_key(gold.get("document") or ""))
        if extraction is None:
            missing.append(name)
        else:
            pairs.append((name, extraction, gold))
    if missing:
        raise EvaluationError(f"no extraction for {len(missing)} gold page(s): {', '.join(missing[:5])}")
    return pairs


def filter_confidence(extraction: dict, threshold: float) -> dict:
    """The extraction with only the events whose confidence is at least ``threshold``."""
    events = [e for e in extraction.get("events") or [] if (e.get("confidence") or 0.0) >= threshold]
    return {**extraction, "events": events}


def _party_names(entities: list[dict] | None) -> list[str]:
    return [e.get("name") or e.get("text") or "" for e in entities or []]


def _false_positives(page: str, extraction: dict, score: SeedScore) -> list[FalsePositive]:
    unmatched = set(score.unmatched_predicted)
    found = []
    for index, event in enumerate(extraction.get("events") or []):
        if str(event.get("id") or f"#{index}") not in unmatched:
            continue
        sentence = (event.get("text_info") or {}).get("text") or ""
        found.append(FalsePositive(
            page=page, event_id=event.get("id"), event_type=event.get("event_type"),
            actor=_party_names(event.get("actor")), recipient=_party_names(event.get("recipient")),
            confidence=event.get("confidence"), rule=event.get("rule"), sentence=sentence[:SNIPPET_CHARS],
        ))
    return found


def _missed(page: str, gold: dict, score: SeedScore) -> list[MissedEvent]:
    missed = set(score.missed_core)
    return [MissedEvent(page=page, gold_id=g["id"], types=g.get("types", []), cue=g["cue"])
            for g in gold["events"] if g["id"] in missed]


def _page_score(page: str, extraction: dict, gold: dict) -> PageScore:
    score = score_seed(extraction, gold)
    return PageScore(
        page=page, about=gold.get("about", ""), core_events=score.core_events,
        predicted_events=score.predicted_events, matched_core=len(score.matched_core),
        matched_any=len(score.matches), must_find=f"{sum(score.must_find.values())}/{len(score.must_find)}",
        score=score,
    )


def _threshold_row(pairs: list[tuple[str, dict, dict]], threshold: float) -> ThresholdRow:
    predicted = matched = matched_core = core = 0
    for _, extraction, gold in pairs:
        score = score_seed(filter_confidence(extraction, threshold), gold)
        predicted += score.predicted_events
        matched += len(score.matches)
        matched_core += len(score.matched_core)
        core += score.core_events
    return ThresholdRow(
        threshold=threshold, predicted=predicted, matched=matched, matched_core=matched_core,
        precision=matched / predicted if predicted else None, recall=matched_core / core if core else None,
    )


def score_news(
    extractions: Iterable[dict], golds: dict[str, dict], *, min_confidence: float | None = None,
    thresholds: Iterable[float] = CONFIDENCE_THRESHOLDS,
) -> NewsScore:
    """§5 over every gold page: micro-averaged figures, per-page rows, error lists, threshold table.

    ``golds`` maps a page name to its gold; each gold's ``document`` names the page an extraction
    must come from (matched by file name). With ``min_confidence``, events below it are left out
    first, as ``tidings extract --min-confidence`` would; the threshold table always starts from all events.
    """
    if not golds:
        raise EvaluationError("no gold pages to score")
    pairs = pair_pages(extractions, golds)
    kept = [(n, filter_confidence(e, min_confidence or 0.0), g) for n, e, g in pairs]
    pages = [_page_score(name, extraction, gold) for name, extraction, gold in kept]
    attributes = {name: AttributeScore() for name in ATTRIBUTES}
    for page in pages:
        for name, attr in page.score.attributes.items():
            attributes[name].correct += attr.correct
            attributes[name].total += attr.total
            attributes[name].wrong.extend(f"{page.page}:{w}" for w in attr.wrong)
    no_core = [p for p in pages if p.core_events == 0]
    return NewsScore(
        pages=pages,
        core_events=sum(p.core_events for p in pages),
        predicted_events=sum(p.predicted_events for p in pages),
        matched_core=sum(p.matched_core for p in pages),
        matched_any=sum(p.matched_any for p in pages),
        attributes=attributes,
        actors_found=sum(sum(p.score.must_find.values()) for p in pages),
        actors_wanted=sum(len(p.score.must_find) for p in pages),
        pages_without_core=len(no_core),
        unmatched_on_pages_without_core=sum(len(p.score.unmatched_predicted) for p in no_core),
        false_positives=[f for (n, e, _), p in zip(kept, pages, strict=True) for f in _false_positives(n, e, p.score)],
        missed_core=[m for (n, _, g), p in zip(kept, pages, strict=True) for m in _missed(n, g, p.score)],
        thresholds=[_threshold_row(pairs, t) for t in thresholds],
        min_confidence=min_confidence,
    )
