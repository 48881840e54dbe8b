"""The spaCy loader and paragraph-wise parsing: exact texts, exact offsets, bounded pathological input."""

from __future__ import annotations

import logging

import pytest

from tidings.errors import ModelNotFoundError
from tidings.nlp import INSTALL_HINT, load_pipeline, parse_texts, split_chunks


def test_load_pipeline_is_cached_and_parses(nlp):
    assert load_pipeline() is nlp
    assert {"parser", "ner"} <= set(nlp.pipe_names)


def test_unknown_model_names_the_install_command():
    with pytest.raises(ModelNotFoundError) as info:
        load_pipeline("no_such_model_xyz")
    assert INSTALL_HINT in str(info.value)


def test_numpy_gemm_gives_identical_annotations(nlp, seed_path):
    blis = load_pipeline(numpy_gemm=False)
    text = seed_path.read_text(encoding="utf-8")[:3000]
    a, b = next(parse_texts(nlp, [text])), next(parse_texts(blis, [text]))
    assert [(t.dep_, t.head.i, t.tag_) for t in a] == [(t.dep_, t.head.i, t.tag_) for t in b]
    assert [(e.start_char, e.label_) for e in a.ents] == [(e.start_char, e.label_) for e in b.ents]


def test_blank_lines_are_sentence_boundaries_and_offsets_are_exact(nlp):
    text = "Headline without a full stop\n\nHamas fired rockets at Israel. Egypt said so.\r\n\r\n  Last line"
    doc = next(parse_texts(nlp, [text]))
    assert doc.text == text
    starts = [s.start_char for s in doc.sents]
    assert text.index("Hamas") in starts and text.index("Last") in starts
    for token in doc:
        assert text[token.idx: token.idx + len(token)] == token.text
    israel = [e for e in doc.ents if e.text == "Israel"]
    assert israel and text[israel[0].start_char: israel[0].end_char] == "Israel"


def test_one_doc_per_text_in_order_including_empty(nlp):
    texts = ["", "Egypt.", "   \n\n  ", "Israel and Egypt signed a deal.\n\nIt held."]
    docs = list(parse_texts(nlp, texts, batch_size=2))
    assert [d.text for d in docs] == texts


def test_chunks_tile_the_text_exactly():
    text = ("word " * 1000) + "\n\n" + ("x" * 7000) + "\n\nEnd. " + ("Sentence one. " * 400)
    pieces = split_chunks(text, limit=1000)
    assert "".join(text[s:e] for s, e in pieces) == text
    assert all(e - s <= 1000 for s, e in pieces)
    assert all(a[1] == b[0] for a, b in zip(pieces, pieces[1:], strict=False))


def test_pathological_inputs_do_not_crash_and_warn(nlp, caplog):
    texts = [
        "a" * 200_000,
        " ".join(["Capitalised"] * 5000),
        "\U0001f600\x00\x07\u200b Hamas \x1b[31m said \ufeff\U0001f4a5" * 300,
    ]
    with caplog.at_level(logging.WARNING, logger="tidings.nlp"):
        docs = list(parse_texts(nlp, texts))
    assert [d.text for d in docs] == texts
    assert any("cut into pieces" in r.getMessage() for r in caplog.records)
