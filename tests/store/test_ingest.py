"""Store.ingest on real files: exact and near duplicates, failures, languages, raw bytes, batches, strict mode."""

from __future__ import annotations

import zlib
from pathlib import Path

import pytest
from sqlalchemy import func, select

from tidings.config import load_settings
from tidings.errors import SourceError
from tidings.records import Extraction
from tidings.store import open_store
from tidings.store.models import DocumentRow

GERMAN = (
    "Die Regierung hat am Montag neue Gespräche mit den Nachbarländern angekündigt. Der Außenminister sagte, "
    "man wolle die Zusammenarbeit an der Grenze verbessern und den Handel stärken.\n\n"
    "Die Opposition kritisierte den Plan als unzureichend und forderte eine Debatte im Parlament, bevor die "
    "Verträge unterzeichnet werden. Beobachter erwarten schwierige Verhandlungen in den kommenden Wochen."
)


def _article(n: int) -> str:
    """A short, distinct English news text (different facts per n, so no two are near-duplicates)."""
    towns = ["Arlen", "Brisk", "Corvale", "Dunmore", "Essford", "Fallow", "Garrow", "Hestin"]
    town, other = towns[n % len(towns)], towns[(n * 3 + 1) % len(towns)]
    return (
        f"Officials in {town} said on Tuesday that talks with delegates from {other} would resume after "
        f"{n + 2} weeks of delay, according to a statement issued by the regional council number {n}.\n\n"
        f"The council said the meeting, the {n + 1}th of its kind, would address water rights along the river "
        f"and the release of {n * 7 % 50 + 3} detained farmers, a demand raised since spring {1990 + n}.\n\n"
        f"Critics in {other} accused the mayor of {town} of delaying the process for {n % 9 + 2} months and warned "
        f"that protests planned for district {n * 13 % 97} could follow if no agreement is reached."
    )


@pytest.fixture
def store(db_url):
    s = open_store(db_url)
    yield s
    s.close()


@pytest.fixture
def settings(db_url):
    return load_settings(db_url=db_url)


def _ingest(store, settings, sources, **kw):
    return store.ingest([str(s) for s in sources], settings=settings, extract=False, **kw)


def _count(store, **where) -> int:
    with store.session() as session:
        query = select(func.count()).select_from(DocumentRow)
        for key, value in where.items():
            query = query.where(getattr(DocumentRow, key) == value)
        return session.scalar(query)


def test_reingesting_same_content_is_a_no_op(store, settings, seed_path, tmp_path):
    copy = tmp_path / "renamed.txt"
    copy.write_bytes(seed_path.read_bytes())
    (first,) = _ingest(store, settings, [seed_path])
    again = _ingest(store, settings, [seed_path, copy])
    assert first.status == "stored"
    assert [o.status for o in again] == ["already_stored", "already_stored"]
    assert {o.document_id for o in again} == {first.document_id}
    assert "already stored" in again[0].reason
    assert _count(store) == 1


def test_near_duplicate_is_stored_once_and_linked_across_runs(store, settings, seed_path, tmp_path):
    edited = tmp_path / "edited.txt"
    text = seed_path.read_text(encoding="utf-8")
    edited.write_text(text.replace("Hamas", "the Hamas movement", 1).replace(" the ", " a ", 2), encoding="utf-8")
    (original,) = _ingest(store, settings, [seed_path])
    (near,) = _ingest(store, settings, [edited])  # a separate run: the signature came from the database
    assert near.status == "near_duplicate" and near.duplicate_of == original.document_id
    assert near.document_id != original.document_id
    detail = store.document(near.document_id)
    assert (detail.status, detail.duplicate_of) == ("near_duplicate", original.document_id)
    (again,) = _ingest(store, settings, [edited])
    assert again.status == "already_stored" and again.document_id == near.document_id
    assert _count(store) == 2 and _count(store, status="near_duplicate") == 1


def test_distinct_articles_are_not_near_duplicates(store, settings, tmp_path):
    paths = []
    for n in range(6):
        paths.append(tmp_path / f"a{n}.txt")
        paths[-1].write_text(_article(n), encoding="utf-8")
    assert [o.status for o in _ingest(store, settings, paths)] == ["stored"] * 6


def test_failures_are_recorded_and_the_batch_goes_on(store, settings, seed_path, tmp_path):
    binary = tmp_path / "image.txt"
    binary.write_bytes(bytes(range(256)) * 40)
    empty = tmp_path / "empty.txt"
    empty.write_text("", encoding="utf-8")
    outcomes = _ingest(store, settings, [binary, tmp_path / "missing.txt", seed_path, empty])
    assert [o.status for o in outcomes] == ["failed", "failed", "stored", "failed"]
    assert all(o.reason for o in outcomes if o.status == "failed")
    failed = store.documents(status=["failed"])
    assert len(failed) == 3 and all(d.error for d in failed)
    # Running again updates the failed rows instead of adding more.
    _ingest(store, settings, [binary, tmp_path / "missing.txt", empty])
    assert _count(store, status="failed") == 3


def test_a_later_success_replaces_the_failure(store, settings, tmp_path):
    path = tmp_path / "later.txt"
    path.write_text("", encoding="utf-8")
    (failed,) = _ingest(store, settings, [path])
    assert failed.status == "failed"
    path.write_text(_article(1), encoding="utf-8")
    (stored,) = _ingest(store, settings, [path])
    assert stored.status == "stored"
    assert _count(store, status="failed") == 0 and _count(store) == 1


def test_raw_input_is_kept_compressed_and_recoverable(store, settings, seed_path):
    (outcome,) = _ingest(store, settings, [seed_path])
    data = seed_path.read_bytes()
    assert store.raw(outcome.document_id) == data
    with store.session() as session:
        stored = session.get(DocumentRow, outcome.document_id).raw
    assert stored != data and len(stored) < len(data) and zlib.decompress(stored) == data


def test_non_english_is_stored_and_flagged(store, settings, tmp_path):
    path = tmp_path / "de.txt"
    path.write_text(GERMAN, encoding="utf-8")
    (outcome,) = _ingest(store, settings, [path])
    assert outcome.status == "skipped"
    assert "not English" in outcome.reason
    detail = store.document(outcome.document_id, with_text=True)
    assert (detail.status, detail.language) == ("skipped_language", "de")
    assert any("not English" in w for w in detail.warnings) and "Regierung" in detail.text


def test_batches_commit_and_call_the_hook_with_their_documents(store, settings, tmp_path):
    paths = []
    for n in range(5):
        paths.append(tmp_path / f"b{n}.txt")
        paths[-1].write_text(_article(n + 10), encoding="utf-8")
    seen: list[tuple[list[int], int]] = []

    def hook(session, document_ids):
        # The hook runs inside the batch's transaction: it sees the batch's rows.
        seen.append((document_ids, session.scalar(select(func.count()).select_from(DocumentRow))))

    outcomes = _ingest(store, settings, paths, batch_size=2, after_batch=hook)
    ids = [o.document_id for o in outcomes]
    assert seen == [(ids[0:2], 2), (ids[2:4], 4), (ids[4:5], 5)]


def test_progress_reports_every_item(store, settings, seed_path, tmp_path):
    reported = []
    outcomes = _ingest(store, settings, [seed_path, tmp_path / "nope.txt"], on_progress=reported.append)
    assert reported == outcomes


def test_strict_raises_after_storing_the_good_items(store, settings, seed_path, tmp_path):
    with pytest.raises(SourceError, match="1 of 2 items failed"):
        _ingest(store, settings, [seed_path, tmp_path / "nope.txt"], strict=True)
    assert _count(store, status="stored") == 1


def test_directories_are_read_recursively(store, settings, tmp_path):
    nested = tmp_path / "corpus" / "inner"
    nested.mkdir(parents=True)
    (tmp_path / "corpus" / "one.txt").write_text(_article(20), encoding="utf-8")
    (nested / "two.txt").write_text(_article(21), encoding="utf-8")
    outcomes = _ingest(store, settings, [tmp_path / "corpus"])
    assert sorted(Path(o.doc_id).name for o in outcomes) == ["one.txt", "two.txt"]
    assert all(o.status == "stored" for o in outcomes)


def _rss(entries: list[tuple[str, str, str]]) -> str:
    items = "".join(
        f"<item><title>{title}</title><link>{link}</link><pubDate>Tue, 02 Jul 2024 10:00:00 GMT</pubDate>"
        f"<content:encoded><![CDATA[{body}]]></content:encoded></item>"
        for title, link, body in entries
    )
    return (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Example Wire</title>{items}</channel></rss>"
    )


def test_feed_entries_become_documents(store, settings, tmp_path):
    entries = [
        (f"Story {n}", f"https://news.example.org/story-{n}",
         "".join(f"<p>{para}</p>" for para in _article(30 + n).split("\n\n")))
        for n in range(2)
    ]
    # The third entry links to a loopback address and has no inline content: refused, recorded, batch goes on.
    feed = tmp_path / "wire.xml"
    feed.write_text(_rss(entries)[: -len("</channel></rss>")]
                    + "<item><title>Local</title><link>http://127.0.0.1:9/x</link></item></channel></rss>",
                    encoding="utf-8")
    outcomes = store.ingest([], settings=settings, feeds=[str(feed)], extract=False)
    assert [o.status for o in outcomes] == ["stored", "stored", "failed"]
    assert [o.doc_id for o in outcomes[:2]] == ["https://news.example.org/story-0", "https://news.example.org/story-1"]
    assert store.document(outcomes[0].document_id).title == "Story 0"
    assert store.document(outcomes[2].document_id).status == "failed"


def test_same_text_twice_in_one_batch_is_stored_once(store, settings, tmp_path):
    a, b = tmp_path / "a.txt", tmp_path / "b.txt"
    a.write_text(_article(40), encoding="utf-8")
    b.write_text(_article(40), encoding="utf-8")
    outcomes = _ingest(store, settings, [a, b])
    assert [o.status for o in outcomes] == ["stored", "already_stored"]
    assert outcomes[0].document_id == outcomes[1].document_id and _count(store) == 1


class _StageWithABug:
    """A stand-in NLP stage (the store is under test, not the NLP): it crashes on one article, as a buggy rule would."""

    def extract(self, articles):
        for article in articles:
            if "council number 666" in article.text:
                raise IndexError("rule walked off the end of the sentence")
        return [Extraction(doc_id=a.doc_id, text=a.text, language=a.language) for a in articles]


def test_an_extraction_crash_stays_with_its_article(store, settings, tmp_path):
    paths = []
    for n in (50, 666, 51):
        paths.append(tmp_path / f"x{n}.txt")
        paths[-1].write_text(_article(n), encoding="utf-8")
    outcomes = store.ingest([str(p) for p in paths], settings=settings, pipeline=_StageWithABug())
    assert [o.status for o in outcomes] == ["stored", "stored", "stored"]
    assert "extraction failed: IndexError" in outcomes[1].reason
    bad = store.document(outcomes[1].document_id)
    assert "IndexError" in bad.error
    with store.session() as session:
        extracted = [session.get(DocumentRow, o.document_id).extracted for o in outcomes]
    assert extracted == [True, False, True]


def test_published_override_is_stored(store, settings, seed_path):
    (outcome,) = _ingest(store, settings, [seed_path], published="2024-07-18")
    detail = store.document(outcome.document_id)
    assert (detail.published, detail.published_source) == ("2024-07-18", "input")


@pytest.mark.parametrize(("threshold", "second"), [(0.9, "near_duplicate"), (0.995, "stored")])
def test_near_duplicate_threshold_comes_from_settings(threshold, second, db_url, seed_path, tmp_path):
    edited = tmp_path / "edited.txt"
    edited.write_text(seed_path.read_text(encoding="utf-8").replace(" the ", " a ", 4), encoding="utf-8")
    store = open_store(db_url)
    outcomes = store.ingest([str(seed_path), str(edited)], extract=False,
                            settings=load_settings(db_url=db_url, near_duplicate_threshold=threshold))
    store.close()
    assert [o.status for o in outcomes] == ["stored", second]


def test_imported_extraction_and_ingested_file_are_one_document(store, settings, seed_path):
    (ingested,) = _ingest(store, settings, [seed_path])
    text = store.document(ingested.document_id, with_text=True).text
    reflowed = text.replace("\n\n", "\n \n")  # whitespace differences do not make a new document
    assert store.add_extraction(Extraction(doc_id="imported", text=reflowed)) == ingested.document_id
