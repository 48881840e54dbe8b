"""The one place that chains the stages: read -> clean -> parse -> resolve actors -> code events.

``extract`` is the pure part (no database); ``tidings.store`` adds storing on top of it.
Each stage is loaded once (:class:`Pipeline`) and applied per document; a failure in one
document becomes a warning or a failed item, never the end of the batch.
"""

from __future__ import annotations

import gc
import logging
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .actors import ActorResolver
from .config import Settings
from .events import EventCoder
from .events.calibrate import Calibrator
from .ingest import ReadOptions, read_sources
from .ingest.clean import clean_document
from .nlp import load_pipeline, parse_texts
from .records import ActorIndex, Article, Extraction, RawDocument, ReadFailure
from .segments import WINDOW_CHARS, join_articles, passes, split_windows

__all__ = ["Pipeline", "extract_articles", "clean_sources", "read_options"]

log = logging.getLogger(__name__)

ENGLISH = "en"


def read_options(settings: Settings, *, input_format: str = "auto") -> ReadOptions:
    """Reader options from settings (fetch limits, private-address policy)."""
    return ReadOptions.from_settings(settings, input_format=input_format)


def clean_sources(
    sources: Iterable[str], options: ReadOptions, *, published: str | None = None
) -> Iterator[Article | ReadFailure]:
    """Read and clean every source; failures come out as :class:`ReadFailure` items."""
    for item in read_sources(list(sources), options):
        if isinstance(item, ReadFailure):
            yield item
            continue
        yield _clean_one(item, published, options.max_document_chars)


def _clean_one(raw: RawDocument, published: str | None, max_chars: int) -> Article | ReadFailure:
    from .errors import TidingsError

    try:
        return clean_document(raw, published=published, max_chars=max_chars)
    except TidingsError as exc:
        return ReadFailure(source=raw.source, doc_id=raw.doc_id, reason=exc.reason)


@dataclass
class Pipeline:
    """The loaded NLP stages: spaCy, the actor resolver (KB), the event coder (lexicon) and the confidence
    calibrator (None: events keep the coder's own scores)."""

    nlp: object
    resolver: ActorResolver
    coder: EventCoder
    calibrator: Calibrator | None = None
    window_chars: int = WINDOW_CHARS

    @classmethod
    def load(cls, settings: Settings) -> Pipeline:
        nlp = load_pipeline(settings.spacy_model)
        resolver = ActorResolver.load(user_kb_files=[Path(p) for p in settings.kb_files])
        pipeline = cls(nlp=nlp, resolver=resolver, coder=EventCoder.load(), calibrator=Calibrator.load())
        # The model, KB, lexicon and gazetteer are ~230,000 objects that live as long as the process: without
        # this, every full garbage collection walks them all again (6-10% of extraction time, measured).
        gc.collect()
        gc.freeze()
        return pipeline

    def extract(self, articles: Iterable[Article]) -> Iterator[Extraction]:
        """One :class:`Extraction` per article, in order; non-English articles get no events. The articles are
        parsed, resolved and coded together (the coder's learned models run once per call)."""
        articles = list(articles)
        english = [a for a in articles if _is_english(a)]
        coded = iter(self._code(english))  # (actors, events) in the order of ``english``
        for article in articles:
            if not _is_english(article):
                yield _skipped_language(article)
                continue
            found, ev = next(coded)
            if self.calibrator is not None:
                ev = self.calibrator.apply(found, ev, article.text)
            yield _extraction(article, actors=found, events=ev)


    def _code(self, articles: list[Article]) -> list[tuple[list, list]]:
        """Actors and events per article. A long article is parsed and coded in paragraph windows, a few
        windows per pass (:mod:`tidings.segments`): time and memory grow linearly with its length."""
        windows = [split_windows(a, max_chars=self.window_chars) for a in articles]
        results = []
        for group in passes([w.article for article_windows in windows for w in article_windows]):
            docs = list(parse_texts(self.nlp, [part.text for part in group]))
            actors = [self.resolver.resolve(doc) for doc in docs]
            events = self.coder.code_many([(doc, ActorIndex(found), part)
                                           for doc, found, part in zip(docs, actors, group, strict=True)])
            results += zip(actors, events, [sum(1 for _ in doc.sents) for doc in docs], strict=True)
        return join_articles(windows, results)


def _is_english(article: Article) -> bool:
    return article.language in (None, ENGLISH)


def _skipped_language(article: Article) -> Extraction:
    note = f"language '{article.language}' is not English: stored, but actors and events were not extracted"
    log.info("%s: %s", article.doc_id, note)
    extraction = _extraction(article, actors=[], events=[])
    extraction.warnings.append(note)
    return extraction


def _extraction(article: Article, *, actors, events) -> Extraction:
    return Extraction(
        doc_id=article.doc_id,
        title=article.title,
        author=article.author,
        outlet=article.outlet,
        url=article.url,
        published=article.published,
        published_source=article.published_source,
        language=article.language,
        text=article.text,
        warnings=list(article.warnings),
        actors=actors,
        events=events,
    )


def extract_articles(pipeline: Pipeline, articles: Iterable[Article], *, batch_size: int = 64) -> Iterator[Extraction]:
    """Stream extractions in batches: memory stays bounded on large inputs, and each batch pays the fixed costs
    of the parser and the learned models once."""
    batch: list[Article] = []
    for article in articles:
        batch.append(article)
        if len(batch) >= batch_size:
            yield from pipeline.extract(batch)
            batch = []
    if batch:
        yield from pipeline.extract(batch)
