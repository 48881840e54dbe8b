"""The ``tidings`` command line: one thin command per user task over the library.

Each ``*_cmd`` module registers its commands on ``app``; errors are turned into one-line
messages here and nowhere else.
"""

from __future__ import annotations

import logging
import sys

import typer

from ..errors import TidingsError
from . import (
    actors_cmd,
    clean_cmd,
    evaluate_cmd,
    export_cmd,
    extract_cmd,
    ingest_cmd,
    kb_cmd,
    output,
    query_cmd,
    review_cmd,
    serve_cmd,
)
from .output import error

__all__ = ["app", "main"]

app = typer.Typer(
    name="tidings",
    help="Turn news into sourced event data: who did what to whom, when, where, how sure, who says so.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)

for _module in (
    ingest_cmd,
    clean_cmd,
    extract_cmd,
    actors_cmd,
    query_cmd,
    review_cmd,
    export_cmd,
    evaluate_cmd,
    kb_cmd,
    serve_cmd,
):
    _module.register(app)


@app.callback()
def _root(
    verbose: bool = typer.Option(False, "--verbose", "-v", help="Log progress details to stderr."),
    csv_raw: bool = typer.Option(False, "--csv-raw", help="With --format csv: keep cells starting with = + - @ "
                                 "as they are (by default they get a leading ' so spreadsheets never run them)."),
) -> None:
    output.options.csv_raw = csv_raw
    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s")


def main() -> None:
    """Console-script entry point: run the app, translating library errors into clean messages.

    click itself handles usage errors, exit codes and Ctrl-C (standalone mode); library errors
    are the only ones that reach this function.
    """
    try:
        app()
    except TidingsError as exc:
        error(str(exc))
        sys.exit(1)
