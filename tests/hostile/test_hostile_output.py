"""Safe output: article text never acts as Rich markup or terminal escapes, CSV cells never run as formulas,
exports only carry http(s) URLs and never replace a device, FIFO or folder."""

from __future__ import annotations

import csv
import io
import json
import os
import stat
from pathlib import Path

import pytest
from corpus import FORMULA_OUTLET, FORMULA_TITLE, MARKUP_TITLE
from typer.testing import CliRunner

from tidings.cli import app


def _run(*args: str):
    result = CliRunner().invoke(app, list(args))
    return result


@pytest.mark.timeout(120)
@pytest.mark.parametrize("command", [["docs"], ["doc", "1"], ["doc", "1", "--text"],
                                     ["events", "--min-confidence", "0"]])
def test_hostile_titles_print_as_plain_text(hostile_db, command):
    result = _run(*command, "--db", hostile_db)
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output and "\x07" not in result.output
    if command[0].startswith("doc"):
        assert "[/bold]" in result.output  # shown as the text it is, not eaten as markup


@pytest.mark.timeout(120)
def test_json_output_escapes_every_control_character(hostile_db):
    result = _run("doc", "1", "--db", hostile_db, "--format", "json")
    assert result.exit_code == 0, result.output
    assert "\x1b" not in result.output and "\x9b" not in result.output
    assert json.loads(result.output)["title"] == MARKUP_TITLE


@pytest.mark.timeout(120)
def test_ingest_summary_survives_a_markup_file_name(tmp_path, db_url):
    (tmp_path / "[").mkdir()
    article = tmp_path / "[" / "bold][link=x]evil.txt"  # the path reads ".../[/bold][link=x]evil.txt"
    article.write_text("The minister resigned on Friday after the vote in parliament.\n" * 3, encoding="utf-8")
    result = _run("ingest", str(article), "--db", db_url, "--no-extract")
    assert result.exit_code == 0, result.output
    assert "stored: 1," in result.output  # the summary printed in full, after the commit


def _csv_rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.timeout(120)
def test_csv_output_neutralises_formulas_unless_raw(hostile_db):
    plain = _run("docs", "--db", hostile_db, "--format", "csv")
    raw = _run("--csv-raw", "docs", "--db", hostile_db, "--format", "csv")
    assert plain.exit_code == 0 and raw.exit_code == 0, plain.output + raw.output
    titles = {r["id"]: r["title"] for r in _csv_rows(plain.output)}
    assert titles["2"] == "'" + FORMULA_TITLE
    assert {r["id"]: r["title"] for r in _csv_rows(raw.output)}["2"] == FORMULA_TITLE


@pytest.mark.timeout(120)
def test_csv_export_neutralises_formulas_unless_raw(hostile_db, tmp_path):
    for folder, extra, expected in ((tmp_path / "safe", [], "'" + FORMULA_OUTLET),
                                    (tmp_path / "raw", ["--csv-raw"], FORMULA_OUTLET)):
        result = _run("export", "--format", "csv", "-o", str(folder), "--db", hostile_db, "--min-confidence", "0",
                      *extra)
        assert result.exit_code == 0, result.output
        outlets = {r["outlet"] for r in _csv_rows((folder / "events.csv").read_text(encoding="utf-8"))}
        assert expected in outlets


@pytest.mark.timeout(120)
def test_stix_export_keeps_only_web_urls(hostile_db, tmp_path):
    out = tmp_path / "bundle.json"
    result = _run("export", "--format", "stix", "-o", str(out), "--db", hostile_db, "--min-confidence", "0")
    assert result.exit_code == 0, result.output
    bundle = json.loads(out.read_text(encoding="utf-8"))
    refs = [ref for obj in bundle["objects"] if obj["type"] == "report" for ref in obj["external_references"]]
    assert len(refs) == 2
    assert not any("url" in ref for ref in refs)
    assert "javascript:" not in out.read_text(encoding="utf-8")


@pytest.mark.timeout(120)
def test_export_writes_through_a_symlink(hostile_db, tmp_path):
    real = tmp_path / "real.graphml"
    real.write_text("old", encoding="utf-8")
    link = tmp_path / "link.graphml"
    link.symlink_to(real)
    result = _run("export", "--format", "graphml", "-o", str(link), "--db", hostile_db, "--min-confidence", "0")
    assert result.exit_code == 0, result.output
    assert link.is_symlink() and os.readlink(link) == str(real)
    assert "<graphml" in real.read_text(encoding="utf-8")


def _private_null_device(folder: Path) -> Path:
    """A character device (like /dev/null) of the test's own: should the refusal regress, no system device is
    replaced by a file. Without the right to make device nodes, /dev/null itself (which we then cannot replace)."""
    node = folder / "null"
    try:
        os.mknod(node, 0o666 | stat.S_IFCHR, os.makedev(1, 3))
    except PermissionError:
        return Path("/dev/null")
    return node


@pytest.mark.timeout(60)
@pytest.mark.parametrize("kind", ["device", "fifo", "folder"])
def test_export_refuses_to_replace_what_is_not_a_regular_file(hostile_db, tmp_path, kind):
    if kind == "device":
        target = _private_null_device(tmp_path)
    elif kind == "fifo":
        target = tmp_path / "pipe"
        os.mkfifo(target)
    else:
        target = tmp_path / "folder"
        target.mkdir()
    before = os.stat(target).st_mode
    result = _run("export", "--format", "stix", "-o", str(target), "--db", hostile_db)
    assert result.exit_code == 1
    assert "refusing to write" in str(result.exception)  # the library's ExportError; main() prints it
    assert os.stat(target).st_mode == before and not stat.S_ISREG(before)
