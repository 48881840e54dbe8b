"""Cleaning HTML: trafilatura body and metadata, headline out of the text, bad HTML refused."""

from __future__ import annotations

import pytest
from ingest_pages import ARTICLE_HTML, ARTICLE_PARAGRAPHS, paragraphs_html

from tidings.errors import CleanError
from tidings.ingest import clean_document
from tidings.records import RawDocument


def raw_html(markup: str | bytes, **kwargs) -> RawDocument:
    data = markup.encode("utf-8") if isinstance(markup, str) else markup
    return RawDocument(doc_id="page", source="page", content=data, input_format="html", **kwargs)


def test_html_body_and_metadata():
    article = clean_document(raw_html(ARTICLE_HTML, url="https://ledger.example/news/1"))
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert article.title == "Gunmen attack border checkpoint"
    assert article.author == "Amina Farouk"
    assert article.outlet == "The Northern Ledger"
    assert (article.published, article.published_source) == ("2025-03-04", "metadata")
    assert article.url == "https://ledger.example/news/1"
    assert "Copyright" not in article.text and "Privacy" not in article.text
    assert article.language == "en"


def test_furniture_left_at_the_end_of_the_article_is_trimmed():
    markup = ARTICLE_HTML.replace("</article>", "<p>Click here to subscribe to our newsletter and never miss a story "
                                  "from the northern provinces again.</p></article>")
    assert clean_document(raw_html(markup)).text == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_date_only_in_visible_page_text_is_untrusted():
    markup = ARTICLE_HTML.replace('<meta property="article:published_time" content="2025-03-04T08:30:00Z">', "")
    markup = markup.replace("<nav>", "<nav><span>July 17, 2024</span> ")
    article = clean_document(raw_html(markup))
    assert (article.published, article.published_source) == ("2024-07-17", "page")
    assert any("untrusted" in warning for warning in article.warnings)


def test_input_title_and_date_win_over_page_metadata():
    article = clean_document(raw_html(ARTICLE_HTML, title="Given title", published="2025-03-05"))
    assert article.title == "Given title"
    assert (article.published, article.published_source) == ("2025-03-05", "input")


def test_html_fragment_from_a_feed_is_cleaned():
    article = clean_document(raw_html(paragraphs_html(ARTICLE_PARAGRAPHS[:2])))
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS[:2])


def test_declared_encoding_is_used():
    markup = "<html><body><article><p>" + ARTICLE_PARAGRAPHS[0].replace("officers", "officiers é") + "</p>"
    markup += "<p>" + ARTICLE_PARAGRAPHS[1] + "</p></article></body></html>"
    article = clean_document(raw_html(markup.encode("cp1252"), encoding="cp1252"))
    assert "officiers é" in article.text


@pytest.mark.parametrize(
    ("markup", "reason"),
    [
        ("<html><head><title>x</title></head><body><nav><a href='/'>Home</a></nav></body></html>", "no article"),
        ("<<<>>>", "no article"),
        ("", "empty"),
    ],
)
def test_html_without_article_text_raises(markup, reason):
    with pytest.raises(CleanError, match=reason):
        clean_document(raw_html(markup))
