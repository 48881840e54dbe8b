"""The notebook API: DataFrames with the CLI's filters, on a real store."""

from __future__ import annotations

import pandas as pd
import pytest
from export.factory import small_corpus


def test_events_edges_actors_clusters_are_dataframes(ws):
    events = ws.events(actor="Hamas", since="2016-11")
    assert isinstance(events, pd.DataFrame)
    assert sorted(events["event_type"]) == ["AID", "CONSULT"]
    assert {"event_id", "actors", "recipients", "quote", "cluster_id", "sources"} <= set(events.columns)
    edges = ws.edges(type="ASSAULT")
    assert set(edges["event_type"]) == {"ASSAULT"} and edges["events"].sum() == 3
    actors = ws.actors()
    assert actors.set_index("actor_id").loc["hamas", "events"] == 6
    clusters = ws.clusters()
    assert clusters["reports"].sum() == len(ws.events()) == 7


def test_modality_filter_accepts_a_list_or_comma_text(ws):
    assert len(ws.events(modality="asserted,reported")) == 7
    assert ws.events(modality=["hedged"]).empty


def test_unknown_filter_names_are_refused(ws):
    with pytest.raises(TypeError, match="unknown filter"):
        ws.events(actors="Hamas")


def test_adding_the_same_extractions_again_is_a_no_op(ws):
    before = ws.events()
    ids = ws.add_extractions(small_corpus())
    assert len(set(ids)) == 4
    assert ws.events().equals(before)
