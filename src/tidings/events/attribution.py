"""Who a claim comes from: speech verbs ("Egypt's military said that ..."), quotes closed by "..., said Zilber",
"according to X", and unnamed sources ("according to reports", "reports indicate")."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import Attribution
from .entities import PartyFinder
from .lexicon import Cues
from .roles import Grammar, speech_verb_above, subject_of

__all__ = ["AttributionCues", "QuoteSpan", "find_quotes", "attribution_of"]

OPENING = "“\""
CLOSING = "”\""
MAX_QUOTE_CHARS = 4000  # an opening quote never closed within this distance is ignored
SPEAKER_WINDOW = 60  # tokens after a closing quote searched for "said X" / "X told"
MAX_CLIMB = 10  # how far up a reported clause may sit under its speech verb


@dataclass(frozen=True)
class AttributionCues:
    speech_verbs: frozenset[str]
    unnamed_phrases: tuple[str, ...]
    unnamed_speakers: frozenset[str]

    @classmethod
    def from_cues(cls, cues: Cues) -> AttributionCues:
        return cls(
            speech_verbs=cues.words("attribution", "speech_verbs"),
            unnamed_phrases=tuple(p.lower() for p in cues.attribution.get("unnamed_phrases", [])),
            unnamed_speakers=cues.words("attribution", "unnamed_speakers"),
        )


@dataclass(frozen=True)
class QuoteSpan:
    """A closed quotation, the speech verb closing or opening it, and the head of the speaker's name."""

    start: int
    end: int
    verb: Token
    speaker: Token | None


def _quote_ranges(text: str) -> list[tuple[int, int]]:
    ranges, i = [], 0
    while i < len(text):
        if text[i] in OPENING:
            limit = min(len(text), i + MAX_QUOTE_CHARS)
            close = next((j for j in range(i + 1, limit) if text[j] in CLOSING), None)
            if close is None:
                i += 1
                continue
            ranges.append((i, close + 1))
            i = close + 1
        else:
            i += 1
    return ranges


def _name_head(tok: Token) -> Token:
    """The head of a name from one of its words ("Neri" -> "Zilber")."""
    while tok.dep_ in ("compound", "flat") and tok.head.i > tok.i:
        tok = tok.head
    return tok


def _after_quote(doc: Doc, pivot: int, cues: AttributionCues) -> tuple[Token, Token | None] | None:
    """'..., said Zilber' / '..., Zilber told JNS' right after a closing quote: (verb, speaker head)."""
    end = min(len(doc), pivot + SPEAKER_WINDOW)
    # The window stops where the next sentence starts (``Token.sent`` would walk the whole document).
    end = next((k for k in range(pivot + 1, end) if doc[k].is_sent_start), end)
    window = doc[pivot:end]
    names = [t for t in window if t.pos_ in ("PROPN", "NOUN", "PRON") and not t.is_punct]
    for tok in window:
        if tok.text in OPENING:
            return None
        if tok.lemma_.lower() in cues.speech_verbs and tok.pos_ == "VERB":
            before = [t for t in names if t.i < tok.i]
            after = [t for t in names if t.i > tok.i]
            speaker = before[0] if before else (after[0] if after else None)
            return tok, _name_head(speaker) if speaker is not None else None
    return None


def _before_quote(doc: Doc, pivot: int, cues: AttributionCues, grammar: Grammar) -> tuple[Token, Token | None] | None:
    """'Zilber said: "..."' or '..., adding, "..."' right before an opening quote."""
    for tok in reversed(doc[max(0, pivot - 12):pivot]):
        if tok.lemma_.lower() in cues.speech_verbs and tok.pos_ == "VERB":
            return tok, subject_of(tok, grammar)
    return None


def find_quotes(doc: Doc, cues: AttributionCues, grammar: Grammar) -> list[QuoteSpan]:
    """Closed quotations with their speech verb and speaker ("..., said Zilber", "Zilber said: ...")."""
    quotes = []
    for start, end in _quote_ranges(doc.text):
        close = doc.char_span(end - 1, end, alignment_mode="expand")
        open_ = doc.char_span(start, start + 1, alignment_mode="expand")
        found = (_after_quote(doc, close.end, cues) if close is not None else None) or (
            _before_quote(doc, open_.start, cues, grammar) if open_ is not None else None
        )
        if found is not None:
            quotes.append(QuoteSpan(start, end, found[0], found[1]))
    return quotes


def _speaker(verb: Token, finder: PartyFinder, cue: str, cues: AttributionCues) -> Attribution:
    subj = next((c for c in verb.children if c.dep_ == "nsubj"), None)
    if subj is None or subj.lemma_.lower() in cues.unnamed_speakers or subj.lower_ in cues.unnamed_speakers:
        return Attribution(speaker=None, cue=cue, unnamed=True)
    parties = finder.parties(subj)
    return Attribution(speaker=parties[0].entity if parties else None, cue=cue, unnamed=not parties)


def _quoted(quote: QuoteSpan, finder: PartyFinder, cues: AttributionCues) -> Attribution:
    head = quote.speaker
    if head is None or head.lemma_.lower() in cues.unnamed_speakers:
        return Attribution(speaker=None, cue=quote.verb.text, unnamed=True)
    parties = finder.parties(head)
    return Attribution(speaker=parties[0].entity if parties else None, cue=quote.verb.text, unnamed=not parties)


def _possessive_subject(verb: Token) -> bool:
    """A "subject" marked with 's is a misparse of "X's reported cooperation": no one is speaking."""
    return any(
        c.dep_ == "nsubj" and any(g.dep_ == "case" and g.tag_ == "POS" for g in c.children) for c in verb.children
    )


def _according_to(sent: Span, finder: PartyFinder, cues: AttributionCues) -> Attribution | None:
    for tok in sent:
        if tok.lower_ == "according" and tok.i + 1 < sent.end and sent.doc[tok.i + 1].lower_ == "to":
            pobj = next((c for t in (tok, sent.doc[tok.i + 1]) for c in t.children if c.dep_ == "pobj"), None)
            if pobj is None or pobj.lemma_.lower() in cues.unnamed_speakers:
                return Attribution(speaker=None, cue="according to", unnamed=True)
            parties = finder.parties(pobj)
            return Attribution(speaker=parties[0].entity if parties else None, cue="according to")
    return None


def attribution_of(
    sent: Span, holder: Token, quotes: list[QuoteSpan], finder: PartyFinder, cues: AttributionCues
) -> Attribution | None:
    """The source of an event's claim: the nearest speech verb above it, its quotation, or the sentence's cue."""
    for quote in quotes:
        if quote.start <= holder.idx < quote.end:
            return _quoted(quote, finder, cues)
    verb = speech_verb_above(holder, cues.speech_verbs, climb=MAX_CLIMB)
    if verb is not None and _possessive_subject(verb):
        verb = None
    if verb is not None:
        return _speaker(verb, finder, verb.text, cues)
    according = _according_to(sent, finder, cues)
    if according is not None:
        return according
    text = sent.text.lower()
    for phrase in cues.unnamed_phrases:
        if re.search(r"(?<!\w)" + re.escape(phrase) + r"(?!\w)", text):
            return Attribution(speaker=None, cue=phrase, unnamed=True)
    return None
