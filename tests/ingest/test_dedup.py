"""Near-duplicate detection on real article text: MinHash estimates, band keys, stable signatures."""

from __future__ import annotations

import numpy as np
import pytest

from tidings.ingest import dedup


@pytest.fixture(scope="module")
def seed_text(seed_path) -> str:
    return seed_path.read_text(encoding="utf-8")


def _lightly_edited(text: str) -> str:
    return text.replace("Hamas", "the Hamas movement", 1).replace("Egypt", "Cairo", 2).replace(" the ", " a ", 3)


def test_shingles_are_five_word_windows():
    assert dedup.shingles("One two three four five six") == {"one two three four five", "two three four five six"}
    assert dedup.shingles("Too short.") == {"too short"}
    assert dedup.shingles("  ") == set()


def test_light_edit_is_estimated_above_threshold(seed_text):
    a, b = dedup.signature(seed_text), dedup.signature(_lightly_edited(seed_text))
    exact = len(dedup.shingles(seed_text) & dedup.shingles(_lightly_edited(seed_text))) / len(
        dedup.shingles(seed_text) | dedup.shingles(_lightly_edited(seed_text))
    )
    assert exact >= 0.9
    assert dedup.estimate_jaccard(a, b) >= 0.9
    assert abs(dedup.estimate_jaccard(a, b) - exact) < 0.06


def test_different_articles_share_no_band_and_estimate_low(seed_text):
    half = len(seed_text) // 2
    first, second = seed_text[:half], seed_text[half:]
    a, b = dedup.signature(first), dedup.signature(second)
    assert dedup.estimate_jaccard(a, b) < 0.2
    assert not {(i, k) for i, k in enumerate(dedup.band_keys(a))} & {(i, k) for i, k in enumerate(dedup.band_keys(b))}


def test_near_duplicates_share_a_band(seed_text):
    a, b = dedup.signature(seed_text), dedup.signature(_lightly_edited(seed_text))
    shared = {(i, k) for i, k in enumerate(dedup.band_keys(a))} & {(i, k) for i, k in enumerate(dedup.band_keys(b))}
    assert shared


def test_signatures_are_stable_and_round_trip(seed_text):
    """Stored signatures must stay comparable with those a later run computes."""
    a = dedup.signature(seed_text)
    assert np.array_equal(a, dedup.signature(seed_text))
    assert a.shape == (dedup.NUM_PERM,)
    data = dedup.signature_bytes(a)
    assert len(data) == 8 * dedup.NUM_PERM
    assert np.array_equal(dedup.signature_from_bytes(data), a)


def test_band_keys_fit_a_signed_bigint(seed_text):
    keys = dedup.band_keys(dedup.signature(seed_text))
    assert len(keys) == dedup.BANDS
    assert all(0 <= k < 2**63 for k in keys)
