"""``tidings actors SOURCE``: the actors one document mentions, with every mention and how it was found."""

from __future__ import annotations

from pathlib import Path

from ..actors import ActorResolver
from ..config import load_settings
from ..errors import SourceError
from ..nlp import load_pipeline, parse_texts
from ..pipeline import clean_sources, read_options
from ..records import Actor, Article, ReadFailure
from .output import OutputFormat, emit_json, emit_rows, warn

__all__ = ["show_source", "actor_rows"]

TABLE_COLUMNS = ["actor_id", "name", "kind", "country", "member_of", "role", "in_kb", "mentions", "seen_as"]
_SEEN_AS_MAX = 6


def actor_rows(actors: list[Actor]) -> list[dict]:
    """One flat row per actor: mention count and the distinct ways the text names it."""
    rows = []
    for actor in actors:
        row = actor.model_dump(mode="json", exclude={"mentions"})
        row["mentions"] = len(actor.mentions)
        distinct = list(dict.fromkeys(m.text for m in actor.mentions))
        more = f" (+{len(distinct) - _SEEN_AS_MAX})" if len(distinct) > _SEEN_AS_MAX else ""
        row["seen_as"] = " | ".join(distinct[:_SEEN_AS_MAX]) + more
        rows.append(row)
    return rows


def _articles(source: str) -> list[Article]:
    settings = load_settings()
    articles: list[Article] = []
    for item in clean_sources([source], read_options(settings)):
        if isinstance(item, ReadFailure):
            warn("skipped", f"{item.doc_id or item.source}: {item.reason}")
        else:
            articles.append(item)
    if not articles:
        raise SourceError(f"{source}: no readable document")
    return articles


def _resolve_all(articles: list[Article], resolver: ActorResolver, nlp) -> list[tuple[Article, list[Actor]]]:
    """Actors per article; like ``extract``, articles not in English get none (and a note)."""
    english = [a for a in articles if a.language in (None, "en")]
    found = {a.doc_id: resolver.resolve(doc) for a, doc in zip(english, parse_texts(nlp, [a.text for a in english]),
                                                                 strict=True)}
    for article in articles:
        if article.doc_id not in found:
            warn("note", f"{article.doc_id}: language '{article.language}' is not English; no actors extracted")
    return [(a, found.get(a.doc_id, [])) for a in articles]


def show_source(source: str, *, fmt: OutputFormat, kb_files: list[Path]) -> None:
    """Read, clean and parse SOURCE; print its resolved actors (JSON: the extraction's ``actors`` array)."""
    settings = load_settings(kb_files=list(kb_files))
    resolver = ActorResolver.load(user_kb_files=settings.kb_files)
    articles = _articles(source)
    results = _resolve_all(articles, resolver, load_pipeline(settings.spacy_model))
    if OutputFormat(fmt) is OutputFormat.json:
        if len(results) == 1:
            emit_json([actor.model_dump(mode="json") for actor in results[0][1]])
        else:
            emit_json([{"doc_id": a.doc_id, "actors": [x.model_dump(mode="json") for x in actors]}
                       for a, actors in results])
        return
    for article, actors in results:
        title = article.title or article.doc_id
        emit_rows(actor_rows(actors), fmt, columns=TABLE_COLUMNS, title=title)
