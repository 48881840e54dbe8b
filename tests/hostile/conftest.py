"""Fixtures for the hostile suite: the generated corpus (with its 1 GiB gzip bomb, built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import build_corpus, gzip_bomb


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.txt.gz"
    gzip_bomb(path)
    return path


@pytest.fixture
def hostile(tmp_path, bomb) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path / "hostile"
    return folder, build_corpus(folder, bomb=bomb)
