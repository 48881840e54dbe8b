"""The seed article end to end (clean -> parse -> actors -> events) against its gold, by EVALUATION.md §1."""

from __future__ import annotations

import pytest

from tidings.config import load_settings
from tidings.evaluate.seed import score_seed
from tidings.pipeline import Pipeline, clean_sources, extract_articles, read_options


@pytest.fixture(scope="module")
def seed_score(seed_path, gold):
    settings = load_settings()
    pipeline = Pipeline.load(settings)
    articles = list(clean_sources([str(seed_path)], read_options(settings)))
    extraction = next(extract_articles(pipeline, articles)).model_dump(mode="json")
    return score_seed(extraction, gold)


def test_seed_core_recall_and_precision(seed_score):
    assert seed_score.recall >= 0.80, seed_score.missed_core
    assert seed_score.precision >= 0.80, seed_score.unmatched_predicted


@pytest.mark.parametrize("attribute", ["modality", "speaker", "date_text"])
def test_seed_attributes(seed_score, attribute):
    score = seed_score.attributes[attribute]
    assert score.total > 0
    assert score.accuracy >= 0.80, score.wrong


def test_seed_evidence_offsets_are_exact(seed_score):
    assert seed_score.text_info_violations == []
