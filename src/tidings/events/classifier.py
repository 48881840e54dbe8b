"""A small learned PLOVER type classifier for one actor/recipient pair in a sentence (trained by us).

The model file is written by ``scripts/train_type_classifier.py`` from
``../shared/data/plover-sentences/plover-train.tsv`` and shipped in ``events/models/``; nothing is
downloaded at run time. The data codes CONCEDE and RETREAT together as YIELD, so the YIELD
probability goes to CONCEDE or RETREAT by the cue words in ``models/yield_cues.yaml``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import LexiconError
from ..records import EVENT_TYPES
from .shipped import MODELS_DIR, load_shipped_model

__all__ = [
    "MODELS_DIR",
    "MODEL_FILE",
    "META_FILE",
    "YIELD_CUES_FILE",
    "PairInput",
    "TypeClassifier",
    "find_span",
    "pair_views",
    "load_yield_cues",
]


MODEL_FILE = MODELS_DIR / "plover_types.joblib"
META_FILE = MODELS_DIR / "plover_types.json"
YIELD_CUES_FILE = MODELS_DIR / "yield_cues.yaml"
YIELD = "YIELD"
ACTOR_MARK, RECIPIENT_MARK = " srcx ", " tgtx "
MAX_BETWEEN_CHARS = 160


@dataclass(frozen=True)
class PairInput:
    """What the classifier reads: a sentence and, where known, the pair and the trigger words."""

    sentence: str
    trigger: str | None = None
    actor: str | None = None
    recipient: str | None = None


def find_span(sentence: str, mention: str | None) -> tuple[int, int] | None:
    """Where ``mention`` first occurs in ``sentence`` (case-insensitive), or None."""
    if not mention:
        return None
    at = sentence.lower().find(mention.lower())
    return (at, at + len(mention)) if at >= 0 else None


def _masked(sentence: str, spans: list[tuple[tuple[int, int], str]]) -> str:
    # Replace from the right so earlier offsets stay valid; overlapping spans keep the first one.
    out, last_start = sentence, len(sentence) + 1
    for (start, end), mark in sorted(spans, key=lambda s: -s[0][0]):
        if end <= last_start:
            out = out[:start] + mark + out[end:]
            last_start = start
    return out


def pair_views(
    sentence: str, actor_span: tuple[int, int] | None, recipient_span: tuple[int, int] | None,
    trigger: str | None = None,
) -> dict[str, str]:
    """The texts the model reads: the sentence with the pair masked, and the words between them."""
    spans = [(s, m) for s, m in ((actor_span, ACTOR_MARK), (recipient_span, RECIPIENT_MARK)) if s]
    between = ""
    if actor_span and recipient_span:
        left, right = sorted([actor_span, recipient_span])
        between = sentence[left[1]:right[0]][:MAX_BETWEEN_CHARS]
        # The direction matters (passives put the recipient first), so mark it.
        between = ("fwd " if actor_span < recipient_span else "rev ") + between
    if trigger and trigger.lower() not in between.lower():
        between = f"{between} {trigger}"
    return {"masked": _masked(sentence, spans), "between": between}


def load_yield_cues(path: Path = YIELD_CUES_FILE) -> tuple[str, str, list[re.Pattern]]:
    """The default YIELD reading and the cue patterns that send YIELD to the other type."""
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        default, other = data["default"], data["other"]
        cues = [re.compile(rf"\b{c}", re.IGNORECASE) for c in data["cues"]]
    except (OSError, yaml.YAMLError, KeyError, TypeError, re.error) as e:
        raise LexiconError(f"YIELD cue file {path} is broken: {e}") from e
    if {default, other} != {"CONCEDE", "RETREAT"}:
        raise LexiconError(f"YIELD cue file {path}: default/other must be CONCEDE and RETREAT")
    return default, other, cues


class TypeClassifier:
    """PLOVER type probabilities for a pair in a sentence; ``load()`` gives None without a model file."""

    def __init__(self, bundle: dict, meta: dict, yield_cues: tuple[str, str, list[re.Pattern]]):
        self._vectorizers = bundle["vectorizers"]
        self._model = bundle["model"]
        self.labels: list[str] = [str(c) for c in self._model.classes_]
        self.meta = meta
        self._yield_default, self._yield_other, self._yield_cues = yield_cues

    @classmethod
    def load(cls, path: Path = MODEL_FILE, meta_path: Path = META_FILE) -> TypeClassifier | None:
        """The shipped model, or None when its file is missing; a version mismatch is an error."""
        loaded = load_shipped_model(path, meta_path, what="type classifier",
                                    retrain="scripts/train_type_classifier.py")
        if loaded is None:
            return None  # events keep their lexicon types
        bundle, meta = loaded
        return cls(bundle, meta, load_yield_cues())

    def _features(self, items: list[PairInput]):
        from scipy.sparse import hstack

        views = [
            pair_views(i.sentence, find_span(i.sentence, i.actor), find_span(i.sentence, i.recipient), i.trigger)
            for i in items
        ]
        blocks = [vec.transform([v[view] for v in views]) for view, vec in self._vectorizers]
        return hstack(blocks).tocsr()

    def _split_yield(self, item: PairInput, probs: dict[str, float]) -> dict[str, float]:
        mass = probs.pop(YIELD, 0.0)
        text = " ".join(filter(None, [item.trigger, item.sentence]))
        target = self._yield_other if any(c.search(text) for c in self._yield_cues) else self._yield_default
        out = {t: 0.0 for t in EVENT_TYPES}
        out.update({k: v for k, v in probs.items() if k in out})
        out[target] += mass
        return out

    def predict_proba_many(self, items: Iterable[PairInput]) -> list[dict[str, float]]:
        """Probabilities over the 16 PLOVER types for each item, in one vectorised pass."""
        items = list(items)
        if not items:
            return []
        import sklearn

        # Our own vectorizers feed our own model: sklearn's per-call input validation is pure overhead here
        # (most of the cost of one small call).
        with sklearn.config_context(assume_finite=True, skip_parameter_validation=True):
            matrix = self._model.predict_proba(self._features(items))
        return [self._split_yield(item, dict(zip(self.labels, map(float, row), strict=True)))
                for item, row in zip(items, matrix, strict=True)]

    def predict_proba(
        self, sentence: str, *, trigger: str | None = None, actor: str | None = None, recipient: str | None = None
    ) -> dict[str, float]:
        """Probabilities over the 16 PLOVER types for one pair (actor/recipient as they appear in the text)."""
        return self.predict_proba_many([PairInput(sentence, trigger=trigger, actor=actor, recipient=recipient)])[0]
