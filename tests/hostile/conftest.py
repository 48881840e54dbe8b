"""Fixtures for the hostile suite: the generated corpus (with its 1 GiB gzip bomb, built once per session)."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import FORMULA_OUTLET, FORMULA_TITLE, MARKUP_TITLE, build_corpus, gzip_bomb
from export.factory import ATTACK, TALKS, make_extraction

import tidings.api


@pytest.fixture(scope="session")
def bomb(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("bomb") / "bomb.txt.gz"
    gzip_bomb(path)
    return path


@pytest.fixture
def hostile(tmp_path, bomb) -> tuple[Path, dict[str, str | None]]:
    folder = tmp_path / "hostile"
    return folder, build_corpus(folder, bomb=bomb)


@pytest.fixture
def hostile_db(db_url) -> str:
    ws = tidings.api.open(db_url)
    try:
        first = make_extraction("doc-markup", [ATTACK], outlet="Courier", published="2016-05-02")
        first.title, first.url = MARKUP_TITLE, "javascript:alert(document.cookie)"
        second = make_extraction("doc-formula", [TALKS], outlet=FORMULA_OUTLET, published="2016-12-05")
        second.title = FORMULA_TITLE
        ws.add_extractions([first, second])
    finally:
        ws.close()
    return db_url
