"""Candidate arguments of a sentence and the features of each ordered pair, for the learned pair ranker.

What depends on one span (its governing verb, its side of the features, its ancestors in the tree) is computed
once per sentence and reused for every pair it is part of; :class:`FeatureColumns` turns the features straight
into the model's input matrix. ``scripts/train_pair_ranker.py`` trains on exactly these features
(``SentenceFeatures.features``).
"""

from __future__ import annotations

import bisect
import math
from dataclasses import dataclass

import numpy as np
from spacy.tokens import Doc, Span, Token

from ..records import Actor, ActorIndex, Entity
from .entities import describes
from .lexicon import Lexicon

__all__ = [
    "MAX_SPAN_TOKENS",
    "ArgSpan",
    "FeatureColumns",
    "SentenceFeatures",
    "argument_spans",
    "candidate_pairs",
    "governor",
    "indicator_names",
]

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
ORIGIN_RANK = {"chunk": 0, "ent": 1, "actor": 2}
MAX_CACHED_PARTS = 50_000
# The numeric features of how a pair's two sides relate, in the order SentenceFeatures.relation gives them.
RELATION_NUMBERS = ("same_gov", "a_gov_over_b", "b_gov_over_a", "a_first", "token_distance", "tree_distance",
                    "lca_is_head", "spans_between", "a_is_first_span", "n_spans")


@dataclass(frozen=True)
class ArgSpan:
    """One candidate argument: its tokens, head, the entity it becomes, and where it came from."""

    span: Span
    head: Token
    entity: Entity
    actor: Actor | None
    origin: str  # "actor", "ent" or "chunk"


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


def _raw_spans(sent: Span, actors: ActorIndex, chunks: list[Span] | None) -> list[tuple[Span, str]]:
    doc = sent.doc
    found: list[tuple[Span, str]] = []
    for mention, _ in actors.mentions_in(sent.start_char, sent.end_char):
        span = doc.char_span(mention.start, mention.end, alignment_mode="expand")
        if span is not None and not all(t.pos_ == "PRON" for t in span):
            found.append((span, "actor"))
    found += [(e, "ent") for e in sent.ents if e.label_ in NAME_LABELS]
    for chunk in sent.noun_chunks if chunks is None else chunks:
        if chunk.start >= sent.start and chunk.end <= sent.end and chunk.root.dep_ in ARGUMENT_DEPS \
                and chunk.root.pos_ in ("NOUN", "PROPN") and chunk.root.ent_type_ not in NOT_PARTY_LABELS:
            found.append((chunk, "chunk"))
    return found


def argument_spans(sent: Span, actors: ActorIndex, chunks: list[Span] | None = None) -> list[ArgSpan]:
    """Name-sized candidate arguments of a sentence, one per head token, in text order (names may nest).

    A noun chunk wins over a shorter name inside it ("Iranian Foreign Minister Mohammad Javad Zarif" over
    "Mohammad Javad Zarif"), so the span keeps the words the text uses for the party. ``chunks``: the
    document's noun chunks, when the caller has them (spaCy finds a sentence's chunks by walking the whole
    document's, so per sentence that is quadratic)."""
    by_head: dict[int, tuple[Span, str]] = {}
    for span, origin in _raw_spans(sent, actors, chunks):
        span = _compact(span)
        head = span.root
        best = by_head.get(head.i)
        if best is None or (ORIGIN_RANK[origin], len(span)) < (ORIGIN_RANK[best[1]], len(best[0])):
            by_head[head.i] = (span, origin)
    out, seen = [], set()
    for span, origin in sorted(by_head.values(), key=lambda pair: pair[0].start):
        entity, actor = _entity(span, actors)
        if (entity.start, entity.end) in seen:
            continue  # two heads inside one actor mention ("the Iranian foreign minister") are one party
        seen.add((entity.start, entity.end))
        out.append(ArgSpan(span=span, head=span.root, entity=entity, actor=actor, origin=origin))
    return _without_descriptions(out, sent.doc)[:MAX_SPANS]


def _without_descriptions(spans: list[ArgSpan], doc: Doc) -> list[ArgSpan]:
    """"his Egyptian counterpart, Hossam Abdel-Latif" is one party: the name stands for the description, and
    words inside the description ("Egyptian") are no parties of their own."""
    described = []
    for k, a in enumerate(spans):
        # Spans are in text order: the name can only be the first span after this one (not one inside it).
        after = next((b for b in spans[k + 1:] if b.span.start >= a.span.end), None)
        if after is not None and describes(a.entity, after.entity, doc):
            described.append(a.span)
    return [a for a in spans if not any(d.start <= a.span.start and a.span.end <= d.end for d in described)]


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
def governor(token: Token) -> tuple[Token | None, str, int]:
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


class SentenceFeatures:
    """The features of the candidate pairs of one sentence: each side's relation to its verb, and how the two
    relate. Per-span parts are computed once, however many pairs a span is in."""

    def __init__(self, sent: Span, spans: list[ArgSpan], lexicon: Lexicon | None):
        self.sent, self.spans, self.lexicon = sent, spans, lexicon
        self.order = {s.head.i: k for k, s in enumerate(spans)}  # head token index -> position in spans
        self._governors = {s.head.i: governor(s.head) for s in spans}
        self._ancestors: dict[int, dict[int, int]] = {}
        self._distances: dict[tuple[int, int], tuple[int, Token | None]] = {}
        self._sides: dict[tuple[str, int], dict[str, float]] = {}
        self._passives: dict[int, bool] = {}
        # Trigger words of the lexicon, by position, for "what kind of word lies between the pair".
        self._triggers: list[tuple[int, str]] = []
        if lexicon is not None:
            for tok in sent:
                kind = _lexicon_type(tok, lexicon) if tok.pos_ in ("VERB", "NOUN") else "none"
                if kind != "none":
                    self._triggers.append((tok.i, kind))

    def features(self, a: ArgSpan, b: ArgSpan) -> dict[str, float]:
        """All features of the ordered pair (a as actor, b as recipient), by name."""
        parts, numbers = self.relation(a, b)
        return {**self.side("a_", a), **self.side("b_", b), **dict.fromkeys(indicator_names(parts), 1.0),
                **dict(zip(RELATION_NUMBERS, numbers, strict=True))}

    def side(self, prefix: str, arg: ArgSpan) -> dict[str, float]:
        """The features of one side of a pair (``prefix`` "a_" or "b_")."""
        key = (prefix, arg.head.i)
        if key not in self._sides:
            self._sides[key] = self._side(prefix, arg)
        return self._sides[key]

    def _side(self, prefix: str, arg: ArgSpan) -> dict[str, float]:
        head, sent = arg.head, self.sent
        gov, rel, depth = self._governors[head.i]
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
            f"{prefix}gov_passive": float(gov is not None and self._passive(gov)),
            f"{prefix}gov_type={_lexicon_type(gov, self.lexicon)}": 1.0,
        }

    def _passive(self, verb: Token) -> bool:
        if verb.i not in self._passives:
            self._passives[verb.i] = any(c.dep_ in PASSIVE_DEPS for c in verb.children)
        return self._passives[verb.i]

    def relation(self, a: ArgSpan, b: ArgSpan) -> tuple[tuple[str, bool, str, str, str], tuple[float, ...]]:
        """How the two sides of the pair relate: the parts that name its indicator features (see
        :func:`indicator_names`), and the values of the numeric features in RELATION_NUMBERS order."""
        gov_a, rel_a, _ = self._governors[a.head.i]
        gov_b, rel_b, _ = self._governors[b.head.i]
        same = gov_a is not None and gov_b is not None and gov_a.i == gov_b.i
        both = gov_a is not None and gov_b is not None and not same
        steps, lca = self._tree_distance(a.head, b.head)
        parts = (rel_a, same, rel_b, lca.pos_ if lca is not None else "-", self._between_trigger(a.head.i, b.head.i))
        numbers = (
            float(same),
            float(both and gov_a.i in self.ancestors(gov_b)),
            float(both and gov_b.i in self.ancestors(gov_a)),
            float(a.head.i < b.head.i),
            math.log1p(abs(a.head.i - b.head.i)),
            float(steps),
            float(lca is not None and lca.i in (a.head.i, b.head.i)),
            float(abs(self.order[a.head.i] - self.order[b.head.i]) - 1),
            float(self.spans[0].head.i == a.head.i),
            float(len(self.spans)),
        )
        return parts, numbers

    def ancestors(self, token: Token) -> dict[int, int]:
        """The token's index and its ancestors' indexes, nearest first, each with its number of steps up."""
        found = self._ancestors.get(token.i)
        if found is None:
            chain = [token.i, *[t.i for t in token.ancestors]]
            found = self._ancestors[token.i] = {i: steps for steps, i in enumerate(chain)}
        return found

    def _tree_distance(self, a: Token, b: Token) -> tuple[int, Token | None]:
        """Edges between two tokens through their lowest common ancestor, and that ancestor (the same either
        way round, so computed once per unordered pair)."""
        key = (a.i, b.i) if a.i < b.i else (b.i, a.i)
        if key not in self._distances:
            up_a, up_b = self.ancestors(a), self.ancestors(b)
            common = next((i for i in up_a if i in up_b), None)
            self._distances[key] = ((len(up_a) + len(up_b), None) if common is None
                                    else (up_a[common] + up_b[common], a.doc[common]))
        return self._distances[key]

    def _between_trigger(self, a: int, b: int) -> str:
        """The type of the first lexicon trigger strictly between two token positions ("none" if there is none)."""
        if self.lexicon is None:
            return "none"
        lo, hi = sorted((a, b))
        at = bisect.bisect_right(self._triggers, (lo, "~"))
        if at < len(self._triggers) and self._triggers[at][0] < hi:
            return self._triggers[at][1]
        return "none"


def indicator_names(parts: tuple[str, bool, str, str, str]) -> tuple[str, ...]:
    """The indicator features of a pair's relation: its relation pattern ("nsubj>dobj"), the same when both sides
    share their verb, the part of speech of their lowest common ancestor, the trigger type between them."""
    rel_a, same, rel_b, lca_pos, between = parts
    return (f"pattern={rel_a}>{rel_b}", f"same_pattern={rel_a}>{rel_b}" if same else "same_pattern=no",
            f"lca_pos={lca_pos}", f"between_type={between}")


class FeatureColumns:
    """Feature dicts as the model's dense input rows, by the column index its vectorizer learned.

    The same numbers ``DictVectorizer(sparse=False).transform`` gives (features it never saw are dropped), but
    each span's side is looked up once per sentence rather than once per pair."""

    def __init__(self, vocabulary: dict[str, int]):
        self.vocabulary = vocabulary
        self.width = len(vocabulary)
        known = [(k, vocabulary[name]) for k, name in enumerate(RELATION_NUMBERS) if name in vocabulary]
        self._numbers = [k for k, _ in known]  # which of the relation's numbers the model reads ...
        self._number_columns = [col for _, col in known]  # ... and in which columns
        self._by_parts: dict[tuple, list[int]] = {}

    def _columns(self, features: dict[str, float]) -> tuple[list[int], list[float]]:
        cols, vals = [], []
        for name, value in features.items():
            col = self.vocabulary.get(name)
            if col is not None:
                cols.append(col)
                vals.append(value)
        return cols, vals

    def matrix(self, groups: list[tuple[SentenceFeatures, list[tuple[ArgSpan, ArgSpan]]]]) -> np.ndarray:
        """One row per pair, in order, for each sentence's pairs.

        Column-major: a tree reads a few features of every row, so keeping each feature's values together
        makes prediction several times faster than row-major."""
        out = np.zeros((sum(len(pairs) for _, pairs in groups), self.width), dtype=np.float64, order="F")
        first = 0
        for ctx, pairs in groups:
            if pairs:
                out[first:first + len(pairs)] = self._sentence_rows(ctx, pairs)
            first += len(pairs)
        return out

    def _sentence_rows(self, ctx: SentenceFeatures, pairs: list[tuple[ArgSpan, ArgSpan]]) -> np.ndarray:
        """The rows of one sentence's pairs. Side and relation features have distinct names, so their columns
        never collide: each span's side row is looked up once, then taken for every pair it is in."""
        position = ctx.order
        a_side = self._side_rows(ctx, "a_")
        b_side = self._side_rows(ctx, "b_")
        rows = a_side[[position[a.head.i] for a, _ in pairs]] + b_side[[position[b.head.i] for _, b in pairs]]
        marks, cols, numbers = [], [], []
        for row, (a, b) in enumerate(pairs):
            parts, values = ctx.relation(a, b)
            found = self._indicator_columns(parts)
            marks += [row] * len(found)
            cols += found
            numbers.append(values)
        rows[marks, cols] = 1.0
        if self._number_columns:
            rows[:, self._number_columns] = np.array(numbers)[:, self._numbers]
        return rows

    def _indicator_columns(self, parts: tuple[str, bool, str, str, str]) -> list[int]:
        # Few distinct combinations recur across thousands of pairs: name and look them up once each.
        found = self._by_parts.get(parts)
        if found is None:
            if len(self._by_parts) >= MAX_CACHED_PARTS:
                self._by_parts.clear()  # prepositions are an open class: keep a long-running process bounded
            names = indicator_names(parts)
            found = self._by_parts[parts] = [self.vocabulary[n] for n in names if n in self.vocabulary]
        return found

    def _side_rows(self, ctx: SentenceFeatures, prefix: str) -> np.ndarray:
        """One row per span of the sentence holding its side features under ``prefix``."""
        rows, cols, vals = [], [], []
        for k, arg in enumerate(ctx.spans):
            c, v = self._columns(ctx.side(prefix, arg))
            rows += [k] * len(c)
            cols += c
            vals += v
        out = np.zeros((len(ctx.spans), self.width))
        out[rows, cols] = vals
        return out
