"""Alias discipline: which KB hits may name their entry, and where a dateline hides places.

- A KB alias inside a longer capitalised name found by NER ("Chad Whitmore", "Peoples Democratic Party",
  "National Security Council") or glued to one by a hyphen ("Mid-American") never names its entry alone:
  the longer name is someone else.
- A risky alias (a given name or ordinary word: "Chad", "Jordan", "Georgia") needs context that reads it as
  a place or organisation: NER says so, a preposition of place comes before it, or a possessive after it;
  a region word after it ("Georgia Governor", "Georgia Republicans") makes it another country's region.
- A place after a smaller place ("Atlanta, Georgia") is where, not who.
- Pronouns never name anything.
- A dateline ("HANOI, Vietnam (AP) —" at the start of a line) is a place, never an actor.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from spacy.tokens import Doc, Span, Token

from .kb import KnowledgeBase

__all__ = ["keep_hit", "dateline_spans", "name_entities"]

# NER names inside which a shorter KB alias is part of someone else's name.
_LONG_NAME_LABELS = frozenset({"PERSON", "ORG", "FAC", "WORK_OF_ART", "EVENT", "LAW", "PRODUCT"})
_PLACE_LABELS = frozenset({"GPE", "LOC", "NORP", "ORG"})
# Sector words of state organs inside a name ("Russian Foreign Ministry"): the KB name before them still names
# its entry; other sector words ("People's Democratic Party") are part of someone else's name.
_ORGAN_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})
_PLACE_PREPS = frozenset({"in", "to", "from", "into", "across", "inside", "within", "towards", "toward", "near",
                          "visit", "visited", "visiting", "between", "against", "with", "and", "by", "of"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "his", "hers", "its", "them", "their", "we", "us",
                       "i", "me", "you", "who"})
# "HANOI, Vietnam (AP) —", "Kabul, Afghanistan -", "BEIJING, Nov. 20 (Xinhua) --", "NEW DELHI:": place words,
# an optional date and agency, a dash or a colon.
_DATELINE = re.compile(
    r"^[ \t]*(?P<place>(?:[A-Z][\w.'\u2019-]*[ \t]?){1,4}(?:,[ \t]*(?:[A-Z][\w.'\u2019-]*[ \t]?){1,4})?)"
    r"(?:,[ \t]*[A-Z][a-z]{2,8}\.?[ \t]*\d{1,2}[ \t]*)?(?:\([^()\n]{1,40}\)[ \t]*)?(?:[-\u2013\u2014]{1,2}|:)[ \t]",
    re.MULTILINE)


class Entities:
    """The NER entity holding a token, read from the IOB tags of the few tokens asked (no ``doc.ents``)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc

    def get(self, i: int) -> Span | None:
        doc = self.doc
        if not 0 <= i < len(doc) or not doc[i].ent_type_:
            return None
        start, end = i, i + 1
        while start > 0 and doc[start].ent_iob_ == "I":
            start -= 1
        while end < len(doc) and doc[end].ent_iob_ == "I":
            end += 1
        return Span(doc, start, end, label=doc[i].ent_type_)


def name_entities(doc: Doc) -> Entities:
    """Token index -> the NER entity that holds it (``.get(i)``)."""
    return Entities(doc)


def keep_hit(span: Span, entry_id: str, what: str, kb: KnowledgeBase, ents: Entities,
             hit_tokens: set[int]) -> bool:
    """True when this KB hit may name its entry (see the module's rules)."""
    if len(span) == 1 and span[0].lower_ in _PRONOUNS and span[0].pos_ == "PRON":
        return False
    if _inside_longer_name(span, entry_id, kb, ents, hit_tokens) or _glued_to_name(span, hit_tokens):
        return False
    if len(span) > 1 and kb.entries[entry_id].kind != "person" and _name_word_before(span, kb, hit_tokens):
        return False  # "the National Security Council" even where NER saw no name
    if what in ("name", "alias", "capital") and _smaller_place_before(span, ents, hit_tokens):
        return False
    if not kb.is_risky(span.text):
        return True
    after = span.doc[span.end].lower_ if span.end < len(span.doc) else ""
    return after not in kb.region_words and not _name_word_after(span, kb, hit_tokens) \
        and _reads_as_place(span, ents, kb)


def _name_word_after(span: Span, kb: KnowledgeBase, hit_tokens: set[int]) -> bool:
    """"Georgia Pembleton", "Kenya Airways": a risky alias right before another capitalised name word."""
    if span.end >= len(span.doc) or not span[-1].whitespace_:
        return False
    after = span.doc[span.end]
    return after.pos_ == "PROPN" and span.end not in hit_tokens and _foreign_name_word(after, kb, set())


def _inside_longer_name(span: Span, entry_id: str, kb: KnowledgeBase, ents: Entities,
                        hit_tokens: set[int]) -> bool:
    ent = ents.get(span.start)
    if ent is None or ent.label_ not in _LONG_NAME_LABELS or (ent.start, ent.end) == (span.start, span.end):
        return False
    entry = kb.entries[entry_id]
    own = {w.lower() for n in [entry.name, *entry.aliases] for w in n.split()} if entry.kind == "person" else set()
    doc = span.doc
    for i in range(ent.start, ent.end):
        if span.start <= i < span.end or (i in hit_tokens and not (i > span.end and doc[i - 1].lower_ == "of")):
            continue  # another KB name before it ("US Senate") is fine; "Democratic Party of Korea" is not
        if _foreign_name_word(doc[i], kb, own):
            return True
    return False


def _name_word_before(span: Span, kb: KnowledgeBase, hit_tokens: set[int]) -> bool:
    """A capitalised proper noun right before a KB name of several words, inside a sentence: a longer name."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    return (before.pos_ == "PROPN" and not before.is_sent_start and before.whitespace_
            and (span.start - 1) not in hit_tokens and _foreign_name_word(before, kb, set()))


def _glued_to_name(span: Span, hit_tokens: set[int]) -> bool:
    """"Mid-American": the hit is the end of a hyphenated name whose first part the KB does not know."""
    doc, i = span.doc, span.start
    if i < 2 or doc[i - 1].text not in ("-", "\u2011") or doc[i - 1].whitespace_ or doc[i - 2].whitespace_:
        return False
    return doc[i - 2].text[:1].isupper() and (i - 2) not in hit_tokens


def _foreign_name_word(token: Token, kb: KnowledgeBase, own: set[str]) -> bool:
    """A capitalised word of another name: not a title, organ word, honorific, initial or the entry's own word."""
    text = token.text
    if not text[:1].isupper() or token.is_punct or token.is_stop or token.tag_ == "POS" or len(text.rstrip(".")) <= 1:
        return False
    word = token.lower_
    if word in own or word.rstrip(".") in kb.honorifics or word in kb.title_qualifiers:
        return False
    doc = token.doc
    for start in (token.i - 1, token.i):
        pair = doc[max(start, 0): start + 2].text if start + 2 <= len(doc) else ""
        if pair and (kb.sector_of(pair) in _ORGAN_SECTORS or kb.title_sector(pair)):
            return False
    return not (kb.sector_of(word) in _ORGAN_SECTORS or kb.title_sector(word))


def _smaller_place_before(span: Span, ents: Entities, hit_tokens: set[int]) -> bool:
    """"Atlanta, Georgia,": the hit follows a comma after a place the KB does not know and ends a phrase."""
    doc, i = span.doc, span.start
    if i < 2 or doc[i - 1].text != "," or (span.end < len(doc) and not doc[span.end].is_punct):
        return False  # "the Soviet Union, Beijing has calculated": a new clause, no address
    before = ents.get(i - 2)
    return before is not None and before.label_ in ("GPE", "LOC") and (i - 2) not in hit_tokens


def _reads_as_place(span: Span, ents: Entities, kb: KnowledgeBase) -> bool:
    """A risky alias read as a place or organisation: by NER, a preposition before it or a possessive after it."""
    doc = span.doc
    after = doc[span.end: span.end + 2]
    if len(after) == 2 and after[0].tag_ == "POS" and kb.sector_of(after[1].text):
        return True  # "Chad's government", "Jordan's army"
    ent = ents.get(span.start)
    if ent is not None:
        return ent.label_ in _PLACE_LABELS and (ent.start, ent.end) == (span.start, span.end)
    before = doc[span.start - 1].lower_ if span.start > 0 else ""
    return before in _PLACE_PREPS or (len(after) > 0 and after[0].tag_ == "POS")


def dateline_spans(text: str, limit: int = 2000) -> list[tuple[int, int]]:
    """Character ranges of the place words of datelines near the top of an article."""
    found = []
    for match in _DATELINE.finditer(text[:limit]):
        place = match.group("place").rstrip()
        words = place.replace(",", " ").split()
        if len(words) > 1 and "," not in place and not place.isupper():
            continue  # "Police in Marlow -" is a sentence; a dateline is one place in capitals or "City, Country"
        if place.split(",")[0].strip().isupper() or "," in place:
            found.append((match.start("place"), match.start("place") + len(place)))
    return found


def in_any(start: int, end: int, ranges: Iterable[tuple[int, int]]) -> bool:
    return any(s <= start and end <= e for s, e in ranges)
