"""Fixtures for reader tests: a real HTTP server on 127.0.0.1 serving routes each test defines."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from ingest_server import LocalServer, serve


@pytest.fixture
def http_server() -> Iterator[LocalServer]:
    with serve() as server:
        yield server
