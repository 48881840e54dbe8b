"""The KB loader: shipped files load, user files override and add, broken files name file, line and problem."""

from __future__ import annotations

from pathlib import Path

import pytest

from tidings.actors.kb import DATA_DIR, load_kb, read_kb_file
from tidings.errors import KnowledgeBaseError


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_shipped_kb_loads_with_sector_words():
    if not list(DATA_DIR.glob("*.yaml")):
        pytest.skip("no KB data files yet")
    kb = load_kb()
    assert len(kb) > 0
    assert kb.sector_of("warplanes") == "MIL"
    assert load_kb() is kb  # built once per process


def test_lookup_respects_acronym_case():
    kb = load_kb()
    if kb.get("islamic-state") is None:
        pytest.skip("Islamic State not in the shipped KB yet")
    assert [e.id for e in kb.lookup("IS")] == ["islamic-state"]
    assert kb.lookup("is") == []
    assert "EGY" in [e.id for e in kb.lookup("egyptian")]


def test_user_file_overrides_fields_and_adds_entries(tmp_path):
    user = _write(tmp_path, "mine.yaml", """# analyst additions
- id: hamas
  name: Hamas
  kind: armed_group
  aliases: [Harakat Hamas]
- id: new-front
  name: New Liberation Front
  kind: armed_group
  country: EGY
  aliases: [NLF]
""")
    kb = load_kb([user])
    hamas = kb.get("hamas")
    assert hamas.aliases == ["Harakat Hamas"]
    shipped = load_kb().get("hamas")
    if shipped is not None:
        assert hamas.country == shipped.country  # fields the user did not state stay as shipped
    assert [e.id for e in kb.lookup("NLF")] == ["new-front"]
    assert load_kb().get("new-front") is None


@pytest.mark.parametrize(
    ("text", "line", "problem"),
    [
        ("- id: ok\n  name: Ok\n  kind: group\n- id: bad\n  name: Bad\n  kind: alien\n", 6, "kind"),
        ("- id: ok\n  name: Ok\n  kind: group\n  country: Egypt\n", 4, "country"),
        ("- id: x\n  name: [unclosed\n", 3, "invalid YAML"),
        ("- id: a\n  name: A\n  kind: group\n- id: a\n  name: A2\n  kind: group\n", 4, "duplicate id"),
        ("id: x\nname: X\n", 1, "list"),
        ("- id: Bad Id\n  name: X\n  kind: group\n", 1, "id"),
        ("- gender: neuter\n  first_names: [Alex]\n", 1, "gender"),
        ("- kind: company\n  cues: []\n", 2, "cues"),
    ],
)
def test_broken_user_file_names_file_line_and_problem(tmp_path, text, line, problem):
    path = _write(tmp_path, "broken.yaml", text)
    with pytest.raises(KnowledgeBaseError) as info:
        read_kb_file(path)
    message = str(info.value)
    assert str(path) in message and f"line {line}:" in message and problem in message


def test_missing_user_file_is_an_error(tmp_path):
    with pytest.raises(KnowledgeBaseError, match="not found"):
        load_kb([tmp_path / "absent.yaml"])


def test_user_file_adds_name_words(tmp_path):
    user = _write(tmp_path, "words.yaml", """# analyst additions
- gender: female
  first_names: [Zorya]
- kind: company
  sector: BUS
  cues: [Kombinat]
- common_words: [Velvet]
""")
    kb = load_kb([user])
    assert kb.gender_of_name("Zorya") == "female" and kb.gender_of_name("Ms.") == "female"
    assert kb.cue_of(["Ural", "Kombinat"]) == ("company", "BUS")
    assert kb.is_risky("Velvet") and not load_kb().is_risky("Velvet")
