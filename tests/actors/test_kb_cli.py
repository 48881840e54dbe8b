"""``tidings kb check`` and ``tidings kb add``: risky aliases listed, the shipped KB clean, entries validated."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from tidings.actors.check import risky_aliases
from tidings.actors.kb import load_kb, read_kb_file

TIDINGS = str(Path(sys.executable).parent / "tidings")


def _kb(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([TIDINGS, "kb", *args], capture_output=True, text=True, timeout=300)


def test_shipped_kb_passes_the_check_with_documented_exceptions():
    found = risky_aliases(load_kb())
    assert {"Chad", "Jordan", "Paris"} <= {r.alias for r in found}
    assert all(r.accepted for r in found), [r.row() for r in found if not r.accepted]
    proc = _kb("check")
    assert proc.returncode == 0, proc.stdout + proc.stderr


def test_check_flags_a_user_file_with_risky_aliases(tmp_path):
    mine = tmp_path / "mine.yaml"
    mine.write_text("- id: jordan-club\n  name: Jordan Club\n  kind: group\n  aliases: [Hope, Georgetown Lions]\n"
                    "- id: lions-fc\n  name: Lions FC\n  kind: group\n  aliases: [Georgetown Lions]\n",
                    encoding="utf-8")
    rows = {r.alias: r for r in risky_aliases(load_kb([mine]))}
    assert "ordinary word" in rows["Hope"].why and not rows["Hope"].accepted
    assert "shared" in rows["Georgetown Lions"].why
    proc = _kb("check", "--kb", str(mine), "--format", "csv")
    assert proc.returncode == 1 and "Hope" in proc.stdout


def test_add_appends_a_valid_entry_and_refuses_bad_ones(tmp_path):
    mine = tmp_path / "mine.yaml"
    ok = _kb("add", str(mine), "--id", "zvd", "--name", "Zarqa Valley Defenders", "--kind", "armed_group",
             "--country", "JOR", "--alias", "ZVD", "--descriptor", "militia")
    assert ok.returncode == 0, ok.stderr
    entries = read_kb_file(mine).entries
    assert [(e.id, e.aliases, e.country) for e in entries] == [("zvd", ["ZVD"], "JOR")]
    refused = [
        ("--id", "zvd", "--name", "Other Name", "--kind", "group"),          # id already in the file
        ("--id", "x1", "--name", "X One", "--kind", "spaceship"),            # no such kind
        ("--id", "x2", "--name", "X Two", "--kind", "group", "--parent", "nope"),  # unknown parent
        ("--id", "x3", "--name", "Chad", "--kind", "group"),                 # names the state of Chad already
        ("--id", "x4", "--name", "Hope", "--kind", "group"),                 # an ordinary word
    ]
    for args in refused:
        proc = _kb("add", str(mine), *args)
        assert proc.returncode == 1 and "Traceback" not in proc.stderr, (args, proc.stderr)
    assert [e.id for e in read_kb_file(mine).entries] == ["zvd"]
