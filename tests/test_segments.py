"""Long documents in paragraph windows (tidings.segments): windows tile the text, and extraction in windows
keeps every offset exact and finds in each window what that window alone yields."""

from __future__ import annotations

import dataclasses
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tidings.config import load_settings
from tidings.errors import CleanError
from tidings.ingest import ReadOptions, clean_source
from tidings.ingest.clean import clean_document
from tidings.pipeline import Pipeline
from tidings.records import Article, RawDocument, ReadFailure
from tidings.segments import split_windows, window_bounds

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "sinai_raid_delta_courier.txt"
WORDS = ["Hamas", "Egypt", "Israel", "the", "army", "said", "attacked", "met", "talks", "on", "Monday", "in", "Gaza",
         "troops", "killed", "two", "officials", "\n\n", ".", ",", "“", "”", "é", "\u200b", "\t", "(", ")", "He",
         "they"]


@pytest.fixture(scope="module")
def pipeline() -> Pipeline:
    return Pipeline.load(load_settings())


def _article(text: str, doc_id: str = "doc") -> Article:
    return clean_document(RawDocument(doc_id=doc_id, source=doc_id, content=text.encode("utf-8"),
                                      input_format="jsonl"))


def _offsets_hold(article: Article, extraction) -> None:
    text = article.text
    for actor in extraction.actors:
        for m in actor.mentions:
            assert text[m.start:m.end] == m.text, (m, actor.actor_id)
    for event in extraction.events:
        info = event.text_info
        assert text[info.start:info.end] == info.text
        if info.trigger is not None:
            assert text[info.trigger.start:info.trigger.end] == info.trigger.text
        for entity in [*event.actor, *event.recipient]:
            assert text[entity.start:entity.end] == entity.text


@given(text=st.text(max_size=3000), limit=st.integers(min_value=1, max_value=500))
def test_windows_tile_any_text_exactly(text, limit):
    bounds = window_bounds(text, max_chars=limit)
    assert "".join(text[s:e] for s, e in bounds) == text
    assert all(0 < e - s <= limit for s, e in bounds) or text == ""
    assert all(a[1] == b[0] for a, b in zip(bounds, bounds[1:], strict=False))


@pytest.mark.timeout(600)
def test_windowed_extraction_equals_each_window_alone(pipeline):
    text = (EXAMPLE.read_text(encoding="utf-8") + "\n\n") * 3
    article = _article(text)
    small = dataclasses.replace(pipeline, window_chars=len(article.text) // 3 + 50)
    windows = split_windows(article, max_chars=small.window_chars)
    assert len(windows) >= 3
    [joined] = list(small.extract([article]))
    _offsets_hold(article, joined)
    assert len({a.actor_id for a in joined.actors}) == len(joined.actors), "one actor per id across windows"
    assert len({e.id for e in joined.events}) == len(joined.events)
    first = windows[0]
    [alone] = list(pipeline.extract([first.article]))
    in_first = [(e.event_type, e.text_info.start, e.text_info.end) for e in joined.events
                if e.text_info.end <= first.start + len(first.article.text)]
    assert in_first and in_first == [(e.event_type, e.text_info.start, e.text_info.end) for e in alone.events]
    sentences = [e.text_info.sentence for e in joined.events]
    assert sentences == sorted(sentences)


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
# Mostly news words (so events and actors are found and windows cut through them), some arbitrary text.
@given(words=st.lists(st.sampled_from(WORDS) | st.sampled_from(WORDS) | st.text(min_size=1, max_size=12),
                      min_size=30, max_size=400),
       window=st.integers(min_value=40, max_value=2000))
@pytest.mark.timeout(900)
def test_every_offset_slices_its_text_for_any_input(pipeline, words, window):
    try:
        article = _article(" ".join(words))
    except CleanError:
        return  # nothing usable in it: a clean, specific refusal is the right answer
    windowed = dataclasses.replace(pipeline, window_chars=window)
    [extraction] = list(windowed.extract([article]))
    assert extraction.text == article.text
    _offsets_hold(article, extraction)


@pytest.mark.timeout(60)
def test_a_document_over_the_limit_is_one_clear_failure(tmp_path):
    (tmp_path / "long.txt").write_text(EXAMPLE.read_text(encoding="utf-8") * 3, encoding="utf-8")
    (tmp_path / "short.txt").write_text("The minister resigned on Friday after the vote.\n", encoding="utf-8")
    items = list(clean_source([str(tmp_path)], ReadOptions(max_document_chars=2000)))
    assert [type(i) for i in items] == [ReadFailure, Article]
    assert "too long" in items[0].reason and "2000-character limit" in items[0].reason
