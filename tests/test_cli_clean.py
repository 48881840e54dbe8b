"""``tidings clean`` through the real CLI: JSON out, stdin, several documents, overrides, failures."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from typer.testing import CliRunner

from tidings.cli import app

FIELDS = {"title", "author", "outlet", "published", "published_source", "url", "language", "text", "warnings"}
PARAGRAPH = (
    "Security forces said on Tuesday that gunmen had attacked a police checkpoint near the border crossing, "
    "killing three officers and wounding at least five others, according to a statement."
)


def test_clean_seed_prints_one_json_object(seed_path: Path, gold: dict):
    result = CliRunner().invoke(app, ["clean", str(seed_path)])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert set(data) == FIELDS
    assert data["title"] == gold["article"]["title"]
    assert (data["author"], data["outlet"]) == (gold["article"]["byline"], "JNS.org")
    assert (data["published"], data["published_source"]) == ("2024-07-17", "page")
    assert data["warnings"] and "untrusted" in data["warnings"][0]
    for line in gold["article"]["boilerplate"]:
        assert line not in data["text"]


def test_clean_published_override(seed_path: Path):
    result = CliRunner().invoke(app, ["clean", str(seed_path), "--published", "2016-01-20"])
    data = json.loads(result.stdout)
    assert (data["published"], data["published_source"]) == ("2016-01-20", "input")


def test_clean_reads_stdin_through_the_console_script():
    text = f"Skip to content\n\nBorder Checkpoint Attacked\n\n{PARAGRAPH}\n\nBy Amina Farouk\n"
    result = subprocess.run(
        [sys.executable, "-c", "from tidings.cli import main; main()", "clean", "-"],
        input=text.encode("utf-8"), capture_output=True, timeout=120, check=False,
    )
    assert result.returncode == 0, result.stderr.decode()
    data = json.loads(result.stdout)
    assert data["text"] == PARAGRAPH
    assert (data["title"], data["author"]) == ("Border Checkpoint Attacked", "Amina Farouk")


def test_clean_several_documents_prints_one_object_per_line(tmp_path: Path):
    lines = [
        json.dumps({"id": "a", "text": PARAGRAPH, "published": "2025-03-04"}),
        "{broken",
        json.dumps({"id": "b", "text": PARAGRAPH.replace("three", "four")}),
    ]
    path = tmp_path / "batch.jsonl"
    path.write_text("\n".join(lines), encoding="utf-8")
    result = CliRunner().invoke(app, ["clean", str(path)])
    assert result.exit_code == 0
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["text"] for r in rows] == [PARAGRAPH, PARAGRAPH.replace("three", "four")]
    assert rows[0]["published_source"] == "input"
    assert "line 2: invalid JSON" in result.stderr


def test_clean_exits_non_zero_when_nothing_could_be_cleaned(tmp_path: Path):
    empty = tmp_path / "empty.txt"
    empty.write_bytes(b"")
    result = CliRunner().invoke(app, ["clean", str(empty), str(tmp_path / "missing.txt")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "empty document" in result.stderr and "missing path" in result.stderr


def test_clean_refuses_an_unreadable_published_date(seed_path: Path):
    result = CliRunner().invoke(app, ["clean", str(seed_path), "--published", "last spring"])
    assert result.exit_code == 2
    assert "cannot read 'last spring' as a date" in result.output
