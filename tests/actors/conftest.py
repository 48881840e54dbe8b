"""Fixtures for the actor tests: the seed article cleaned, parsed and resolved once per session."""

from __future__ import annotations

from dataclasses import dataclass

import pytest

from tidings.actors import ActorResolver
from tidings.config import load_settings
from tidings.nlp import parse_texts
from tidings.pipeline import clean_sources, read_options
from tidings.records import Actor, Article


@dataclass
class SeedResult:
    article: Article
    doc: object
    actors: list[Actor]

    def actor(self, actor_id: str) -> Actor:
        found = [a for a in self.actors if a.actor_id == actor_id]
        assert found, f"{actor_id} not among {[a.actor_id for a in self.actors]}"
        return found[0]

    def owner_of(self, text: str, occurrence: int = 0) -> list[str]:
        """Ids of the actors with a mention exactly on the n-th occurrence of ``text``."""
        start = -1
        for _ in range(occurrence + 1):
            start = self.article.text.index(text, start + 1)
        end = start + len(text)
        return [a.actor_id for a in self.actors for m in a.mentions if (m.start, m.end) == (start, end)]


@pytest.fixture(scope="session")
def resolver() -> ActorResolver:
    return ActorResolver.load()


@pytest.fixture(scope="session")
def seed(nlp, seed_path, resolver) -> SeedResult:
    articles = list(clean_sources([str(seed_path)], read_options(load_settings(config_file=None))))
    article = articles[0]
    assert isinstance(article, Article), article
    doc = next(parse_texts(nlp, [article.text]))
    return SeedResult(article=article, doc=doc, actors=resolver.resolve(doc))
