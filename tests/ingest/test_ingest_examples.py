"""The bundled examples/ folder: every form reads and cleans with its metadata, nothing fails."""

from __future__ import annotations

from pathlib import Path

from tidings.ingest import ReadOptions, clean_source
from tidings.records import Article

EXAMPLES = Path(__file__).resolve().parents[2] / "examples"


def test_examples_clean_completely():
    items = list(clean_source([str(EXAMPLES)], ReadOptions()))
    assert all(isinstance(i, Article) for i in items), [i for i in items if not isinstance(i, Article)]
    assert len(items) == 6
    assert all(a.title and a.language == "en" and a.published for a in items)
    by_kind = {Path(a.source).suffix: a for a in items}
    assert set(by_kind) == {".html", ".rss", ".txt", ".jsonl"}
    scraped = by_kind[".txt"]
    assert (scraped.author, scraped.outlet, scraped.published_source) == ("Mona Fathy", "The Delta Courier", "page")
    assert "Subscribe" not in scraped.text and "Share this article" not in scraped.text
    assert by_kind[".html"].published_source == "metadata" and "Privacy" not in by_kind[".html"].text


def test_examples_include_a_rewrite_of_the_same_event():
    items = [a for a in clean_source([str(EXAMPLES)], ReadOptions()) if "Sheikh Zuweid" in a.text]
    assert len(items) == 2 and items[0].outlet != items[1].outlet
    assert all("Tamer Rifaat" in a.text and "14" in a.text for a in items)
