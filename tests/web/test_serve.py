"""``tidings serve`` as a user starts it: a real process on 127.0.0.1, the token printed once, kept mode 600."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
import time

import httpx
from conftest import free_port
from typer.testing import CliRunner

from tidings.cli import app as cli

SERVE = [sys.executable, "-c", "from tidings.cli import main; main()", "serve"]


def _start(db, port: int, env: dict) -> subprocess.Popen:
    return subprocess.Popen([*SERVE, "--db", str(db), "--port", str(port)], env=env, stderr=subprocess.PIPE,
                            stdout=subprocess.DEVNULL, text=True)


def _wait(port: int, proc: subprocess.Popen) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, proc.stderr.read()
        try:
            httpx.get(f"http://127.0.0.1:{port}/api/events", timeout=2)
            return
        except httpx.TransportError:
            time.sleep(0.2)
    raise AssertionError("tidings serve did not answer within 60 s")


def _stop(proc: subprocess.Popen) -> str:
    proc.terminate()
    _, err = proc.communicate(timeout=20)
    return err


def test_serve_prints_a_new_token_once_and_keeps_it_private(db_copy, tmp_path):
    token_file = tmp_path / "conf" / "api_token"
    env = {**os.environ, "TIDINGS_API_TOKEN_FILE": str(token_file)}
    env.pop("TIDINGS_API_TOKEN", None)
    port = free_port()
    proc = _start(db_copy, port, env)
    try:
        _wait(port, proc)
        token = token_file.read_text().strip()
        assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
        event_id = httpx.get(f"http://127.0.0.1:{port}/api/review/queue").json()["items"][0]["event_id"]
        refused = httpx.post(f"http://127.0.0.1:{port}/api/review/{event_id}", json={"action": "accept"})
        assert refused.status_code == 401
        accepted = httpx.post(f"http://127.0.0.1:{port}/api/review/{event_id}", json={"action": "accept"},
                              headers={"Authorization": f"Bearer {token}"})
        assert accepted.status_code == 200
    finally:
        first = _stop(proc)
    assert token in first and f"#token={token}" in first and "127.0.0.1" in first
    port = free_port()
    proc = _start(db_copy, port, env)
    try:
        _wait(port, proc)
    finally:
        second = _stop(proc)
    assert token not in second and str(token_file) in second


def test_a_non_loopback_bind_refuses_without_a_token(db_copy, tmp_path, monkeypatch):
    monkeypatch.delenv("TIDINGS_API_TOKEN", raising=False)
    monkeypatch.setenv("TIDINGS_API_TOKEN_FILE", str(tmp_path / "none" / "api_token"))
    result = CliRunner().invoke(cli, ["serve", "--db", str(db_copy), "--host", "0.0.0.0", "--port", "1"])
    assert result.exit_code != 0
    assert "refusing to listen on 0.0.0.0" in str(result.exception)
    assert not (tmp_path / "none").exists()
