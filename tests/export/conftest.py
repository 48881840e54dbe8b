"""A small real store shared by the export tests (built from exact records, no NLP)."""

from __future__ import annotations

import pytest
from export.factory import small_corpus

import tidings.api


@pytest.fixture
def ws(db_url):
    workspace = tidings.api.open(db_url)
    workspace.add_extractions(small_corpus())
    yield workspace
    workspace.close()
