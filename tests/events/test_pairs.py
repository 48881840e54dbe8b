"""The pair ranker: compact candidate spans with exact offsets, the shipped model, obvious pairs ranked first."""

from __future__ import annotations

import json
import shutil

import pytest

from tidings.errors import ModelNotFoundError
from tidings.events.pair_features import (
    MAX_SPAN_TOKENS,
    FeatureColumns,
    SentenceFeatures,
    argument_spans,
    candidate_pairs,
)
from tidings.events.pairs import PAIR_META_FILE, PAIR_MODEL_FILE, PairRanker
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


# Several sentences with passives, appositions, coordination and many names, so that most feature groups fire.
FEATURE_TEXT = (
    "The Egyptian army, which was attacked by militants in the Sinai last week, said it had arrested "
    "three Hamas members and two Bedouin smugglers near Rafah. "
    "Israel and Jordan signed a water agreement with the United Nations on Monday. "
    "Protesters were dispersed by police in Cairo, while the foreign minister of France criticised Iran."
)


def test_feature_rows_are_what_the_trained_vectorizer_gives(parse, coder):
    # The ranker builds its input matrix itself (per-span parts once, column-major): it must hold exactly the
    # numbers the vectorizer it was trained with would give for the same feature dicts.
    import joblib
    import numpy as np

    if not PAIR_MODEL_FILE.is_file():
        pytest.skip("no trained pair ranker shipped")
    vectorizer = joblib.load(PAIR_MODEL_FILE).steps[0][1]
    doc, actors = parse(FEATURE_TEXT)
    groups, dicts = [], []
    for sent in doc.sents:
        spans = argument_spans(sent, actors, list(doc.noun_chunks))
        features = SentenceFeatures(sent, spans, coder.lexicon)
        pairs = candidate_pairs(spans)
        groups.append((features, pairs))
        dicts += [features.features(a, b) for a, b in pairs]
    assert len(dicts) > 50
    ours = FeatureColumns(vectorizer.vocabulary_).matrix(groups)
    assert ours.shape == (len(dicts), len(vectorizer.vocabulary_))
    assert np.array_equal(ours, vectorizer.transform(dicts))
    assert np.count_nonzero(ours) > 20 * len(dicts)  # the rows are filled, not empty alike


def test_ranking_many_sentences_at_once_gives_each_its_own_ranking(parse, ranker, coder):
    doc, actors = parse(FEATURE_TEXT)
    sents = list(doc.sents)
    together = ranker.rank_many([(sent, actors) for sent in sents], coder.lexicon)
    for sent, ranked in zip(sents, together, strict=True):
        alone = ranker.rank(sent, actors, coder.lexicon)
        assert [(p.a.entity.text, p.b.entity.text) for p in ranked] == [(p.a.entity.text, p.b.entity.text)
                                                                        for p in alone]
        assert [p.score for p in ranked] == pytest.approx([p.score for p in alone])
        assert all(sent.start_char <= p.a.entity.start < sent.end_char for p in ranked)


def test_fallback_events_need_a_doer_that_can_act(code_text):
    # "The raid came a week after ...": the ranker may like (raid, El-Arish), but a raid is no party.
    events = code_text("The raid came a week after gunmen attacked a police checkpoint near El-Arish, killing "
                       "three conscripts.")
    assert events
    assert not any("raid" in a.text.lower() for e in events for a in e.actor)
    assert any(a.text == "gunmen" for e in events for a in e.actor)


def test_the_speaker_of_a_quote_is_no_recipient_of_a_fallback_event(code_text):
    events = code_text("\u201cThe army attacked the town,\u201d said Ali.")
    assert any(e.event_type == "ASSAULT" and e.attribution and e.attribution.speaker for e in events)
    assert not any(r.text == "Ali" for e in events for r in e.recipient)
