"""The body-extraction scorer (EVALUATION.md section 3), rule by rule."""

from __future__ import annotations

import pytest

from tidings.evaluate.body import BodyScore, mean_scores, score_body, shingles


def test_shingles_are_lowercased_word_4grams_without_punctuation():
    assert shingles("The Army, said: it WAS over.") == {
        "the army said it": 1, "army said it was": 1, "said it was over": 1,
    }


def test_short_text_is_one_shingle_and_empty_text_none():
    assert shingles("Ceasefire holds!") == {"ceasefire holds": 1}
    assert shingles(" ... ") == {}


def test_shingles_are_a_multiset():
    assert shingles("a b c d a b c d")["a b c d"] == 2


def test_perfect_partial_and_empty_predictions():
    truth = "one two three four five six"
    assert score_body(truth, truth) == BodyScore(1.0, 1.0, 1.0)
    partial = score_body("one two three four five", truth)  # 2 of its 2 shingles right, 2 of 3 found
    assert partial.precision == 1.0 and partial.recall == pytest.approx(2 / 3) and partial.f1 == pytest.approx(0.8)
    assert score_body("", truth) == BodyScore(0.0, 0.0, 0.0)


def test_extra_boilerplate_lowers_precision_only():
    truth = "one two three four five six"
    score = score_body(truth + " subscribe now to our newsletter", truth)
    assert score.recall == 1.0 and score.precision == pytest.approx(3 / 8)


def test_mean_is_over_pages():
    mean = mean_scores([BodyScore(1.0, 0.5, 0.6), BodyScore(0.0, 0.5, 0.2)])
    assert mean == BodyScore(0.5, 0.5, pytest.approx(0.4))
