"""HTTP(S) fetching with a guard: every redirect hop is resolved and checked, size and time are capped."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

import httpx

from ..errors import SourceError
from .options import ReadOptions

__all__ = ["Fetched", "fetch_url", "check_address", "is_url"]

_SCHEMES = ("http", "https")
_CHUNK = 65536


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


def _restricted(addr: ipaddress.IPv4Address | ipaddress.IPv6Address) -> bool:
    # IPv4-mapped IPv6 (::ffff:10.0.0.1) must be judged as the IPv4 address it carries.
    mapped = getattr(addr, "ipv4_mapped", None)
    if mapped is not None:
        addr = mapped
    return (
        addr.is_private or addr.is_loopback or addr.is_link_local or addr.is_reserved
        or addr.is_multicast or addr.is_unspecified or not addr.is_global
    )


def check_address(url: str, *, allow_private: bool, trusted_hosts: tuple[str, ...] | list[str] = ()) -> None:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a non-public address."""
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise SourceError(f"refused URL {url}: only http and https are fetched")
    if not parts.hostname:
        raise SourceError(f"refused URL {url}: no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"dead URL {url}: cannot resolve host {parts.hostname}") from exc
    if allow_private or parts.hostname in trusted_hosts:
        return
    for info in infos:
        addr = ipaddress.ip_address(str(info[4][0]).split("%")[0])
        if _restricted(addr):
            raise SourceError(
                f"refused address {addr} for {url}: private, loopback, link-local or reserved (use --allow-private)"
            )


def fetch_url(url: str, options: ReadOptions) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects, each hop checked before it is requested."""
    deadline = time.monotonic() + options.timeout_s
    headers = {"User-Agent": options.user_agent}
    current = url
    # trust_env=False: a proxy from the environment would bypass the address checks made here.
    with httpx.Client(follow_redirects=False, timeout=options.timeout_s, trust_env=False, headers=headers) as client:
        for _hop in range(options.max_redirects + 1):
            check_address(current, allow_private=options.allow_private, trusted_hosts=options.trusted_hosts)
            result = _get_once(client, current, options, deadline)
            if isinstance(result, Fetched):
                return Fetched(url, result.final_url, result.content, result.content_type, result.encoding)
            current = result
    raise SourceError(f"too many redirects (more than {options.max_redirects}) from {url}")


def _get_once(client: httpx.Client, url: str, options: ReadOptions, deadline: float) -> Fetched | str:
    """One request: the fetched resource, or the next URL when the answer is a redirect."""
    try:
        with client.stream("GET", url) as response:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(url, response.headers["location"])
            if response.status_code >= 400:
                raise SourceError(f"dead URL {url}: HTTP {response.status_code}")
            content = _read_capped(response, url, options.max_bytes, deadline)
            return Fetched(url, url, content, response.headers.get("content-type", ""), response.charset_encoding)
    except httpx.TimeoutException as exc:
        raise SourceError(f"timed out after {options.timeout_s:g}s fetching {url}") from exc
    except httpx.HTTPError as exc:
        raise SourceError(f"dead URL {url}: {type(exc).__name__}: {exc}") from exc


def _read_capped(response: httpx.Response, url: str, max_bytes: int, deadline: float) -> bytes:
    declared = response.headers.get("content-length", "")
    if declared.isdigit() and int(declared) > max_bytes:
        raise SourceError(f"oversize: {url} declares {int(declared)} bytes, over the {max_bytes}-byte limit")
    chunks: list[bytes] = []
    total = 0
    # iter_bytes decodes gzip/deflate, so the cap applies to what we would actually hold in memory.
    for chunk in response.iter_bytes(_CHUNK):
        total += len(chunk)
        if total > max_bytes:
            raise SourceError(f"oversize: {url} sends more than {max_bytes} bytes")
        if time.monotonic() > deadline:
            raise SourceError(f"timed out: {url} took longer than the fetch limit")
        chunks.append(chunk)
    return b"".join(chunks)
