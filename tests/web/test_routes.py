"""The JSON API on the example store: the CLI's filters and JSON, keyset pages, the error shape, writes."""

from __future__ import annotations

import io
import json
import time
import zipfile

import pytest
from conftest import HOSTILE_TITLE, TOKEN
from typer.testing import CliRunner

from tidings.cli import app as cli

AUTH = {"Authorization": f"Bearer {TOKEN}"}


def _cli_json(*args) -> list:
    result = CliRunner().invoke(cli, list(args))
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


@pytest.mark.parametrize("cli_args, params", [
    ([], {}),
    (["--type", "ASSAULT"], {"type": "ASSAULT"}),
    (["--actor", "Egypt", "--min-confidence", "0"], {"actor": "Egypt", "min_confidence": 0}),
    (["--since", "2025-01", "--modality", "reported", "--limit", "5"],
     {"since": "2025-01", "modality": "reported", "limit": 5}),
])
def test_api_events_equal_the_cli_json(client, example_db, cli_args, params):
    expected = _cli_json("events", "--db", str(example_db), "--format", "json", *cli_args)
    response = client.get("/api/events", params=params)
    assert response.status_code == 200, response.text
    assert expected, "the example store must have events for these filters"
    assert response.json()["items"] == expected


def test_keyset_pages_cover_every_event_once(client):
    everything = [e["event_id"] for e in client.get("/api/events", params={"min_confidence": 0,
                                                                           "limit": 1000}).json()["items"]]
    assert len(everything) > 10
    walked, cursor = [], None
    while True:
        params = {"min_confidence": 0, "limit": 7, **({"cursor": cursor} if cursor else {})}
        page = client.get("/api/events", params=params).json()
        walked += [e["event_id"] for e in page["items"]]
        cursor = page["next_cursor"]
        if not cursor:
            break
    assert walked == everything


def test_facets_count_the_filtered_events(client):
    page = client.get("/api/events", params={"facets": "true", "min_confidence": 0, "limit": 1000}).json()
    assert sum(page["facets"]["event_type"].values()) == len(page["items"])


def test_network_clusters_actors_documents_and_evidence(client):
    edges = client.get("/api/network").json()["items"]
    assert edges and all({"source", "target", "event_ids", "score", "sources"} <= set(e) for e in edges)
    conflict = client.get("/api/network", params={"quad": "material_conflict"}).json()["items"]
    assert conflict and {e["quad"] for e in conflict} == {"material_conflict"}
    events = client.get("/api/events/by-id", params=[("id", i) for i in edges[0]["event_ids"]]).json()
    assert sorted(e["event_id"] for e in events) == sorted(edges[0]["event_ids"])
    evidence = client.get(f"/api/events/{events[0]['event_id']}/evidence").json()
    text, event = evidence["document"]["text"], evidence["event"]
    assert text[event["quote_start"]:event["quote_end"]] == event["quote"]
    cluster = client.get("/api/clusters").json()["items"][0]
    detail = client.get(f"/api/clusters/{cluster['cluster_id']}").json()
    assert sorted(m["event_id"] for m in detail["members"]) == cluster["event_ids"]
    actor = client.get("/api/actors", params={"limit": 1}).json()
    assert actor["next_cursor"] == "1"
    assert client.get(f"/api/actors/{actor['items'][0]['actor_id']}").json()["events"] > 0
    assert len(client.get("/api/documents").json()["items"]) == 7


def test_errors_have_one_shape(client):
    missing = client.get("/api/events/ev-nothing")
    assert missing.status_code == 404 and missing.json()["error"]["code"] == "T510"
    bad = client.get("/api/events", params={"type": "PARTY"})
    assert bad.status_code == 400 and "unknown event type" in bad.json()["error"]["message"]
    invalid = client.get("/api/events", params={"limit": 0})
    assert invalid.status_code == 422 and "limit" in invalid.json()["error"]["message"]
    cursor = client.get("/api/events", params={"cursor": "garbage!"})
    assert cursor.status_code == 400 and "cursor" in cursor.json()["error"]["message"]
    unknown_actor = client.get("/api/actors/Hamass")
    assert unknown_actor.status_code == 404 and "Hamas" in unknown_actor.json()["error"]["suggestions"]


def test_writes_need_the_token_and_persist(write_client):
    event_id = write_client.get("/api/review/queue").json()["items"][0]["event_id"]
    assert write_client.post(f"/api/review/{event_id}", json={"action": "reject"}).status_code == 401
    wrong = write_client.post(f"/api/review/{event_id}", json={"action": "reject"},
                              headers={"Authorization": "Bearer not-the-token-at-all"})
    assert wrong.status_code == 401 and wrong.headers["www-authenticate"] == "Bearer"
    assert write_client.post("/api/actors/Egypt/rename", json={"name": "X"}).status_code == 401
    decided = write_client.post(f"/api/review/{event_id}", json={"action": "reject", "note": "not an attack"},
                                headers=AUTH)
    assert decided.status_code == 200 and decided.json()["action"] == "reject"
    assert [d["action"] for d in write_client.get(f"/api/review/{event_id}/history").json()] == ["reject"]
    queue = [e["event_id"] for e in write_client.get("/api/review/queue").json()["items"]]
    assert event_id not in queue
    listed = write_client.get("/api/events", params={"min_confidence": 0, "limit": 1000}).json()["items"]
    assert event_id not in [e["event_id"] for e in listed]
    renamed = write_client.post("/api/actors/Egypt/rename", json={"name": "Arab Republic of Egypt"}, headers=AUTH)
    assert renamed.status_code == 200
    assert write_client.get("/api/actors/egypt").json()["name"] == "Arab Republic of Egypt"


def test_bodies_over_the_limit_are_refused(write_client):
    event_id = write_client.get("/api/review/queue").json()["items"][0]["event_id"]
    huge = {"action": "accept", "note": "x" * 400_000}
    response = write_client.post(f"/api/review/{event_id}", json=huge, headers=AUTH)
    assert response.status_code == 413 and response.json()["error"]["code"] == "T413"
    assert write_client.get(f"/api/review/{event_id}/history").json() == []


def test_pages_carry_a_strict_csp_and_print_article_data_as_text(client):
    event = client.get("/api/events", params={"actor": "hostile-hamas"}).json()["items"][0]
    page = client.get(f"/events/{event['event_id']}")
    assert page.status_code == 200
    csp = page.headers["content-security-policy"]
    assert "script-src 'self'" in csp and "unsafe-inline" not in csp and "object-src 'none'" in csp
    assert HOSTILE_TITLE not in page.text and "<script>window.__xss" not in page.text
    assert "&lt;script&gt;window.__xss=&#34;title&#34;&lt;/script&gt;" in page.text
    assert 'href="javascript:' not in page.text and "<img src=x" not in page.text


def test_exports_download_every_format(client):
    stix = client.get("/api/export/stix", params={"type": "ASSAULT"})
    assert stix.status_code == 200 and json.loads(stix.content)["type"] == "bundle"
    tables = client.get("/api/export/csv")
    names = zipfile.ZipFile(io.BytesIO(tables.content)).namelist()
    assert {"events.csv", "actors.csv", "edges.csv"} <= set(names)
    assert client.get("/api/export/xlsx").status_code == 400


def test_ingest_runs_as_a_job_with_progress(write_client):
    text = ("CAIRO, March 3, 2025 — Egypt's army attacked Islamic State fighters in northern Sinai on Monday, "
            "the military said in a statement.")
    started = write_client.post("/api/ingest", data={"text": text}, headers=AUTH)
    assert started.status_code == 202, started.text
    job_id = started.json()["job_id"]
    deadline = time.monotonic() + 180
    while (job := write_client.get(f"/api/ingest/{job_id}").json())["status"] in ("queued", "running"):
        assert time.monotonic() < deadline, job
        time.sleep(0.5)
    assert job["status"] == "done" and job["done"] == 1, job
    outcome = job["outcomes"][0]
    assert outcome["status"] == "stored" and outcome["events"] >= 1
    assert write_client.post("/api/ingest", data={"text": " "}, headers=AUTH).status_code == 400
    assert write_client.post("/api/ingest", data={"text": text}).status_code == 401


def test_actor_names_resolve_through_the_kb_aliases(client):
    """'ISIS' is nowhere in the examples' text, but the actor KB says it is the Islamic State."""
    by_alias = client.get("/api/events", params={"recipient": "ISIS", "min_confidence": 0}).json()["items"]
    by_id = client.get("/api/events", params={"recipient": "islamic-state", "min_confidence": 0}).json()["items"]
    assert by_alias and by_alias == by_id
    assert client.get("/api/actors/Daesh").json()["actor_id"] == "islamic-state"
    assert client.get("/api/events", params={"actor": "No Such Group"}).status_code == 404
