"""Appositions and role phrases ("Neri Zilber—a visiting scholar at ...") and names defined in brackets."""

from __future__ import annotations

import re

from spacy.tokens import Doc, Span, Token

from .kb import KnowledgeBase
from .state import DocActors, Draft, slug

__all__ = ["add_roles", "link_parentheses", "actor_at"]

_ROLE_MODIFIER_DEPS = frozenset({"amod", "compound"})
_MEMBER_PREPS = frozenset({"at", "of", "with", "for", "in", "from"})


def actor_at(state: DocActors, start: int, end: int, *, exclude: str | None = None) -> Draft | None:
    """The actor whose mention lies within [start, end), preferring the longest mention."""
    best: tuple[int, Draft] | None = None
    for (s, e), ids in state.spans.items():
        if s >= start and e <= end:
            for actor_id in ids:
                if actor_id != exclude and (best is None or e - s > best[0]):
                    best = (e - s, state.drafts[actor_id])
    return best[1] if best else None


def _role_noun(person: Span) -> Token | None:
    """The noun in apposition to a person's name, on either side of it."""
    root = person.root
    # A role is a common noun outside any name or place ("commander", not "Ninevah province").
    if root.dep_ == "appos" and root.head.pos_ == "NOUN" and not root.head.ent_type_:
        return root.head
    for child in root.children:
        if child.dep_ == "appos" and child.pos_ == "NOUN" and not child.ent_type_:
            return child
    return None


def _role_text(noun: Token) -> str:
    """"a visiting scholar" -> "visiting scholar"; capitalised modifiers ("a Salafi leader") name the group."""
    modifiers = [t for t in noun.lefts if t.dep_ in _ROLE_MODIFIER_DEPS and not t.is_title]
    return " ".join([t.text for t in modifiers] + [noun.text])


def _country_of(kb: KnowledgeBase | None, token: Token) -> str | None:
    """The KB state a demonym modifying a role noun names ("her Ugandan counterpart" -> UGA)."""
    if kb is None:
        return None
    states = [e for e in kb.lookup(token.text) if e.kind == "state" and token.lower_ in (d.lower() for d in e.demonyms)]
    return states[0].id if len(states) == 1 else None


def _member_of(state: DocActors, noun: Token, person: Draft, groups: dict[str, Draft],
               kb: KnowledgeBase | None = None) -> str | None:
    """The id of the organisation or country a role phrase names ("scholar at the Washington Institute")."""
    regions = [t for t in noun.lefts if t.is_title and t.dep_ in _ROLE_MODIFIER_DEPS]
    for token in regions:
        group = groups.get(slug(token.text[:-1] if token.text.endswith("s") else token.text))
        if group is not None:
            return group.actor_id  # "a Salafi leader": the Salafi group found in this document
        country = _country_of(kb, token)
        if country is not None:
            return country
    regions += [t for t in noun.rights if t.dep_ == "prep" and t.lower_ in _MEMBER_PREPS]
    for token in regions:
        sub = list(token.subtree)
        start, end = sub[0].idx, sub[-1].idx + len(sub[-1])
        found = actor_at(state, start, end, exclude=person.actor_id)
        if found is not None and not found.is_person and found.kind != "state":
            return found.actor_id
    return None


def add_roles(doc: Doc, state: DocActors, persons: list[Draft], groups: dict[str, Draft], *,
              kb: KnowledgeBase | None = None) -> None:
    """Fill role and member_of of persons from appositions; the role phrase becomes a mention.

    With the KB, a demonym before the role noun gives the country: "her Ugandan counterpart" -> UGA.
    """
    for person in persons:
        first = min(person.mentions, key=lambda m: m.start)
        span = doc.char_span(first.start, first.end, alignment_mode="expand")
        if span is None:
            continue
        noun = _role_noun(span)
        if noun is None:
            continue
        person.role = person.role or _role_text(noun)
        organisation = _member_of(state, noun, person, groups, kb)
        if organisation is not None and person.member_of is None:
            person.member_of = organisation
        start = min([t.i for t in noun.lefts if not t.is_punct] + [noun.i])
        phrase = doc[start: noun.i + 1]
        if not state.overlaps(phrase.start_char, phrase.end_char):
            state.add(person, phrase.start_char, phrase.end_char, "apposition", None)


def _parenthesis_after(doc: Doc, end_char: int) -> Span | None:
    """The bracketed words right after a mention ("(PMF)", "(the Sinai's Islamic State branch)")."""
    span = doc.char_span(end_char, end_char, alignment_mode="expand")
    index = span.start if span is not None else None
    if index is None or index >= len(doc) or doc[index].text != "(":
        return None
    for close in range(index + 1, min(index + 10, len(doc))):
        if doc[close].text == ")":
            return doc[index + 1: close] if close > index + 1 else None
    return None


def link_parentheses(doc: Doc, state: DocActors) -> None:
    """A name defined in brackets ("the Popular Mobilization Forces (PMF)") is the same actor everywhere."""
    for draft in list(state.drafts.values()):
        for mention in list(draft.mentions):
            inner = _parenthesis_after(doc, mention.end)
            if inner is None or mention.via == "pronoun":
                continue
            for other in {actor_id for (s, e), ids in state.spans.items()
                          if s >= inner.start_char and e <= inner.end_char for actor_id in ids}:
                found = state.drafts.get(other)
                if found is not None and found is not draft and not found.in_kb and found.kind != "person":
                    state.merge(found, draft)  # "(PMF)" found by NER as a separate organisation
            if not state.overlaps(inner.start_char, inner.end_char):
                state.add(draft, inner.start_char, inner.end_char, "apposition", mention.sector)
            if len(inner) == 1 and inner[0].is_upper:
                _link_acronym(doc, state, draft, inner.text, inner.end_char)


def _link_acronym(doc: Doc, state: DocActors, draft: Draft, acronym: str, after: int) -> None:
    """Later uses of an acronym defined in brackets ("... the AFT would sue") name the same actor."""
    for match in re.finditer(rf"(?<!\w){re.escape(acronym)}(?!\w)", doc.text[after:]):
        start, end = after + match.start(), after + match.end()
        if doc.char_span(start, end) is not None and not state.overlaps(start, end):
            state.add(draft, start, end, "kb_alias" if draft.in_kb else "other", None)
