"""EVALUATION.md §1 rules, one test each, on small hand-made extractions with known answers."""

from __future__ import annotations

import pytest

from tidings.errors import EvaluationError
from tidings.evaluate.seed import entity_satisfies, normalise_cue, score_seed

GOLD = {
    "actors": {
        "hamas": {"name": "Hamas", "accept": "hamas|qassam"},
        "is-sinai": {"name": "Islamic State", "accept": "islamic state|\\bis\\b"},
        "egypt": {"name": "Egypt", "accept": "egypt"},
        "zilber": {"name": "Neri Zilber", "accept": "zilber"},
        "*": {"name": "any", "accept": ".*"},
    },
    "must_find_actors": ["hamas", "egypt"],
    "must_not_be_actors": ["Close this search box"],
    "events": [],
}


def _gold(*events: dict) -> dict:
    return {**GOLD, "events": list(events)}


def _entity(text: str, name: str | None = None) -> dict:
    return {"text": text, "start": 0, "end": len(text), "actor_id": None, "name": name, "kind": "unknown"}


def _doc(*items: tuple[str, dict]) -> dict:
    """An extraction whose text is the given sentences and whose events point at them exactly."""
    text, events = "", []
    for number, (sentence, fields) in enumerate(items):
        start = len(text)
        text += sentence + " "
        event = {"id": f"ev{number}", "event_type": "ASSAULT", "actor": [], "recipient": [],
                 "modality": "asserted", "confidence": 0.5, "rule": "test",
                 "text_info": {"sentence": number, "start": start, "end": start + len(sentence), "text": sentence}}
        event.update(fields)
        events.append(event)
    return {"doc_id": "d", "text": text, "actors": [], "events": events}


def _core(gid: str, cue: str, types: list[str], **fields) -> dict:
    return {"id": gid, "core": True, "cue": cue, "types": types, **fields}


SENTENCE = "Egypt bombed Hamas positions on Monday."


def test_actor_accept_is_searched_case_insensitively_in_name_or_text():
    assert entity_satisfies(_entity("the HAMAS movement"), "hamas", GOLD)
    assert entity_satisfies(_entity("the movement", name="Hamas"), "hamas", GOLD)
    assert not entity_satisfies(_entity("the movement", name="Fatah"), "hamas", GOLD)


def test_names_and_texts_over_eight_words_satisfy_nothing():
    clause = "Hamas which has ruled the Gaza Strip since the year 2007"
    assert not entity_satisfies(_entity(clause), "hamas", GOLD)
    assert entity_satisfies(_entity(clause, name="Hamas"), "hamas", GOLD)
    eight = "Hamas which has ruled the Gaza Strip since"
    assert entity_satisfies(_entity(eight), "hamas", GOLD)


def test_star_is_satisfied_by_an_empty_actor_list():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["hamas"]))
    doc = _doc((SENTENCE, {"recipient": [_entity("Hamas")]}))
    assert score_seed(doc, gold).recall == 1.0


def test_named_gold_actor_is_not_satisfied_by_an_empty_list():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["egypt"], recipient=["hamas"]))
    doc = _doc((SENTENCE, {"recipient": [_entity("Hamas")]}))
    assert score_seed(doc, gold).recall == 0.0


def test_cue_matches_after_normalising_curly_quotes_and_whitespace():
    assert normalise_cue("targeted Hamas\u2019s \n parent  group") == "targeted Hamas's parent group"
    gold = _gold(_core("E1", "targeted Hamas\u2019s parent group", ["COERCE"], actor=["egypt"], recipient=["*"]))
    doc = _doc(("Egypt targeted Hamas's  parent group.", {"event_type": "COERCE", "actor": [_entity("Egypt")]}))
    assert score_seed(doc, gold).recall == 1.0


def test_cue_outside_the_evidence_sentence_does_not_match():
    gold = _gold(_core("E1", "bombed Hamas positions on Tuesday", ["ASSAULT"], actor=["*"], recipient=["*"]))
    assert score_seed(_doc((SENTENCE, {})), gold).recall == 0.0


def test_event_type_must_be_one_of_the_gold_types():
    gold = _gold(_core("E1", "bombed Hamas", ["COERCE", "SANCTION"], actor=["*"], recipient=["*"]))
    assert score_seed(_doc((SENTENCE, {"event_type": "ASSAULT"})), gold).recall == 0.0
    assert score_seed(_doc((SENTENCE, {"event_type": "SANCTION"})), gold).recall == 1.0


def test_symmetric_parties_are_order_free_over_actor_and_recipient():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], symmetric=True, parties=["egypt", "hamas"]))
    swapped = _doc((SENTENCE, {"actor": [_entity("Hamas")], "recipient": [_entity("Egypt")]}))
    both_actors = _doc((SENTENCE, {"actor": [_entity("Hamas"), _entity("Egypt")]}))
    one_only = _doc((SENTENCE, {"actor": [_entity("Hamas")]}))
    assert score_seed(swapped, gold).recall == 1.0
    assert score_seed(both_actors, gold).recall == 1.0
    assert score_seed(one_only, gold).recall == 0.0


def test_directed_events_check_actor_and_recipient_separately():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["egypt"], recipient=["hamas"]))
    right = _doc((SENTENCE, {"actor": [_entity("Egypt")], "recipient": [_entity("Hamas")]}))
    reversed_ = _doc((SENTENCE, {"actor": [_entity("Hamas")], "recipient": [_entity("Egypt")]}))
    assert score_seed(right, gold).recall == 1.0
    assert score_seed(reversed_, gold).recall == 0.0


def test_matching_is_one_to_one_and_duplicates_cost_precision():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"]))
    doc = _doc((SENTENCE, {}), (SENTENCE, {}))
    score = score_seed(doc, gold)
    assert score.recall == 1.0
    assert score.precision == 0.5
    assert score.matches == {"E1": "ev0"}
    assert score.unmatched_predicted == ["ev1"]


def test_core_events_are_matched_before_optional_ones():
    optional = {"id": "O1", "core": False, "cue": "bombed", "types": ["ASSAULT"], "actor": ["*"], "recipient": ["*"]}
    core = _core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"])
    score = score_seed(_doc((SENTENCE, {})), _gold(optional, core))
    assert score.matches == {"E1": "ev0"}
    assert score.matched_optional == []


def test_precision_counts_events_matching_optional_gold_events():
    optional = {"id": "O1", "core": False, "cue": "on Monday", "types": ["ASSAULT"], "actor": ["*"], "recipient": ["*"]}
    core = _core("E1", "never said", ["ASSAULT"], actor=["*"], recipient=["*"])
    score = score_seed(_doc((SENTENCE, {}), ("Something else.", {})), _gold(core, optional))
    assert score.recall == 0.0
    assert score.precision == 0.5
    assert score.matched_optional == ["O1"]
    assert score.missed_core == ["E1"]


def test_gold_reported_modality_accepts_hedged_but_not_asserted():
    gold = _gold(
        _core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"], modality="reported"),
        _core("E2", "shelled Gaza", ["ASSAULT"], actor=["*"], recipient=["*"], modality="reported"),
        _core("E3", "raided Rafah", ["ASSAULT"], actor=["*"], recipient=["*"], modality="hedged"),
    )
    doc = _doc((SENTENCE, {"modality": "hedged"}), ("Israel shelled Gaza.", {"modality": "asserted"}),
               ("Egypt raided Rafah.", {"modality": "reported"}))
    modality = score_seed(doc, gold).attributes["modality"]
    assert (modality.correct, modality.total) == (1, 3)
    assert modality.wrong == ["E2", "E3"]


def test_speaker_date_location_and_quantity_attributes():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"], speaker="zilber",
                       date_text="On Monday", location="gaza", quantity=1110))
    good = {"attribution": {"speaker": _entity("he", name="Neri Zilber"), "cue": "said", "unnamed": False},
            "date": {"text": "on Monday"}, "location": {"text": "the Strip", "name": "Gaza Strip"},
            "quantities": [{"text": "5", "value": 5}, {"text": "1,110 homes", "value": 1110.0}]}
    bad = {"attribution": {"speaker": None, "cue": "reportedly", "unnamed": True},
           "date": {"text": "Monday"}, "location": {"text": "Sinai", "name": "Sinai"},
           "quantities": [{"text": "1,100", "value": 1100}]}
    stated = ("speaker", "date_text", "location", "quantity")
    attributes = score_seed(_doc((SENTENCE, good)), gold).attributes
    assert [(attributes[n].correct, attributes[n].total) for n in stated] == [(1, 1)] * 4
    attributes = score_seed(_doc((SENTENCE, bad)), gold).attributes
    assert [(attributes[n].correct, attributes[n].total) for n in stated] == [(0, 1)] * 4


def test_attributes_are_only_scored_where_the_gold_states_them():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"]))
    attributes = score_seed(_doc((SENTENCE, {})), gold).attributes
    assert all(a.total == 0 and a.accuracy is None for a in attributes.values())


def test_text_info_must_be_the_exact_slice_of_the_text():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"]))
    doc = _doc((SENTENCE, {}))
    doc["events"][0]["text_info"]["start"] += 1
    score = score_seed(doc, gold)
    assert score.recall == 0.0
    assert score.precision == 0.0
    assert len(score.text_info_violations) == 1
    assert "is not text[" in score.text_info_violations[0].reason


def test_evidence_sentences_over_600_characters_do_not_match():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["*"], recipient=["*"]))
    long_sentence = SENTENCE[:-1] + " and" + " then more" * 60 + "."
    score = score_seed(_doc((long_sentence, {})), gold)
    assert score.recall == 0.0
    assert "characters" in score.text_info_violations[0].reason


def test_must_find_and_must_not_be_actors():
    doc = _doc((SENTENCE, {}))
    doc["actors"] = [{"actor_id": "a1", "name": "Hamas", "kind": "armed_group"},
                     {"actor_id": "a2", "name": "Close this search box", "kind": "unknown"}]
    score = score_seed(doc, _gold())
    assert score.must_find == {"hamas": True, "egypt": False}
    assert len(score.must_not_be_violations) == 1


def test_unknown_gold_actor_is_a_clear_error():
    gold = _gold(_core("E1", "bombed Hamas", ["ASSAULT"], actor=["fatah"], recipient=["*"]))
    with pytest.raises(EvaluationError, match="fatah"):
        score_seed(_doc((SENTENCE, {"actor": [_entity("Fatah")]})), gold)


def test_real_gold_scores_a_faithful_copy_of_itself(gold):
    """Events built from the gold's own cues and accept names match every core event."""
    items = []
    for g in gold["events"]:
        def party(actor_id):
            return [] if actor_id == "*" else [_entity(gold["actors"][actor_id]["name"])]
        if g.get("symmetric"):
            fields = {"actor": party(g["parties"][0]), "recipient": party(g["parties"][1])}
        else:
            fields = {"actor": [e for a in g["actor"] for e in party(a)],
                      "recipient": [e for a in g["recipient"] for e in party(a)]}
        items.append((g["cue"] + ".", {"event_type": g["types"][0], **fields}))
    score = score_seed(_doc(*items), gold)
    assert score.recall == 1.0
    assert score.precision == 1.0
