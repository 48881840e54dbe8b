"""HTTP(S) fetching with a guard: every redirect hop is resolved and checked, size and time are capped.

The time cap is one wall-clock deadline for the whole fetch (connect, TLS, headers, body, redirects):
httpx's own timeouts are per socket operation, so a server trickling one byte a second would never
trip them. The deadline is enforced under httpx, on every socket read and write (:class:`_DeadlineBackend`).
"""

from __future__ import annotations

import ipaddress
import re
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

import httpcore
import httpx

from ..errors import SourceError
from .options import ReadOptions

__all__ = ["Fetched", "fetch_url", "check_address", "is_url", "has_other_scheme", "strip_credentials"]

_SCHEMES = ("http", "https")
# "file://", "ftp://", "gopher://"...: a source that names a scheme, so it is not a local path.
_ANY_SCHEME = re.compile(r"^[a-zA-Z][a-zA-Z0-9+.-]*://")


@dataclass(frozen=True)
class Fetched:
    """A fetched resource: where it ended up, its bytes and what the server said it is."""

    url: str
    final_url: str
    content: bytes
    content_type: str
    encoding: str | None


def is_url(source: str) -> bool:
    """True when ``source`` names an http(s) URL."""
    return urlsplit(source).scheme.lower() in _SCHEMES


def has_other_scheme(source: str) -> bool:
    """True when ``source`` names a URL of a scheme we never fetch (file://, ftp://...)."""
    return bool(_ANY_SCHEME.match(source)) and not is_url(source)


def strip_credentials(url: str) -> str:
    """``url`` without any ``user:password@`` part: credentials must never reach a doc id or the store."""
    parts = urlsplit(url)
    if "@" not in parts.netloc:
        return url
    return urlunsplit((parts.scheme, parts.netloc.rsplit("@", 1)[1], parts.path, parts.query, parts.fragment))


def _restricted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # IPv4-mapped IPv6 (::ffff:10.0.0.1) must be judged as the IPv4 address it carries.
    mapped = getattr(addr, "ipv4_mapped", None)
    if mapped is not None:
        addr = mapped
    return (
        addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
        or addr.is_multicast or addr.is_unspecified or not addr.is_global
    )


def check_address(url: str, *, allow_private: bool, trusted_hosts: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a non-public address.

    Returns the addresses to connect to, so the request goes where the check looked (no second lookup
    that a rebinding DNS server could answer differently).
    """
    parts = urlsplit(url)
    shown = strip_credentials(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise SourceError(f"refused URL {shown}: only http and https are fetched")
    if not parts.hostname:
        raise SourceError(f"refused URL {shown}: no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"dead URL {shown}: cannot resolve host {parts.hostname}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not (allow_private or parts.hostname in trusted_hosts):
        for addr in addresses:
            if _restricted(addr):
                raise SourceError(
                    f"refused address {addr} for {shown}: private, loopback, link-local or reserved "
                    "(use --allow-private)"
                )
    return list(dict.fromkeys(str(addr) for addr in addresses))


class _DeadlineStream(httpcore.NetworkStream):
    """A socket stream whose every read and write ends by the fetch's deadline, however slowly bytes arrive."""

    def __init__(self, inner: httpcore.NetworkStream, deadline: float):
        self._inner, self._deadline = inner, deadline

    def _budget(self, timeout: float | None, error: type[Exception]) -> float:
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise error("fetch deadline passed")
        return left if timeout is None else min(timeout, left)

    def read(self, max_bytes: int, timeout: float | None = None) -> bytes:
        return self._inner.read(max_bytes, self._budget(timeout, httpcore.ReadTimeout))

    def write(self, buffer: bytes, timeout: float | None = None) -> None:
        self._inner.write(buffer, self._budget(timeout, httpcore.WriteTimeout))

    def close(self) -> None:
        self._inner.close()

    def start_tls(self, ssl_context, server_hostname: str | None = None, timeout: float | None = None):
        tls = self._inner.start_tls(ssl_context, server_hostname, self._budget(timeout, httpcore.ConnectTimeout))
        return _DeadlineStream(tls, self._deadline)

    def get_extra_info(self, info: str):
        return self._inner.get_extra_info(info)


class _DeadlineBackend(httpcore.NetworkBackend):
    """httpcore's socket backend with one deadline over every connect, read and write of a fetch."""

    def __init__(self, deadline: float):
        self._inner, self._deadline = httpcore.SyncBackend(), deadline

    def connect_tcp(self, host, port, timeout=None, local_address=None, socket_options=None):
        left = self._deadline - time.monotonic()
        if left <= 0:
            raise httpcore.ConnectTimeout("fetch deadline passed")
        timeout = left if timeout is None else min(timeout, left)
        stream = self._inner.connect_tcp(host, port, timeout, local_address, socket_options)
        return _DeadlineStream(stream, self._deadline)

    def connect_unix_socket(self, path, timeout=None, socket_options=None):
        raise httpcore.ConnectError("unix sockets are never fetched")


def _deadline_transport(deadline: float) -> httpx.HTTPTransport:
    """An httpx transport whose connection pool runs on :class:`_DeadlineBackend`."""
    transport = httpx.HTTPTransport(trust_env=False)
    # httpx takes no network backend, so its pool is rebuilt around ours (same TLS settings, no proxy).
    transport._pool = httpcore.ConnectionPool(
        ssl_context=httpx.create_ssl_context(trust_env=False), network_backend=_DeadlineBackend(deadline),
    )
    return transport


def fetch_url(url: str, options: ReadOptions) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects, each hop checked before it is requested.

    The whole fetch ends within ``options.timeout_s`` seconds, redirects included.
    """
    deadline = time.monotonic() + options.timeout_s
    headers = {"User-Agent": options.user_agent}
    current = url
    # trust_env=False: a proxy from the environment would bypass the address checks made here.
    with httpx.Client(follow_redirects=False, timeout=options.timeout_s, trust_env=False, headers=headers,
                      transport=_deadline_transport(deadline)) as client:
        for _hop in range(options.max_redirects + 1):
            addresses = check_address(current, allow_private=options.allow_private, trusted_hosts=options.trusted_hosts)
            result = _get_any(client, addresses, current, options, deadline)
            if isinstance(result, Fetched):
                return Fetched(strip_credentials(url), strip_credentials(result.final_url), result.content,
                               result.content_type, result.encoding)
            current = result
    raise SourceError(f"too many redirects (more than {options.max_redirects}) from {strip_credentials(url)}")


def _get_any(
    client: httpx.Client, addresses: list[str], url: str, options: ReadOptions, deadline: float
) -> Fetched | str:
    """Try the checked addresses in resolver order, as a plain connect would, until one answers."""
    for address in addresses[:-1]:
        try:
            return _get_once(client, _pinned_request(client, url, address), url, options, deadline)
        except _Unreachable:
            continue
    try:
        return _get_once(client, _pinned_request(client, url, addresses[-1]), url, options, deadline)
    except _Unreachable as exc:
        raise SourceError(exc.reason) from exc


class _Unreachable(SourceError):
    """No connection could be made to one address (another address of the host may still answer)."""


def _pinned_request(client: httpx.Client, url: str, address: str) -> httpx.Request:
    """A GET for ``url`` sent to the checked ``address``; Host header and TLS name stay the URL's host."""
    parts = urlsplit(url)
    host = f"[{address}]" if ":" in address else address
    netloc = host + (f":{parts.port}" if parts.port else "")
    target = urlunsplit((parts.scheme, netloc, parts.path or "/", parts.query, ""))
    extensions = {"sni_hostname": parts.hostname} if parts.scheme.lower() == "https" else {}
    return client.build_request("GET", target, headers={"Host": parts.netloc.rsplit("@", 1)[-1]}, extensions=extensions)


def _get_once(
    client: httpx.Client, request: httpx.Request, url: str, options: ReadOptions, deadline: float
) -> Fetched | str:
    """One request: the fetched resource, or the next URL when the answer is a redirect."""
    shown = strip_credentials(url)
    try:
        response = client.send(request, stream=True)
        try:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(url, response.headers["location"])
            if response.status_code >= 400:
                raise SourceError(f"dead URL {shown}: HTTP {response.status_code}")
            content = _read_capped(response, shown, options.max_bytes, deadline)
            return Fetched(url, url, content, response.headers.get("content-type", ""), response.charset_encoding)
        finally:
            response.close()
    except httpx.ConnectError as exc:
        raise _Unreachable(f"dead URL {shown}: ConnectError: {exc}") from exc
    except httpx.TimeoutException as exc:
        raise SourceError(f"timed out after {options.timeout_s:g}s fetching {shown}") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"dead URL {shown}: {type(exc).__name__}: {exc}") from exc


def _read_capped(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(f"oversize: {url} declares {int(declared)} bytes, over the {max_bytes}-byte limit")
    chunks: list[bytes] = []
    total = 0
    # iter_bytes decodes gzip/deflate, so the cap applies to what we would actually hold in memory; without a
    # chunk size it hands over what each socket read decoded to, so the checks below run after every read.
    for chunk in response.iter_bytes():
        total += len(chunk)
        if total > max_bytes:
            raise SourceError(f"oversize: {url} sends more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise SourceError(f"timed out: {url} took longer than the fetch limit")
        chunks.append(chunk)
    return b"".join(chunks)
