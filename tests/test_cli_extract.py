"""``tidings extract``: one schema-valid JSON line per document, JSONL ids kept, events with exact evidence."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema


def _extract(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        [str(Path(sys.executable).parent / "tidings"), "extract", *args], capture_output=True, text=True, timeout=600,
    )


def test_extract_jsonl_input_is_schema_valid(tmp_path, event_schema):
    source = tmp_path / "news.jsonl"
    rows = [
        {"id": "a1", "text": "Jordanian police arrested two smugglers near the Syrian border on Monday."},
        {"id": "a2", "text": "Turkey and Qatar signed a defence agreement in Doha.", "published": "2021-03-02"},
    ]
    source.write_text("\n".join(json.dumps(r) for r in rows) + "\n", encoding="utf-8")
    result = _extract(str(source), "--format", "jsonl")
    assert result.returncode == 0, result.stderr
    lines = [json.loads(line) for line in result.stdout.splitlines()]
    assert [line["doc_id"] for line in lines] == ["a1", "a2"]
    for line in lines:
        jsonschema.validate(line, event_schema)
        for event in line["events"]:
            info = event["text_info"]
            assert line["text"][info["start"]:info["end"]] == info["text"]
    assert any(e["event_type"] == "COERCE" for e in lines[0]["events"])


def test_extract_text_file_pretty(tmp_path, event_schema):
    source = tmp_path / "story.txt"
    source.write_text("Rebels launched rocket attacks on the airport in Aden.\n", encoding="utf-8")
    result = _extract(str(source), "--format", "pretty", "--published", "2020-05-01")
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, event_schema)
    assert data["published"] == "2020-05-01"
    assert "1 documents" in result.stderr


def test_extract_missing_file_fails_cleanly(tmp_path):
    result = _extract(str(tmp_path / "nope.txt"))
    assert result.returncode != 0
    assert "Traceback" not in result.stderr
