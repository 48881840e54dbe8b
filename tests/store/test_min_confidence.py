"""Events below a confidence threshold stay stored and hidden by default; asked for, they show; accepted ones
always show. Through the real CLI on a real SQLite file."""

from __future__ import annotations

import json

from export.factory import make_extraction
from typer.testing import CliRunner

import tidings.api
from tidings.cli import app
from tidings.events.calibrate import default_min_confidence

runner = CliRunner()


def _store(db_url: str) -> tuple[str, str]:
    doc = make_extraction("c1", [("hamas", "attacked", "egypt", "ASSAULT", "2016-05-02"),
                                 ("egypt", "cracked down on", "hamas", "COERCE", "2016-03-01")], outlet="AP")
    sure, unsure = doc.events
    sure.confidence, unsure.confidence = 0.9, 0.01
    ws = tidings.api.open(db_url)
    try:
        ws.add_extractions([doc])
    finally:
        ws.close()
    return sure.id, unsure.id


def _event_ids(db_url: str, *args: str) -> set[str]:
    result = runner.invoke(app, ["events", "--db", db_url, "--format", "json", *args])
    assert result.exit_code == 0, result.output
    return {row["event_id"] for row in json.loads(result.stdout)}


def test_low_confidence_events_are_stored_but_shown_only_on_request(db_url):
    assert default_min_confidence() > 0.01
    sure, unsure = _store(db_url)
    assert _event_ids(db_url) == {sure}
    assert _event_ids(db_url, "--min-confidence", "0") == {sure, unsure}
    assert _event_ids(db_url, "--min-confidence", "0.95") == set()


def test_an_accepted_event_shows_whatever_its_confidence(db_url):
    sure, unsure = _store(db_url)
    assert runner.invoke(app, ["review", "accept", unsure, "--db", db_url]).exit_code == 0
    assert _event_ids(db_url) == {sure, unsure}


def test_network_and_export_take_the_same_threshold(db_url, tmp_path):
    _store(db_url)
    shown = runner.invoke(app, ["network", "--db", db_url, "--format", "json"])
    every = runner.invoke(app, ["network", "--db", db_url, "--format", "json", "--min-confidence", "0"])
    assert shown.exit_code == 0 and every.exit_code == 0, shown.output + every.output
    assert len(json.loads(shown.stdout)) == 1 and len(json.loads(every.stdout)) == 2
    out = tmp_path / "tables"
    assert runner.invoke(app, ["export", "--format", "jsonl", "-o", str(out), "--db", db_url]).exit_code == 0
    exported = [json.loads(line) for line in (out / "events.jsonl").read_text(encoding="utf-8").splitlines()]
    assert len(exported) == 1


def test_a_threshold_outside_zero_to_one_is_refused(db_url):
    _store(db_url)
    result = runner.invoke(app, ["events", "--db", db_url, "--min-confidence", "1.5"])
    assert result.exit_code != 0 and "min-confidence" in result.output
