"""Cleaning loses no article text (issue 9, item 3): real aeb-dev pages, their reference bodies, the news golds.

The HTML cases are real pages of ``../shared/data/aeb-dev`` and skip when it is absent. The JSON Lines
and plain-text cases use the pages' reference article bodies (clean news text) and a government
statement written for this test.
"""

from __future__ import annotations

import gzip
import json
import re
from functools import cache
from pathlib import Path

import pytest

from tidings.ingest import clean_document
from tidings.ingest.jsonl import read_jsonl
from tidings.ingest.textclean import load_chrome
from tidings.records import RawDocument

SHARED = Path(__file__).resolve().parents[2].parent / "shared"
AEB = SHARED / "data" / "aeb-dev"
NEWS_GOLD = SHARED / "gold" / "news"
_SENTENCE = re.compile(r"[.!?][\"'”’)\]]*$")


def _page_path(prefix: str) -> Path:
    matches = sorted((AEB / "html").glob(f"{prefix}*.html.gz")) if (AEB / "html").is_dir() else []
    if not matches:
        pytest.skip(f"aeb-dev page {prefix} not present")
    return matches[0]


@cache
def _clean_page(path: Path):
    raw = RawDocument(doc_id=path.name, source=str(path), content=gzip.decompress(path.read_bytes()),
                      input_format="html")
    return clean_document(raw)


def _flat(text: str) -> str:
    """Text as its words only: quotes, dashes, soft hyphens and spacing around them do not count."""
    return " ".join(re.findall(r"\w+", text.replace("\xad", "").casefold()))


@cache
def _reference_bodies() -> dict[str, str]:
    truth = AEB / "ground-truth.json"
    if not truth.is_file():
        pytest.skip("aeb-dev reference bodies not present")
    return {key: row["articleBody"] for key, row in json.loads(truth.read_text(encoding="utf-8")).items()}


# --- HTML: words inside a sentence and the lead paragraph ------------------------------------------------


def test_link_text_inside_a_sentence_is_kept():
    # CBS Sports: <span class="link"><a>the NFL will fine Rudolph</a></span> mid-sentence; precision-mode
    # extraction deleted the span with its words ("has reported that for his role in the fight").
    text = _clean_page(_page_path("08f7937627")).text
    assert "Jason La Canfora has reported that the NFL will fine Rudolph for his role in the fight." in text
    assert "as the NFL decided to move the teams' Week 13 rematch in Pittsburgh" in text


@pytest.mark.parametrize(
    ("prefix", "lead"),
    [
        ("6ebac05f63", "A New York man pleaded guilty to charges he threatened to kill Rep. Ilhan Omar (D-Minn.), "
                       "the U.S. Attorney’s Office for the Western District of New York announced Monday."),
        ("156770d676", "South Dakota Gov. Kristi Noem (R) is defending the state’s launch of an anti-drug campaign"),
    ],
)
def test_lead_paragraph_is_not_broken_by_a_hover_card(prefix, lead):
    # The Hill puts a pop-up card (the person's latest headlines, "MORE") inside the lead sentence.
    article = _clean_page(_page_path(prefix))
    first = article.text.split("\n\n")[0]
    assert first.startswith(lead)
    assert "MORE" not in first and "Hillicon Valley" not in article.text


def test_dateline_element_keeps_its_space_and_the_repeated_headline_goes():
    article = _clean_page(_page_path("d605bdef2c"))
    paragraphs = article.text.split("\n\n")
    assert paragraphs[0] == ("Hong Kong (CNN Business) A muddled view of US-China trade talks once again seems to "
                             "be weighing on investors.")
    assert article.title.strip() not in paragraphs


def test_inline_markup_rules_on_a_written_page():
    """Link spans keep their words; hidden text, screen-reader text and pop-up cards stay out of the sentence."""
    html = """<html><head><title>Gunmen attack checkpoint</title></head><body><article><h1>Gunmen attack checkpoint</h1>
<p>Security forces said on Tuesday that gunmen had attacked a <span class="link"><a href="/c">police checkpoint</a>
</span> near the border crossing, killing three officers and wounding at least five others.</p>
<p>A spokesman for the <span style="display: none">HIDDEN TEXT</span>provincial governor told
<a href="/r">reporters<span class="sr-only"> (opens in a new window)</span></a> that the attackers fled toward the
hills after the gun battle, which lasted for more than an hour.</p>
<p>Officials blamed <span class="rollover-people"><a href="/m">a local militia</a><span class="rollover-people-block">
<a href="/m/1">Militia raids post</a> <a href="/m">MORE</a></span></span> that has carried out similar raids on
government posts in the region over the past year.</p>
</article></body></html>"""
    raw = RawDocument(doc_id="w", source="w", content=html.encode("utf-8"), input_format="html")
    text = " ".join(clean_document(raw).text.split())
    assert "gunmen had attacked a police checkpoint near the border crossing" in text
    assert "A spokesman for the provincial governor told reporters that the attackers fled" in text
    assert "Officials blamed a local militia that has carried out similar raids" in text
    assert not any(junk in text for junk in ("HIDDEN", "new window", "MORE", "Militia raids post"))


def test_every_gold_cue_of_the_article_is_in_its_cleaned_text():
    golds = sorted(NEWS_GOLD.glob("*.gold.json")) if NEWS_GOLD.is_dir() else []
    if not golds:
        pytest.skip("news golds not present")
    missing = []
    for gold_path in golds:
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        path = SHARED / gold["document"]
        if not path.is_file():
            pytest.skip(f"{path} not present")
        article = _clean_page(path)
        text, title = _flat(article.text), _flat(article.title or "")
        for event in gold["events"]:
            cue = _flat(event["cue"])
            # Optional headline events (the cue is the page's headline, or another headline of it) are metadata.
            if cue not in text and (event["core"] or cue not in title):
                missing.append((gold_path.name, event["id"], event["core"], event["cue"]))
    core = [m for m in missing if m[2]]
    assert core == []
    # What is left: optional events coded from a headline the page carries only in its metadata.
    assert len(missing) <= 4, missing


def test_no_reference_sentence_is_lost_on_the_development_pages():
    """Every sentence of every aeb-dev reference body that our cleaner keeps the page of is kept whole."""
    bodies = _reference_bodies()
    lost = []
    for key, body in bodies.items():
        path = AEB / "html" / f"{key}.html.gz"
        text = _flat(_clean_page(path).text)
        for line in body.split("\n"):
            line = line.strip()
            if _SENTENCE.search(line) and len(line.split()) >= 12 and _flat(line) not in text:
                lost.append((key[:10], line[:80]))
    # Was 13 before inline markup was repaired (link text, hover cards: 08f7937627, 156770d676, 6ebac05f63
    # among them). Left: a deals page's intro and blurbs, a video caption, a sentence the reference body
    # continues with a linked phrase, a tour teaser, a question subhead and one non-English line.
    assert not {"08f7937627", "156770d676", "6ebac05f63"} & {key for key, _ in lost}
    assert len(lost) <= 7, lost


# --- Plain text and JSON Lines: clean article text keeps every line --------------------------------------

GOVERNMENT_STATEMENT = [
    "The foreign ministers of Armenia and Azerbaijan met in Geneva on Tuesday under the auspices of the OSCE "
    "Minsk Group co-chairs.",
    "The ministers agreed to resume the work of the joint border commission, suspended since April.",
    "Key points",
    "- Both sides will withdraw heavy weapons from the line of contact by 15 December.",
    "- Monitors from the OSCE will be granted access to all crossing points.",
    "- A hotline between the two defence ministries will be restored.",
    "The co-chairs welcomed the agreement.",
    '"This is a first step, not the last one," the Swiss foreign minister said.',
    "Next steps",
    "The commission will meet again in January.",
]

NEWS_REPORT = [
    "KYIV, Ukraine — Ukraine and Russia exchanged 35 prisoners each on Saturday, the first swap since the "
    "two sides agreed on a ceasefire in the east.",
    "Thanks, Mr. President.",
    "Ukrainian officials said all of their citizens had arrived in Kyiv.",
    "Russia denied that any of its citizens had been held without charge.",
    "Advertisement",
    "The exchange was brokered by the Red Cross.",
    "Share",
    "###",
]


def _jsonl_article(lines: list[str], **fields) -> RawDocument:
    record = {"id": "doc-1", "text": "\n".join(lines), **fields}
    items = list(read_jsonl((json.dumps(record) + "\n").encode("utf-8"), "batch.jsonl"))
    assert len(items) == 1 and isinstance(items[0], RawDocument)
    return items[0]


def test_jsonl_text_is_the_article_every_line_survives():
    article = clean_document(_jsonl_article(GOVERNMENT_STATEMENT, title="Joint statement on border talks"))
    assert article.text.split("\n\n") == GOVERNMENT_STATEMENT
    assert article.title == "Joint statement on border talks"


def test_jsonl_text_drops_only_certain_furniture():
    article = clean_document(_jsonl_article(NEWS_REPORT))
    assert article.text.split("\n\n") == [line for line in NEWS_REPORT if line not in ("Advertisement", "Share", "###")]


def test_jsonl_text_repeating_its_own_title_loses_the_repeat_only():
    title = "Prisoner swap between Ukraine and Russia"
    article = clean_document(_jsonl_article([title, *NEWS_REPORT[:4]], title=title))
    assert article.text.split("\n\n") == NEWS_REPORT[:4]


def test_plain_text_keeps_every_sentence_of_a_clean_statement():
    text = "\n\n".join(["Joint Statement on the Resumption of Border Talks", *GOVERNMENT_STATEMENT])
    raw = RawDocument(doc_id="s", source="s", content=text.encode("utf-8"), input_format="text")
    article = clean_document(raw)
    kept = article.text.split("\n\n")
    # Sentences and list items are article text; short subheads in scraped text are not told from chrome.
    assert [line for line in GOVERNMENT_STATEMENT if line not in kept] == ["Key points", "Next steps"]
    assert article.title == "Joint Statement on the Resumption of Border Talks"


def test_reference_bodies_as_plain_text_and_jsonl_keep_every_sentence():
    """The aeb-dev reference bodies are clean news text: given as .txt every sentence line survives,
    given as JSON Lines every line does except listed furniture phrases."""
    chrome = load_chrome()
    lost_text, lost_jsonl = [], []
    for key, body in _reference_bodies().items():
        lines = [line.strip() for line in body.split("\n") if line.strip()]
        as_text = clean_document(RawDocument(doc_id=key, source=key, content=body.encode("utf-8"),
                                             input_format="text"))
        as_jsonl = clean_document(_jsonl_article(lines))
        for line in lines:
            sentence = _SENTENCE.search(line) and len(line.split()) >= 4 and not chrome.matches(line)
            if sentence and line not in as_text.text and line != as_text.title:
                lost_text.append((key[:10], line[:80]))
            if not chrome.matches(line) and line not in as_jsonl.text:
                lost_jsonl.append((key[:10], line[:80]))
    assert lost_text == []
    assert lost_jsonl == []


def test_scraped_text_keeps_short_sentences_but_not_comment_form_chrome():
    from ingest_pages import ARTICLE_PARAGRAPHS

    text = "\n\n".join([
        "Home | World | Sport", "Gunmen Attack Border Checkpoint", ARTICLE_PARAGRAPHS[0],
        "The army denied it.", ARTICLE_PARAGRAPHS[1], ARTICLE_PARAGRAPHS[2], "Leave a Reply",
        "Your email address will not be published.", "Required fields are marked *",
        "Notify me of new posts by email.",
        "Save my name, email, and website in this browser for the next time I comment.",
    ])
    article = clean_document(RawDocument(doc_id="s", source="s", content=text.encode("utf-8"), input_format="text"))
    assert article.text.split("\n\n") == [ARTICLE_PARAGRAPHS[0], "The army denied it.", *ARTICLE_PARAGRAPHS[1:]]


SANCTIONS_STATEMENT = [
    "WASHINGTON — The Treasury Department on Monday imposed sanctions on senior officials of the Interior "
    "Ministry over the violent crackdown on protesters in the capital.",
    "The sanctions target:",
    "- the deputy interior minister and two police commanders",
    "- the commander of the riot police unit in the capital",
    "- a state-owned company that supplied tear gas",
    "The officials' assets in the United States are frozen.",
]


def test_plain_text_keeps_a_list_inside_the_statement():
    text = "\n".join(["Treasury Sanctions Officials Over Crackdown on Protesters", *SANCTIONS_STATEMENT,
                      "Home", "About", "Contact us"])
    article = clean_document(RawDocument(doc_id="t", source="t", content=text.encode("utf-8"), input_format="text"))
    assert article.text.split("\n\n") == SANCTIONS_STATEMENT
    assert article.title == "Treasury Sanctions Officials Over Crackdown on Protesters"


def test_a_menu_of_bullets_is_not_taken_for_a_list():
    from ingest_pages import ARTICLE_PARAGRAPHS

    text = "\n".join(["Sections:", "- World", "- Sport", "* Business news", *ARTICLE_PARAGRAPHS, "Share this article"])
    article = clean_document(RawDocument(doc_id="m", source="m", content=text.encode("utf-8"), input_format="text"))
    assert article.text.split("\n\n") == ARTICLE_PARAGRAPHS
