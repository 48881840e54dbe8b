"""The query, review and export commands on a real store: parsed JSON/CSV output, clean errors."""

from __future__ import annotations

import csv
import io
import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from export.factory import small_corpus
from typer.testing import CliRunner

import tidings.api
from tidings.cli import app

TIDINGS = [sys.executable, "-c", "from tidings.cli import main; main()"]


@pytest.fixture
def db(db_url):
    ws = tidings.api.open(db_url)
    ws.add_extractions(small_corpus())
    ws.close()
    return db_url


def _json(*args):
    result = CliRunner().invoke(app, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def test_events_json_equals_the_api(db):
    rows = _json("events", "--actor", "Hamas", "--type", "ASSAULT", "--db", db, "--format", "json")
    ws = tidings.api.open(db)
    try:
        assert rows == json.loads(json.dumps(ws.event_rows(actor="Hamas", event_type="ASSAULT", limit=100)))
    finally:
        ws.close()
    assert len(rows) == 2 and {r["outlet"] for r in rows} == {"Reuters", "AP"}


def test_events_csv_and_table(db):
    result = CliRunner().invoke(app, ["events", "--min-sources", "2", "--db", db, "--format", "csv"])
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [r["event_type"] for r in rows] == ["ASSAULT", "ASSAULT"]
    table = CliRunner().invoke(app, ["events", "--db", db, "--limit", "3"])
    assert table.exit_code == 0 and "events" in table.stdout


def test_network_actor_and_actors_commands(db):
    edges = _json("network", "--since", "2016-05", "--until", "2016-05", "--db", db, "--format", "json")
    assert [(e["source"], e["target"], e["event_type"], e["sources"]) for e in edges] == [
        ("hamas", "egypt", "ASSAULT", 2)]
    profile = _json("actor", "Egypt", "--db", db, "--format", "json")
    assert profile["name"] == "Egypt" and {c["name"] for c in profile["counterparts"]} == {"Hamas"}
    actors = _json("actors", "--db", db, "--format", "json")
    assert actors[0]["name"] == "Hamas"
    clusters = _json("clusters", "--min-sources", "2", "--db", db, "--format", "json")
    assert len(clusters) == 1 and clusters[0]["reports"] == 2


def test_review_and_actor_decisions_from_the_command_line(db):
    event_id = _json("events", "--actor", "Israel", "--db", db, "--format", "json")[0]["event_id"]
    decision = _json("review", "reject", event_id, "--note", "wrong", "--db", db, "--format", "json")
    assert decision[0]["action"] == "reject"
    assert _json("events", "--actor", "Israel", "--db", db, "--format", "json") == []
    _json("review", "edit", event_id, "--type", "COERCE", "--db", db, "--format", "json")
    assert [h["action"] for h in _json("review", "history", event_id, "--db", db, "--format", "json")] == [
        "reject", "edit"]
    assert _json("events", "--actor", "Israel", "--db", db, "--format", "json")[0]["event_type"] == "COERCE"
    _json("actors", "rename", "Salafi jihadists", "Salafis of Gaza", "--db", db, "--format", "json")
    assert _json("events", "--actor", "Israel", "--db", db, "--format", "json")[0]["recipients"] == ["Salafis of Gaza"]
    _json("actors", "merge", "Israel", "Egypt", "--db", db, "--format", "json")
    assert {r["actors"][0] for r in _json("events", "--actor", "Egypt", "--db", db, "--format", "json")} == {"Egypt"}


def test_export_command_writes_files(db, tmp_path):
    result = CliRunner().invoke(app, ["export", "--format", "graphml", "-o", str(tmp_path / "n.graphml"), "--db", db])
    assert result.exit_code == 0, result.output
    assert Path(tmp_path / "n.graphml").read_text(encoding="utf-8").startswith("<?xml")


def test_unknown_actor_is_a_one_line_error_with_suggestions(db, tmp_path):
    proc = subprocess.run([*TIDINGS, "events", "--actor", "Hamass", "--db", db], capture_output=True, text=True,
                          timeout=120)
    assert proc.returncode == 1
    assert "did you mean: Hamas" in proc.stderr and "Traceback" not in proc.stderr
    proc = subprocess.run([*TIDINGS, "export", "--format", "stix", "-o", str(tmp_path / "no" / "x.json"),
                           "--db", db], capture_output=True, text=True, timeout=120)
    assert proc.returncode == 1 and "does not exist" in proc.stderr and "Traceback" not in proc.stderr


def test_parties_without_a_resolved_actor_are_listed_as_the_text_names_them(db_url, tmp_path):
    # "Gunmen" is no known actor: the event keeps it, and the listing must not show an empty actor.
    article = tmp_path / "raid.txt"
    article.write_text("Gunmen attacked a police checkpoint near El-Arish on Monday, killing two officers.\n",
                       encoding="utf-8")
    ingest = CliRunner().invoke(app, ["ingest", str(article), "--db", db_url])
    assert ingest.exit_code == 0, ingest.output
    rows = _json("events", "--type", "ASSAULT", "--db", db_url, "--format", "json")
    attack = next(r for r in rows if r["trigger"] == "attacked"
                  and any("checkpoint" in t for t in r["unresolved_recipients"]))
    assert attack["actor_ids"] == [] and attack["unresolved_actors"] == ["Gunmen"]
    table = CliRunner(env={"COLUMNS": "250"}).invoke(app, ["events", "--db", db_url])
    assert "\u201cGunmen\u201d" in table.stdout


def test_db_url_of_tidings_yaml_counts_for_events_review_and_export(db, tmp_path, monkeypatch):
    """Regression: events, review and export ignored db_url in tidings.yaml and opened ./tidings.db."""
    workdir = tmp_path / "elsewhere"
    workdir.mkdir()
    (workdir / "tidings.yaml").write_text(f"db_url: {db}\n", encoding="utf-8")
    monkeypatch.chdir(workdir)
    monkeypatch.delenv("TIDINGS_DB", raising=False)
    rows = _json("events", "--actor", "Hamas", "--format", "json")
    assert len(rows) == 4
    assert _json("review", "accept", rows[0]["event_id"], "--format", "json")[0]["action"] == "accept"
    result = CliRunner().invoke(app, ["export", "--format", "jsonl", "-o", str(workdir / "out")])
    assert result.exit_code == 0, result.output
    assert len((workdir / "out" / "events.jsonl").read_text().splitlines()) == 7
    assert not (workdir / "tidings.db").exists()


def test_a_query_of_a_missing_database_file_is_an_error_not_a_new_store(tmp_path):
    missing = tmp_path / "nothing-here.db"
    result = CliRunner().invoke(app, ["events", "--db", str(missing)])
    assert result.exit_code != 0
    assert "no database at" in str(result.exception) and not missing.exists()


def test_db_accepts_a_plain_path(db):
    path = db.removeprefix("sqlite:///")
    assert len(_json("events", "--db", path, "--format", "json")) == 7


def test_the_default_events_table_fits_80_columns_and_its_short_ids_work_for_review(db):
    result = CliRunner().invoke(app, ["events", "--db", db])
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert len(lines) > 5 and max(len(line) for line in lines) <= 80
    assert "next:" in result.stderr
    short = re.search(r"\bev-[0-9a-f]+", result.stdout).group()
    assert len(short) == 11
    decision = _json("review", "accept", short, "--db", db, "--format", "json")[0]
    assert decision["target_id"].startswith(short) and len(decision["target_id"]) > len(short)
    wide = CliRunner().invoke(app, ["events", "--db", db, "--wide"])
    assert decision["target_id"] in wide.stdout
