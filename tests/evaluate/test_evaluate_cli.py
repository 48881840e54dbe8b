"""``tidings evaluate seed|plover`` on extraction files we write, and on a fresh extraction."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.evaluate.plover import plover_documents, read_plover_rows

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
GOLD = SHARED / "gold" / "000_2fc2989a5cbe0d10.gold.json"
PLOVER = SHARED / "data" / "plover-sentences" / "plover-train.tsv"
runner = CliRunner()


def _invoke(*args: str):
    result = runner.invoke(app, list(args))
    return result, (json.loads(result.stdout) if result.exit_code == 0 and "--format" in args else None)


def _seed_extraction(gold: dict, cues: list[str]) -> dict:
    """One event per gold cue, its parties named as the gold names them: every listed event must match."""
    events, text = [], ""
    by_cue = {g["cue"]: g for g in gold["events"]}
    for number, cue in enumerate(cues):
        g, start = by_cue[cue], len(text)
        text += cue + ". "
        parties = g.get("parties") or [*g.get("actor", []), *g.get("recipient", [])]
        named = [{"text": gold["actors"][p]["name"], "start": 0, "end": 1, "name": None} for p in parties if p != "*"]
        events.append({"id": f"e{number}", "event_type": g["types"][0], "actor": named, "recipient": [],
                       "modality": g.get("modality", "asserted"), "confidence": 0.5, "rule": "test",
                       "text_info": {"sentence": number, "start": start, "end": start + len(cue), "text": cue}})
    return {"doc_id": "seed", "text": text, "actors": [], "events": events}


def test_seed_scores_an_extraction_file(tmp_path: Path, gold: dict):
    symmetric_core = [g["cue"] for g in gold["events"] if g.get("core") and g.get("symmetric")]
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps(_seed_extraction(gold, symmetric_core)) + "\n")
    result, score = _invoke("evaluate", "seed", str(path), "--gold", str(GOLD), "--format", "json")
    assert result.exit_code == 0, result.output
    core = sum(1 for g in gold["events"] if g.get("core"))
    assert score["recall"] == pytest.approx(len(symmetric_core) / core)
    assert score["precision"] == 1.0
    assert score["attributes"]["modality"]["accuracy"] == 1.0


def test_seed_table_names_the_missed_core_events(tmp_path: Path, gold: dict):
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps(_seed_extraction(gold, [])) + "\n")
    result = runner.invoke(app, ["evaluate", "seed", str(path), "--gold", str(GOLD)])
    assert result.exit_code == 0, result.output
    assert "missed_core" in result.stdout and "E01" in result.stdout


def test_seed_with_missing_gold_file_is_a_clear_error(tmp_path: Path):
    path = tmp_path / "seed.jsonl"
    path.write_text(json.dumps({"doc_id": "x", "text": "", "actors": [], "events": []}) + "\n")
    result = runner.invoke(app, ["evaluate", "seed", str(path), "--gold", str(tmp_path / "nope.json")])
    assert result.exit_code != 0
    assert "cannot read gold file" in str(result.exception)


@pytest.fixture(scope="module")
def plover_rows():
    if not PLOVER.is_file():
        pytest.skip("shared PLOVER data not present")
    return read_plover_rows(PLOVER)


def test_plover_scores_an_extraction_file_with_limit(tmp_path: Path, plover_rows):
    first = plover_rows[0]
    event = {"event_type": first.category, "confidence": 0.9,
             "actor": [{"text": first.source}], "recipient": [{"text": first.target}]}
    lines = [{"doc_id": d["id"], "text": d["text"], "actors": [], "events": [event] if d["text"] == first.sentence
              else []} for d in plover_documents(plover_rows)[:2]]
    path = tmp_path / "plover.jsonl"
    path.write_text("".join(json.dumps(line) + "\n" for line in lines))
    result, score = _invoke("evaluate", "plover", "--data", str(PLOVER), "--extractions", str(path),
                            "--limit", "2", "--format", "json")
    assert result.exit_code == 0, result.output
    assert score["rows"] == 2
    assert (score["coverage"], score["accuracy"]) == (0.5, 0.5)


@pytest.mark.timeout(300)
def test_plover_runs_the_extractor_itself(plover_rows):
    pytest.importorskip("tidings.pipeline", reason="pipeline stages still in progress", exc_type=ImportError)
    result, score = _invoke("evaluate", "plover", "--data", str(PLOVER), "--limit", "3", "--format", "json")
    assert result.exit_code == 0, result.output
    assert score["documents"] == 3
    assert score["missing_documents"] == 0
