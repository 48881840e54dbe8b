"""A learned pair proposer: candidate actor/recipient spans from the parse and the actor stage, ranked by a small model.

The lexicon finds events through trigger words; where it gives no full pair, the ranker proposes the most likely
(actor, recipient) pair of the sentence from its parse alone. The model file is written by
``scripts/train_pair_ranker.py`` from ``../shared/data/plover-sentences/plover-train.tsv`` and shipped in
``events/models/``; nothing is downloaded at run time.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from pathlib import Path

from spacy.tokens import Span, Token

from ..records import Actor, ActorIndex, Entity
from .entities import Party
from .lexicon import Entry, Lexicon
from .match import Candidate
from .shipped import MODELS_DIR, load_shipped_model

__all__ = [
    "PAIR_MODEL_FILE",
    "PAIR_META_FILE",
    "ArgSpan",
    "ArgPair",
    "PairRanker",
    "argument_spans",
    "candidate_pairs",
    "pair_features",
    "Given",
    "Fallback",
    "FallbackPolicy",
    "choose_pairs",
    "type_pairs",
    "type_probabilities",
    "trigger_of",
    "PairProposer",
]


PAIR_MODEL_FILE = MODELS_DIR / "pair_ranker.joblib"
PAIR_META_FILE = MODELS_DIR / "pair_ranker.json"

# Heads whose noun chunk may fill a role: subjects, objects, agents, objects of prepositions, appositions.
ARGUMENT_DEPS = frozenset({
    "nsubj", "nsubjpass", "dobj", "pobj", "agent", "appos", "dative", "attr", "conj", "poss", "compound", "ROOT",
})
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
NOT_PARTY_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})
CLIMB_DEPS = frozenset({"pobj", "prep", "agent", "conj", "appos", "compound", "poss", "dative", "pcomp", "amod",
                        "nmod", "cc", "case"})
MAX_SPAN_TOKENS = 8  # §2 ignores entities much longer than the gold name: keep spans name-sized
MAX_SPANS = 16  # a sentence listing dozens of names gives at most 16 * 15 ordered pairs
MAX_CLIMB = 6
PASSIVE_DEPS = frozenset({"auxpass", "nsubjpass"})


@dataclass(frozen=True)
class ArgSpan:
    """One candidate argument: its tokens, head, the entity it becomes, and where it came from."""

    span: Span
    head: Token
    entity: Entity
    actor: Actor | None
    origin: str  # "actor", "ent" or "chunk"


@dataclass(frozen=True)
class ArgPair:
    """An ordered candidate pair (a as actor, b as recipient) with the ranker's probability."""

    a: ArgSpan
    b: ArgSpan
    score: float


# ------------------------------------------------------------------ candidate spans
def _compact(span: Span) -> Span:
    """The span without leading determiners/punctuation, clipped to MAX_SPAN_TOKENS ending at its head."""
    start, end = span.start, span.end
    while start < end - 1 and (span.doc[start].is_punct or span.doc[start].dep_ in ("det", "cc", "case")):
        start += 1
    while end - 1 > start and span.doc[end - 1].is_punct:
        end -= 1
    head = span.doc[start:end].root
    if end - start > MAX_SPAN_TOKENS:
        end = head.i + 1
        start = max(start, end - MAX_SPAN_TOKENS)
    return span.doc[start:end]


def _entity(span: Span, actors: ActorIndex) -> tuple[Entity, Actor | None]:
    """The resolved actor whose mention covers the span's head, else the span as an unresolved entity."""
    head = span.root
    covering = actors.mention_covering(head.idx, head.idx + len(head.text))
    if covering is not None:
        mention, actor = covering
        return actors.entity(mention, actor), actor
    text = span.text
    return Entity(text=text, start=span.start_char, end=span.end_char, actor_id=None, name=text,
                  kind="unknown"), None


def _raw_spans(sent: Span, actors: ActorIndex) -> list[tuple[Span, str]]:
    doc = sent.doc
    found: list[tuple[Span, str]] = []
    for mention, _ in actors.mentions_in(sent.start_char, sent.end_char):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and not all(t.pos_ == "PRON" for t in span):
            found.append((span, "actor"))
    found += [(e, "ent") for e in sent.ents if e.label_ in NAME_LABELS]
    for chunk in doc.noun_chunks:
        if chunk.start >= sent.start and chunk.end <= sent.end and chunk.root.dep_ in ARGUMENT_DEPS \
                and chunk.root.pos_ in ("NOUN", "PROPN") and chunk.root.ent_type_ not in NOT_PARTY_LABELS:
            found.append((chunk, "chunk"))
    return found


def argument_spans(sent: Span, actors: ActorIndex) -> list[ArgSpan]:
    """Name-sized candidate arguments of a sentence, one per head token, in text order (names may nest).

    A noun chunk wins over a shorter name inside it ("Iranian Foreign Minister Mohammad Javad Zarif" over
    "Mohammad Javad Zarif"), so the span keeps the words the text uses for the party."""
    rank = {"chunk": 0, "ent": 1, "actor": 2}
    by_head: dict[int, tuple[Span, str]] = {}
    for span, origin in _raw_spans(sent, actors):
        span = _compact(span)
        head = span.root
        best = by_head.get(head.i)
        if best is None or (rank[origin], len(span)) < (rank[best[1]], len(best[0])):
            by_head[head.i] = (span, origin)
    out, seen = [], set()
    for span, origin in sorted(by_head.values(), key=lambda pair: pair[0].start):
        entity, actor = _entity(span, actors)
        if (entity.start, entity.end) in seen:
            continue  # two heads inside one actor mention ("the Iranian foreign minister") are one party
        seen.add((entity.start, entity.end))
        out.append(ArgSpan(span=span, head=span.root, entity=entity, actor=actor, origin=origin))
    return out[:MAX_SPANS]


def candidate_pairs(spans: list[ArgSpan]) -> list[tuple[ArgSpan, ArgSpan]]:
    """Every ordered pair of distinct parties: not the same resolved actor twice, not a name and the phrase
    holding it ("Trump" and "Trump's temporary ban" may both be candidates, but never a pair)."""
    pairs = []
    for a in spans:
        for b in spans:
            if a.span.start < b.span.end and b.span.start < a.span.end:
                continue
            if a.actor is not None and b.actor is not None and a.actor.actor_id == b.actor.actor_id:
                continue
            pairs.append((a, b))
    return pairs


# ------------------------------------------------------------------ features
def _governor(token: Token) -> tuple[Token | None, str, int]:
    """The verb governing a phrase head, the relation of the phrase to it ("nsubj", "prep:against"), and depth."""
    tok, rel, depth = token, token.dep_, 0
    while depth < MAX_CLIMB and tok.head.i != tok.i:
        parent = tok.head
        if tok.dep_ in ("prep", "agent"):
            rel = f"prep:{tok.lower_}" if tok.dep_ == "prep" else "agent"
        elif tok.dep_ not in ("pobj", "pcomp"):
            rel = tok.dep_
        depth += 1
        if parent.pos_ in ("VERB", "AUX"):
            return parent, rel, depth
        if tok.dep_ not in CLIMB_DEPS and parent.pos_ not in ("NOUN", "PROPN", "ADP"):
            break
        tok = parent
    return None, rel, depth


def _lexicon_type(token: Token | None, lexicon: Lexicon | None) -> str:
    if token is None or lexicon is None:
        return "none"
    entry = lexicon.verbs.get(token.lemma_.lower()) or lexicon.nouns.get(token.lemma_.lower())
    return entry.type if entry is not None else "none"


def _ancestors(token: Token) -> list[int]:
    return [token.i, *[t.i for t in token.ancestors]]


def _tree_distance(a: Token, b: Token) -> tuple[int, Token | None]:
    """Edges between two tokens through their lowest common ancestor, and that ancestor."""
    up_a, up_b = _ancestors(a), _ancestors(b)
    common = set(up_b)
    for steps, i in enumerate(up_a):
        if i in common:
            return steps + up_b.index(i), a.doc[i]
    return len(up_a) + len(up_b), None


def _side(prefix: str, arg: ArgSpan, sent: Span, lexicon: Lexicon | None) -> dict:
    head = arg.head
    gov, rel, depth = _governor(head)
    return {
        f"{prefix}rel={rel}": 1.0,
        f"{prefix}dep={head.dep_}": 1.0,
        f"{prefix}ner={head.ent_type_ or '-'}": 1.0,
        f"{prefix}pos={head.pos_}": 1.0,
        f"{prefix}origin={arg.origin}": 1.0,
        f"{prefix}kind={arg.actor.kind if arg.actor else 'none'}": 1.0,
        f"{prefix}actor": float(arg.actor is not None),
        f"{prefix}kb": float(bool(arg.actor and arg.actor.in_kb)),
        f"{prefix}plural": float(head.tag_ in ("NNS", "NNPS")),
        f"{prefix}depth": float(depth),
        f"{prefix}ntok": float(len(arg.span)),
        f"{prefix}position": (head.i - sent.start) / max(len(sent), 1),
        f"{prefix}gov_root": float(gov is not None and gov.dep_ == "ROOT"),
        f"{prefix}gov_passive": float(gov is not None and any(c.dep_ in PASSIVE_DEPS for c in gov.children)),
        f"{prefix}gov_type={_lexicon_type(gov, lexicon)}": 1.0,
    }


def _between_trigger(a: Token, b: Token, lexicon: Lexicon | None) -> str:
    if lexicon is None:
        return "none"
    lo, hi = sorted((a.i, b.i))
    for tok in a.doc[lo + 1:hi]:
        kind = _lexicon_type(tok, lexicon) if tok.pos_ in ("VERB", "NOUN") else "none"
        if kind != "none":
            return kind
    return "none"


def pair_features(a: ArgSpan, b: ArgSpan, spans: list[ArgSpan], sent: Span, lexicon: Lexicon | None) -> dict:
    """The features of one ordered pair: each side's relation to its verb, and how the two relate."""
    gov_a, rel_a, _ = _governor(a.head)
    gov_b, rel_b, _ = _governor(b.head)
    same = gov_a is not None and gov_b is not None and gov_a.i == gov_b.i
    steps, lca = _tree_distance(a.head, b.head)
    order = [s.head.i for s in spans]
    features = {**_side("a_", a, sent, lexicon), **_side("b_", b, sent, lexicon)}
    features.update({
        f"pattern={rel_a}>{rel_b}": 1.0,
        f"same_pattern={rel_a}>{rel_b}" if same else "same_pattern=no": 1.0,
        "same_gov": float(same),
        "a_gov_over_b": float(gov_a is not None and gov_b is not None and not same
                              and gov_a.i in _ancestors(gov_b)),
        "b_gov_over_a": float(gov_a is not None and gov_b is not None and not same
                              and gov_b.i in _ancestors(gov_a)),
        "a_first": float(a.head.i < b.head.i),
        "token_distance": math.log1p(abs(a.head.i - b.head.i)),
        "tree_distance": float(steps),
        f"lca_pos={lca.pos_ if lca is not None else '-'}": 1.0,
        "lca_is_head": float(lca is not None and lca.i in (a.head.i, b.head.i)),
        "spans_between": float(abs(order.index(a.head.i) - order.index(b.head.i)) - 1),
        "a_is_first_span": float(order[0] == a.head.i),
        f"between_type={_between_trigger(a.head, b.head, lexicon)}": 1.0,
        "n_spans": float(len(spans)),
    })
    return features


# ------------------------------------------------------------------ the model
class PairRanker:
    """Probabilities that an ordered candidate pair is the sentence's (actor, recipient); ``load()`` gives None
    without a model file."""

    def __init__(self, model, meta: dict):
        from threadpoolctl import ThreadpoolController

        self._model = model
        self.meta = meta
        # Scanning the loaded thread pools is itself costly: do it once, not per sentence.
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
        return self.rank_many([sent], actors, lexicon)[0]

    def rank_many(self, sents: list[Span], actors: ActorIndex, lexicon: Lexicon | None = None) -> list[list[ArgPair]]:
        """:meth:`rank` for each sentence of a document, with one model call for all of them (each call has a
        fixed cost per tree)."""
        per_sentence, features = [], []
        for sent in sents:
            spans = argument_spans(sent, actors)
            pairs = candidate_pairs(spans)
            per_sentence.append(pairs)
            features += [pair_features(a, b, spans, sent, lexicon) for a, b in pairs]
        probs = iter(self._predict(features)) if features else iter(())
        ranked = []
        for pairs in per_sentence:
            scored = [ArgPair(a, b, float(next(probs))) for a, b in pairs]
            ranked.append(sorted(scored, key=lambda pair: -pair.score))
        return ranked

    def _predict(self, features: list[dict]):
        import sklearn

        # One sentence's pairs are a tiny batch: OpenMP start-up per tree costs ~5x the work itself,
        # and sklearn's input validation is overhead for features we built ourselves.
        with self._threads.limit(limits=1, user_api="openmp"), sklearn.config_context(
            assume_finite=True, skip_parameter_validation=True
        ):
            return self._model.predict_proba(features)[:, 1]


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


def type_probabilities(sent: Span, pairs: list[ArgPair], classifier) -> list[dict[str, float]]:
    """The classifier's type probabilities for each pair, given the pair."""
    if classifier is None or not pairs:
        return []
    from .classifier import PairInput

    items = [PairInput(sent.text, trigger=trigger_of(p).text, actor=p.a.span.text, recipient=p.b.span.text)
             for p in pairs]
    return classifier.predict_proba_many(items)


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
        gov, _, _ = _governor(head)
        if gov is not None:
            return gov
    return pair.a.head.sent.root



# ------------------------------------------------------------------ wiring into the event coder
SYMMETRIC_TYPES = frozenset({"CONSULT", "COOPERATE", "AGREE"})  # either party may be read as the actor
RESOLVED_LIKENESS, UNRESOLVED_LIKENESS = 1.0, 0.6


def _party(arg: ArgSpan) -> Party:
    return Party(arg.entity, RESOLVED_LIKENESS if arg.actor is not None else UNRESOLVED_LIKENESS)


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

    def propose(self, sent: Span, actors: ActorIndex, candidates: list[Candidate],
                lexicon: Lexicon, *, ranked: list[ArgPair] | None = None) -> list[tuple[Candidate, float]]:
        """(candidate, confidence) for each fallback event, typed by the classifier given the pair.

        ``ranked``: the sentence's pairs from :meth:`PairRanker.rank_many`, when the caller ranked a whole
        document at once."""
        given = _given_by([c for c in candidates if c.actor and c.recipient])
        if ranked is None:
            ranked = self.ranker.rank(sent, actors, lexicon)
        if given:
            # "The ministry said police arrested four men": the speaker of an event the lexicon coded is its
            # source (attribution), not the doer of a second event against the same recipient.
            speech = lexicon.cues.words("attribution", "speech_verbs")
            ranked = [p for p in ranked if not (trigger_of(p).lemma_.lower() in speech
                                                and any(_overlaps(p.b.entity, g.recipient) for g in given))]
        chosen = choose_pairs(ranked, given, self.policy)
        out = []
        for fb in type_pairs(sent, chosen, self.classifier, self.policy):
            trigger = trigger_of(fb.pair)
            entry = Entry(id="pair-ranker", type=fb.event_type, verbs=["*"])
            cand = Candidate(entry, sent.doc[trigger.i:trigger.i + 1], trigger, "pair",
                             actor=[_party(fb.pair.a)], recipient=[_party(fb.pair.b)])
            out.append((cand, fb.confidence))
        return out
