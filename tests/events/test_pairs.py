"""The pair ranker: compact candidate spans with exact offsets, the shipped model, obvious pairs ranked first."""

from __future__ import annotations

import json
import shutil

import pytest

from tidings.errors import ModelNotFoundError
from tidings.events.pairs import (
    MAX_SPAN_TOKENS,
    PAIR_META_FILE,
    PAIR_MODEL_FILE,
    PairRanker,
    argument_spans,
    candidate_pairs,
)
from tidings.records import ActorIndex

OBVIOUS = "Rebels kidnapped two aid workers in the north."


@pytest.fixture(scope="module")
def ranker() -> PairRanker:
    loaded = PairRanker.load()
    if loaded is None:
        pytest.skip("no trained pair ranker shipped")
    return loaded


@pytest.fixture(scope="module")
def parse(nlp, resolver):
    from tidings.nlp import parse_texts

    def run(text: str):
        doc = next(parse_texts(nlp, [text]))
        return doc, ActorIndex(resolver.resolve(doc))

    return run


def test_candidate_spans_are_compact_with_exact_offsets(parse):
    text = ("The foreign minister of France, who arrived in Kabul on Monday after a long delay caused by storms, "
            "met the leaders of three opposition parties.")
    doc, actors = parse(text)
    spans = [s for sent in doc.sents for s in argument_spans(sent, actors)]
    assert spans
    for arg in spans:
        assert len(arg.span) <= MAX_SPAN_TOKENS
        assert text[arg.entity.start:arg.entity.end] == arg.entity.text
        assert "who arrived" not in arg.entity.text  # a head's noun chunk, never its whole subtree
    texts = [a.entity.text.lower() for a in spans]
    assert any("foreign minister" in t for t in texts)
    assert any("leaders" in t for t in texts)


def test_no_pair_joins_a_span_with_a_name_inside_it(parse):
    doc, actors = parse("Germany's chancellor criticised the decision of the court.")
    sent = next(iter(doc.sents))
    for a, b in candidate_pairs(argument_spans(sent, actors)):
        assert a.span.end <= b.span.start or b.span.end <= a.span.start


def test_shipped_model_loads_with_its_metadata(ranker):
    import sklearn

    assert ranker.meta["sklearn_version"] == sklearn.__version__
    assert ranker.meta["cross_validation"]["grouped_by"] == "sentence"


def test_version_mismatch_is_a_clear_error(tmp_path):
    if not PAIR_MODEL_FILE.is_file():
        pytest.skip("no trained pair ranker shipped")
    model = tmp_path / "pair_ranker.joblib"
    shutil.copy(PAIR_MODEL_FILE, model)
    meta = json.loads(PAIR_META_FILE.read_text(encoding="utf-8"))
    meta["sklearn_version"] = "0.0.1"
    (tmp_path / "pair_ranker.json").write_text(json.dumps(meta), encoding="utf-8")
    with pytest.raises(ModelNotFoundError, match="retrain"):
        PairRanker.load(model, tmp_path / "pair_ranker.json")


def test_missing_model_gives_none(tmp_path):
    assert PairRanker.load(tmp_path / "none.joblib", tmp_path / "none.json") is None


def test_obvious_sentence_ranks_subject_to_object_first(parse, ranker, coder):
    doc, actors = parse(OBVIOUS)
    ranked = ranker.rank(next(iter(doc.sents)), actors, coder.lexicon)
    best = ranked[0]
    assert best.a.entity.text == "Rebels"
    assert best.b.entity.text.endswith("aid workers")
    assert best.score > ranked[1].score


def test_obvious_sentence_gives_an_event_with_that_pair(code_text):
    events = code_text(OBVIOUS)
    assert any(
        any(a.text == "Rebels" for a in e.actor) and any("aid workers" in r.text for r in e.recipient)
        for e in events
    )


def test_fallback_event_names_the_ranked_pair_when_no_trigger_word_matches(code_text):
    # "leak" is no trigger word: the only event is the ranker's pair, typed by the classifier.
    events = code_text("Hackers leaked the emails of the ruling party.")
    fallback = [e for e in events if e.rule.startswith("pair-ranker")]
    assert len(fallback) == 1
    event = fallback[0]
    assert [a.text for a in event.actor] == ["Hackers"]
    assert any("ruling party" in r.text for r in event.recipient)
    assert 0.0 < event.confidence < 1.0
    text = "Hackers leaked the emails of the ruling party."
    for entity in event.actor + event.recipient:
        assert text[entity.start:entity.end] == entity.text
