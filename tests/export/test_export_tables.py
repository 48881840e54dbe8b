"""CSV/Parquet/JSONL tables of events, actors and edges: read back with pandas and DuckDB."""

from __future__ import annotations

import duckdb
import pandas as pd
import pytest

from tidings.errors import ExportError


def _read(fmt, path):
    if fmt == "csv":
        return pd.read_csv(path)
    if fmt == "parquet":
        return pd.read_parquet(path)
    return pd.read_json(path, lines=True)


@pytest.mark.parametrize("fmt", ["csv", "parquet", "jsonl"])
def test_tables_read_back_with_pandas_and_duckdb(ws, tmp_path, fmt):
    out = tmp_path / "tables"
    written = ws.export(fmt, out)
    assert sorted(p.name for p in written) == sorted(f"{t}.{fmt}" for t in ("events", "actors", "edges"))
    assert sorted(p.name for p in out.iterdir()) == sorted(p.name for p in written)  # no temp files left
    events = _read(fmt, out / f"events.{fmt}")
    assert len(events) == 7 and events["event_id"].is_unique
    attack = events[events["quote"] == "Hamas attacked Egypt on 2016-05-02."].iloc[0]
    actors = attack["actors"] if fmt != "csv" else attack["actors"].split("; ")
    assert list(actors) == ["Hamas"]
    assert attack["sources"] == 2
    edges = _read(fmt, out / f"edges.{fmt}")
    assert {"source", "target", "event_type", "quad", "score", "events", "sources"} <= set(edges.columns)
    reader = {"csv": "read_csv_auto", "parquet": "read_parquet", "jsonl": "read_json_auto"}[fmt]
    con = duckdb.connect()
    rows = con.execute(
        f"SELECT event_type, count(*) FROM {reader}(?) GROUP BY event_type ORDER BY event_type",
        [str(out / f"events.{fmt}")],
    ).fetchall()
    assert rows == [
        ("AID", 1), ("ASSAULT", 3), ("COERCE", 1), ("CONSULT", 2)]
    n_actors = con.execute(f"SELECT count(*) FROM {reader}(?)", [str(out / f"actors.{fmt}")]).fetchone()[0]
    assert n_actors == 5


def test_tables_into_a_file_path_is_refused(ws, tmp_path):
    target = tmp_path / "events.csv"
    target.write_text("x", encoding="utf-8")
    with pytest.raises(ExportError, match="it is a file"):
        ws.export("csv", target)
    assert target.read_text(encoding="utf-8") == "x"
