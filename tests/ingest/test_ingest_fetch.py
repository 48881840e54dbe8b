"""URL reading against a real HTTP server on 127.0.0.1: redirects hop by hop, address policy, limits."""

from __future__ import annotations

import pytest
from ingest_pages import ARTICLE_HTML, ARTICLE_PARAGRAPHS
from ingest_server import Route

from tidings.errors import SourceError
from tidings.ingest import ReadOptions, clean_source, read_sources
from tidings.ingest.fetch import check_address
from tidings.records import Article, RawDocument, ReadFailure


def read_url(url: str, **options) -> list:
    return list(read_sources([url], ReadOptions(**options)))


def test_html_url_is_fetched_and_cleaned(http_server):
    http_server.routes["/news/1"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    [article] = list(clean_source([http_server.url("/news/1")], ReadOptions(allow_private=True)))
    assert isinstance(article, Article)
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert article.url == http_server.url("/news/1")


def test_plain_text_url_is_read_as_text(http_server):
    http_server.routes["/wire.txt"] = Route(body=ARTICLE_PARAGRAPHS[0].encode(), content_type="text/plain")
    [doc] = read_url(http_server.url("/wire.txt"), allow_private=True)
    assert doc.input_format == "text"


def test_loopback_is_refused_without_allow_private(http_server):
    http_server.routes["/news/1"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    [failure] = read_url(http_server.url("/news/1"))
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("refused address 127.0.0.1") and "--allow-private" in failure.reason
    assert http_server.requests == []  # refused before any request was made


def test_redirect_chain_is_followed_hop_by_hop(http_server):
    http_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    http_server.routes["/b"] = Route(status=301, headers={"Location": http_server.url("/final")})
    http_server.routes["/final"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    [doc] = read_url(http_server.url("/a"), allow_private=True)
    assert isinstance(doc, RawDocument)
    assert http_server.requests == ["/a", "/b", "/final"]
    assert doc.doc_id == http_server.url("/a") and doc.url == http_server.url("/final")


def test_redirect_to_a_private_address_is_refused_at_that_hop(http_server):
    # The local server is trusted by name; the hop it redirects to (a private 10.x address) is not.
    http_server.routes["/a"] = Route(status=302, headers={"Location": "/b"})
    http_server.routes["/b"] = Route(status=302, headers={"Location": "http://10.20.30.40/internal"})
    [failure] = read_url(http_server.url("/a"), trusted_hosts=["127.0.0.1"])
    assert isinstance(failure, ReadFailure)
    assert failure.reason.startswith("refused address 10.20.30.40 for http://10.20.30.40/internal")
    assert http_server.requests == ["/a", "/b"]


def test_request_goes_to_the_checked_address_with_the_original_host_header(http_server):
    # "localhost" may resolve to ::1 first, where nothing listens: the next checked address is tried.
    http_server.routes["/n"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    port = http_server.base.rsplit(":", 1)[1]
    [doc] = read_url(f"http://localhost:{port}/n", trusted_hosts=["localhost"])
    assert isinstance(doc, RawDocument) and doc.url == f"http://localhost:{port}/n"
    assert http_server.hosts == [f"localhost:{port}"]


def test_redirect_to_another_scheme_is_refused(http_server):
    http_server.routes["/a"] = Route(status=302, headers={"Location": "file:///etc/passwd"})
    [failure] = read_url(http_server.url("/a"), allow_private=True)
    assert "only http and https" in failure.reason


def test_too_many_redirects(http_server):
    http_server.routes["/loop"] = Route(status=302, headers={"Location": "/loop"})
    [failure] = read_url(http_server.url("/loop"), allow_private=True, max_redirects=3)
    assert failure.reason.startswith("too many redirects (more than 3)")
    assert len(http_server.requests) == 4


def test_dead_url_404(http_server):
    [failure] = read_url(http_server.url("/gone"), allow_private=True)
    assert failure.reason == f"dead URL {http_server.url('/gone')}: HTTP 404"


def test_unreachable_port_is_a_dead_url(http_server):
    import socket

    with socket.socket() as probe:  # a port nobody listens on: bind, read it, close
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    [failure] = read_url(f"http://127.0.0.1:{port}/x", allow_private=True)
    assert failure.reason.startswith("dead URL") and "ConnectError" in failure.reason


def test_timeout(http_server):
    http_server.routes["/slow"] = Route(body=b"<p>late</p>", delay_s=2.0)
    [failure] = read_url(http_server.url("/slow"), allow_private=True, timeout_s=0.3)
    assert failure.reason.startswith("timed out after 0.3s")


def test_size_cap_on_declared_length(http_server):
    http_server.routes["/big"] = Route(body=b"<p>" + b"x" * 5000 + b"</p>")
    [failure] = read_url(http_server.url("/big"), allow_private=True, max_bytes=1000)
    assert failure.reason.startswith("oversize") and "declares 5007 bytes" in failure.reason


def test_size_cap_while_streaming_without_length(http_server):
    http_server.routes["/stream"] = Route(body=b"<p>" + b"x" * 300_000 + b"</p>", send_length=False)
    [failure] = read_url(http_server.url("/stream"), allow_private=True, max_bytes=100_000)
    assert failure.reason.startswith("oversize") and "more than 100000 bytes" in failure.reason


def test_batch_goes_on_after_a_bad_url(http_server):
    http_server.routes["/ok"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    items = list(read_sources([http_server.url("/missing"), http_server.url("/ok")], ReadOptions(allow_private=True)))
    assert [type(i) for i in items] == [ReadFailure, RawDocument]


@pytest.mark.parametrize(
    "url",
    [
        "http://10.0.0.1/", "http://192.168.1.1/", "http://172.16.0.5/", "http://169.254.169.254/latest/meta-data",
        "http://[::1]/", "http://[fe80::1]/", "http://[::ffff:127.0.0.1]/", "http://0.0.0.0/", "http://100.64.0.1/",
        "http://240.0.0.1/",
    ],
)
def test_non_public_addresses_are_refused(url):
    with pytest.raises(SourceError, match="refused address"):
        check_address(url, allow_private=False)


def test_public_address_passes_and_allow_private_lets_private_through():
    check_address("http://93.184.216.34/", allow_private=False)
    check_address("http://10.0.0.1/", allow_private=True)
