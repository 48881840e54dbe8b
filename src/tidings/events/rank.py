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

    def type_probabilities(self, sent: Span, candidates: list[Candidate]) -> list[float] | None:
        """The classifier's probability for each candidate's coded type, given its pair (None without a model).

        Where the classifier is sure of another type for a full pair and gives the lexicon's type almost
        nothing, the candidate is retyped (its rule then says so)."""
        if self.classifier is None or not candidates:
            return None
        from .classifier import PairInput

        items = [
            PairInput(
                sent.text, trigger=c.trigger.text,
                actor=c.actor[0].entity.text if c.actor else None,
                recipient=c.recipient[0].entity.text if c.recipient else None,
            )
            for c in candidates
        ]
        probs = self.classifier.predict_proba_many(items)
        for cand, p in zip(candidates, probs, strict=True):
            best = max(p, key=p.get)
            if cand.pattern == "root":
                cand.retyped = best if p[best] >= ROOT_SURE else None
                continue
            if cand.actor and cand.recipient and best != cand.entry.type and p[best] >= RETYPE_SURE \
                    and p.get(cand.entry.type, 0.0) < RETYPE_DOUBT:
                cand.retyped = best
        return [p.get(c.event_type, 0.0) for c, p in zip(candidates, probs, strict=True)]

    def type_root(self, sent: Span, cand: Candidate) -> Candidate | None:
        """Type a main-verb candidate by the classifier alone; None when there is no model or it is unsure."""
        if self.classifier is None:
            return None
        self.type_probabilities(sent, [cand])
        return cand if cand.retyped else None

    def score(self, sent: Span, candidates: list[Candidate], lexicon: Lexicon) -> list[tuple[Candidate, float]]:
        """(candidate, confidence in [0, 1]) for each candidate: the rule score, blended with the classifier's
        probability for the coded type where a model is shipped."""
        scores = [self.rule_score(c, lexicon) for c in candidates]
        probs = self.type_probabilities(sent, candidates)
        if probs is not None:
            scores = [(1 - self.blend) * s + self.blend * p for s, p in zip(scores, probs, strict=True)]
        return [(c, min(MAX_CONFIDENCE, max(MIN_CONFIDENCE, s))) for c, s in zip(candidates, scores, strict=True)]
