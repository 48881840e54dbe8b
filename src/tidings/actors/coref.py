"""Rule-based coreference: pronouns by syntax, salience and agreement; definite descriptions by KB descriptors.

Choices (documented for the event coder):
- pleonastic "it" ("it was reported", "It's a worrying development") is never resolved;
- "which"/"who" heading a relative clause refer to the noun the clause modifies;
- "he"/"she" go to persons only, never to one whose honorific or given name says the other gender, nor
  to one an earlier pronoun already gave the other gender;
- "it/its" prefer the subject (or the controlling object) of the clause, then the nearest
  singular non-person actor within three sentences; "they/their/them" prefer unnamed groups;
- a plural description ("the two countries", "the groups") gives one mention per actor on the same
  span, for the n (default 2) most recently mentioned matching actors.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass

from spacy.attrs import DEP, LOWER, POS
from spacy.strings import hash_string
from spacy.tokens import Doc, Span, Token

from ..records import Mention
from .kb import KnowledgeBase
from .state import DocActors, Draft

__all__ = ["resolve_coreference", "description_heads"]

_IT = frozenset({"it", "its", "itself"})
_THEY = frozenset({"they", "them", "their", "theirs", "themselves"})
_MALE = frozenset({"he", "him", "his", "himself"})
_FEMALE = frozenset({"she", "her", "hers", "herself"})
_PERSONAL = _MALE | _FEMALE
_PRONOUNS = _IT | _THEY | _PERSONAL
_RELATIVE = frozenset({"who", "which", "whose", "whom", "that"})
_COPULAS = frozenset({"be", "seem", "appear", "remain", "become"})
_NUMBERS = {"two": 2, "three": 3, "four": 4, "both": 2}
_WINDOW_SENTENCES = 3
_PLURAL_TAGS = frozenset({"NNS", "NNPS"})


@dataclass
class _Index:
    """Token -> (mention, actor) for every token a mention covers (shortest mention wins)."""

    by_token: dict[int, tuple[Mention, Draft]]

    @classmethod
    def build(cls, doc: Doc, state: DocActors) -> _Index:
        by_token: dict[int, tuple[Mention, Draft]] = {}
        pairs = sorted(state.timeline(), key=lambda pair: -(pair[0].end - pair[0].start))
        for mention, draft in pairs:
            span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
            for token in span if span is not None else ():
                by_token[token.i] = (mention, draft)
        return cls(by_token)


def _mention_plural(doc: Doc, mention: Mention, draft: Draft) -> bool:
    if draft.plural:
        return True
    span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
    return span is not None and span.root.tag_ in _PLURAL_TAGS and mention.via != "kb_alias"


def _agrees(doc: Doc, pronoun: Token, mention: Mention, draft: Draft, *, strict_groups: bool) -> bool:
    word = pronoun.lower_
    if word in _PERSONAL:
        # "his lawyer ... she": a pronoun never goes to a person of the other known gender.
        wrong = "female" if word in _MALE else "male"
        return draft.is_person and draft.gender != wrong
    if draft.is_person:
        return False
    plural = _mention_plural(doc, mention, draft)
    if word in _IT:
        return not plural
    return draft.plural if strict_groups else plural


def _is_pleonastic(token: Token) -> bool:
    if token.dep_ == "expl" or token.dep_ == "nsubjpass":
        return True  # "it was reported that ...", "it is believed ..."
    head = token.head
    return token.dep_ == "nsubj" and (head.lemma_ in _COPULAS or head.lower_ in ("'s", "\u2019s"))


def _governing_verb(token: Token) -> Token | None:
    head = token.head
    # spaCy makes a new Token object on every access: compare indices, never identity.
    while head.pos_ not in ("VERB", "AUX") and head.head.i != head.i:
        head = head.head
    return head if head.pos_ in ("VERB", "AUX") else None


def _syntactic_candidates(pronoun: Token) -> list[Token]:
    """Controller object, then clause subjects walking up the verb chain ("Egypt's military said that it")."""
    out: list[Token] = []
    verb = _governing_verb(pronoun)
    for _ in range(4):
        if verb is None:
            break
        if verb.dep_ == "xcomp":
            out += [c for c in verb.head.children if c.dep_ == "dobj"]
        out += [c for c in verb.children if c.dep_ in ("nsubj", "nsubjpass") and pronoun not in c.subtree]
        if verb.dep_ == "conj":
            out += [c for c in verb.head.children if c.dep_ in ("nsubj", "nsubjpass")]
        if verb.head.i == verb.i:
            break
        verb = _governing_verb(verb)
    return out


def _recent_candidates(doc: Doc, pronoun: Token, index: _Index) -> list[Token]:
    """Tokens of preceding mentions by salience: per sentence (own first), subjects then nearest."""
    out: list[Token] = []
    sentence, end = pronoun.sent, pronoun.i
    for _ in range(_WINDOW_SENTENCES):
        tokens = [doc[i] for i in range(end - 1, sentence.start - 1, -1) if i in index.by_token]
        out += [t for t in tokens if t.dep_ in ("nsubj", "nsubjpass")] + tokens
        if sentence.start == 0:
            break
        end = sentence.start
        sentence = doc[sentence.start - 1].sent
    return out


def _antecedent(doc: Doc, pronoun: Token, index: _Index) -> tuple[Mention, Draft] | None:
    candidates = _syntactic_candidates(pronoun) + _recent_candidates(doc, pronoun, index)
    passes = (True, False) if pronoun.lower_ in _THEY else (False,)
    for strict in passes:
        for token in candidates:
            found = index.by_token.get(token.i)
            if found and _agrees(doc, pronoun, found[0], found[1], strict_groups=strict):
                return found
    return None


def _resolve_relative(token: Token, index: _Index) -> tuple[Mention, Draft] | None:
    if token.head.dep_ != "relcl" or token.tag_ not in ("WP", "WDT", "WP$"):
        return None
    found = index.by_token.get(token.head.head.i)
    if found is None:
        return None
    if token.lower_ == "which" and found[1].is_person:
        return None
    return found


def _tokens_among(doc: Doc, words: frozenset[str]) -> list[Token]:
    """The tokens whose lower-case form is one of the words, read from one array (no token objects for others)."""
    keys = {hash_string(w) for w in words}
    return [doc[i] for i, key in enumerate(doc.to_array(LOWER).tolist()) if key in keys]


def _resolve_pronouns(doc: Doc, state: DocActors) -> None:
    index = _Index.build(doc, state)
    for token in _tokens_among(doc, _RELATIVE | _PRONOUNS):
        word = token.lower_
        if word in _RELATIVE:
            found = _resolve_relative(token, index)
        elif word in _PRONOUNS and (token.pos_ == "PRON" or token.tag_ == "PRP$"):
            found = None if word in _IT and _is_pleonastic(token) else _antecedent(doc, token, index)
        else:
            continue
        if found is not None:
            mention, draft = found
            state.add(draft, token.idx, token.idx + len(token), "pronoun", mention.sector)
            if draft.is_person and draft.gender is None and word in _PERSONAL:
                draft.gender = "male" if word in _MALE else "female"  # "Dasgupta ... his": he, from now on


# ---------------------------------------------------------------- definite descriptions


def _descriptors(kb: KnowledgeBase, draft: Draft) -> list[str]:
    entry = kb.get(draft.actor_id) if draft.in_kb else None
    if entry is not None:
        return [d.lower() for d in entry.descriptors]
    words = {m.text.split()[-1].lower() for m in draft.mentions if m.via == "descriptor"}
    if draft.kind == "unknown":  # "Zelvo ... the company": any kind's nouns; the description tells the kind
        words |= {noun for nouns in kb.kind_nouns.values() for noun in nouns}
    else:
        words |= kb.kind_nouns.get(draft.kind, frozenset())
    return sorted(words | ({"group", "groups"} if draft.kind == "group" else set()))


def _singular(term: str) -> str:
    if term.endswith("ies"):
        return term[:-3] + "y"
    return term[:-1] if term.endswith("s") else term


def _plural_pattern(term: str) -> str:
    """A regex for a term in singular or plural: "country" -> countr(?:y|ies), "group" -> groups?."""
    if term.endswith("y"):
        return re.escape(term[:-1]) + "(?:y|ies)"
    return re.escape(term) + "(?:s|es)?"


@functools.lru_cache(maxsize=8192)
def _form_pattern(form: str) -> re.Pattern:
    return re.compile(rf"(?<!\w){_plural_pattern(form)}(?!\w)")


def _score(chunk_text: str, head: Token, descriptors: list[str]) -> int:
    """How many descriptor terms the description uses; 0 unless one of them names its head noun."""
    score, head_named = 0, False
    heads = (head.lower_, head.lemma_.lower())
    for term in descriptors:
        for form in {term, _singular(term)}:
            if _form_pattern(form).search(chunk_text):
                score += 1
                head_named = head_named or form.split()[-1] in heads or _singular(form.split()[-1]) in heads
                break
    return score if head_named else 0


def _description_targets(kb: KnowledgeBase, chunk: Span, state: DocActors) -> list[Draft]:
    head = chunk.root
    text = chunk.text.lower().replace("\u2019", "'")
    scored = []
    for draft in state.drafts.values():
        earlier = [m.start for m in draft.mentions if m.end <= chunk.start_char]
        if not earlier:
            continue
        score = _score(text, head, _descriptors(kb, draft))
        if score:
            scored.append((score, max(earlier), draft))
    scored.sort(key=lambda item: (item[0], item[1]), reverse=True)
    if head.tag_ in _PLURAL_TAGS:
        count = next((_NUMBERS[t.lower_] for t in chunk if t.lower_ in _NUMBERS), 2)
        by_recency = sorted(scored, key=lambda item: item[1], reverse=True)
        return [draft for _, _, draft in by_recency[:count]] if len(scored) >= 2 else []
    return [scored[0][2]] if scored else []


def description_heads(kb: KnowledgeBase) -> frozenset[str]:
    """Head nouns a definite description may end in: last words of KB descriptors, plus "group"."""
    words = {term.split()[-1] for term in kb.descriptor_index}
    words |= {noun.split()[-1] for nouns in kb.kind_nouns.values() for noun in nouns}
    return frozenset(words | {_singular(w) for w in words} | {"group"})


def _description_spans(doc: Doc, chunks: list[Span]) -> list[Span]:
    """Noun chunks plus possessors inside them ("the terror group's" in "the terror group's survival")."""
    spans = list(chunks)
    poss, noun = doc.vocab.strings["poss"], doc.vocab.strings["NOUN"]
    found = [i for i, (dep, pos) in enumerate(doc.to_array([DEP, POS]).tolist()) if dep == poss and pos == noun]
    spans += [doc[doc[i].left_edge.i: i + 1] for i in found]
    return sorted(spans, key=lambda span: span.start)


def _names_own(token: Token) -> bool:
    """A name compounded into a description ("the Gush Etzion settlement bloc"), not "the Gaza-ruling ..."."""
    return token.pos_ == "PROPN" and token.text[:1].isupper() and token.dep_ in ("compound", "nmod", "poss")


def _resolve_descriptions(doc: Doc, kb: KnowledgeBase, state: DocActors, heads: frozenset[str],
                          chunks: list[Span]) -> None:
    for chunk in _description_spans(doc, chunks):
        root = chunk.root
        if chunk[0].lower_ not in ("the", "this", "these") or root.pos_ != "NOUN" or root.is_title:
            continue  # "the Sinai" is a place name, not a description
        if not {root.lower_, root.lemma_.lower(), _singular(root.lower_)} & heads:
            continue
        if state.overlaps(chunk.start_char, chunk.end_char) or any(_names_own(t) for t in chunk):
            continue  # "the Gush Etzion settlement bloc" names its own place: no description of the EU
        for draft in _description_targets(kb, chunk, state):
            if draft.kind == "unknown":
                draft.kind = next((k for k, nouns in kb.kind_nouns.items() if root.lower_ in nouns), "unknown")
            sector = kb.sector_of(chunk.root.lower_) or draft.sector
            state.add(draft, chunk.start_char, chunk.end_char, "descriptor", sector)


def resolve_coreference(doc: Doc, kb: KnowledgeBase, state: DocActors, heads: frozenset[str],
                        chunks: list[Span] | None = None) -> None:
    """Add description mentions, then pronoun mentions, to the document's actors."""
    _resolve_descriptions(doc, kb, state, heads, list(doc.noun_chunks) if chunks is None else chunks)
    _resolve_pronouns(doc, state)
