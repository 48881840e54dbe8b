"""Long documents in bounded pieces: paragraph windows that tile an article's text, and their results joined.

Resolving actors and coding events look across a whole document (mentions against mentions, sentences
against sentences), so their cost grows faster than its length. Cut into windows of at most
``WINDOW_CHARS`` characters, a long article costs (number of windows) x (cost of one window): linear in
its length. A window ends at a paragraph break where it can, else after a sentence, else at whitespace;
offsets found inside a window are shifted back onto the article's text, so provenance stays exact. The
price: a pronoun or description whose antecedent lies in an earlier window stays unresolved.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from .records import Actor, Article, Entity, Event, Mention, Span

__all__ = ["WINDOW_CHARS", "Window", "split_windows", "join_windows", "join_articles", "passes", "window_bounds"]

# 20,000 characters (~3,500 words, a long feature article) keep a window's cost near its linear part
# (benchmarks/bench_holdup.py); shorter news articles are never cut.
WINDOW_CHARS = 20_000
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n\s*")
_SENTENCE_END = re.compile(r"[.!?;:\u3002][\"'\u201d\u2019)\]]*\s+")
_WHITESPACE = re.compile(r"\s+")


@dataclass(frozen=True)
class Window:
    """One piece of an article: where it starts in the article's text, and the piece as an article."""

    start: int
    article: Article


def _cut(text: str, start: int, limit: int) -> int:
    """Where a window that starts at ``start`` ends: the last paragraph break, sentence end or whitespace
    in its second half, else at ``limit`` characters."""
    if len(text) - start <= limit:
        return len(text)
    low, high = start + limit // 2, start + limit
    for pattern in (_PARAGRAPH_BREAK, _SENTENCE_END, _WHITESPACE):
        ends = [m.end() for m in pattern.finditer(text, low, high)]
        if ends:
            return ends[-1]
    return high


def window_bounds(text: str, *, max_chars: int = WINDOW_CHARS) -> list[tuple[int, int]]:
    """(start, end) pairs that tile ``text`` exactly, each at most ``max_chars`` long."""
    bounds: list[tuple[int, int]] = []
    start = 0
    while start < len(text):
        end = _cut(text, start, max_chars)
        bounds.append((start, end))
        start = end
    return bounds or [(0, 0)]


def split_windows(article: Article, *, max_chars: int = WINDOW_CHARS) -> list[Window]:
    """The article as windows; a short article is one window, itself."""
    if len(article.text) <= max_chars:
        return [Window(0, article)]
    return [
        # The hash names the window (it seeds event ids), so ids stay stable and distinct across windows.
        Window(start, article.model_copy(update={"text": article.text[start:end],
                                                 "content_hash": f"{article.content_hash}@{start}"}))
        for start, end in window_bounds(article.text, max_chars=max_chars)
    ]


def _span(span: Span | Mention, shift: int):
    return span.model_copy(update={"start": span.start + shift, "end": span.end + shift})


def _entity(entity: Entity, shift: int) -> Entity:
    return entity.model_copy(update={"start": entity.start + shift, "end": entity.end + shift})


def _event(event: Event, shift: int, sentences_before: int) -> Event:
    info = event.text_info
    text_info = info.model_copy(update={
        "start": info.start + shift, "end": info.end + shift, "sentence": info.sentence + sentences_before,
        "trigger": _span(info.trigger, shift) if info.trigger else None,
    })
    attribution = event.attribution
    if attribution is not None and attribution.speaker is not None:
        attribution = attribution.model_copy(update={"speaker": _entity(attribution.speaker, shift)})
    return event.model_copy(update={
        "actor": [_entity(e, shift) for e in event.actor], "recipient": [_entity(e, shift) for e in event.recipient],
        "attribution": attribution, "text_info": text_info,
    })


def _merge_actor(into: Actor, other: Actor) -> None:
    into.mentions.extend(other.mentions)
    if other.in_kb and not into.in_kb:
        into.name, into.kind, into.in_kb = other.name, other.kind, True
    into.country = into.country or other.country
    into.member_of = into.member_of or other.member_of
    into.role = into.role or other.role


def join_windows(
    windows: list[Window], actors: list[list[Actor]], events: list[list[Event]], sentences: list[int]
) -> tuple[list[Actor], list[Event]]:
    """One article's actors and events from its windows' (``sentences``: how many sentences each window has)."""
    if len(windows) == 1:
        return actors[0], events[0]
    merged: dict[str, Actor] = {}
    joined: list[Event] = []
    sentences_before = 0
    for window, found, coded, count in zip(windows, actors, events, sentences, strict=True):
        for actor in found:
            shifted = actor.model_copy(update={"mentions": [_span(m, window.start) for m in actor.mentions]})
            if actor.actor_id in merged:
                _merge_actor(merged[actor.actor_id], shifted)
            else:
                merged[actor.actor_id] = shifted
        joined.extend(_event(e, window.start, sentences_before) for e in coded)
        sentences_before += count
    return list(merged.values()), joined


# How much text one pass of parse -> resolve -> code holds at once: a batch of ordinary articles in one
# pass (the coder's learned models pay their fixed cost once per pass), a huge article a few windows at a time.
PASS_CHARS = 250_000
PASS_PARTS = 64


def passes(parts: list[Article], *, max_chars: int = PASS_CHARS, max_parts: int = PASS_PARTS) -> list[list[Article]]:
    """``parts`` in consecutive groups of at most ``max_parts`` pieces and (past the first) ``max_chars``."""
    groups: list[list[Article]] = []
    size = 0
    for part in parts:
        if not groups or len(groups[-1]) >= max_parts or size + len(part.text) > max_chars:
            groups.append([])
            size = 0
        groups[-1].append(part)
        size += len(part.text)
    return groups


def join_articles(
    windows: list[list[Window]], results: list[tuple[list[Actor], list[Event], int]]
) -> list[tuple[list[Actor], list[Event]]]:
    """Per article, in order: its windows' (actors, events, sentence count) joined into one (actors, events)."""
    joined = []
    at = 0
    for article_windows in windows:
        mine = results[at: at + len(article_windows)]
        at += len(article_windows)
        joined.append(join_windows(article_windows, [r[0] for r in mine], [r[1] for r in mine],
                                   [r[2] for r in mine]))
    return joined
