"""HTTP(S) fetching with a guard: every redirect hop is resolved and checked, size and time are capped."""

from __future__ import annotations

import ipaddress
import socket
import time
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit, urlunsplit

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


def check_address(url: str, *, allow_private: bool, trusted_hosts: tuple[str, ...] | list[str] = ()) -> list[str]:
    """Refuse a URL whose scheme is not http(s) or whose host resolves to a non-public address.

    Returns the addresses to connect to, so the request goes where the check looked (no second lookup
    that a rebinding DNS server could answer differently).
    """
    parts = urlsplit(url)
    if parts.scheme.lower() not in _SCHEMES:
        raise SourceError(f"refused URL {url}: only http and https are fetched")
    if not parts.hostname:
        raise SourceError(f"refused URL {url}: no host")
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or 443, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError) as exc:
        raise SourceError(f"dead URL {url}: cannot resolve host {parts.hostname}") from exc
    addresses = [ipaddress.ip_address(str(info[4][0]).split("%")[0]) for info in infos]
    if not (allow_private or parts.hostname in trusted_hosts):
        for addr in addresses:
            if _restricted(addr):
                raise SourceError(
                    f"refused address {addr} for {url}: private, loopback, link-local or reserved (use --allow-private)"
                )
    return list(dict.fromkeys(str(addr) for addr in addresses))


def fetch_url(url: str, options: ReadOptions) -> Fetched:
    """GET ``url``, following at most ``max_redirects`` redirects, each hop checked before it is requested."""
    deadline = time.monotonic() + options.timeout_s
    headers = {"User-Agent": options.user_agent}
    current = url
    # trust_env=False: a proxy from the environment would bypass the address checks made here.
    with httpx.Client(follow_redirects=False, timeout=options.timeout_s, trust_env=False, headers=headers) as client:
        for _hop in range(options.max_redirects + 1):
            addresses = check_address(current, allow_private=options.allow_private, trusted_hosts=options.trusted_hosts)
            result = _get_any(client, addresses, current, options, deadline)
            if isinstance(result, Fetched):
                return Fetched(url, result.final_url, result.content, result.content_type, result.encoding)
            current = result
    raise SourceError(f"too many redirects (more than {options.max_redirects}) from {url}")


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
    try:
        response = client.send(request, stream=True)
        try:
            if response.is_redirect and response.headers.get("location"):
                return urljoin(url, response.headers["location"])
            if response.status_code >= 400:
                raise SourceError(f"dead URL {url}: HTTP {response.status_code}")
            content = _read_capped(response, url, options.max_bytes, deadline)
            return Fetched(url, url, content, response.headers.get("content-type", ""), response.charset_encoding)
        finally:
            response.close()
    except httpx.ConnectError as exc:
        raise _Unreachable(f"dead URL {url}: ConnectError: {exc}") from exc
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
