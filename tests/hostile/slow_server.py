"""A deliberately slow HTTP server on 127.0.0.1: it trickles its headers or its body one byte at a time."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

HEADERS = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Length: 100000\r\n\r\n"
PAGE_START = b"<html><body><p>"


def _trickle(conn: socket.socket, data: bytes, gap_s: float, stop: threading.Event) -> None:
    for i in range(len(data)):
        if stop.wait(gap_s):
            return
        conn.sendall(data[i:i + 1])


def _answer(conn: socket.socket, mode: str, gap_s: float, stop: threading.Event) -> None:
    try:
        conn.recv(65536)  # the request; its content does not matter
        if mode == "headers":
            _trickle(conn, HEADERS, gap_s, stop)
        else:
            conn.sendall(HEADERS + PAGE_START)
            _trickle(conn, b"x" * 100000, gap_s, stop)
    except OSError:
        pass  # the client hung up: what the deadline is for
    finally:
        conn.close()


@contextmanager
def slow_server(mode: str, *, gap_s: float = 0.2) -> Iterator[str]:
    """Serve on a free port; ``mode`` "headers" trickles the status line and headers, "body" the body."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(8)
    listener.settimeout(0.2)
    stop = threading.Event()

    def accept_loop() -> None:
        while not stop.is_set():
            try:
                conn, _ = listener.accept()
            except (TimeoutError, OSError):
                continue
            threading.Thread(target=_answer, args=(conn, mode, gap_s, stop), daemon=True).start()

    thread = threading.Thread(target=accept_loop, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{listener.getsockname()[1]}/slow"
    finally:
        stop.set()
        thread.join(timeout=5)
        listener.close()


def elapsed(func) -> float:
    start = time.monotonic()
    func()
    return time.monotonic() - start


@contextmanager
def page_server(body: bytes) -> Iterator[str]:
    """A plain server answering ``/page`` with ``body`` and anything else with 404; yields its base URL."""
    from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self) -> None:  # noqa: N802 (http.server's naming)
            found = self.path == "/page"
            self.send_response(200 if found else 404)
            self.send_header("Content-Type", "text/html")
            payload = body if found else b"not found"
            self.send_header("Content-Length", str(len(payload)))
            self.end_headers()
            self.wfile.write(payload)

        def log_message(self, *args) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
