"""Fixtures for the event coder: the real lexicon, resolver and spaCy model, and a helper that codes a text."""

from __future__ import annotations

import hashlib

import pytest

from tidings.records import ActorIndex, Article, Event


@pytest.fixture(scope="session")
def coder():
    from tidings.events import EventCoder

    return EventCoder.load()


@pytest.fixture(scope="session")
def resolver():
    from tidings.actors import ActorResolver

    return ActorResolver.load()


@pytest.fixture(scope="session")
def code_text(nlp, resolver, coder):
    """Code one text through the real pipeline stages: parse, resolve actors, code events."""
    from tidings.nlp import parse_texts

    def run(text: str, *, published: str | None = None) -> list[Event]:
        article = Article(
            doc_id="t", source="test", text=text, published=published,
            published_source="input" if published else None,
            content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest(),
        )
        doc = next(parse_texts(nlp, [text]))
        return coder.code(doc, ActorIndex(resolver.resolve(doc)), article=article)

    return run


@pytest.fixture(scope="session")
def calibrated_text(nlp, resolver, coder):
    """Code one text as ``tidings extract`` does, calibrated confidences included: (actors, events)."""
    from tidings.events.calibrate import Calibrator
    from tidings.nlp import parse_texts

    calibrator = Calibrator.load()
    assert calibrator is not None, "the shipped calibrator (events/models/calibrator.json) is missing"

    def run(text: str):
        article = Article(doc_id="t", source="test", text=text,
                          content_hash=hashlib.sha256(text.encode("utf-8")).hexdigest())
        doc = next(parse_texts(nlp, [text]))
        actors = resolver.resolve(doc)
        return actors, calibrator.apply(actors, coder.code(doc, ActorIndex(actors), article=article), text)

    return run
