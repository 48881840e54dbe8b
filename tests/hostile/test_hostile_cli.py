"""Command-line options at their edges: every bad value gets a clear usage error, never a traceback."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from tidings.cli import app
from tidings.errors import NotFoundError

HUGE = str(10**30)


@pytest.mark.timeout(120)
@pytest.mark.parametrize("args", [
    ["events", "--limit", HUGE], ["events", "--limit", "-1"], ["clusters", "--limit", HUGE],
    ["docs", "--limit", "-5"], ["docs", "--limit", HUGE], ["events", "--min-sources", "-2"],
    ["network", "--min-sources", "0"], ["actors", "--limit", "-1"],
])
def test_out_of_range_numbers_are_usage_errors(hostile_db, args):
    result = CliRunner().invoke(app, [*args, "--db", hostile_db])
    assert result.exit_code == 2, result.output
    assert "Invalid value" in result.output
    assert result.exception is None or isinstance(result.exception, SystemExit)


@pytest.mark.timeout(120)
def test_largest_limit_still_lists_everything(hostile_db):
    result = CliRunner().invoke(app, ["docs", "--limit", str(2**63 - 1), "--db", hostile_db, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert "doc-formula" in result.output


@pytest.mark.timeout(120)
def test_review_history_of_an_unknown_id_is_an_error(hostile_db):
    result = CliRunner().invoke(app, ["review", "history", "ev-does-not-exist", "--db", hostile_db])
    assert result.exit_code == 1
    assert isinstance(result.exception, NotFoundError)
    assert "ev-does-not-exist" in str(result.exception)
