"""Confidence for coded events: how clear the trigger and its parties are, optionally re-ranked by our classifier."""

from __future__ import annotations

import logging
from dataclasses import dataclass

from spacy.tokens import Span

from .lexicon import Lexicon
from .match import Candidate

__all__ = ["Ranker", "MIN_CONFIDENCE"]

log = logging.getLogger(__name__)

MIN_CONFIDENCE = 0.05
MAX_CONFIDENCE = 0.99
ACTOR_WEIGHT, RECIPIENT_WEIGHT = 0.2, 0.15
NOUN_PENALTY = 0.1
MAIN_CLAUSE_BONUS = 0.05
RETYPE_SURE, RETYPE_DOUBT = 0.6, 0.05
ROOT_SURE = 0.5
ROOT_PENALTY = 0.3
MAIN_DEPS = frozenset({"ROOT", "conj", "ccomp"})


def _likeness(parties) -> float:
    return max((p.likeness for p in parties), default=0.0)


@dataclass
class Ranker:
    """Scores candidates; with a type classifier, blends its probability for the coded type into the score."""

    classifier: object | None = None
    blend: float = 0.3

    @classmethod
    def load(cls) -> Ranker:
        try:
            from .classifier import TypeClassifier
        except ImportError as exc:
            log.warning("event coder: type classifier unavailable: %s", exc)
            return cls()
        return cls(classifier=TypeClassifier.load())

    def rule_score(self, cand: Candidate, lexicon: Lexicon) -> float:
        """The rule-based confidence: category base, word weight, party clarity, clause position."""
        score = lexicon.category(cand.entry).base + cand.entry.weight
        score += ACTOR_WEIGHT * _likeness(cand.actor) + RECIPIENT_WEIGHT * _likeness(cand.recipient)
        if cand.pattern == "noun":
            score -= NOUN_PENALTY
        if cand.pattern == "root":
            score -= ROOT_PENALTY  # no trigger word: rank below every lexicon match
        if cand.holder.dep_ in MAIN_DEPS:
            score += MAIN_CLAUSE_BONUS
        return score

    def type_probabilities(self, groups: list[tuple[Span, list[Candidate]]]) -> list[list[float]] | None:
        """The classifier's probability for each candidate's coded type, given its pair, for the candidates of
        many sentences in one classifier call (None without a model).

        Where the classifier is sure of another type for a full pair and gives the lexicon's type almost
        nothing, the candidate is retyped (its rule then says so); a main-verb candidate (pattern "root") gets
        the classifier's type when it is sure enough, else stays untyped."""
        if self.classifier is None:
            return None
        from .classifier import PairInput

        items = [
            PairInput(
                sent.text, trigger=c.trigger.text,
                actor=c.actor[0].entity.text if c.actor else None,
                recipient=c.recipient[0].entity.text if c.recipient else None,
            )
            for sent, candidates in groups for c in candidates
        ]
        probs = iter(self.classifier.predict_proba_many(items) if items else ())
        out = []
        for _, candidates in groups:
            scores = []
            for cand in candidates:
                p = next(probs)
                self._retype(cand, p)
                scores.append(p.get(cand.event_type, 0.0))
            out.append(scores)
        return out

    @staticmethod
    def _retype(cand: Candidate, p: dict[str, float]) -> None:
        if cand.typed_by_context:
            return
        best = max(p, key=p.get)
        if cand.pattern == "root":
            cand.retyped = best if p[best] >= ROOT_SURE else None
        elif cand.actor and cand.recipient and best != cand.entry.type and p[best] >= RETYPE_SURE \
                and p.get(cand.entry.type, 0.0) < RETYPE_DOUBT:
            cand.retyped = best

    def score_many(self, groups: list[tuple[Span, list[Candidate]]],
                   lexicon: Lexicon) -> list[list[tuple[Candidate, float]]]:
        """(candidate, confidence in [0, 1]) for each candidate of each sentence: the rule score, blended with
        the classifier's probability for the coded type where a model is shipped. A main-verb candidate the
        classifier cannot type is dropped."""
        probs = self.type_probabilities(groups)
        out = []
        for k, (_, candidates) in enumerate(groups):
            scores = [self.rule_score(c, lexicon) for c in candidates]
            if probs is not None:
                scores = [(1 - self.blend) * s + self.blend * p for s, p in zip(scores, probs[k], strict=True)]
            out.append([(c, min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, s)))
                        for c, s in zip(candidates, scores, strict=True) if c.pattern != "root" or c.retyped])
        return out
