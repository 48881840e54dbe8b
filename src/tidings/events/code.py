"""The event coder: PLOVER events from a parsed article, by explainable rules over the dependency parse."""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from spacy.tokens import Doc, Span

from ..actors.discipline import dateline_spans, in_any
from ..records import ActorIndex, Article, Event, TextInfo
from ..records import Span as TextSpan
from .attribution import AttributionCues, QuoteSpan, attribution_of, find_quotes
from .enrich import Enricher, published_year
from .entities import Party, PartyFinder
from .lexicon import Entry, Lexicon, load_lexicon
from .match import Candidate, Matcher
from .modality import ModalityCues, modality_of
from .pairs import PairProposer
from .rank import Ranker
from .roles import Grammar

__all__ = ["EventCoder", "MAX_TEXT_CHARS"]

MAX_TEXT_CHARS = 600
PARTY_THRESHOLD = 0.5
MAX_EVENTS_PER_SENTENCE = 12  # a sentence listing hundreds of names must not explode into events
# A line of at most this many words without a sentence's closing punctuation is a heading, a teaser, a caption
# or a list item ("SEE MORE: Hong Kong protests ...", "5. Ukraine military aid"): page furniture, not reporting.
HEADING_MAX_WORDS = 16
_SENTENCE_END = re.compile(r"[.!?:;\"'\u201d\u2019)\]]\s*$")


@dataclass(frozen=True)
class _DocState:
    """What the coder knows about the document being coded."""

    doc: Doc
    actors: ActorIndex
    article: Article
    finder: PartyFinder
    quotes: list[QuoteSpan]
    countries: set[str]
    year: int | None
    datelines: list[tuple[int, int]]  # where the story was filed ("HANOI, Vietnam (AP) -"), as the actor stage sees it


@dataclass(frozen=True)
class _Sentence:
    """One sentence to code: its document, its number in the document, and its lexicon candidates."""

    state: _DocState
    number: int
    sent: Span
    candidates: list[Candidate]


class EventCoder:
    """Codes PLOVER events. Load once with :meth:`load`, then call :meth:`code` per document or :meth:`code_many`
    per batch of documents (faster: the learned models run once per batch)."""

    def __init__(self, lexicon: Lexicon, *, enricher: Enricher | None = None, ranker: Ranker | None = None,
                 pairs: PairProposer | None = None):
        self.lexicon = lexicon
        g = lexicon.cues
        self.grammar = Grammar(
            light_verbs=g.words("grammar", "light_verbs"),
            control_verbs=g.words("grammar", "control_verbs"),
            object_control_verbs=g.words("grammar", "object_control_verbs"),
            object_control_preps=g.words("grammar", "object_control_preps"),
            neuter_pronouns=g.words("grammar", "neuter_pronouns"),
            locative_preps=g.words("grammar", "locative_preps"),
            personal_pronouns=g.words("grammar", "personal_pronouns"),
            plan_nouns=g.words("grammar", "plan_nouns"),
            owner_verbs=g.words("grammar", "owner_verbs"),
            relative_pronouns=g.words("grammar", "relative_pronouns"),
            speech_verbs=g.words("attribution", "speech_verbs"),
            receiving_verbs=g.words("grammar", "receiving_verbs"),
            question_words=g.words("grammar", "question_words"),
            no_comment_verbs=g.words("grammar", "no_comment_verbs"),
            responsibility_nouns=g.words("grammar", "responsibility_nouns"),
            response_verbs=g.words("grammar", "response_verbs"),
        )
        self.matcher = Matcher(lexicon, self.grammar)
        self.modality_cues = ModalityCues.from_cues(g)
        self.attribution_cues = AttributionCues.from_cues(g)
        self.contexts = {
            name: re.compile(r"(?<!\w)(?:" + "|".join(re.escape(w.lower()) for w in words) + r")(?!\w)")
            for name, words in g.contexts.items() if words
        }
        self.non_event_verbs = g.words("grammar", "non_event_verbs")
        self.enricher = enricher or Enricher()
        # The rule name of events typed by the classifier from the main verb alone.
        self.root_entry = Entry(id="classifier", type="CONSULT", verbs=["*"])
        self.ranker = ranker or Ranker()
        # Fallback events for the best-ranked pair the lexicon misses (None: lexicon events only).
        self.pairs = pairs

    @classmethod
    def load(cls) -> EventCoder:
        """Load and validate the lexicon, the date/place/quantity stages, the type classifier and pair ranker, once."""
        ranker = Ranker.load()
        return cls(load_lexicon(), enricher=Enricher.load(), ranker=ranker,
                   pairs=PairProposer.load(ranker.classifier))

    def code(self, doc: Doc, actors: ActorIndex, *, article: Article) -> list[Event]:
        """Every event of the document, sentence by sentence, in text order."""
        return self.code_many([(doc, actors, article)])[0]

    def code_many(self, documents: list[tuple[Doc, ActorIndex, Article]]) -> list[list[Event]]:
        """:meth:`code` for many documents. The learned models run once for all their sentences: each call has a
        fixed cost far above the cost of one more row."""
        states = [self._doc_state(doc, actors, article) for doc, actors, article in documents]
        sentences = [_Sentence(state, number, sent, self._candidates(sent, state.finder))
                     for state in states for number, sent in enumerate(state.doc.sents)
                     if not _on_a_heading_line(state.article.text, sent)]
        scored = self.ranker.score_many([(s.sent, s.candidates) for s in sentences], self.lexicon)
        if self.pairs is not None:
            for found, extra in zip(scored, self._fallbacks(sentences, scored), strict=True):
                found += extra
        events: dict[int, list[Event]] = {id(state): [] for state in states}
        for s, found in zip(sentences, scored, strict=True):
            coded = {c.holder.i for c, _ in found if c.pattern not in ("pair", "root")}
            found = [(cand, confidence) for cand, confidence in found
                     if _parties_only(cand, s.state.datelines)
                     and not self._learned_where_rules_refuse(cand, coded)]
            best = _one_per_happening(sorted(found, key=lambda pair: -pair[1]))[:MAX_EVENTS_PER_SENTENCE]
            for cand, confidence in sorted(best, key=lambda pair: pair[0].trigger.start):
                events[id(s.state)].append(self._event(cand, confidence, s.sent, s.number, s.state))
        return [events[id(state)] for state in states]

    def _doc_state(self, doc: Doc, actors: ActorIndex, article: Article) -> _DocState:
        g = self.lexicon.cues
        finder = PartyFinder(
            actors, self.grammar, g.words("grammar", "party_nouns"), g.words("grammar", "pronouns"),
            g.words("grammar", "pair_words"),
        )
        return _DocState(
            doc=doc, actors=actors, article=article, finder=finder,
            quotes=find_quotes(doc, self.attribution_cues, self.grammar),
            # A state's own id is its ISO code ("ISR"): its country for placing events.
            countries={a.country for a in actors.actors if a.country}
            | {a.actor_id for a in actors.actors if a.kind == "state"},
            year=published_year(article), datelines=dateline_spans(article.text),
        )

    def _candidates(self, sent: Span, finder: PartyFinder) -> list[Candidate]:
        """The lexicon's candidates; with none giving a full pair, also the main verb's pair for the classifier
        to type (the ranker drops it when there is no classifier or it is unsure)."""
        candidates = self._settle(self.matcher.candidates(sent, finder))
        if not any(c.actor and c.recipient for c in candidates):
            root = self.matcher.root_candidate(sent, finder, self.root_entry)
            # A main verb the lexicon already coded is not typed again ("cheered on the move" is support only).
            if root is not None and not any(c.holder.i == root.holder.i for c in candidates):
                candidates.append(root)
        return candidates

    def _fallbacks(self, sentences: list[_Sentence],
                   scored: list[list[tuple[Candidate, float]]]) -> list[list[tuple[Candidate, float]]]:
        """The pair proposer's events for each sentence: pairs ranked for all sentences at once, then the chosen
        ones typed at once."""
        ranked = self.pairs.ranker.rank_many([(s.sent, s.state.actors) for s in sentences], self.lexicon)
        chosen = [
            (s.sent, self.pairs.choose([c for c, _ in found], pairs, self.lexicon))
            for s, found, pairs in zip(sentences, scored, ranked, strict=True)
        ]
        return self.pairs.events_many(chosen)

    # ------------------------------------------------------------------ filtering
    def _settle(self, candidates: list[Candidate]) -> list[Candidate]:
        """Split symmetric pairs, drop events without the parties they need, and fold duplicates."""
        kept = []
        for cand in candidates:
            if self.lexicon.category(cand.entry).symmetric and len(cand.actor) > 1:
                # "X and Y agreed to ...": the coordinated parties are the pair.
                cand.actor, cand.recipient = cand.actor[:1], cand.actor[1:] + cand.recipient
            if not _has_party(cand.actor + cand.recipient):
                continue  # no real party on either side ("it is cracking down on dissent")
            if cand.pattern == "noun" and not cand.actor:
                continue  # a bare nominal ("the destruction of X") with no doer is not a coded event
            if cand.entry.needs_party == "recipient" and not _has_party(cand.recipient):
                continue
            kept.append(cand)
        return _fold(kept)

    def _learned_where_rules_refuse(self, cand: Candidate, coded: set[int]) -> bool:
        """A learned event (pair ranker, main-verb classifier) on a verb of being or having, or on a verb the
        lexicon refused in this sense ("declined to comment", "asked him about"): the rule that knows the
        word has already said no."""
        if cand.pattern not in ("pair", "root"):
            return False
        verb = cand.holder
        if verb.lemma_.lower() in self.non_event_verbs:
            return True
        return verb.i not in coded and self.matcher.sense_refused(verb)

    # ------------------------------------------------------------------ building the record
    def _event(self, cand: Candidate, confidence: float, sent: Span, number: int, state: _DocState) -> Event:
        article, holder = state.article, cand.holder
        modality, hedges = modality_of(sent, holder, self.modality_cues, published_year=state.year)
        if cand.negation_in_type and modality == "negated":
            modality = "asserted"  # "will not accept X" asserts a rejection
        date = self.enricher.date(sent, holder, article)
        if date is not None and modality in ("asserted", "hedged", "reported") and _before(date.end, state.year):
            modality = "historical"
        start, end = _text_window(sent, cand.trigger)
        lowered = sent.text.lower()
        trigger = TextSpan(start=cand.trigger.start_char, end=cand.trigger.end_char, text=cand.trigger.text)
        return Event(
            id=_event_id(article, start, end, trigger, cand.event_type, _key(cand.actor), _key(cand.recipient)),
            event_type=cand.event_type,
            mode=cand.entry.mode,
            context=[name for name, rx in self.contexts.items() if rx.search(lowered)],
            actor=[p.entity for p in cand.actor],
            recipient=[p.entity for p in _counterparts(cand.recipient, cand.actor)],
            modality=modality,
            hedge_cues=hedges,
            attribution=attribution_of(sent, holder, state.quotes, state.finder, self.attribution_cues),
            date=date,
            location=self.enricher.location(sent, holder, state.countries),
            quantities=self.enricher.quantities(sent, holder),
            text_info=TextInfo(sentence=number, start=start, end=end, text=article.text[start:end], trigger=trigger),
            confidence=confidence,
            rule=f"{cand.entry.id}/{cand.pattern}" + (f"+classifier:{cand.retyped}" if cand.retyped else ""),
        )


def _has_party(parties: list[Party]) -> bool:
    return any(p.likeness >= PARTY_THRESHOLD for p in parties)


def _party_key(party: Party) -> str:
    return party.entity.actor_id or party.entity.text.lower()


def _key(entities: list[Party]) -> tuple:
    return tuple(sorted(_party_key(p) for p in entities))


def _counterparts(recipients: list[Party], actors: list[Party]) -> list[Party]:
    """Recipients once each and never the actor itself ("X and his counterpart Y agreed": X acts, Y receives)."""
    seen = {_party_key(p) for p in actors}
    kept = []
    for party in recipients:
        if _party_key(party) not in seen:
            seen.add(_party_key(party))
            kept.append(party)
    return kept


def _fold(candidates: list[Candidate]) -> list[Candidate]:
    """One event per trigger; an event without a recipient yields to one of the same type and actor with one
    ("struck back by launching attacks on X")."""
    by_trigger: dict[tuple, Candidate] = {}
    for cand in candidates:
        by_trigger.setdefault((cand.trigger.start, cand.trigger.end, cand.entry.type), cand)
    kept = list(by_trigger.values())
    full = {(c.entry.type, _key(c.actor)) for c in kept if c.recipient}
    return [c for c in kept if c.recipient or (c.entry.type, _key(c.actor)) not in full]


def _on_a_heading_line(text: str, sent: Span) -> bool:
    """Whether the sentence sits on a short line that does not end like a sentence (see HEADING_MAX_WORDS), in a
    text of several lines (a one-line document is all the text there is)."""
    if "\n" not in text.strip():
        return False
    start = text.rfind("\n", 0, sent.start_char) + 1
    end = text.find("\n", sent.start_char)
    line = text[start:end if end >= 0 else len(text)].strip()
    return len(line.split()) <= HEADING_MAX_WORDS and not _SENTENCE_END.search(line)


def _parties_only(cand: Candidate, datelines: list[tuple[int, int]]) -> bool:
    """Keep only the sides that are parties (a state, a group, a person, protesters), never a thing, an
    abstraction or a dateline ("denied these accusations", "will offer the car", "HANOI, Vietnam (AP) — ...");
    False when no party is left at all."""
    def party(p: Party) -> bool:
        return p.likeness >= PARTY_THRESHOLD and not in_any(p.entity.start, p.entity.end, datelines)

    cand.actor = [p for p in cand.actor if party(p)]
    cand.recipient = [p for p in cand.recipient if party(p)]
    return bool(cand.actor or cand.recipient)


def _one_per_happening(ranked: list[tuple[Candidate, float]]) -> list[tuple[Candidate, float]]:
    """Within one sentence, one event per type and pair of parties: the best-scored reading of it (the lexicon
    and the pair ranker often find the same happening through two triggers). A learned pair that turns round
    the lexicon's reading of a receiving construction ("the US faced criticism": the US is criticised, not the
    critic) contradicts the rule that knows the construction, and goes."""
    receivers = {(c.event_type, _party_key(p)) for c, _ in ranked if c.pattern == "received" for p in c.recipient}
    seen: set[tuple] = set()
    kept = []
    for cand, confidence in ranked:
        if cand.pattern == "pair" and any((cand.event_type, _party_key(p)) in receivers for p in cand.actor):
            continue
        key = (cand.event_type, _key(cand.actor), _key(cand.recipient))
        if key not in seen:
            seen.add(key)
            kept.append((cand, confidence))
    return kept


def _before(iso_end: str | None, year: int | None) -> bool:
    """True when a date ends in a year before the publication year ("in 1979")."""
    return bool(iso_end and year and iso_end[:4].isdigit() and int(iso_end[:4]) < year)


def _text_window(sent: Span, trigger: Span) -> tuple[int, int]:
    """The sentence's character range, clipped to MAX_TEXT_CHARS around the trigger for very long sentences."""
    start, end = sent.start_char, sent.end_char
    # spaCy keeps a paragraph's trailing blank line inside its last sentence: the evidence is the sentence only.
    end = start + len(sent.text.rstrip())
    if end - start <= MAX_TEXT_CHARS:
        return start, end
    half = (MAX_TEXT_CHARS - (trigger.end_char - trigger.start_char)) // 2
    lo = max(start, trigger.start_char - half)
    hi = min(end, lo + MAX_TEXT_CHARS)
    lo = max(start, hi - MAX_TEXT_CHARS)
    doc = sent.doc
    # Snap inwards to token boundaries so the window never cuts a word.
    span = doc.char_span(lo, hi, alignment_mode="contract")
    return (span.start_char, span.end_char) if span is not None else (lo, hi)


def _event_id(article: Article, start: int, end: int, trigger: TextSpan, event_type: str,
              actors: tuple, recipients: tuple) -> str:
    """Stable across runs: the same text, sentence, trigger, type and parties give the same id (one trigger with
    two recipients is two events, with two ids)."""
    basis = f"{article.content_hash}|{start}|{end}|{trigger.start}|{trigger.end}|{event_type}|{actors}|{recipients}"
    return "ev-" + hashlib.sha1(basis.encode("utf-8")).hexdigest()[:16]
