"""EVALUATION.md §2 rules, one test each, on small hand-made extractions with known answers."""

from __future__ import annotations

import json

import pytest

from tidings.evaluate.plover import (
    PloverRow,
    names_mention,
    plover_documents,
    read_plover_rows,
    scorable_rows,
    score_plover,
    tokens,
    write_plover_jsonl,
)

SENT = "Russian troops attacked the Ukrainian army near Kharkiv."


def _row(source: str, target: str, category: str, sentence: str = SENT) -> PloverRow:
    return PloverRow(sentence=sentence, source=source, target=target, category=category)


def _event(event_type: str, actor: str | None, recipient: str | None, confidence: float = 0.5) -> dict:
    def ent(text):
        return [] if text is None else [{"text": text, "start": 0, "end": len(text), "name": None}]
    return {"event_type": event_type, "actor": ent(actor), "recipient": ent(recipient), "confidence": confidence}


def _extraction(row: PloverRow, *events: dict) -> dict:
    return {"doc_id": row.doc_id, "text": row.sentence, "actors": [], "events": list(events)}


def test_tokens_lowercase_drop_possessives_join_abbreviations_and_drop_stop_words():
    assert tokens("The U.S. Army\u2019s chief of staff") == ["us", "army", "chief", "staff"]
    assert tokens("Iran's U.N. envoy said") == ["iran", "un", "envoy"]
    assert tokens("the E.U and NATO") == ["eu", "nato"]


def test_entity_must_share_a_token_with_the_gold_mention():
    assert names_mention("Ukrainian forces", "the Ukrainian army", "Russian troops")
    assert not names_mention("Kyiv", "the Ukrainian army", "Russian troops")


def test_entity_longer_than_allowed_is_not_a_name():
    # |G| = 2 -> at most max(4, 5) = 5 tokens.
    assert names_mention("Ukrainian army units near Kharkiv", "the Ukrainian army", "Russian troops")
    assert not names_mention("Ukrainian army units near Kharkiv city", "the Ukrainian army", "Russian troops")
    # |G| = 4 -> at most max(8, 7) = 8 tokens.
    gold = "Iranian Foreign Minister Zarif"
    assert names_mention("Iranian Foreign Minister Mohammad Javad Zarif told reporters", gold, "Trump")
    assert not names_mention("Iranian Foreign Minister Mohammad Javad Zarif told reporters Monday", gold, "Trump")


def test_entity_must_be_closer_to_its_gold_mention_than_to_the_other():
    # "Russian army" shares "army" with the target and "russian" with the source: equally close -> no name.
    assert not names_mention("Russian army", "the Ukrainian army", "Russian troops")
    assert not names_mention("Russian army", "Russian troops", "the army")  # 1/3 < 1/2
    assert names_mention("Russian army", "Russian army troops", "the army")  # 2/3 > 1/2


def test_rows_whose_mentions_are_not_in_the_sentence_are_left_out():
    rows = [_row("Russian troops", "the ukrainian ARMY", "ASSAULT"), _row("Russian troops", "a recipient", "ASSAULT")]
    assert scorable_rows(rows) == rows[:1]
    score = score_plover([_extraction(rows[0], _event("ASSAULT", "Russian troops", "Ukrainian army"))], rows)
    assert (score.rows, score.left_out_rows, score.accuracy) == (1, 1, 1.0)


def test_an_event_covers_its_pair_in_the_gold_direction_only():
    row = _row("Russian troops", "the Ukrainian army", "ASSAULT")
    reversed_ = score_plover([_extraction(row, _event("ASSAULT", "Ukrainian army", "Russian troops"))], [row])
    assert (reversed_.coverage, reversed_.accuracy) == (0.0, 0.0)
    forward = score_plover([_extraction(row, _event("ASSAULT", "Russian troops", "Ukrainian army"))], [row])
    assert (forward.coverage, forward.accuracy) == (1.0, 1.0)


@pytest.mark.parametrize("event_type", ["CONSULT", "COOPERATE", "AGREE"])
def test_symmetric_types_cover_the_reverse_direction(event_type):
    row = _row("Russian troops", "the Ukrainian army", event_type)
    score = score_plover([_extraction(row, _event(event_type, "Ukrainian army", "Russian troops"))], [row])
    assert score.accuracy == 1.0


def test_event_without_recipient_covers_nothing():
    row = _row("Russian troops", "the Ukrainian army", "ASSAULT")
    score = score_plover([_extraction(row, _event("ASSAULT", "Russian troops", None))], [row])
    assert score.coverage == 0.0


def test_only_the_k_most_confident_events_may_cover():
    row = _row("Russian troops", "the Ukrainian army", "ASSAULT")
    noise = [_event("ACCUSE", "Kharkiv", "Kharkiv", 0.9) for _ in range(3)]
    # k = 1 pair + 2 = 3: the right event ranks fourth and may not cover.
    buried = score_plover([_extraction(row, *noise, _event("ASSAULT", "Russian troops", "Ukrainian army", 0.8))],
                          [row])
    assert buried.coverage == 0.0
    ranked = score_plover([_extraction(row, *noise[:2], _event("ASSAULT", "Russian troops", "Ukrainian army", 0.8))],
                          [row])
    assert ranked.accuracy == 1.0


def test_the_most_confident_covering_event_gives_the_prediction():
    row = _row("Russian troops", "the Ukrainian army", "ASSAULT")
    events = [_event("COERCE", "Russian troops", "Ukrainian army", 0.4),
              _event("ASSAULT", "Russian troops", "the army", 0.7)]
    score = score_plover([_extraction(row, *events)], [row])
    assert score.accuracy == 1.0
    events[0]["confidence"] = 0.9
    assert score_plover([_extraction(row, *events)], [row]).accuracy == 0.0


@pytest.mark.parametrize("event_type", ["CONCEDE", "RETREAT"])
def test_concede_and_retreat_count_as_yield(event_type):
    row = _row("Russian troops", "the Ukrainian army", "YIELD")
    score = score_plover([_extraction(row, _event(event_type, "Russian troops", "Ukrainian army"))], [row])
    assert score.accuracy == 1.0
    assert score.per_category["YIELD"].f1 == 1.0


def test_macro_f1_over_gold_categories_with_none_always_wrong():
    other = "Iran accused Israel of sabotage."
    rows = [_row("Russian troops", "the Ukrainian army", "ASSAULT"), _row("Iran", "Israel", "ACCUSE", other)]
    extractions = [_extraction(rows[0], _event("ASSAULT", "Russian troops", "Ukrainian army")),
                   _extraction(rows[1], _event("ASSAULT", "Israel", "Iran"))]
    score = score_plover(extractions, rows)
    assert score.coverage == 0.5
    assert score.accuracy == 0.5
    # ASSAULT: P = 1/1, R = 1/1 -> 1.0; ACCUSE: predicted NONE -> 0.0.
    assert score.macro_f1 == pytest.approx(0.5)
    assert score.confusion["ACCUSE"] == {"NONE": 1}
    assert score.top_confusions == [("ACCUSE", "NONE", 1)]
    report = score.report().splitlines()
    assert report[0] == "coverage 0.500   accuracy 0.500   macro-F1 0.500"
    assert any(line.split()[:4] == ["ASSAULT", "1.000", "1.000", "1.000"] for line in report)
    assert report[-1].endswith("ACCUSE->NONE: 1")


def test_wrong_predictions_lower_the_predicted_category_precision():
    other = "Iran accused Israel of sabotage."
    rows = [_row("Russian troops", "the Ukrainian army", "ASSAULT"), _row("Iran", "Israel", "ACCUSE", other)]
    extractions = [_extraction(rows[0], _event("ASSAULT", "Russian troops", "Ukrainian army")),
                   _extraction(rows[1], _event("ASSAULT", "Iran", "Israel"))]
    score = score_plover(extractions, rows)
    assert score.per_category["ASSAULT"].precision == 0.5
    assert score.per_category["ASSAULT"].f1 == pytest.approx(2 / 3)
    assert score.macro_f1 == pytest.approx(1 / 3)


def test_missing_extractions_predict_none_and_are_counted():
    row = _row("Russian troops", "the Ukrainian army", "ASSAULT")
    score = score_plover([], [row])
    assert (score.coverage, score.missing_documents) == (0.0, 1)


def test_documents_are_one_per_distinct_sentence(tmp_path):
    rows = [_row("Russian troops", "the Ukrainian army", "ASSAULT"), _row("Russian troops", "Kharkiv", "ASSAULT"),
            _row("Iran", "Israel", "ACCUSE", "Iran accused Israel.")]
    documents = plover_documents(rows)
    assert [d["text"] for d in documents] == [SENT, "Iran accused Israel."]
    assert documents[0]["id"] == rows[0].doc_id == rows[1].doc_id
    path = tmp_path / "in.jsonl"
    assert write_plover_jsonl(rows, path) == 2
    assert [json.loads(line) for line in path.read_text().splitlines()] == documents


def test_reads_the_shared_tsv():
    from tidings.errors import EvaluationError
    from tidings.evaluate import default_plover_data

    try:
        path = default_plover_data()
    except EvaluationError:
        pytest.skip("shared PLOVER data not present")
    rows = read_plover_rows(path)
    assert len(rows) == 1050
    assert len(plover_documents(rows)) == 1044
    assert 1000 < len(scorable_rows(rows)) < 1050
    assert all('""' not in r.sentence[:2] for r in rows)  # CSV quoting undone
