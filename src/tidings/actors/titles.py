"""Titles written before a person's name ("Kenyan Foreign Minister Amina Otieno"): role, member_of, sector."""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from spacy.tokens import Doc, Span

from .kb import KnowledgeBase
from .roles import actor_at
from .state import DocActors, Draft

__all__ = ["TitledName", "find_titles", "apply_titles"]

_MAX_TITLE_WORDS = 3
# How far before a name a title phrase may start ("Kenyan army chief General Kamal Ruto": 4 words).
_MAX_PREFIX_WORDS = 8
# Words that end a title phrase on its left: "her" in "her Ugandan counterpart", "the", commas.
_STOP_DEPS = frozenset({"det", "poss", "predet", "cc", "prep", "punct", "case"})
_HYPHENS = frozenset({"-", "\u2011"})


class Owner(NamedTuple):
    """Whose title it is: a KB entry or an actor of the document."""

    actor_id: str
    kind: str
    sector: str | None


@dataclass(frozen=True)
class TitledName:
    """A person's name with the title before it and the words naming whose title it is."""

    name: Span
    title: Span
    role: str
    sector: str
    owner: Span | None
    start: int  # the first word of the phrase: "Former" in "Former Tanzanian Prime Minister"

    @property
    def prefix(self) -> Span:
        """The owner and title words together ("Kenyan Foreign Minister")."""
        return self.name.doc[self.start: self.title.end]

    @property
    def phrase(self) -> Span:
        """The whole titled name ("Kenyan Foreign Minister Amina Otieno")."""
        return self.name.doc[self.prefix.start: self.name.end]


def find_titles(doc: Doc, kb: KnowledgeBase, ents: tuple[Span, ...] | None = None) -> list[TitledName]:
    """Every PERSON name of the document written after a title from the KB's title list."""
    found = []
    for ent in doc.ents if ents is None else ents:
        if ent.label_ == "PERSON":
            titled = _titled(ent, kb)
            if titled is not None:
                found.append(titled)
    return found


def _titled(name: Span, kb: KnowledgeBase) -> TitledName | None:
    doc = name.doc
    left = _left_limit(name)
    titles = _titles_before(doc, left, name.start, kb)
    if not titles:
        return None
    first = doc[titles[-1][0]: titles[-1][1]]  # the outermost title names the office: "army chief" General
    start = first.start
    while start > left and doc[start - 1].lower_ in kb.title_qualifiers:
        start -= 1  # "Former President": the qualifier belongs to the role
    owner = _owner_words(doc, left, start) or _possessive_owner(doc, start)
    first_word = owner.start if owner is not None else start
    sector = kb.title_sector(first.text) or ""
    role = " ".join(doc[start: first.end].text.lower().split())
    if owner is not None and owner[0].lower_ in kb.title_qualifiers:
        role = f"{owner[0].lower_} {role}"  # "Former Tanzanian Prime Minister" -> "former prime minister"
        owner = doc[owner.start + 1: owner.end] if len(owner) > 1 else None
    return TitledName(name=name, title=doc[start: name.start], role=role, sector=sector, owner=owner,
                      start=first_word)


def _left_limit(name: Span) -> int:
    """The first token that may belong to the name's title phrase: modifiers of the name, up to a stop word."""
    doc = name.doc
    edge = max(name.root.left_edge.i, name.start - _MAX_PREFIX_WORDS)
    i = name.start
    while i > edge and (_inner_hyphen(doc, i - 1) or (not doc[i - 1].is_punct and doc[i - 1].dep_ not in _STOP_DEPS)):
        i -= 1
    return i


def _inner_hyphen(doc: Doc, i: int) -> bool:
    """A hyphen inside a word ("Secretary-General"), not a dash between words."""
    return doc[i].text in _HYPHENS and not doc[i].whitespace_ and i > 0 and not doc[i - 1].whitespace_


def _titles_before(doc: Doc, left: int, end: int, kb: KnowledgeBase) -> list[tuple[int, int]]:
    """Title phrases right before ``end``, from right to left, longest form first ("Prime Minister")."""
    found: list[tuple[int, int]] = []
    while end > left:
        widths = range(min(_MAX_TITLE_WORDS, end - left), 0, -1)
        start = next((end - n for n in widths if kb.title_sector(doc[end - n: end].text)), None)
        if start is None or _glued(doc, start):
            break
        found.append((start, end))
        end = start
    return found


def _glued(doc: Doc, start: int) -> bool:
    """A title glued to the word before it ("Secretary-General") is part of a longer word."""
    return start > 0 and not doc[start - 1].whitespace_ and doc[start - 1].text in _HYPHENS


def _owner_words(doc: Doc, left: int, end: int) -> Span | None:
    """The capitalised words before the title ("Kenyan", "U.S.", "Hamas"): whose title it is."""
    start = end
    while start > left and doc[start - 1].text[:1].isupper():
        start -= 1
    return doc[start:end] if start < end else None


def _possessive_owner(doc: Doc, start: int) -> Span | None:
    """"Iran's Foreign Minister": the capitalised words before the possessive own the title."""
    if start < 2 or doc[start - 1].tag_ != "POS":
        return None
    return _owner_words(doc, max(0, start - 1 - _MAX_TITLE_WORDS), start - 1)


def apply_titles(state: DocActors, kb: KnowledgeBase, titled: list[TitledName]) -> None:
    """Give each titled person its role, member_of and sector; its name mention covers the whole phrase."""
    for found in titled:
        person = _person_named(state, found.name, kb)
        if person is None:
            continue
        person.role = found.role
        owner = _owner(state, kb, found.owner, person)
        if owner is not None:
            person.member_of = owner.actor_id
        sector = _title_sector(owner, found.sector)
        for mention in person.mentions if sector else ():
            mention.sector = sector
        _widen_name(state, person, found, kb)


def _person_named(state: DocActors, name: Span, kb: KnowledgeBase) -> Draft | None:
    """The person whose mention is exactly the name; a KB surname inside a longer name ("Kamal Ruto") is not."""
    for start in _name_starts(name, kb):
        for actor_id in state.spans.get((start, name.end_char), []):
            draft = state.drafts.get(actor_id)
            if draft is not None and draft.is_person:
                return draft
    return None


def _name_starts(name: Span, kb: KnowledgeBase) -> list[int]:
    """Where the person's mention may start: the NER name, after an honorific it opens with ("Gen. Omar Faizi"
    tagged whole), or at an honorific right before it that the name chains joined ("Gen." + "Omar Faizi")."""
    doc = name.doc
    starts = [name.start_char]
    if len(name) > 1 and (name[0].text.endswith(".") or kb.title_sector(name[0].text) is not None):
        starts.append(name[1].idx)
    if name.start > 0 and doc[name.start - 1].text.endswith("."):
        starts.append(doc[name.start - 1].idx)
    return starts


def _owner(state: DocActors, kb: KnowledgeBase, words: Span | None, person: Draft) -> Owner | None:
    """The country or organisation the owner words name: a KB name or demonym, else an actor found there."""
    if words is None:
        return None
    for width in range(len(words), 0, -1):
        for start in range(words.start, words.end - width + 1):
            entries = kb.lookup(words.doc[start: start + width].text)
            if len(entries) == 1 and entries[0].kind != "person":
                return Owner(entries[0].id, entries[0].kind, entries[0].sector)
    found = actor_at(state, words.start_char, words.end_char, exclude=person.actor_id)
    if found is None or found.is_person:
        return None
    return Owner(found.actor_id, found.kind, found.sector)


def _title_sector(owner: Owner | None, title_sector: str) -> str | None:
    # The leader or spokesman of a non-state armed group speaks for the group (REB), not a government.
    if owner is not None and owner.kind != "state" and owner.sector:
        return owner.sector
    return title_sector or None


def _widen_name(state: DocActors, person: Draft, found: TitledName, kb: KnowledgeBase) -> None:
    """The name mention covers the titled phrase, so an event can find the person by the title or the name."""
    name, phrase = found.name, found.phrase
    for mention in person.mentions:
        if mention.end == name.end_char and mention.start in _name_starts(name, kb):
            state.widen(person, mention, phrase.start_char, phrase.end_char, mention.via)
            return
