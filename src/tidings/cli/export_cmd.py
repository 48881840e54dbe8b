"""``tidings export --format stix|gexf|graphml|csv|parquet|jsonl -o PATH [filters]``."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path

import typer

from .output import say
from .query_cmd import (
    ACTOR,
    DB,
    MIN_CONFIDENCE,
    MIN_SOURCES,
    MODALITY,
    RECIPIENT,
    REJECTED,
    SINCE,
    TYPE,
    UNTIL,
    filter_options,
    open_workspace,
)

__all__ = ["register"]


class ExportFormat(StrEnum):
    stix = "stix"
    gexf = "gexf"
    graphml = "graphml"
    csv = "csv"
    parquet = "parquet"
    jsonl = "jsonl"


class StixProfile(StrEnum):
    stix = "stix"
    opencti = "opencti"


def export(
    fmt: ExportFormat = typer.Option(..., "--format", "-f", help="Output format."),
    output: Path = typer.Option(..., "--output", "-o",
                                help="File for stix/gexf/graphml; folder for csv/parquet/jsonl "
                                     "(it receives events, actors and edges tables)."),
    stix_profile: StixProfile = typer.Option(StixProfile.stix, "--stix-profile",
                                             help="'opencti': relationship types OpenCTI accepts."),
    actor: str | None = ACTOR, recipient: str | None = RECIPIENT, event_type: str | None = TYPE,
    since: str | None = SINCE, until: str | None = UNTIL, min_sources: int | None = MIN_SOURCES,
    modality: list[str] = MODALITY, include_rejected: bool = REJECTED, min_confidence: float | None = MIN_CONFIDENCE,
    csv_raw: bool = typer.Option(False, "--csv-raw", help="csv: keep cells starting with = + - @ as they are "
                                 "(by default they get a leading ' so spreadsheets never run them)."),
    db: str | None = DB,
) -> None:
    """Export stored events (review decisions applied) for pandas/DuckDB, Gephi or OpenCTI/MISP."""
    with open_workspace(db) as ws:
        filters = filter_options(actor, recipient, event_type, since, until, min_sources, modality, include_rejected,
                                 min_confidence)
        written = ws.export(fmt.value, output, stix_profile=stix_profile.value,
                            csv_raw=csv_raw, **filters)
    for path in written:
        say(f"wrote {path}")


def register(app: typer.Typer) -> None:
    app.command("export")(export)
