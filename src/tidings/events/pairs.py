"""A learned pair proposer: candidate actor/recipient pairs of a sentence, ranked by a small model.

The lexicon finds events through trigger words; where it gives no full pair, the ranker proposes the most likely
(actor, recipient) pair of the sentence from its parse alone (candidates and features: ``pair_features``). The
model file is written by ``scripts/train_pair_ranker.py`` from ``../shared/data/plover-sentences/plover-train.tsv``
and shipped in ``events/models/``; nothing is downloaded at run time.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from ..records import ActorIndex, Entity
from .entities import Party
from .lexicon import Entry, Lexicon
from .match import Candidate
from .pair_features import ArgSpan, FeatureColumns, SentenceFeatures, argument_spans, candidate_pairs, governor
from .shipped import MODELS_DIR, load_shipped_model

__all__ = [
    "PAIR_MODEL_FILE",
    "PAIR_META_FILE",
    "ArgPair",
    "PairRanker",
    "Given",
    "Fallback",
    "FallbackPolicy",
    "choose_pairs",
    "pair_input",
    "type_pairs",
    "type_probabilities",
    "trigger_of",
    "PairProposer",
]


PAIR_MODEL_FILE = MODELS_DIR / "pair_ranker.joblib"
PAIR_META_FILE = MODELS_DIR / "pair_ranker.json"
MAX_ROWS = 4096  # pairs per model call: ~50 MB of dense input at most, and few calls per batch of articles


@dataclass(frozen=True)
class ArgPair:
    """An ordered candidate pair (a as actor, b as recipient) with the ranker's probability."""

    a: ArgSpan
    b: ArgSpan
    score: float


# ------------------------------------------------------------------ the model
class PairRanker:
    """Probabilities that an ordered candidate pair is the sentence's (actor, recipient); ``load()`` gives None
    without a model file. The model is a ``DictVectorizer`` + classifier pipeline: its vectorizer's vocabulary
    says which feature goes in which column, and the rows are built from that directly."""

    def __init__(self, model, meta: dict):
        from threadpoolctl import ThreadpoolController

        vectorizer, self._classifier = model.steps[0][1], model.steps[-1][1]
        self._columns = FeatureColumns(vectorizer.vocabulary_)
        self.meta = meta
        # Scanning the loaded thread pools is itself costly: do it once, not per call.
        self._threads = ThreadpoolController()

    @classmethod
    def load(cls, path: Path = PAIR_MODEL_FILE, meta_path: Path = PAIR_META_FILE) -> PairRanker | None:
        """The shipped model, or None when its file is missing; a version mismatch is an error."""
        loaded = load_shipped_model(path, meta_path, what="pair ranker", retrain="scripts/train_pair_ranker.py")
        if loaded is None:
            return None  # no fallback events
        model, meta = loaded
        return cls(model, meta)

    def rank(self, sent: Span, actors: ActorIndex, lexicon: Lexicon | None = None) -> list[ArgPair]:
        """Every candidate pair of the sentence with its probability, best first."""
        return self.rank_many([(sent, actors)], lexicon)[0]

    def rank_many(self, sentences: list[tuple[Span, ActorIndex]],
                  lexicon: Lexicon | None = None) -> list[list[ArgPair]]:
        """:meth:`rank` for many sentences (of one document or many) with one model call for all of them: each
        call has a fixed cost per tree, far above the cost of one more row."""
        groups, chunks = [], {}
        for sent, actors in sentences:
            if id(sent.doc) not in chunks:
                chunks[id(sent.doc)] = list(sent.doc.noun_chunks)
            spans = argument_spans(sent, actors, chunks[id(sent.doc)])
            groups.append((SentenceFeatures(sent, spans, lexicon), candidate_pairs(spans)))
        probs = iter(self._probabilities(groups))
        ranked = []
        for _, pairs in groups:
            scored = [ArgPair(a, b, float(next(probs))) for a, b in pairs]
            ranked.append(sorted(scored, key=lambda pair: -pair.score))
        return ranked

    def _probabilities(self, groups: list[tuple[SentenceFeatures, list]]):
        """The probability of every pair of every group, in order, in slices of at most MAX_ROWS rows so that
        the dense input matrix stays small however many documents come at once."""
        batch, rows = [], 0
        for group in groups:
            batch.append(group)
            rows += len(group[1])
            if rows >= MAX_ROWS:
                yield from self._predict(self._columns.matrix(batch))
                batch, rows = [], 0
        if rows:
            yield from self._predict(self._columns.matrix(batch))

    def _predict(self, matrix):
        import sklearn

        # Small batches: OpenMP start-up per tree costs more than the work itself, and sklearn's input
        # validation is overhead for a matrix we built ourselves.
        with self._threads.limit(limits=1, user_api="openmp"), sklearn.config_context(
            assume_finite=True, skip_parameter_validation=True
        ):
            return self._classifier.predict_proba(matrix)[:, 1]


# ------------------------------------------------------------------ the fallback policy
@dataclass(frozen=True)
class Given:
    """A pair some event of the sentence already states: character spans of its actor and recipient."""

    actor: tuple[int, int]
    recipient: tuple[int, int]
    symmetric: bool = False


@dataclass(frozen=True)
class Fallback:
    """One proposed event: the pair, its type by the classifier, and the confidence (ranker × type probability)."""

    pair: ArgPair
    event_type: str
    confidence: float


@dataclass(frozen=True)
class FallbackPolicy:
    """When the ranker may add events: thresholds chosen on the training file (see benchmarks/README.md)."""

    min_score: float = 0.2  # the ranker's probability, when no event of the sentence has both parties
    override_score: float | None = 0.3  # ... when some have, but not the best-ranked pair (None: never)
    min_type_prob: float = 0.3
    max_new: int = 1


def _overlaps(entity: Entity, span: tuple[int, int]) -> bool:
    return entity.start < span[1] and span[0] < entity.end


def _is_given(pair: ArgPair, given: list[Given]) -> bool:
    a, b = pair.a.entity, pair.b.entity
    for g in given:
        if _overlaps(a, g.actor) and _overlaps(b, g.recipient):
            return True
        if g.symmetric and _overlaps(a, g.recipient) and _overlaps(b, g.actor):
            return True
    return False


def _same_parties(x: ArgPair, y: ArgPair) -> bool:
    return {x.a.head.i, x.b.head.i} == {y.a.head.i, y.b.head.i}


def choose_pairs(ranked: list[ArgPair], given: list[Given], policy: FallbackPolicy) -> list[ArgPair]:
    """The best-ranked pairs no event states yet (none when the sentence's events already give the best one)."""
    if not ranked or _is_given(ranked[0], given):
        return []
    floor = policy.override_score if given else policy.min_score
    if floor is None:
        return []
    chosen: list[ArgPair] = []
    for pair in ranked:
        if len(chosen) >= policy.max_new or pair.score < floor:
            break
        if not _is_given(pair, given) and not any(_same_parties(pair, c) for c in chosen):
            chosen.append(pair)
    return chosen


def pair_input(sent: Span, pair: ArgPair):
    """What the type classifier reads for one pair: the sentence, the trigger word and the pair's texts."""
    from .classifier import PairInput

    return PairInput(sent.text, trigger=trigger_of(pair).text, actor=pair.a.span.text, recipient=pair.b.span.text)


def type_probabilities(sent: Span, pairs: list[ArgPair], classifier) -> list[dict[str, float]]:
    """The classifier's type probabilities for each pair, given the pair."""
    if classifier is None or not pairs:
        return []
    return classifier.predict_proba_many([pair_input(sent, p) for p in pairs])


def type_pairs(sent: Span, pairs: list[ArgPair], classifier, policy: FallbackPolicy,
               probabilities: list[dict[str, float]] | None = None) -> list[Fallback]:
    """Type each chosen pair with the classifier, given the pair; keep those it is sure enough of."""
    if probabilities is None:
        probabilities = type_probabilities(sent, pairs, classifier)
    out = []
    for pair, probs in zip(pairs, probabilities, strict=True):
        best = max(probs, key=probs.get)
        if probs[best] >= policy.min_type_prob:
            out.append(Fallback(pair, best, pair.score * probs[best]))
    return out


def trigger_of(pair: ArgPair) -> Token:
    """The word the event hangs on: the actor's governing verb, else the recipient's, else the sentence root."""
    for head in (pair.a.head, pair.b.head):
        gov, _, _ = governor(head)
        if gov is not None:
            return gov
    return pair.a.head.sent.root


# ------------------------------------------------------------------ wiring into the event coder
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})  # either party may be read as the actor
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP"})  # names that can stand for a doer
RESOLVED_LIKENESS, UNRESOLVED_LIKENESS = 1.0, 0.6


def _party(arg: ArgSpan) -> Party:
    return Party(arg.entity, RESOLVED_LIKENESS if arg.actor is not None else UNRESOLVED_LIKENESS)


def _could_act(arg: ArgSpan, party_nouns: frozenset[str]) -> bool:
    """Whether a candidate can be the doer: a resolved actor, a name, people in the plural ("Hackers"), or a
    noun for a party ("the group"); "The raid came after ..." makes no actor of the raid."""
    head = arg.head
    return (arg.actor is not None or arg.origin == "ent" or head.pos_ == "PROPN"
            or head.tag_ in ("NNS", "NNPS") or head.lemma_.lower() in party_nouns
            or any(t.ent_type_ in NAME_LABELS for t in arg.span))  # "an Israeli airstrike": Israel did it


def _is_speaker(arg: ArgSpan, speech_verbs: frozenset[str]) -> bool:
    """The subject of a speech verb ('"The army attacked the town," said Ali'): the source of the report
    (its attribution), not someone the event was done to."""
    gov, rel, _ = governor(arg.head)
    return gov is not None and rel == "nsubj" and gov.lemma_.lower() in speech_verbs


def _given_by(candidates: list[Candidate]) -> list[Given]:
    return [Given((a.entity.start, a.entity.end), (r.entity.start, r.entity.end), c.event_type in SYMMETRIC_TYPES)
            for c in candidates for a in c.actor for r in c.recipient]


@dataclass
class PairProposer:
    """Adds fallback events for the best-ranked pair of a sentence that the lexicon's events do not state."""

    ranker: PairRanker
    classifier: object | None
    policy: FallbackPolicy = FallbackPolicy()

    @classmethod
    def load(cls, classifier) -> PairProposer | None:
        """With the shipped ranker and the type classifier; None when either is missing."""
        ranker = PairRanker.load()
        return cls(ranker, classifier) if ranker is not None and classifier is not None else None

    def choose(self, candidates: list[Candidate], ranked: list[ArgPair], lexicon: Lexicon) -> list[ArgPair]:
        """The pairs of one sentence worth a fallback event, given its lexicon ``candidates`` and its pairs as
        :meth:`PairRanker.rank_many` ranked them."""
        given = _given_by([c for c in candidates if c.actor and c.recipient])
        if given:
            if self.policy.override_score is None:
                return []
            # Only pairs above the floor can be chosen: the filter below need not look further.
            ranked = list(itertools.takewhile(lambda p: p.score >= self.policy.override_score, ranked))
            # "The ministry said police arrested four men": the speaker of an event the lexicon coded is its
            # source (attribution), not the doer of a second event against the same recipient.
            speech = lexicon.cues.words("attribution", "speech_verbs")
            ranked = [p for p in ranked if not (trigger_of(p).lemma_.lower() in speech
                                                and any(_overlaps(p.b.entity, g.recipient) for g in given))]
        party_nouns = lexicon.cues.words("grammar", "party_nouns")
        speech = lexicon.cues.words("attribution", "speech_verbs")
        # Both sides must be parties: the recipient too is never a thing ("called the meeting", "the offer").
        ranked = [p for p in ranked if _could_act(p.a, party_nouns) and _could_act(p.b, party_nouns)]
        return [p for p in choose_pairs(ranked, given, self.policy) if not _is_speaker(p.b, speech)]

    def events_many(self, chosen: list[tuple[Span, list[ArgPair]]]) -> list[list[tuple[Candidate, float]]]:
        """(candidate, confidence) for each chosen pair of each sentence that the classifier types surely
        enough, given the pair; one classifier call for all of them."""
        inputs = [pair_input(sent, pair) for sent, pairs in chosen for pair in pairs]
        probabilities = iter(self.classifier.predict_proba_many(inputs) if inputs else ())
        return [self._events(sent, pairs, [next(probabilities) for _ in pairs]) for sent, pairs in chosen]

    def _events(self, sent: Span, pairs: list[ArgPair], probabilities: list[dict[str, float]]):
        out = []
        for fb in type_pairs(sent, pairs, self.classifier, self.policy, probabilities):
            trigger = trigger_of(fb.pair)
            entry = Entry(id="pair-ranker", type=fb.event_type, verbs=["*"])
            cand = Candidate(entry, sent.doc[trigger.i:trigger.i + 1], trigger, "pair",
                             actor=[_party(fb.pair.a)], recipient=[_party(fb.pair.b)])
            out.append((cand, fb.confidence))
        return out
