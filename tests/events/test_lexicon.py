"""The trigger lexicon: it loads, covers every PLOVER category, and a broken file names file and entry."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tidings.errors import LexiconError
from tidings.events.lexicon import LEXICON_DIR, load_lexicon
from tidings.records import EVENT_TYPES


def test_lexicon_covers_every_category_with_many_words():
    lexicon = load_lexicon()
    for event_type in EVENT_TYPES:
        words = [w for e in lexicon.entries if e.type == event_type for w in e.verbs + e.nouns]
        assert len(words) >= 5, f"{event_type} has only {words}"


def test_phrasal_verbs_and_noun_phrases_are_indexed():
    lexicon = load_lexicon()
    assert lexicon.phrasal_verbs[("crack", "down")].type == "COERCE"
    assert lexicon.noun_phrases[("hunger", "strike")].type == "PROTEST"


def _copy(tmp_path: Path) -> Path:
    target = tmp_path / "lexicon"
    shutil.copytree(LEXICON_DIR, target)
    return target


def test_unknown_category_names_file_and_entry(tmp_path):
    directory = _copy(tmp_path)
    path = directory / "triggers.yaml"
    path.write_text(path.read_text().replace("type: PROTEST", "type: PROTESTS", 1))
    with pytest.raises(LexiconError, match=r"triggers\.yaml: entry 'protest'"):
        load_lexicon(directory)


def test_word_listed_twice_is_refused(tmp_path):
    directory = _copy(tmp_path)
    path = directory / "triggers.yaml"
    path.write_text(path.read_text().replace("verbs: [protest,", "verbs: [attack, protest,", 1))
    with pytest.raises(LexiconError, match="'attack' is already listed under entry"):
        load_lexicon(directory)


def test_broken_yaml_is_a_lexicon_error(tmp_path):
    directory = _copy(tmp_path)
    (directory / "cues.yaml").write_text("modality: [unclosed\n")
    with pytest.raises(LexiconError, match="cues.yaml"):
        load_lexicon(directory)
