"""One person, one actor; one organisation, one actor, of the right kind.

- What kind a name found by NER is: cue words of its name ("Orvell Dynamics Inc." is a company, "Kestrel
  Daily Herald" a newspaper, "Brannock County Sheriff's Office" a state organ), a given name first ("Helena
  Marsh" tagged ORG is a person), a title or honorific before it ("Dr Ellsworth"); one text, one kind
  in the whole document ("Gannett" tagged PERSON once and ORG twice is one company).
- Name chains: a surname alone ("Lindqvist", "Ms. Lindqvist", "Trump") is the person named in full in the
  document, the only one with that surname; a KB person's surname alone is that person when no other
  person of the document carries it; a given name NER found alone ("Taylor") is the one person of the
  document named so in full. Pronouns and lower-case words never match a surname.
- A person's gender, from honorifics and given names, so that "she" never goes to a man (see coref).
- An organisation's first word alone ("Halvard" after "Halvard Motors") is that organisation.
"""

from __future__ import annotations

from collections.abc import Iterator

from spacy.attrs import LOWER
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from .kb import ActorEntry, KnowledgeBase
from .places import is_known_place
from .state import DocActors, Draft

__all__ = ["name_kind", "widen_given_name", "add_given_name_persons", "link_names", "link_short_org_names",
           "kb_surnames", "TokenIndex", "first_part_hashes"]

_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "his", "hers", "its", "them", "their", "we",
                       "us", "i", "me", "you", "who", "one"})
_MAX_PERSON_WORDS = 4
_PLACES = frozenset({"GPE", "LOC", "FAC"})


class TokenIndex:
    """Where each lower-cased word occurs in a document, built once from one array (no token objects)."""

    def __init__(self, doc: Doc) -> None:
        self.doc = doc
        self.at: dict[int, list[int]] = {}
        for i, key in enumerate(doc.to_array(LOWER).tolist()):
            self.at.setdefault(key, []).append(i)

    def present(self, keys: dict[int, list[str]]) -> list[str]:
        """Words whose first part the document has (keys from :func:`first_part_hashes`): candidates for find."""
        return [word for h in self.at.keys() & keys.keys() for word in keys[h]]

    def find(self, words: str) -> Iterator[Span]:
        """Every occurrence of the words, in any case; hyphens split as the tokenizer does ("al-Menei")."""
        parts = _split_word(words.lower())
        for i in self.at.get(hash_string(parts[0]), ()):
            span = self.doc[i: i + len(parts)]
            if [t.lower_ for t in span] == parts:
                yield span


def first_part_hashes(words) -> dict[int, list[str]]:
    """Hash of the first token of each lower-cased word -> the words, for :meth:`TokenIndex.present`."""
    keys: dict[int, list[str]] = {}
    for word in words:
        keys.setdefault(hash_string(_split_word(word.lower())[0]), []).append(word.lower())
    return keys


def name_kind(span: Span, label: str, kb: KnowledgeBase) -> tuple[str, str | None]:
    """(kind, sector) of a name NER tagged PERSON, ORG, GPE or LOC; kind "unknown" when nothing says more.

    A person's "sector" is "titled" when a title or honorific stands before the name (a person for sure).
    """
    words = [t.text for t in span]
    cue = kb.cue_of(words)
    if _titled(span, kb):
        return "person", "titled"  # "Judge Helena Marsh" tagged ORG, "Dr Hebron Aldana"
    root = span.root
    by_verb = kb.kind_verbs.get(root.head.lemma_) if root.dep_ == "nsubj" else None
    if by_verb and cue is None and not kb.first_names.get(words[0].lower()):
        return by_verb, None  # "Ukrinform reported ..."
    if label == "PERSON":
        if cue is not None and len(words) > 1:
            return cue  # "Baltimore Sun", "Orvell Dynamics Inc."
        if len(span) == 1 and span[0].tag_ in ("NNPS", "NNS"):
            return "group", None  # "Uighurs": a people, not a person
        return "person", None
    if cue is None and _given_name_first(span, kb):
        return "person", None
    if cue is not None:
        return cue
    return "unknown", None


def _given_name_first(span: Span, kb: KnowledgeBase) -> bool:
    words = [t for t in span if t.is_alpha]
    if not (1 < len(words) <= _MAX_PERSON_WORDS and all(t.is_title for t in words) and not kb.lookup(span.text)):
        return False
    if words[-1].lower_ in kb.place_words or words[-1].tag_ == "NNPS":
        return False  # "Jordan Valley Authority"
    # A given name of both sexes that is also a place ("Brooklyn", "Israel") needs a surname, not a plural ("Nets").
    gendered = kb.gender_of_name(words[0].text) is not None
    return gendered or (kb.first_names.get(words[0].lower_) is not None and not words[-1].lower_.endswith("s"))


def _titled(span: Span, kb: KnowledgeBase) -> bool:
    """A title or honorific right before the name: "Dr Ellsworth", "Judge Helena Marsh", "Rep. McKinley"."""
    if span.start == 0:
        return False
    before = span.doc[span.start - 1]
    word = before.lower_.rstrip(".")
    return before.text[:1].isupper() and (word in kb.honorifics or kb.title_sector(before.text) is not None)


def widen_given_name(span: Span, kb: KnowledgeBase) -> Span:
    """"Georgia Pembleton" when NER tagged only "Pembleton": a given name right before a person's name."""
    doc, start = span.doc, span.start
    before = doc[start - 1] if start > 0 else None
    if before is not None and before.is_title and before.whitespace_ and kb.first_names.get(before.lower_):
        return doc[start - 1: span.end]
    return span


# ---------------------------------------------------------------- persons


def add_given_name_persons(doc: Doc, state: DocActors, kb: KnowledgeBase, index: TokenIndex,
                           first_names: dict[int, list[str]]) -> list[Draft]:
    """"Kenya Morrow scored": a given name and a capitalised proper noun NER missed are a person."""
    found = []
    starts = sorted(i for name in index.present(first_names) for i in index.at[hash_string(name)]
                    if i + 1 < len(doc))
    for i in starts:
        token, after = doc[i], doc[i + 1]
        if not (token.is_title and after.text[:1].isupper() and after.pos_ == "PROPN"):
            continue
        if after.lower_ in kb.place_words or (after.tag_ == "NNPS" and kb.gender_of_name(token.text) is None):
            continue  # "Sydney Harbour", "Brooklyn Nets": a place or a team, not a person
        end = after.i + 1
        if end < len(doc) and doc[end].text[:1].isupper() and doc[end].is_alpha:
            continue  # a longer name: NER's business
        if token.ent_type_ == "PERSON" or kb.lookup(after.text) or kb.cue_of([token.text, after.text]):
            continue
        if after.tag_ == "NNPS" or is_known_place(after.text) or is_known_place(f"{token.text} {after.text}"):
            continue  # "Dallas Cowboys", "Sydney Harbour": a team or a place, not a person
        start_char, end_char = token.idx, after.idx + len(after)
        if not state.overlaps(start_char, end_char):
            draft = state.for_new("person", f"{token.text} {after.text}")
            state.add(draft, start_char, end_char, "other")
            found.append(draft)
    return found


def kb_surnames(kb: KnowledgeBase) -> dict[str, ActorEntry]:
    """Surname (as written) -> the one KB person who carries it; surnames two KB persons share are left out."""
    found: dict[str, ActorEntry | None] = {}
    for entry in kb.entries.values():
        if entry.kind != "person":
            continue
        surname = entry.surname or entry.name.split()[-1]
        if len(surname) > 1 and " " not in surname:
            found[surname] = None if surname in found else entry
    return {k: v for k, v in found.items() if v is not None}


def _surname(draft: Draft, kb: KnowledgeBase) -> str | None:
    entry = kb.get(draft.actor_id) if draft.in_kb else None
    if entry is not None:
        surname = entry.surname or entry.name.split()[-1]
        return surname if " " not in surname else None
    words = draft.name.split()
    return words[-1] if len(words) > 1 else None


def link_names(doc: Doc, state: DocActors, kb: KnowledgeBase, surnames: dict[str, ActorEntry],
               index: TokenIndex, surname_keys: dict[int, list[str]]) -> None:
    """Surnames alone, with or without an honorific, are the one person of the document who carries them."""
    _bare_kb_surnames_to_namesakes(state, kb)
    owners: dict[str, Draft | None] = {}
    for draft in list(state.drafts.values()):
        if draft.is_person and draft.mentions:
            surname = _surname(draft, kb)
            if surname:
                key = surname.lower()
                owners[key] = None if owners.get(key, draft) is not draft else draft
    first_words = _first_words(state, kb)
    for draft in [d for d in state.drafts.values() if not d.in_kb and " " not in d.name and d.kind in
                  ("person", "unknown")]:
        key = draft.name.lower()
        owner = owners.get(key) or (first_words.get(key) if draft.is_person and key not in owners else None)
        if owner is None and key not in owners and draft.kind == "person" and draft.name in surnames:
            owner = state.for_entry(surnames[draft.name])  # "Trump" alone: the one KB person of that surname
            owners[key] = owner
        if owner is not None and owner is not draft:
            state.merge(draft, owner)
    owners = {k: v for k, v in owners.items() if v is not None}
    _match_surnames(state, kb, owners, surnames, index.present(surname_keys), index)
    for draft in [d for d in state.drafts.values() if not d.in_kb and d.kind == "unknown" and " " not in d.name]:
        owner = owners.get(draft.name.lower())
        if owner is not None and owner.in_kb:
            state.merge(draft, owner)  # "Trump" tagged ORG once the surname is known to name the KB person
    for draft in state.drafts.values():
        if draft.is_person:
            _widen_honorifics(doc, state, kb, draft)
            draft.gender = draft.gender or _gender(doc, kb, draft)


def _bare_kb_surnames_to_namesakes(state: DocActors, kb: KnowledgeBase) -> None:
    """"Hunter Biden testified. Biden said ...": a KB person named only by a bare surname, in a document where
    one other person carries that surname, is that other person."""
    for draft in [d for d in state.drafts.values() if d.in_kb and d.is_person]:
        surname = _surname(draft, kb)
        if not surname or any(m.text.split()[-1] != surname or len(m.text.split()) > 1 for m in draft.mentions):
            continue
        title = " ".join((draft.role or "").split()[-1:])
        before = [state.text[max(0, m.start - 40): m.start].rstrip().lower() for m in draft.mentions]
        if title and any(b.endswith(title) for b in before):
            continue  # "President Ruto": the KB person's own title before the surname
        namesakes = [d for d in state.drafts.values()
                     if d.is_person and not d.in_kb and len(d.name.split()) > 1 and d.name.split()[-1] == surname]
        if len(namesakes) == 1:
            state.merge(draft, namesakes[0])


def _first_words(state: DocActors, kb: KnowledgeBase) -> dict[str, Draft]:
    """"Taylor" after "Taylor Swift", "Liu" after "Liu Xiaming" (a family name written first): the first word of
    exactly one person's full name, when it is a given name or the name has two words."""
    found: dict[str, Draft | None] = {}
    for draft in state.drafts.values():
        words = draft.name.split()
        if draft.is_person and len(words) > 1 and (len(words) == 2 or words[0].lower() in kb.first_names):
            key = words[0].lower()
            found[key] = None if found.get(key, draft) is not draft else draft
    return {k: v for k, v in found.items() if v is not None}


def _match_surnames(state: DocActors, kb: KnowledgeBase, owners: dict[str, Draft],
                    surnames: dict[str, ActorEntry], present: list[str], index: TokenIndex) -> None:
    """Every later surname alone, in either case of its particle ("al-Menei", "Al-Menei"), never "he" for "He"."""
    known = {s.lower(): entry for s, entry in surnames.items()}
    keys = set(owners) | set(present)
    for key, span in sorted(((k, sp) for k in keys for sp in index.find(k)),
                            key=lambda item: item[1].start):
        if not span[-1].text[:1].isupper() or state.overlaps(span.start_char, span.end_char) or not _alone(span, kb):
            continue
        owner = owners.get(key)
        if owner is None:
            if key in owners or not _reads_as_name(span.root):
                continue
            owner = state.for_entry(known[key])  # a well-known person's surname, no other bearer here
            owners[key] = owner
        state.add(owner, span.start_char, span.end_char, "ner" if span.root.ent_type_ == "PERSON" else "other")


def _reads_as_name(token: Token) -> bool:
    """A proper noun, a PERSON name, or a capitalised subject the tagger took for a noun ("Trump told ...")."""
    return token.pos_ == "PROPN" or token.ent_type_ == "PERSON" or (
        token.is_title and token.dep_ in ("nsubj", "nsubjpass", "poss") and token.tag_ in ("NN", "NNP"))


def _alone(span: Span, kb: KnowledgeBase) -> bool:
    """A surname standing alone: no pronoun, no other name word glued before or after ("Fred Trump", "Trump Tower")."""
    doc = span.doc
    if len(span) == 1 and span[0].lower_ in _PRONOUNS:
        return False
    for i in (span.start - 1, span.end):
        if 0 <= i < len(doc) and doc[i].text[:1].isupper() and doc[i].is_alpha and not doc[i].is_sent_start:
            word = doc[i].lower_
            if i == span.start - 1 and (word in kb.honorifics or kb.title_sector(word) or word in kb.title_qualifiers):
                continue
            if doc[i].pos_ == "PROPN" and (i > span.start or doc[i].whitespace_):
                return False
    return True


def _widen_honorifics(doc: Doc, state: DocActors, kb: KnowledgeBase, draft: Draft) -> None:
    """"Ms. Lindqvist": the honorific belongs to the person's mention."""
    for mention in list(draft.mentions):
        span = doc.char_span(mention.start, mention.end)
        if span is None or span.start == 0:
            continue
        before = doc[span.start - 1]
        if before.lower_.rstrip(".") in kb.honorifics and before.text[:1].isupper() \
                and not state.overlaps(before.idx, before.idx + len(before)):
            state.widen(draft, mention, before.idx, mention.end, mention.via)


def _gender(doc: Doc, kb: KnowledgeBase, draft: Draft) -> str | None:
    """From an honorific before a mention, else the person's given name."""
    for mention in draft.mentions:
        gender = kb.gender_of_name(mention.text.split()[0]) if len(mention.text.split()) > 1 else None
        if gender and mention.text.split()[0].lower().rstrip(".") in kb.honorifics:
            return gender
    return kb.gender_of_name(draft.name.split()[0]) if " " in draft.name else None


def _split_word(word: str) -> list[str]:
    """Split like spaCy's tokenizer does on infix hyphens: "al-Menei" -> ["al", "-", "Menei"]."""
    pieces: list[str] = []
    for i, part in enumerate(word.split("-")):
        if i:
            pieces.append("-")
        if part:
            pieces.append(part)
    return pieces


# ---------------------------------------------------------------- organisations


def link_short_org_names(doc: Doc, state: DocActors, kb: KnowledgeBase, index: TokenIndex) -> None:
    """"Halvard" after "Halvard Motors": the first word of a named organisation alone is that organisation."""
    owners: dict[str, Draft | None] = {}
    places = {ent.text for ent in doc.ents if ent.label_ in _PLACES}
    for draft in state.drafts.values():
        words = draft.name.split()
        if draft.in_kb or draft.is_person or draft.kind == "group" or len(words) < 2 or not words[0][:1].isupper():
            continue
        if kb.lookup(words[0]) or words[0].lower() in kb.common_words or kb.first_names.get(words[0].lower()):
            continue
        first = words[0]
        if first in places:
            continue  # "Sacramento Bee": "Sacramento" alone is the city
        owners[first] = None if owners.get(first, draft) is not draft else draft
    for draft in [d for d in state.drafts.values() if not d.in_kb and " " not in d.name]:
        owner = owners.get(draft.name)
        if owner is not None and owner is not draft:
            state.merge(draft, owner)
    for first, owner in owners.items():
        for span in index.find(first) if owner is not None else ():
            token = span[0]
            if token.text == first and token.pos_ == "PROPN" and _alone_token(token) \
                    and token.ent_type_ not in _PLACES and not state.overlaps(token.idx, token.idx + len(token)):
                state.add(owner, token.idx, token.idx + len(token), "other")


def _alone_token(token: Token) -> bool:
    doc = token.doc
    after = doc[token.i + 1] if token.i + 1 < len(doc) else None
    return after is None or not (after.text[:1].isupper() and after.is_alpha)
