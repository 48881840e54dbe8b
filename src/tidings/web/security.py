"""Who may write, and the headers and limits every response and request gets.

Reads are open to whoever can reach the server (127.0.0.1 by default); every write (review, actor changes,
ingest) needs ``Authorization: Bearer <token>``. The token lives in a file only its owner can read (mode 600),
generated on the first start and printed once. A bearer header is never sent by a browser on its own, so no
other site can make a user's browser write (no cookies, hence no CSRF).
"""

from __future__ import annotations

import hmac
import ipaddress
import os
import secrets
from dataclasses import dataclass
from pathlib import Path

from fastapi import Request
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from ..config import Settings
from ..errors import ConfigError, TidingsError

__all__ = ["ApiToken", "load_or_create_token", "is_loopback", "check_bind", "require_token", "SecurityHeaders",
           "BodyLimit", "Unauthorized", "CONTENT_SECURITY_POLICY"]

# Scripts, styles and workers come only from our own static files (the layout worker is a blob the bundle makes);
# nothing inline, no eval, no frames, no plugins, forms post only to us.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; connect-src 'self'; "
    "worker-src 'self' blob:; font-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
TOKEN_BYTES = 32


class Unauthorized(TidingsError):
    code = "T401"


@dataclass(frozen=True)
class ApiToken:
    """The write token and whether this start created it (then, and only then, it is shown)."""

    value: str
    path: Path | None
    created: bool = False


def load_or_create_token(settings: Settings, *, create: bool = True) -> ApiToken | None:
    """The configured token (``api_token``/``TIDINGS_API_TOKEN``), else the token file, else a new one in it."""
    if settings.api_token:
        return ApiToken(settings.api_token, None)
    path = settings.api_token_file.expanduser()
    if path.is_file():
        value = path.read_text(encoding="utf-8").strip()
        if len(value) < 16:
            raise ConfigError(f"token file {path} holds no usable token (delete it to get a new one)")
        return ApiToken(value, path)
    if not create:
        return None
    value = secrets.token_urlsafe(TOKEN_BYTES)
    path.parent.mkdir(parents=True, exist_ok=True)
    # Created with mode 600 from the first byte: never readable by others, whatever the umask.
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(value + "\n")
    return ApiToken(value, path, created=True)


def is_loopback(host: str) -> bool:
    if host == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def check_bind(host: str, settings: Settings) -> None:
    """A server others can reach must have a token its operator set up on purpose, not one made on the fly."""
    if is_loopback(host):
        return
    if load_or_create_token(settings, create=False) is None:
        raise ConfigError(
            f"refusing to listen on {host}: anyone on the network could reach it. Set TIDINGS_API_TOKEN (or "
            f"api_token in tidings.yaml), or start once on 127.0.0.1 to create {settings.api_token_file}")


def require_token(request: Request) -> None:
    """Dependency of every write route: the bearer token must match (compared in constant time)."""
    expected = request.app.state.token
    header = request.headers.get("authorization", "")
    scheme, _, given = header.partition(" ")
    if expected is None or scheme.lower() != "bearer" or not hmac.compare_digest(given.strip(), expected):
        raise Unauthorized("this action needs the API token: send 'Authorization: Bearer TOKEN' "
                           "(tidings serve printed it on its first start; it is kept in the token file)")


class SecurityHeaders:
    """Adds the content security policy and the usual hardening headers to every response."""

    HEADERS = [
        (b"content-security-policy", CONTENT_SECURITY_POLICY.encode()),
        (b"x-content-type-options", b"nosniff"),
        (b"referrer-policy", b"no-referrer"),
        (b"x-frame-options", b"DENY"),
        (b"cross-origin-opener-policy", b"same-origin"),
    ]

    def __init__(self, app: ASGIApp):
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                message["headers"] = [*message.get("headers", []), *self.HEADERS]
            await send(message)

        await self.app(scope, receive, send_with_headers)


class BodyLimit:
    """Refuses request bodies over a limit (uploads to /api/ingest get the larger one) with 413."""

    def __init__(self, app: ASGIApp, *, max_bytes: int, max_upload_bytes: int):
        self.app, self.max_bytes, self.max_upload_bytes = app, max_bytes, max_upload_bytes

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.max_upload_bytes if scope["path"].startswith("/api/ingest") else self.max_bytes
        declared = dict(scope.get("headers", [])).get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(send, limit)
            return
        seen = 0

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > limit:
                    raise _BodyTooLarge
            return message

        try:
            await self.app(scope, counted, send)
        except _BodyTooLarge:
            await _too_large(send, limit)


class _BodyTooLarge(Exception):
    pass


async def _too_large(send: Send, limit: int) -> None:
    body = (b'{"error": {"code": "T413", "message": "request body over the limit of %d bytes"}}' % limit)
    await send({"type": "http.response.start", "status": 413,
                "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
    await send({"type": "http.response.body", "body": body})
