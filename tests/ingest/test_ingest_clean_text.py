"""Cleaning plain scraped text: the seed article against its gold, and the rules behind it."""

from __future__ import annotations

import pytest
from ingest_pages import ARTICLE_PARAGRAPHS, SCRAPED_TEXT

from tidings.errors import CleanError
from tidings.ingest import clean_document
from tidings.ingest.meta import content_hash, parse_byline, parse_page_date
from tidings.records import RawDocument


def raw_text(content: str | bytes, **kwargs) -> RawDocument:
    data = content.encode("utf-8") if isinstance(content, str) else content
    return RawDocument(doc_id="doc", source="doc", content=data, input_format="text", **kwargs)


@pytest.fixture(scope="module")
def seed_article(seed_path):
    return clean_document(raw_text(seed_path.read_bytes()))


def test_seed_keeps_every_article_paragraph_verbatim(seed_article, seed_path, gold):
    lines = [line.strip() for line in seed_path.read_text(encoding="utf-8").splitlines() if line.strip()]
    # The article runs from the line after the gold headline to the line before the byline.
    first = lines.index(gold["article"]["title"]) + 1
    last = next(i for i, line in enumerate(lines) if line.startswith("By ") and gold["article"]["byline"] in line)
    assert len(lines[first:last]) == 18
    assert seed_article.text.split("\n\n") == lines[first:last]


def test_seed_drops_every_gold_boilerplate_line(seed_article, gold):
    paragraphs = seed_article.text.split("\n\n")
    for line in gold["article"]["boilerplate"]:
        assert line not in paragraphs
        assert line not in seed_article.text


def test_seed_metadata_matches_gold(seed_article, gold):
    assert seed_article.title == gold["article"]["title"]
    assert seed_article.author == gold["article"]["byline"]
    assert seed_article.outlet == gold["article"]["outlet"]
    assert seed_article.title not in seed_article.text
    assert "By Sean Savage" not in seed_article.text
    assert seed_article.language == "en"


def test_seed_chrome_date_is_reported_as_untrusted_page_date(seed_article):
    assert seed_article.published == "2024-07-17"
    assert seed_article.published_source == "page"
    assert any("untrusted" in warning for warning in seed_article.warnings)


def test_published_argument_overrides_page_date(seed_path):
    article = clean_document(raw_text(seed_path.read_bytes()), published="2016-01-20")
    assert (article.published, article.published_source) == ("2016-01-20", "input")
    assert not any("untrusted" in warning for warning in article.warnings)


def test_bad_published_argument_is_an_error(seed_path):
    with pytest.raises(CleanError, match="cannot read published date"):
        clean_document(raw_text(seed_path.read_bytes()), published="sometime last spring")


def test_input_date_is_normalised_and_marked_input():
    article = clean_document(raw_text(SCRAPED_TEXT, published="2025-03-05T10:00:00+02:00"))
    assert (article.published, article.published_source) == ("2025-03-05", "input")


def test_dateline_under_the_headline_is_article_text_not_chrome():
    text = "\n\n".join(["Home | World", "Gunmen Attack Border Checkpoint", "By Amina Farouk", "March 4, 2025",
                         *ARTICLE_PARAGRAPHS, "Share this article"])
    article = clean_document(raw_text(text))
    assert (article.published, article.published_source, article.warnings) == ("2025-03-04", "text", [])
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_scraped_text_headline_byline_and_offsets():
    article = clean_document(raw_text(SCRAPED_TEXT))
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert article.title == "Gunmen Attack Border Checkpoint, Killing Three Officers"
    assert (article.author, article.outlet) == ("Amina Farouk", "The Northern Ledger")
    # Offsets into the cleaned text find the same characters as in the input paragraph.
    start = article.text.index("killing three officers")
    assert article.text[start : start + 22] == "killing three officers"
    assert article.content_hash == content_hash(" \n ".join(ARTICLE_PARAGRAPHS))


def test_crlf_and_indented_lines_keep_their_characters():
    text = "\r\n".join(f"   {p}   " for p in ARTICLE_PARAGRAPHS)
    assert clean_document(raw_text(text)).text == "\n\n".join(ARTICLE_PARAGRAPHS)


def test_hard_wrapped_paragraphs_stay_whole():
    import textwrap

    wrapped = "\n\n".join(textwrap.fill(p, width=72) for p in ARTICLE_PARAGRAPHS)
    text = f"Home | World | Sport\n\nGunmen Attack Border Checkpoint\n\n{wrapped}\n\nShare this article\n"
    article = clean_document(raw_text(text))
    assert article.text == wrapped
    assert article.title == "Gunmen Attack Border Checkpoint"
    assert [" ".join(p.split()) for p in article.text.split("\n\n")] == ARTICLE_PARAGRAPHS


def test_lists_of_links_are_not_taken_for_wrapped_prose():
    from tidings.ingest.textclean import paragraph_units

    links = [
        "Egypt Reopens Rafah Crossing for Medical Evacuations",
        "Sudan Talks Stall as Fighting Spreads to Kordofan Region",
        "Jordan Shoots Down Drone Carrying Drugs From Syria",
    ]
    assert paragraph_units("\n".join(links)) == links


def test_furniture_phrases_are_dropped_even_as_full_sentences():
    text = "\n\n".join([
        "Home | World", "Gunmen Attack Border Checkpoint", "Advertisement", ARTICLE_PARAGRAPHS[0], "Advertisement",
        ARTICLE_PARAGRAPHS[1], "READ MORE: Egypt reopens Rafah crossing for medical evacuations", ARTICLE_PARAGRAPHS[2],
        "Click here to subscribe to our newsletter and get the latest news from the region every morning.",
    ])
    article = clean_document(raw_text(text))
    assert article.text == "\n\n".join(ARTICLE_PARAGRAPHS)
    assert article.title == "Gunmen Attack Border Checkpoint"


def test_short_note_without_chrome_is_kept_whole():
    note = "Two rockets were fired from the south at the town overnight, the army said.\n"
    article = clean_document(raw_text(note))
    assert article.text == note.strip()
    assert article.published is None and article.published_source is None


def test_non_english_text_is_cleaned_and_flagged_not_refused():
    text = (
        "Las fuerzas de seguridad informaron el martes que hombres armados atacaron un puesto de control "
        "policial cerca del paso fronterizo, y mataron a tres agentes.\n\n"
        "Ningún grupo se ha atribuido la responsabilidad del ataque, pero las autoridades culparon a una "
        "milicia local que ha llevado a cabo incursiones similares."
    )
    article = clean_document(raw_text(text))
    assert article.language == "es"
    assert "tres agentes" in article.text


@pytest.mark.parametrize(
    ("content", "reason"),
    [(b"", "empty"), (b"  \n\t\n ", "empty"), (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" * 20, "binary")],
)
def test_unusable_text_raises_clean_error(content, reason):
    with pytest.raises(CleanError, match=reason):
        clean_document(raw_text(content))


def test_undecodable_bytes_raise_clean_error():
    garbage = bytes(range(0x80, 0x100)) * 8
    with pytest.raises(CleanError, match="undecodable"):
        clean_document(raw_text(garbage))


def test_latin1_text_is_decoded():
    text = "Le ministre a déclaré que la frontière resterait fermée jusqu'à nouvel ordre, selon un communiqué."
    article = clean_document(raw_text(text.encode("latin-1")))
    assert article.text == text


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("By Sean Savage/JNS.org", ("Sean Savage", "JNS.org")),
        ("By Mark al-Hassan and Lina Odeh for The Levant Post", ("Mark al-Hassan and Lina Odeh", "The Levant Post")),
        ("BY RANIA SAID", ("RANIA SAID", None)),
        ("By the end of the year, the talks had stalled.", None),
        ("Byzantine ruins were shelled", None),
    ],
)
def test_parse_byline(line, expected):
    assert parse_byline(line) == expected


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("July 17, 2024", "2024-07-17"),
        ("Wednesday, July 17, 2024", "2024-07-17"),
        ("Published: 3 Sept. 2025", "2025-09-03"),
        ("Updated July 3, 2025 at 10:45 a.m. EDT", "2025-07-03"),
        ("2024-02-30", None),
        ("July 2024", None),
        ("On July 17, 2024 the army moved in.", None),
    ],
)
def test_parse_page_date(line, expected):
    assert parse_page_date(line) == expected
