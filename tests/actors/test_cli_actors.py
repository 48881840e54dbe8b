"""``tidings actors SOURCE``: JSON is the extraction's actors array; --kb adds actors; broken KB fails cleanly."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

TIDINGS = str(Path(sys.executable).parent / "tidings")


def _run(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TIDINGS, "actors", *args], capture_output=True, text=True, timeout=600)


def test_json_is_the_schema_actors_array(seed_path, event_schema):
    jsonschema = pytest.importorskip("jsonschema")
    proc = _run(str(seed_path), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    actors = json.loads(proc.stdout)
    ids = [a["actor_id"] for a in actors]
    assert {"hamas", "EGY", "ISR", "person:neri-zilber"} <= set(ids) and len(ids) == len(set(ids))
    schema = {"$defs": event_schema["$defs"], "type": "array", "items": {"$ref": "#/$defs/actor"}}
    jsonschema.validate(actors, schema)
    assert not [a for a in actors if "Bronx" in a["name"] or "Westchester" in a["name"]]


def test_user_kb_adds_an_actor_and_table_output(tmp_path):
    article = tmp_path / "story.txt"
    article.write_text("Zarqa Valley Defenders\n\nThe Zarqa Valley Defenders attacked a checkpoint, "
                       "and the militia later said it had withdrawn.\n", encoding="utf-8")
    kb = tmp_path / "mine.yaml"
    kb.write_text("- id: zvd\n  name: Zarqa Valley Defenders\n  kind: armed_group\n  country: JOR\n"
                  "  descriptors: [militia]\n", encoding="utf-8")
    proc = _run(str(article), "--kb", str(kb), "--format", "json")
    assert proc.returncode == 0, proc.stderr
    zvd = [a for a in json.loads(proc.stdout) if a["actor_id"] == "zvd"]
    assert zvd and zvd[0]["in_kb"] and zvd[0]["country"] == "JOR"
    assert {"Zarqa Valley Defenders", "the militia", "it"} <= {m["text"] for m in zvd[0]["mentions"]}
    table = _run(str(article), "--kb", str(kb))
    assert table.returncode == 0 and "zvd" in table.stdout


def test_broken_user_kb_names_file_and_line(tmp_path, seed_path):
    kb = tmp_path / "broken.yaml"
    kb.write_text("- id: ok\n  name: Ok\n  kind: group\n- id: bad\n  name: Bad\n  kind: spaceship\n", encoding="utf-8")
    proc = _run(str(seed_path), "--kb", str(kb))
    assert proc.returncode == 1
    message = "".join(proc.stderr.split())  # the console wraps long lines
    assert "broken.yaml,line6" in message and "kind" in message
    assert "Traceback" not in proc.stderr
