"""Confidence that means something: the probability that a coded event is right under EVALUATION.md §5.

The coder's own score says how sure the rules or the pair ranker are about one reading of one sentence.
It does not know what the page is about: a tennis report full of "defeated" and "beat" scores as high as a
war report. The calibrator is a logistic regression over a few dozen readable features of the finished
event and its document — its category and the rule that made it, what kind of party each side is (a state,
an armed group, a person, an unresolved noun phrase, a pronoun), how sure the text is, and how political
the page is as a whole (how many of its actors are states, governments, armed groups, international
bodies, parties) — fitted on the hand-coded development pages with cross-validation by page
(``scripts/train_calibrator.py``). Its weights live in a JSON file (``models/calibrator.json``: feature
name -> weight), so the model is independent of any library version and can be read by a person.

``default_threshold`` in that file is the lowest confidence at which the cross-validated §5 precision on
the development pages reaches the target (0.85): ``tidings extract``, ``events``, the network and the
exports leave out events below it unless asked for them.
"""

from __future__ import annotations

import functools
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import LexiconError, ModelNotFoundError
from ..records import Actor, Event
from .shipped import MODELS_DIR

__all__ = ["CALIBRATOR_FILE", "Calibrator", "event_features", "capped", "default_min_confidence",
           "min_confidence_or_default", "DocumentProfile"]

CALIBRATOR_FILE = MODELS_DIR / "calibrator.json"
TOPICS_FILE = Path(__file__).resolve().parent / "lexicon" / "topics.yaml"
_WORD = re.compile(r"[a-z][a-z-]+")
OFF_TOPIC_WORDS = 7  # distinct words of one topic list that make a page a sports, science or product page
# On such a page every event is at most a low-confidence candidate: kept, but below any sensible threshold.
# (Learned weights alone could not do it: a Davis Cup report is full of states beating states.)
OFF_TOPIC_CAP = 0.05
# Kinds of actor whose interactions are political events by definition (gold/README.md "What is an event").
POLITICAL_KINDS = frozenset({"state", "igo", "armed_group", "political_party", "ngo"})
# PLOVER sectors of state organs and force: a person or unit carrying one acts for a state or an armed group.
STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "JUD", "LEG", "SPY", "REB", "INS", "OPP", "IGO", "PTY"})
_SCORE_LINE = re.compile(r"\b\d{1,2}-\d{1,2}\b(?:\s*\(\d+\))?,\s*\d{1,2}-\d{1,2}\b|\(\d{1,2}-\d{1,2}(?:, ?\d-\d)?\)")
_QUOTES = re.compile(r"[\"\u201c\u201d]")
_SOURCES = ("pair-ranker", "classifier", "noun", "light-verb", "received", "verb")


def _logit(p: float) -> float:
    p = min(max(p, 1e-3), 1 - 1e-3)
    return math.log(p / (1 - p))


def _source(rule: str) -> str:
    """Which part of the coder made the event: the pair ranker, the classifier on the main verb, or a lexicon
    pattern (verb, noun, light verb)."""
    head = rule.split("+", 1)[0]
    if head.startswith("pair-ranker"):
        return "pair-ranker"
    if head.startswith("classifier"):
        return "classifier"
    pattern = head.rsplit("/", 1)[-1]
    return pattern if pattern in _SOURCES else "verb"


def _party_class(entity, actors: dict[str, Actor]) -> str:
    """One word for what kind of party an event side is: political, person, group, company, other (a resolved
    actor of another kind) or phrase (unresolved). The coder keeps no bare pronoun as a party."""
    actor = actors.get(entity.actor_id or "")
    kind = actor.kind if actor else entity.kind
    if kind in POLITICAL_KINDS or (entity.sector or "") in STATE_SECTORS:
        return "political"
    if kind == "person":
        return "person"
    if kind in ("company", "media"):
        return "company"
    if kind == "group":
        return "group"
    return "phrase" if not entity.actor_id else "other"


def _side_features(prefix: str, entities, actors: dict[str, Actor]) -> dict[str, float]:
    if not entities:
        return {f"{prefix}=none": 1.0}
    classes = {_party_class(e, actors) for e in entities}
    best = next(c for c in ("political", "person", "group", "company", "other", "phrase") if c in classes)
    feats = {f"{prefix}={best}": 1.0}
    if any(actors.get(e.actor_id or "") is not None and actors[e.actor_id].in_kb for e in entities):
        feats[f"{prefix}_in_kb"] = 1.0
    return feats


@functools.lru_cache(maxsize=1)
def topic_words() -> dict[str, frozenset[str]]:
    """The topic word lists of ``lexicon/topics.yaml``: topic -> words."""
    try:
        data = yaml.safe_load(TOPICS_FILE.read_text(encoding="utf-8"))
        return {str(t): frozenset(str(w).lower() for w in words) for t, words in data["topics"].items()}
    except (OSError, yaml.YAMLError, KeyError, TypeError, AttributeError) as e:
        raise LexiconError(f"topic word lists {TOPICS_FILE} are unreadable: {e}") from e


def _topic_hits(text: str) -> dict[str, int]:
    words = set(_WORD.findall(text.lower()))
    return {topic: len(words & vocabulary) for topic, vocabulary in topic_words().items()}


@dataclass(frozen=True)
class DocumentProfile:
    """What the calibrator needs to know about the page as a whole."""

    actors: dict[str, Actor]
    political_actors: int
    actor_count: int
    event_count: int
    topics: dict[str, int]

    @classmethod
    def of(cls, actors: Iterable[Actor], events: list[Event], text: str = "") -> DocumentProfile:
        by_id = {a.actor_id: a for a in actors}
        political = sum(1 for a in by_id.values() if a.kind in POLITICAL_KINDS or _acts_for_state(a))
        return cls(actors=by_id, political_actors=political, actor_count=len(by_id), event_count=len(events),
                   topics=_topic_hits(text))


def _acts_for_state(actor: Actor) -> bool:
    # A person with an office or a membership ("Foreign Minister X", a commander of an armed group).
    return actor.kind == "person" and bool(actor.member_of or actor.role)


def event_features(event: Event, profile: DocumentProfile) -> dict[str, float]:
    """The calibrator's input for one event: feature name -> value (absent features are 0)."""
    feats: dict[str, float] = {
        "bias": 1.0,
        "raw_logit": _logit(event.confidence),
        f"type={event.event_type}": 1.0,
        f"source={_source(event.rule)}": 1.0,
        f"modality={event.modality}": 1.0,
        "doc_political_actors": math.log1p(profile.political_actors),
        "doc_political_share": profile.political_actors / profile.actor_count if profile.actor_count else 0.0,
        "doc_events": math.log1p(profile.event_count),
    }
    if "+classifier:" in event.rule:
        feats["retyped"] = 1.0
    feats.update(_side_features("actor", event.actor, profile.actors))
    feats.update(_side_features("recipient", event.recipient, profile.actors))
    if feats.get("actor=political") and feats.get("recipient=political"):
        feats["both_political"] = 1.0
    if event.attribution is not None and (event.attribution.speaker is not None or event.attribution.unnamed):
        feats["attributed"] = 1.0
    sentence = event.text_info.text
    # One figure for "how far from politics is this page", not one per topic: the development pages are few.
    # The strongest topic counts, as a yes/no: a war report may use two or three sports words, a match
    # report uses a dozen.
    if max(profile.topics.values(), default=0) >= OFF_TOPIC_WORDS:
        feats["off_topic_page"] = 1.0
    if _SCORE_LINE.search(sentence):
        feats["score_line"] = 1.0
    if _QUOTES.search(sentence):
        feats["quoted"] = 1.0
    return feats


def capped(probability: float, features: dict[str, float]) -> float:
    """The probability, held down to ``OFF_TOPIC_CAP`` on a sports, science or product page."""
    return min(probability, OFF_TOPIC_CAP) if features.get("off_topic_page") else probability


class Calibrator:
    """Turns the coder's scores into probabilities of being right; see the module docstring."""

    def __init__(self, weights: dict[str, float], *, default_threshold: float, meta: dict | None = None):
        self.weights = weights
        self.default_threshold = default_threshold
        self.meta = meta or {}

    @classmethod
    def load(cls, path: Path = CALIBRATOR_FILE) -> Calibrator | None:
        """The shipped calibrator, or None when its file is absent (events keep the coder's scores)."""
        if not path.is_file():
            return None
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            return cls({str(k): float(v) for k, v in data["weights"].items()},
                       default_threshold=float(data["default_threshold"]), meta=data)
        except (OSError, ValueError, KeyError, TypeError, AttributeError) as e:
            raise ModelNotFoundError(f"calibrator {path} is unreadable: {e}; rebuild it with "
                                     "scripts/train_calibrator.py") from e

    def probability(self, features: dict[str, float]) -> float:
        z = sum(self.weights.get(name, 0.0) * value for name, value in features.items())
        return capped(1.0 / (1.0 + math.exp(-max(min(z, 30.0), -30.0))), features)

    def apply(self, actors: Iterable[Actor], events: list[Event], text: str) -> list[Event]:
        """The events of a document (its ``text``) with ``confidence`` replaced by the calibrated probability."""
        profile = DocumentProfile.of(actors, events, text)
        return [e.model_copy(update={"confidence": round(self.probability(event_features(e, profile)), 3)})
                for e in events]


def default_min_confidence() -> float:
    """The shipped default threshold for what is shown (0.0 when no calibrator is shipped)."""
    calibrator = Calibrator.load()
    return calibrator.default_threshold if calibrator is not None else 0.0


def min_confidence_or_default(value: float | None) -> float:
    """A threshold the user gave, else the shipped default: one rule for every command that shows events."""
    return default_min_confidence() if value is None else value
