"""Shared fixtures: the real spaCy pipeline, the seed article and its gold, temporary stores."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
SEED = SHARED / "seed" / "000_2fc2989a5cbe0d10.txt"
GOLD = SHARED / "gold" / "000_2fc2989a5cbe0d10.gold.json"
SCHEMA = SHARED / "schema" / "event.schema.json"
DATA = SHARED / "data"


@pytest.fixture(scope="session")
def nlp():
    """The real spaCy pipeline, loaded once per test session."""
    from tidings.nlp import load_pipeline

    return load_pipeline()


@pytest.fixture(scope="session")
def seed_path() -> Path:
    if not SEED.is_file():
        pytest.skip("shared seed article not present")
    return SEED


@pytest.fixture(scope="session")
def gold() -> dict:
    if not GOLD.is_file():
        pytest.skip("shared gold annotation not present")
    return json.loads(GOLD.read_text(encoding="utf-8"))


@pytest.fixture(scope="session")
def event_schema() -> dict:
    if not SCHEMA.is_file():
        pytest.skip("shared event schema not present")
    return json.loads(SCHEMA.read_text(encoding="utf-8"))


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    """A fresh SQLite file per test."""
    return f"sqlite:///{tmp_path / 'tidings.db'}"


@pytest.fixture
def ws(db_url):
    """A real store holding the small hand-made corpus of tests/export/factory.py (no NLP needed)."""
    from export.factory import small_corpus

    import tidings.api

    workspace = tidings.api.open(db_url)
    workspace.add_extractions(small_corpus())
    yield workspace
    workspace.close()
