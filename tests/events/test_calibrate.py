"""The calibrated confidence: a probability of being right that knows a war report from a tennis report."""

from __future__ import annotations

import json

from typer.testing import CliRunner

from tidings.cli import app
from tidings.events.calibrate import CALIBRATOR_FILE, Calibrator, default_min_confidence

WAR = ("Egyptian warplanes bombed Islamic State positions in northern Sinai on Monday, the Egyptian army said. "
       "Hamas accused Israel of killing two of its commanders in an air strike on Gaza.")
# A match report as sports pages write them: the scores and the sports words are what give it away.
TENNIS = ("Spain beat Russia in the Davis Cup tournament on Wednesday. The top-ranked Nadal defeated Khachanov 6-3, "
          "7-6 (7) to level the series after Rublev had rallied to beat Bautista Agut in the opening singles match. "
          "Granollers and Lopez then defeated Khachanov and Rublev in the doubles to seal the victory for the "
          "hosts in front of their fans. The team plays Croatia in the semifinal, the coach said.")


def test_shipped_model_states_its_threshold_and_cross_validation():
    data = json.loads(CALIBRATOR_FILE.read_text(encoding="utf-8"))
    assert data["cross_validation"]["method"] == "leave one page out"
    assert 0.0 < data["default_threshold"] < 1.0
    assert default_min_confidence() == data["default_threshold"]
    assert {"bias", "raw_logit"} <= set(data["weights"])


def test_political_events_score_above_sports_results(calibrated_text):
    _, war = calibrated_text(WAR)
    _, tennis = calibrated_text(TENNIS)
    assert war and tennis, "both texts must yield events for the comparison to mean anything"
    threshold = default_min_confidence()
    assert max(e.confidence for e in war) >= threshold
    assert all(e.confidence < threshold for e in tennis), [(e.event_type, e.confidence) for e in tennis]
    assert min(e.confidence for e in war) > max(e.confidence for e in tennis)


def test_confidence_is_a_probability(calibrated_text):
    _, events = calibrated_text(WAR + " " + TENNIS)
    assert events
    assert all(0.0 <= e.confidence <= 1.0 for e in events)


def test_a_broken_model_file_is_a_clear_error(tmp_path):
    broken = tmp_path / "calibrator.json"
    broken.write_text('{"weights": {"bias": "x"}}', encoding="utf-8")
    try:
        Calibrator.load(broken)
    except Exception as e:  # noqa: BLE001 - the message is what is tested
        assert "calibrator" in str(e) and "train_calibrator.py" in str(e)
    else:
        raise AssertionError("a broken calibrator file loaded")


def test_extract_leaves_out_low_confidence_events_unless_asked(tmp_path):
    article = tmp_path / "mixed.txt"
    article.write_text(WAR + "\n\n" + TENNIS + "\n", encoding="utf-8")
    runner = CliRunner()
    every = runner.invoke(app, ["extract", str(article), "--min-confidence", "0"])
    shown = runner.invoke(app, ["extract", str(article)])
    assert every.exit_code == 0 and shown.exit_code == 0, every.output + shown.output
    all_events = json.loads(every.stdout.splitlines()[0])["events"]
    default_events = json.loads(shown.stdout.splitlines()[0])["events"]
    threshold = default_min_confidence()
    assert len(default_events) < len(all_events)
    assert all(e["confidence"] >= threshold for e in default_events)
    assert {e["id"] for e in default_events} == {e["id"] for e in all_events if e["confidence"] >= threshold}
