"""A real HTTP server on 127.0.0.1 for reader tests: routes each test defines, requests it records."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


@dataclass
class Route:
    """What the server answers on one path."""

    status: int = 200
    body: bytes = b""
    content_type: str = "text/html; charset=utf-8"
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    send_length: bool = True


@dataclass
class LocalServer:
    """A live server: ``routes`` maps paths to answers, ``requests`` records every path asked for."""

    base: str
    routes: dict[str, Route]
    requests: list[str]
    hosts: list[str] = field(default_factory=list)

    def url(self, path: str) -> str:
        return self.base + path


def _handler(routes: dict[str, Route], requests: list[str], hosts: list[str]):
    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            requests.append(self.path)
            hosts.append(self.headers.get("Host", ""))
            route = routes.get(self.path, Route(status=404, body=b"not found"))
            if route.delay_s:
                time.sleep(route.delay_s)
            try:
                self.send_response(route.status)
                self.send_header("Content-Type", route.content_type)
                for key, value in route.headers.items():
                    self.send_header(key, value)
                if route.send_length:
                    self.send_header("Content-Length", str(len(route.body)))
                self.end_headers()
                self.wfile.write(route.body)
            except (BrokenPipeError, ConnectionResetError):
                pass  # the client gave up (size cap, timeout): that is what some tests check

        def log_message(self, *args) -> None:
            pass

    return Handler


@contextmanager
def serve() -> Iterator[LocalServer]:
    """Run a server in a thread for the duration of the block."""
    routes: dict[str, Route] = {}
    requests: list[str] = []
    hosts: list[str] = []
    server = ThreadingHTTPServer(("127.0.0.1", 0), _handler(routes, requests, hosts))
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)
    thread.start()
    try:
        yield LocalServer(f"http://127.0.0.1:{server.server_address[1]}", routes, requests, hosts)
    finally:
        server.shutdown()
        server.server_close()
