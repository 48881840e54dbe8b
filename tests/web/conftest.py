"""One example store per test session (examples/ ingested with the real pipeline, plus one hostile article),
a TestClient over it, and a real uvicorn server on 127.0.0.1 for the browser tests."""

from __future__ import annotations

import shutil
import socket
import threading
import time
from pathlib import Path

import pytest

import tidings
from tidings.records import Actor, Entity, Event, EventDate, Extraction, Mention, TextInfo

REPO = Path(__file__).resolve().parents[2]
EXAMPLES = REPO / "examples"
TOKEN = "test-token-" + "x" * 24

HOSTILE_TITLE = '<script>window.__xss="title"</script><img src=x onerror="window.__xss=\'title-img\'">'
HOSTILE_TEXT = ('Hamas attacked Egypt near <a href="javascript:window.__xss=\'link\'">Rafah</a> '
                '<img src=x onerror="window.__xss=\'text\'"><script>window.__xss="script"</script>.')


def hostile_extraction() -> Extraction:
    """An article whose title and text carry script, onerror= and javascript: payloads, with one event."""
    def entity(actor_id: str, name: str, start: int) -> Entity:
        return Entity(text=name, start=start, end=start + len(name), actor_id=actor_id, name=name, kind="state")

    hamas, egypt = entity("hostile-hamas", "Hamas", 0), entity("hostile-egypt", "Egypt", 15)
    event = Event(
        id="ev-hostile00000001", event_type="ASSAULT", actor=[hamas], recipient=[egypt], confidence=0.9, rule="test",
        date=EventDate(text="2016-06-01", start="2016-06-01", end="2016-06-01", precision="day", anchor="explicit"),
        text_info=TextInfo(sentence=0, start=0, end=len(HOSTILE_TEXT), text=HOSTILE_TEXT,
                           trigger={"start": 6, "end": 14, "text": "attacked"}),
    )
    actors = [Actor(actor_id=e.actor_id, name=e.name, kind="state",
                    mentions=[Mention(start=e.start, end=e.end, text=e.text, via="ner")]) for e in (hamas, egypt)]
    return Extraction(doc_id="hostile", title=HOSTILE_TITLE, outlet="Hostile <b>Wire</b>", published="2016-06-02",
                      text=HOSTILE_TEXT, actors=actors, events=[event])


@pytest.fixture(scope="session")
def example_db(tmp_path_factory) -> Path:
    """examples/ through the real pipeline (read, clean, NLP, store, clusters) plus the hostile article."""
    path = tmp_path_factory.mktemp("web") / "examples.db"
    with tidings.open(path) as ws:
        outcomes = ws.ingest([str(EXAMPLES)])
        assert outcomes and all(o.status == "stored" for o in outcomes), outcomes
        ws.add_extractions([hostile_extraction()])
    return path


@pytest.fixture
def db_copy(example_db, tmp_path) -> Path:
    """A private copy of the example store, for tests that write."""
    path = tmp_path / "copy.db"
    shutil.copy(example_db, path)
    return path


@pytest.fixture(scope="session")
def workspace(example_db):
    with tidings.open(example_db) as ws:
        yield ws


@pytest.fixture(scope="session")
def client(workspace):
    from fastapi.testclient import TestClient

    from tidings.web.app import create_app

    with TestClient(create_app(workspace, token=TOKEN)) as test_client:
        yield test_client


@pytest.fixture
def write_client(db_copy):
    from fastapi.testclient import TestClient

    from tidings.web.app import create_app

    with tidings.open(db_copy) as ws, TestClient(create_app(ws, token=TOKEN)) as test_client:
        yield test_client


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_server(example_db, tmp_path_factory):
    """A real uvicorn server on 127.0.0.1 over its own copy of the example store; yields its base URL."""
    import uvicorn

    from tidings.web.app import create_app

    path = tmp_path_factory.mktemp("live") / "browser.db"
    shutil.copy(example_db, path)
    ws = tidings.open(path)
    server = uvicorn.Server(uvicorn.Config(create_app(ws, token=TOKEN), host="127.0.0.1", port=free_port(),
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 30
    while not server.started:
        assert time.monotonic() < deadline, "the test server did not start"
        time.sleep(0.05)
    yield f"http://127.0.0.1:{server.config.port}"
    server.should_exit = True
    thread.join(timeout=10)
    ws.close()
