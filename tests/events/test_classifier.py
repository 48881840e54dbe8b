"""The shipped PLOVER type classifier: loads, ranks obvious sentences of our own, splits YIELD by cue."""

from __future__ import annotations

import json

import pytest

from tidings.errors import LexiconError, ModelNotFoundError
from tidings.events.classifier import (
    META_FILE,
    MODEL_FILE,
    PairInput,
    TypeClassifier,
    find_span,
    load_yield_cues,
    pair_views,
)
from tidings.records import EVENT_TYPES


@pytest.fixture(scope="module")
def classifier() -> TypeClassifier:
    loaded = TypeClassifier.load()
    if loaded is None:
        pytest.skip("no trained type classifier shipped")
    return loaded


OBVIOUS = [
    ("The rebels shelled the army base overnight, killing three soldiers.", "The rebels", "the army base", "ASSAULT"),
    ("The foreign minister condemned the neighbouring government for the attack.", "The foreign minister",
     "the neighbouring government", "ACCUSE"),
    ("The president threatened to bomb the rebel positions.", "The president", "the rebel positions", "THREATEN"),
    ("The ministers met with their Iranian counterparts in Vienna to discuss the deal.", "The ministers",
     "their Iranian counterparts", "CONSULT"),
    ("Police arrested the opposition leader at his home.", "Police", "the opposition leader", "COERCE"),
    ("Japan sent food and medicine to the flood victims.", "Japan", "the flood victims", "AID"),
    ("The army released fifty prisoners held by the militia.", "The army", "fifty prisoners", "RETREAT"),
    ("The government eased restrictions on the opposition party.", "The government", "the opposition party",
     "CONCEDE"),
]


@pytest.mark.parametrize(("sentence", "actor", "recipient", "expected"), OBVIOUS)
def test_obvious_sentences_rank_the_right_type_first(classifier, sentence, actor, recipient, expected):
    probs = classifier.predict_proba(sentence, actor=actor, recipient=recipient)
    assert max(probs, key=probs.get) == expected


def test_probabilities_cover_the_sixteen_plover_types(classifier):
    probs = classifier.predict_proba("Police arrested the opposition leader.", trigger="arrested")
    assert set(probs) == set(EVENT_TYPES)
    assert sum(probs.values()) == pytest.approx(1.0)
    assert "YIELD" not in probs


def test_yield_goes_wholly_to_concede_or_retreat_by_cue(classifier):
    retreat = classifier.predict_proba(OBVIOUS[6][0], actor=OBVIOUS[6][1], recipient=OBVIOUS[6][2])
    concede = classifier.predict_proba(OBVIOUS[7][0], actor=OBVIOUS[7][1], recipient=OBVIOUS[7][2])
    assert retreat["CONCEDE"] == 0.0
    assert concede["RETREAT"] == 0.0


def test_batch_gives_the_same_answer_as_one_by_one(classifier):
    items = [PairInput(s, actor=a, recipient=r) for s, a, r, _ in OBVIOUS]
    batch = classifier.predict_proba_many(items)
    single = [classifier.predict_proba(i.sentence, actor=i.actor, recipient=i.recipient) for i in items]
    for b, s in zip(batch, single, strict=True):
        assert b == pytest.approx(s)
    assert classifier.predict_proba_many([]) == []


def test_sentence_without_pair_still_gets_probabilities(classifier):
    probs = classifier.predict_proba("Nothing in particular happened.")
    assert sum(probs.values()) == pytest.approx(1.0)


def test_pair_views_mask_the_pair_and_keep_the_direction():
    sentence = "Hamas was attacked by Israel."
    views = pair_views(sentence, find_span(sentence, "Israel"), find_span(sentence, "hamas"))
    assert views["masked"] == " tgtx  was attacked by  srcx ."
    assert views["between"] == "rev  was attacked by "
    assert pair_views(sentence, None, None, trigger="attacked")["between"] == " attacked"
    assert find_span(sentence, "Fatah") is None


def test_missing_model_file_gives_none(tmp_path):
    assert TypeClassifier.load(tmp_path / "absent.joblib", tmp_path / "absent.json") is None


def test_scikit_learn_version_mismatch_is_a_clear_error(tmp_path):
    if not MODEL_FILE.is_file():
        pytest.skip("no trained type classifier shipped")
    meta = json.loads(META_FILE.read_text()) | {"sklearn_version": "0.1.0"}
    fake_meta = tmp_path / "meta.json"
    fake_meta.write_text(json.dumps(meta))
    with pytest.raises(ModelNotFoundError, match="0.1.0.*retrain"):
        TypeClassifier.load(MODEL_FILE, fake_meta)


def test_broken_yield_cue_file_is_a_clear_error(tmp_path):
    path = tmp_path / "cues.yaml"
    path.write_text("default: CONCEDE\nother: SANCTION\ncues: [withdr]\n")
    with pytest.raises(LexiconError, match="CONCEDE and RETREAT"):
        load_yield_cues(path)
    path.write_text("default: CONCEDE\n")
    with pytest.raises(LexiconError, match="broken"):
        load_yield_cues(path)


def test_corrupt_model_file_is_a_clear_error(tmp_path):
    if not META_FILE.is_file():
        pytest.skip("no trained type classifier shipped")
    broken = tmp_path / "broken.joblib"
    broken.write_bytes(b"not a model")
    with pytest.raises(ModelNotFoundError, match="cannot be loaded"):
        TypeClassifier.load(broken, META_FILE)
