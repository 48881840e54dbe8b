"""How sure the text is about an event: asserted, reported, hedged, hypothetical, negated, future or historical."""

from __future__ import annotations

import re
from dataclasses import dataclass

from spacy.tokens import Span, Token

from .lexicon import Cues

__all__ = ["ModalityCues", "modality_of"]

YEAR = re.compile(r"^(1[6-9]\d\d|20\d\d)$")
MAX_CLIMB = 8


@dataclass(frozen=True)
class ModalityCues:
    """The modality cue lists of ``cues.yaml``, as sets and phrase tuples."""

    reported_phrases: tuple[str, ...]
    reported_words: frozenset[str]
    hedge_phrases: tuple[str, ...]
    hedge_words: frozenset[str]
    hypothetical_words: frozenset[str]
    negation_words: frozenset[str]
    future_verbs: frozenset[str]
    future_words: frozenset[str]
    future_phrases: tuple[str, ...]
    request_verbs: frozenset[str] = frozenset()
    aim_verbs: frozenset[str] = frozenset()
    condition_marks: frozenset[str] = frozenset()
    past_phrases: tuple[str, ...] = ()
    accusation_verbs: frozenset[str] = frozenset()

    @classmethod
    def from_cues(cls, cues: Cues) -> ModalityCues:
        m = cues.modality

        def phrases(key: str) -> tuple[str, ...]:
            return tuple(p.lower() for p in m.get(key, []))

        return cls(
            reported_phrases=phrases("reported_phrases"),
            reported_words=cues.words("modality", "reported_words"),
            hedge_phrases=phrases("hedge_phrases"),
            hedge_words=cues.words("modality", "hedge_words"),
            hypothetical_words=cues.words("modality", "hypothetical_words"),
            negation_words=cues.words("modality", "negation_words"),
            future_verbs=cues.words("modality", "future_verbs"),
            future_words=cues.words("modality", "future_words"),
            future_phrases=phrases("future_phrases"),
            request_verbs=cues.words("modality", "request_verbs"),
            aim_verbs=cues.words("modality", "aim_verbs"),
            condition_marks=cues.words("modality", "condition_marks"),
            past_phrases=phrases("past_phrases"),
            accusation_verbs=cues.words("modality", "accusation_verbs"),
        )


def _clause_chain(holder: Token) -> list[Token]:
    """The trigger's head word and the words it hangs from, up to the clause's main verb."""
    chain, tok = [holder], holder
    while tok.head.i != tok.i and len(chain) < MAX_CLIMB:
        if tok.dep_ in ("ROOT", "ccomp", "conj", "relcl", "advcl", "parataxis"):
            break
        tok = tok.head
        chain.append(tok)
    return chain


def _in_phrases(text: str, phrases: tuple[str, ...]) -> list[str]:
    # The substring test is a cheap filter: most phrases are absent from most sentences.
    return [p for p in phrases if p in text and re.search(r"(?<!\w)" + re.escape(p) + r"(?!\w)", text)]


def _own_cues(chain: list[Token], words: frozenset[str], deps: tuple[str, ...]) -> list[str]:
    return [c.text for tok in chain for c in tok.children if c.dep_ in deps and c.lower_ in words]


def _is_future(sent: Span, chain: list[Token], cues: ModalityCues) -> list[str]:
    """Plans and purposes: "will attack", "plans to attack", "in order to grow" (on the trigger or above it)."""
    found = _own_cues(chain, cues.future_words, ("aux",))
    for tok in [chain[0], *chain[0].ancestors][:MAX_CLIMB]:
        if tok.dep_ in ("xcomp", "acl", "advcl") and tok.head.lemma_.lower() in cues.future_verbs:
            found.append(tok.head.text)
        before = tok.doc[max(sent.start, tok.i - 3):tok.i].text.lower()
        found.extend(p for p in cues.future_phrases if before.endswith(p))
    return found


def _requested(chain: list[Token], cues: ModalityCues) -> list[str]:
    """The request verb whose complement the trigger's clause is: "urged Iran to stop" (the stopping is asked
    for, not reported as done)."""
    return [tok.head.text for tok in chain if tok.dep_ == "xcomp" and tok.head.lemma_.lower() in cues.request_verbs]


def _alleged(holder: Token, cues: ModalityCues) -> list[str]:
    """"accused Hamas of supplying weapons": the act an accusation names is alleged, not established."""
    prep = holder.head
    if holder.dep_ == "pcomp" and prep.lower_ in ("of", "for") and prep.head.lemma_.lower() in cues.accusation_verbs:
        return [prep.head.text]
    return []


def _sought_or_conditional(chain: list[Token], cues: ModalityCues) -> list[str]:
    """An outcome sought, not reached ("pursuing an agreement"), or one under a condition ("would raise tariffs
    if no deal is reached", "will strike if attacked")."""
    holder = chain[0]
    found = []
    if holder.dep_ in ("dobj", "xcomp") and holder.head.lemma_.lower() in cues.aim_verbs:
        found.append(holder.head.text)
    for tok in chain:
        for clause in (c for c in tok.children if c.dep_ == "advcl"):
            found.extend(m.text for m in clause.children if m.dep_ == "mark" and m.lower_ in cues.condition_marks)
    return found


def _past_phrase(sent: Span, holder: Token, cues: ModalityCues) -> list[str]:
    """"18 years after Washington invaded": a phrase that puts the event years back, right before its clause."""
    before = sent.doc[max(sent.start, holder.left_edge.i - 4):holder.i].text.lower()
    return [p for p in cues.past_phrases if p in before]


def _historical_year(chain: list[Token], published_year: int | None) -> str | None:
    """A past year attached to the trigger: "the 1979 peace treaty", "in 1979", "in August 2016", "in the 1967
    war" (inside the phrase a preposition of the trigger introduces)."""
    holder = chain[0]
    near = [*holder.lefts]
    for prep in (c for c in holder.rights if c.dep_ == "prep"):
        for pobj in (g for g in prep.children if g.dep_ == "pobj"):
            near += [pobj, *pobj.children]
    for tok in near:
        if YEAR.match(tok.text) and (published_year is None or int(tok.text) < published_year):
            return tok.text
    return None


def modality_of(sent: Span, holder: Token, cues: ModalityCues, *, published_year: int | None) -> tuple[str, list[str]]:
    """(modality, hedge cues) for an event whose trigger hangs from ``holder`` in ``sent``.

    Precedence: what the clause itself says (negation, modal verbs, plans, conditions, a past year) beats what
    the sentence says about its source (hedges beat reports: "reportedly ... is believed to" is hedged).
    """
    chain = _clause_chain(holder)
    text = sent.text.lower()
    negation = _own_cues(chain, cues.negation_words, ("neg", "det", "preconj"))
    hypothetical = (_own_cues(chain, cues.hypothetical_words, ("aux",)) + _requested(chain, cues)
                    + _sought_or_conditional(chain, cues))
    future = _is_future(sent, chain, cues)
    hedges = _in_phrases(text, cues.hedge_phrases) + [t.text for t in sent if t.lower_ in cues.hedge_words]
    reported = (_in_phrases(text, cues.reported_phrases) + [t.text for t in sent if t.lower_ in cues.reported_words]
                + _alleged(holder, cues))
    year = _historical_year(chain, published_year)
    past = ([year] if year else []) + _past_phrase(sent, holder, cues)
    cue_list = list(dict.fromkeys(negation + hypothetical + future + past + hedges + reported))
    # A dated past event is historical however it is sourced ("perhaps ... he visited Epstein in 2010").
    for modality, present in (
        ("negated", negation), ("hypothetical", hypothetical), ("future", future), ("historical", past),
        ("hedged", hedges), ("reported", reported),
    ):
        if present:
            return modality, cue_list
    return "asserted", cue_list
