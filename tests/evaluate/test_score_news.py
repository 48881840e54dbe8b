"""EVALUATION.md §5: per-page §1 scoring, micro-averaged over pages, with thresholds and error lists."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.errors import EvaluationError
from tidings.evaluate.news import document_key, score_news
from tidings.events.calibrate import default_min_confidence

ACTORS = {
    "egypt": {"name": "Egypt", "accept": "egypt"},
    "hamas": {"name": "Hamas", "accept": "hamas"},
    "*": {"name": "any", "accept": ".*"},
}
POLITICS = {
    "document": "data/pages/politics.html.gz", "actors": ACTORS, "must_find_actors": ["egypt", "hamas"],
    "events": [
        {"id": "N01", "core": True, "cue": "Egypt bombed Hamas positions", "types": ["ASSAULT"],
         "actor": ["egypt"], "recipient": ["hamas"], "modality": "asserted"},
        {"id": "N02", "core": True, "cue": "Hamas accused Egypt of", "types": ["ACCUSE"],
         "actor": ["hamas"], "recipient": ["egypt"]},
        {"id": "N03", "core": False, "cue": "talks in Cairo", "types": ["CONSULT"], "symmetric": True,
         "parties": ["egypt", "hamas"]},
    ],
}
SPORTS = {"document": "data/pages/sports.html.gz", "actors": ACTORS, "must_find_actors": [], "events": []}


def _extraction(doc_id: str, sentences: list[tuple[str, dict]]) -> dict:
    text, events = "", []
    for number, (sentence, fields) in enumerate(sentences):
        start = len(text)
        text += sentence + " "
        events.append({"id": f"{doc_id}-{number}", "actor": [], "recipient": [], "modality": "asserted",
                       "rule": "test", "text_info": {"start": start, "end": start + len(sentence), "text": sentence},
                       **fields})
    return {"doc_id": doc_id, "text": text, "actors": [{"name": "Egypt"}], "events": events}


def _party(name: str) -> list[dict]:
    return [{"text": name, "name": name}]


POLITICS_OUT = _extraction("/somewhere/politics.html.gz", [
    ("Egypt bombed Hamas positions on Monday.",
     {"event_type": "ASSAULT", "actor": _party("Egypt"), "recipient": _party("Hamas"), "confidence": 0.9}),
    ("Hamas accused Egypt of lying.",
     {"event_type": "REJECT", "actor": _party("Hamas"), "recipient": _party("Egypt"), "confidence": 0.4}),
    ("Both sides held talks in Cairo.",
     {"event_type": "CONSULT", "actor": _party("Hamas"), "recipient": _party("Egypt"), "confidence": 0.6}),
])
SPORTS_OUT = _extraction("sports.html", [
    ("The Browns routed the Steelers.", {"event_type": "ASSAULT", "actor": _party("Browns"), "confidence": 0.2}),
    ("A fight broke out.", {"event_type": "ASSAULT", "confidence": 0.8}),
])


def test_pages_are_micro_averaged_and_errors_listed():
    score = score_news([SPORTS_OUT, POLITICS_OUT], {"politics": POLITICS, "sports": SPORTS})
    # core: N01 matched, N02 wrong type -> 1/2; precision: ASSAULT + optional CONSULT of 5 predictions.
    assert (score.matched_core, score.core_events) == (1, 2)
    assert (score.matched_any, score.predicted_events) == (2, 5)
    assert score.recall == 0.5 and score.precision == pytest.approx(0.4)
    assert score.f1 == pytest.approx(2 * 0.4 * 0.5 / 0.9)
    assert [m.gold_id for m in score.missed_core] == ["N02"]
    assert sorted(f.event_type for f in score.false_positives) == ["ASSAULT", "ASSAULT", "REJECT"]
    assert score.pages_without_core == 1 and score.unmatched_per_page_without_core == 2
    assert score.attributes["modality"].correct == 1 and score.attributes["modality"].total == 1
    assert (score.actors_found, score.actors_wanted) == (1, 2)  # Hamas is not among the page's actors


def test_threshold_table_and_min_confidence_drop_low_events():
    score = score_news([SPORTS_OUT, POLITICS_OUT], {"politics": POLITICS, "sports": SPORTS},
                       thresholds=(0.0, 0.5, 0.85))
    by_threshold = {t.threshold: t for t in score.thresholds}
    assert by_threshold[0.0].predicted == 5 and by_threshold[0.0].matched == 2
    assert by_threshold[0.5].predicted == 3 and by_threshold[0.5].matched == 2
    assert by_threshold[0.85].predicted == 1 and by_threshold[0.85].precision == 1.0
    assert by_threshold[0.85].recall == 0.5
    kept = score_news([SPORTS_OUT, POLITICS_OUT], {"politics": POLITICS, "sports": SPORTS}, min_confidence=0.5)
    assert kept.predicted_events == 3 and kept.precision == pytest.approx(2 / 3)


def test_a_gold_page_without_extraction_is_an_error():
    with pytest.raises(EvaluationError, match="no extraction for 1 gold page"):
        score_news([POLITICS_OUT], {"politics": POLITICS, "sports": SPORTS})


def test_document_key_ignores_folders_and_extensions():
    assert document_key("../shared/data/aeb-dev/html/abc.html.gz") == document_key("data/aeb-dev/html/abc.html.gz")
    assert document_key("x/abc.txt") == "abc"


def test_cli_scores_an_extraction_file(tmp_path: Path):
    golds = tmp_path / "gold" / "news"
    golds.mkdir(parents=True)
    (golds / "politics.gold.json").write_text(json.dumps(POLITICS), encoding="utf-8")
    (golds / "sports.gold.json").write_text(json.dumps(SPORTS), encoding="utf-8")
    lines = tmp_path / "out.jsonl"
    lines.write_text("\n".join(json.dumps(e) for e in (POLITICS_OUT, SPORTS_OUT)), encoding="utf-8")
    every = ["evaluate", "news", str(golds), "--extractions", str(lines), "--format", "json", "--min-confidence", "0"]
    result = CliRunner().invoke(app, every)
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["recall"] == 0.5 and data["precision"] == pytest.approx(0.4)
    assert len(data["pages"]) == 2 and data["missed_core"][0]["cue"] == "Hamas accused Egypt of"
    # By default, as `tidings extract` does, events below the calibrated threshold are left out first.
    shown = CliRunner().invoke(app, every[:-2])
    assert shown.exit_code == 0, shown.output
    data = json.loads(shown.stdout)
    assert data["min_confidence"] == default_min_confidence() > 0.2
    assert data["predicted_events"] == 4  # the sports "routed" event (confidence 0.2) is left out
