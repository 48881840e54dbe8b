"""RSS/Atom feeds written by the test: inline content, fetched links, detection by content, bad feeds."""

from __future__ import annotations

from pathlib import Path

from ingest_pages import ARTICLE_HTML, ARTICLE_PARAGRAPHS, paragraphs_html, rss
from ingest_server import Route

from tidings.ingest import ReadOptions, clean_source, read_sources
from tidings.records import Article, RawDocument, ReadFailure

ATOM = """<?xml version="1.0" encoding="utf-8"?>
<feed xmlns="http://www.w3.org/2005/Atom">
  <title>Border Watch</title><id>urn:border-watch</id><updated>2025-03-04T12:00:00Z</updated>
  <entry>
    <title>Checkpoint attacked</title><id>urn:border-watch:1</id>
    <link href="https://borderwatch.example/1"/>
    <updated>2025-03-04T12:00:00Z</updated>
    <author><name>Omar Haddad</name></author>
    <content type="html">{content}</content>
  </entry>
</feed>
"""


def test_rss_file_given_with_feed_option(tmp_path: Path):
    path = tmp_path / "ledger.xml"
    path.write_text(rss([
        {"title": "First", "link": "https://ledger.example/1", "date": "Tue, 04 Mar 2025 08:00:00 GMT",
         "content": paragraphs_html(ARTICLE_PARAGRAPHS[:2])},
        {"title": "Second", "date": "Wed, 05 Mar 2025 09:00:00 GMT",
         "content": paragraphs_html(ARTICLE_PARAGRAPHS[2:])},
    ]), encoding="utf-8")
    items = list(read_sources([], ReadOptions(feeds=[str(path)])))
    assert [type(i) for i in items] == [RawDocument, RawDocument]
    first, second = items
    assert (first.doc_id, first.url, first.title) == ("https://ledger.example/1", "https://ledger.example/1", "First")
    assert second.doc_id == f"{path}#2" and second.url is None
    articles = list(clean_source([], ReadOptions(feeds=[str(path)])))
    assert articles[0].text == "\n\n".join(ARTICLE_PARAGRAPHS[:2])
    assert articles[0].outlet == "The Northern Ledger"  # the feed's title
    assert [(a.published, a.published_source) for a in articles] == [
        ("2025-03-04", "metadata"), ("2025-03-05", "metadata")]


def test_feed_file_is_detected_by_content_among_sources(tmp_path: Path):
    path = tmp_path / "feed"
    path.write_text(rss([{"title": "Only", "content": paragraphs_html(ARTICLE_PARAGRAPHS)}]), encoding="utf-8")
    [doc] = list(read_sources([str(path)], ReadOptions()))
    assert doc.doc_id == f"{path}#1" and doc.input_format == "html"


def test_atom_entry_with_author(tmp_path: Path):
    from html import escape

    path = tmp_path / "watch.atom"
    path.write_text(ATOM.format(content=escape(paragraphs_html(ARTICLE_PARAGRAPHS))), encoding="utf-8")
    [article] = list(clean_source([str(path)]))
    assert isinstance(article, Article)
    assert (article.author, article.title, article.published) == ("Omar Haddad", "Checkpoint attacked", "2025-03-04")
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_feed_url_whose_entries_are_fetched_by_link(http_server):
    http_server.routes["/story"] = Route(body=ARTICLE_HTML.encode("utf-8"))
    http_server.routes["/feed.xml"] = Route(content_type="application/rss+xml", body=rss([
        {"title": "Story", "link": http_server.url("/story"), "summary": "Teaser only."},
        {"title": "Gone", "link": http_server.url("/gone"), "summary": "Teaser only."},
    ]).encode("utf-8"))
    items = list(clean_source([], ReadOptions(feeds=[http_server.url("/feed.xml")], allow_private=True)))
    assert [type(i) for i in items] == [Article, ReadFailure]
    assert items[0].text == "\n\n".join(ARTICLE_PARAGRAPHS) and items[0].title == "Story"
    assert items[0].outlet == "The Northern Ledger"  # the fetched page's own metadata
    assert items[1].reason == f"feed entry 2: dead URL {http_server.url('/gone')}: HTTP 404"
    assert http_server.requests == ["/feed.xml", "/story", "/gone"]


def test_feed_entry_links_obey_the_address_policy(tmp_path: Path):
    path = tmp_path / "feed.rss"
    path.write_text(rss([{"title": "Internal", "link": "http://192.168.0.10/story"}]), encoding="utf-8")
    [failure] = list(read_sources([], ReadOptions(feeds=[str(path)])))
    assert failure.reason.startswith("feed entry 1: refused address 192.168.0.10")


def test_malformed_and_empty_feeds(tmp_path: Path):
    truncated = tmp_path / "truncated.rss"
    truncated.write_text('<?xml version="1.0"?><rss version="2.0"><channel><title>Ledger</ti', encoding="utf-8")
    empty = tmp_path / "empty.rss"
    empty.write_text(rss([]), encoding="utf-8")
    not_feed = tmp_path / "notes.txt"
    not_feed.write_text("just some words, not a feed at all", encoding="utf-8")
    feeds = [str(truncated), str(empty), str(not_feed), str(tmp_path / "no")]
    reasons = [i.reason for i in read_sources([], ReadOptions(feeds=feeds))]
    assert len(reasons) == 4
    assert reasons[0].startswith("malformed feed: ") and "unclosed token" in reasons[0]
    assert reasons[1] == "empty document: feed has no entries"
    assert reasons[2] == "not an RSS or Atom feed"
    assert reasons[3].startswith("cannot read")


def test_broken_feed_keeps_recovered_entries_and_reports_the_damage(tmp_path: Path):
    text = rss([{"title": "Kept", "content": paragraphs_html(ARTICLE_PARAGRAPHS)}])
    path = tmp_path / "cut.rss"
    path.write_text(text[: text.index("</channel>")] + "<item><title>Cut", encoding="utf-8")
    items = list(read_sources([], ReadOptions(feeds=[str(path)])))
    assert isinstance(items[0], ReadFailure) and items[0].reason.startswith("malformed feed (")
    assert any(isinstance(i, RawDocument) and i.title == "Kept" for i in items[1:])
