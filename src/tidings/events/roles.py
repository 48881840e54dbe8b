"""Dependency-parse helpers: who is the subject of a verb, which phrase fills a role, how far a noun phrase reaches."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Span, Token

__all__ = [
    "Grammar",
    "is_passive",
    "subject_of",
    "role_heads",
    "noun_phrase",
    "with_conjuncts",
    "is_verbal",
]

SUBJECT_DEPS = ("nsubj", "csubj", "expl")
PASSIVE_SUBJECT_DEPS = ("nsubjpass", "csubjpass")
NP_LEFT_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "predet", "case"})
MAX_NP_TOKENS = 7
MAX_CLIMB = 8  # a bound on walking up the tree, so odd parses never loop long
NON_PERSON_LABELS = frozenset({"ORG", "GPE", "NORP", "FAC", "LOC"})


@dataclass(frozen=True)
class Grammar:
    """The grammar cue lists from ``cues.yaml``, as sets."""

    light_verbs: frozenset[str]
    control_verbs: frozenset[str]
    object_control_verbs: frozenset[str]
    plan_nouns: frozenset[str]
    owner_verbs: frozenset[str]
    relative_pronouns: frozenset[str]
    speech_verbs: frozenset[str] = frozenset()
    object_control_preps: frozenset[str] = frozenset()
    neuter_pronouns: frozenset[str] = frozenset()
    locative_preps: frozenset[str] = frozenset()
    personal_pronouns: frozenset[str] = frozenset()
    receiving_verbs: frozenset[str] = frozenset()
    question_words: frozenset[str] = frozenset()
    no_comment_verbs: frozenset[str] = frozenset()
    responsibility_nouns: frozenset[str] = frozenset()
    response_verbs: frozenset[str] = frozenset()


def is_verbal(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX")


def is_passive(verb: Token) -> bool:
    """A passive clause, or a passive participle modifying a noun ("people evacuated by the U.S.")."""
    if verb.dep_ == "acl" and verb.tag_ == "VBN":
        return True
    return any(c.dep_ in PASSIVE_SUBJECT_DEPS or c.dep_ == "auxpass" for c in verb.children)


def _child(token: Token, deps: tuple[str, ...]) -> Token | None:
    return next((c for c in token.children if c.dep_ in deps), None)


def _prep_object(token: Token, word: str) -> Token | None:
    for prep in token.children:
        if prep.dep_ in ("prep", "agent") and prep.lower_ == word:
            pobj = _child(prep, ("pobj",))
            if pobj is not None:
                return pobj
            # "ties with Sinai tribes going back years": the parser hangs the noun under a gerund.
            pcomp = _child(prep, ("pcomp",))
            subj = _child(pcomp, ("nsubj",)) if pcomp is not None else None
            if subj is not None:
                return subj
    return None


def _relative_sibling(verb: Token) -> Token | None:
    """In "Egypt, which has cracked down on X, targeted Y, and waged Z" the parser often hangs "targeted" on the
    main verb; a relative clause ending just before it, in a different tense from that verb, is its real partner."""
    head = verb.head
    doc = verb.doc
    for tok in doc[head.i + 1:verb.i]:
        if tok.dep_ == "relcl" and tok.tag_ != head.tag_ and verb.tag_ != head.tag_:
            gap = doc[tok.right_edge.i + 1:verb.i]
            if all(t.is_punct or t.dep_ == "cc" for t in gap):
                return tok
    return None


def _antecedent(pronoun: Token, grammar: Grammar) -> Token:
    """A relative pronoun stands for the noun its clause modifies ("Hamas, which ... supplied")."""
    if pronoun.lower_ in grammar.relative_pronouns and pronoun.head.dep_ in ("relcl", "acl"):
        return pronoun.head.head
    return pronoun


def _plan_owner(noun: Token, grammar: Grammar) -> Token | None:
    """The owner of a plan: "Part of Egypt's plan" -> Egypt."""
    for tok in noun.subtree:
        if tok.lemma_.lower() in grammar.plan_nouns:
            owner = _child(tok, ("poss",))
            if owner is not None:
                return owner
    return None


def _controller(verb: Token, grammar: Grammar) -> Token | None:
    """Who is to do an object-control verb's complement: its object ("urged Iran to stop"), or the object of
    its preposition ("called on Hamas to release")."""
    obj = _child(verb, ("dobj",))
    if obj is not None:
        return obj
    return next((o for word in grammar.object_control_preps if (o := _prep_object(verb, word)) is not None), None)


def _inherited_subject(verb: Token, grammar: Grammar, depth: int) -> Token | None:
    """The subject a verb shares with the clause above it (coordination, control, purpose, by-gerunds)."""
    head, dep = verb.head, verb.dep_
    if head.i == verb.i or depth > MAX_CLIMB:
        return None
    if dep == "relcl":
        return head
    if dep in ("acomp", "attr") and is_verbal(head):
        return subject_of(head, grammar, depth + 1)  # "X is willing to ..."
    if dep == "conj" and is_verbal(head):
        sibling = _relative_sibling(verb)
        return subject_of(sibling if sibling is not None else head, grammar, depth + 1)
    if dep in ("xcomp", "ccomp") and head.lemma_.lower() in grammar.object_control_verbs:
        obj = _controller(head, grammar)
        if obj is not None:
            return obj
    if dep == "xcomp" and head.pos_ == "ADJ":
        return subject_of(head, grammar, depth + 1)
    if dep in ("xcomp", "advcl", "ccomp") and is_verbal(head):
        subj = _child(head, SUBJECT_DEPS + PASSIVE_SUBJECT_DEPS)
        if subj is not None and head.lemma_.lower() == "be":
            owner = _plan_owner(subj, grammar)
            if owner is not None:
                return owner
        if dep == "ccomp":
            return None
        return subject_of(head, grammar, depth + 1)
    if dep == "pcomp" and head.dep_ == "prep" and is_verbal(head.head):
        return subject_of(head.head, grammar, depth + 1)
    if dep == "acl" and head.dep_ in ("dobj", "pobj") and is_verbal(head.head):
        if head.lemma_.lower() in grammar.plan_nouns:
            return _child(head, ("poss",))
        return subject_of(head.head, grammar, depth + 1)
    return None


def pronoun_agrees(pronoun: Token, head: Token, grammar: Grammar, kinds: frozenset[str] = frozenset()) -> bool:
    """Whether a pronoun can stand for a phrase, by the kinds of actor the phrase resolved to (NER labels when it
    did not): "it" never for a person, "he"/"she" never for an organisation, state or place."""
    word = pronoun.lower_
    person = "person" in kinds or head.ent_type_ == "PERSON"
    other = bool(kinds - {"person", "unknown"}) or head.ent_type_ in NON_PERSON_LABELS
    if word in grammar.neuter_pronouns:
        return not person
    if word in grammar.personal_pronouns:
        return person or not other
    return True


def speech_verb_above(token: Token, speech_verbs: frozenset[str], *, climb: int = MAX_CLIMB) -> Token | None:
    """The speech verb whose reported clause holds ``token`` ("Egypt said [its forces had killed ...]"), at
    most ``climb`` steps up."""
    tok = token
    for _ in range(climb):
        if tok.head.i == tok.i:
            return None
        if tok.dep_ in ("ccomp", "parataxis") and tok.head.lemma_.lower() in speech_verbs:
            return tok.head
        tok = tok.head
    return None


def speaker_for_pronoun(verb: Token, grammar: Grammar) -> Token | None:
    """"Hungary says it will not accept ...": a pronoun subject under a speech verb is usually its speaker."""
    speech = speech_verb_above(verb, grammar.speech_verbs)
    subj = _child(speech, ("nsubj",)) if speech is not None else None
    return _antecedent(subj, grammar) if subj is not None and subj.pos_ != "PRON" else None


def subject_of(verb: Token, grammar: Grammar, depth: int = 0) -> Token | None:
    """The doer of ``verb``: its subject, the antecedent of a relative pronoun, or a shared subject."""
    if is_passive(verb):
        return _prep_object(verb, "by")
    subj = _child(verb, SUBJECT_DEPS)
    if subj is not None and subj.dep_ != "expl":
        return _antecedent(subj, grammar)
    return _inherited_subject(verb, grammar, depth)


def passive_patient(verb: Token, grammar: Grammar) -> Token | None:
    """Who undergoes a passive verb: its subject, or the noun a passive participle modifies."""
    subj = _child(verb, PASSIVE_SUBJECT_DEPS)
    if subj is not None:
        return _antecedent(subj, grammar)
    if verb.dep_ in ("acl", "relcl") and verb.tag_ == "VBN":
        return verb.head
    return None


def role_heads(token: Token, roles: list[str], grammar: Grammar) -> list[tuple[str, Token]]:
    """Every phrase head filling one of ``roles`` under ``token``, in the order of ``roles``."""
    found = []
    passive = is_verbal(token) and is_passive(token)
    for role in roles:
        head = None
        if role == "dobj":
            head = passive_patient(token, grammar) if passive else _child(token, ("dobj",))
        elif role == "dative":
            head = _child(token, ("dative",))
            if head is not None and head.dep_ == "dative" and head.pos_ == "ADP":
                head = _child(head, ("pobj",))
        elif role.startswith("prep:"):
            head = _prep_object(token, role[5:])
        if head is not None:
            found.append((role, _antecedent(head, grammar)))
    return found


def with_conjuncts(head: Token) -> list[Token]:
    """The head and the heads coordinated with it ("Egypt and Israel")."""
    return [head, *[c for c in head.conjuncts if c.i > head.i and c.pos_ in ("NOUN", "PROPN", "PRON")]]


def noun_phrase(head: Token) -> Span:
    """The noun phrase a head stands for: its modifiers on the left plus a short "of" phrase."""
    start = head.i
    for child in head.lefts:
        if child.dep_ in NP_LEFT_DEPS:
            start = min(start, child.left_edge.i)
    end = head.i + 1
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "of":
            right = child.right_edge.i + 1
            if right - start <= MAX_NP_TOKENS and not any(t.dep_ in ("relcl", "acl") for t in child.subtree):
                end = right
            break
    doc = head.doc
    while start < head.i and (doc[start].is_punct or doc[start].dep_ == "cc"):
        start += 1
    while end - 1 > head.i and doc[end - 1].is_punct:
        end -= 1
    return doc[start:end]
