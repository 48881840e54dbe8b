"""Find trigger words in a parsed sentence and the phrases that fill their actor and recipient roles."""

from __future__ import annotations

from dataclasses import dataclass, field

from spacy.tokens import Span, Token

from .entities import Party, PartyFinder
from .lexicon import Entry, Lexicon
from .roles import Grammar, is_verbal, pronoun_agrees, role_heads, speaker_for_pronoun, subject_of

__all__ = ["Candidate", "Matcher"]

PARTICLE_DEPS = frozenset({"prt", "advmod", "prep", "dobj", "compound"})
NOUN_MODIFIER_DEPS = frozenset({"compound", "amod", "nmod"})
ACTOR_MODIFIER_LABELS = frozenset({"NORP", "GPE", "ORG", "PERSON"})
PARTY_THRESHOLD = 0.5
DEEP_ROLES = ["prep:of", "prep:from", "prep:by", "prep:to", "prep:with", "prep:for", "prep:against", "prep:on"]
NAMED_LABELS = frozenset({"GPE", "ORG", "PERSON", "NORP"})
MAX_NAMED_DEPTH = 4
NESTED_ROLES = ["prep:to", "prep:for", "prep:against", "prep:on"]
LIGHT_EXTRA_ROLES = ["prep:to", "prep:into", "prep:with", "prep:against", "dative"]
COMPLEMENT_ROLES = ["dobj", "dative", "prep:to", "prep:with", "prep:against", "prep:on", "prep:for", "prep:from",
                    "prep:in"]


def _depth(tok: Token, top: Token) -> int:
    """How many steps from ``tok`` up to ``top`` (a large number when ``top`` is not above it)."""
    steps = 0
    while tok.i != top.i and steps < 50:
        if tok.head.i == tok.i:
            return 99
        tok, steps = tok.head, steps + 1
    return steps


@dataclass
class Candidate:
    """A trigger found in a sentence, with its parties, before modality and confidence are added."""

    entry: Entry
    trigger: Span
    holder: Token  # the token whose dependents hold the arguments (the verb, or the noun head)
    pattern: str
    actor: list[Party] = field(default_factory=list)
    recipient: list[Party] = field(default_factory=list)
    retyped: str | None = None  # the type the classifier chose over the lexicon's, when it did
    typed_by_context: bool = False  # a lexicon context rule (object, preposition, negation) chose the type: the
    # classifier may not change it
    negation_in_type: bool = False  # "will not accept": the negation is the rejection, not a negated event

    @property
    def event_type(self) -> str:
        return self.retyped or self.entry.type


def _retyped(entry: Entry, category: str, **spent) -> Entry:
    """A copy of the entry coding ``category``, its rule named for it ("attack-accuse"); ``spent`` clears the
    context rule that chose it."""
    return entry.model_copy(update={"id": f"{entry.id}-{category.lower()}", "type": category, **spent})


def _typed_by_object(entry: Entry, obj: Token | None) -> Entry:
    """The entry as its object types it: "attacked the government's policies" is a verbal attack (ACCUSE), not
    an assault; the rule's name says so ("attack-accuse/verb")."""
    if obj is None:
        return entry
    lemma = obj.lemma_.lower()
    for category, nouns in entry.object_types.items():
        if lemma in nouns or obj.lower_ in nouns:
            return _retyped(entry, category, object_types={})
    return entry


def _typed_when_negated(entry: Entry, verb: Token) -> Entry:
    """"We will not accept attempts to ...": refusing to accept is a rejection ("accept-reject/verb")."""
    if entry.when_negated is None or not any(c.dep_ == "neg" for c in verb.children):
        return entry
    return _retyped(entry, entry.when_negated, when_negated=None)


def _typed_by_preposition(entry: Entry, noun: Token) -> Entry:
    """The entry as the noun's preposition types it: a "call with" someone is a conversation (CONSULT), a
    "call for" something a request. The new category's own roles apply."""
    for child in noun.children:
        category = entry.prep_types.get(child.lower_) if child.dep_ == "prep" else None
        if category is not None:
            return _retyped(entry, category, prep_types={}, recipient=None, needs_party=None)
    return entry


def _predicate_among(verb: Token, obj: Token | None, words: list[str]) -> bool:
    """Whether the verb pins one of ``words`` on its object: "called the process a sham", "considers the
    settlements illegal", "viewed the move as a provocation", "dubbed his role a disaster"."""
    said = [c for c in verb.children if c.dep_ in ("oprd", "ccomp", "xcomp", "acomp")]
    said += [g for c in verb.children if c.dep_ == "prep" and c.lower_ == "as" for g in c.children]
    if obj is not None:
        said += [c for c in obj.children if c.dep_ == "appos"]
    said += [c for s in said for c in s.conjuncts]
    wanted = set(words)
    return any(t.lemma_.lower() in wanted or t.lower_ in wanted for t in said)


def _object_among(verb: Token, obj: Token | None, lemmas: list[str]) -> bool:
    """Whether what the verb hands over is one of ``lemmas``: its direct object, the passive subject ("weapons
    were provided"), or what "with" introduces ("provided the coast guard with a ship")."""
    things = [obj] if obj is not None else []
    things += [c for c in verb.children if c.dep_ in ("nsubjpass", "attr")]
    holders = [verb] + ([obj] if obj is not None else [])
    things += [g for h in holders for c in h.children if c.dep_ == "prep" and c.lower_ == "with"
               for g in c.children if g.dep_ == "pobj"]
    wanted = set(lemmas)
    return any(t.lemma_.lower() in wanted or t.lower_ in wanted for t in things)


# The dependents that open a question clause: "how", "whether", "if", "what" ...
QUESTION_DEPS = frozenset({"advmod", "mark", "nsubj", "dobj", "attr", "det"})


@dataclass(frozen=True)
class Matcher:
    """Matches the lexicon against one sentence's parse."""

    lexicon: Lexicon
    grammar: Grammar

    # ------------------------------------------------------------------ trigger lookup
    def verb_entry(self, verb: Token) -> tuple[Entry, Token | None] | None:
        """The entry for a verb, trying verb + particle first ("crack down", "pull out")."""
        lemma = verb.lemma_.lower()
        for child in verb.children:
            if child.dep_ in PARTICLE_DEPS and child.i > verb.i and child.i - verb.i <= 3:
                if child.dep_ == "prep" and any(verb.i < c.i < child.i for c in verb.children if c.dep_ == "dobj"):
                    continue  # "called the meeting for Tuesday" is not "called for"; "crack down on" stays
                entry = self.lexicon.phrasal_verbs.get((lemma, child.lower_))
                if entry is not None:
                    return entry, child
        entry = self.lexicon.verbs.get(lemma)
        return (entry, None) if entry is not None else None

    def noun_entry(self, noun: Token) -> Entry | None:
        """The entry for a noun, trying modifier + noun first ("hunger strike", "military campaign")."""
        lemma, lower = noun.lemma_.lower(), noun.lower_
        for child in noun.lefts:
            if child.dep_ in NOUN_MODIFIER_DEPS:
                entry = self.lexicon.noun_phrases.get((child.lower_, lemma)) or self.lexicon.noun_phrases.get(
                    (child.lower_, lower)
                )
                if entry is not None:
                    return entry
        return self.lexicon.nouns.get(lemma) or self.lexicon.nouns.get(lower)

    def noun_trigger(self, token: Token) -> tuple[Entry, Token] | None:
        """A noun trigger at ``token`` or among its modifiers ("bombing missions"): (entry, trigger token)."""
        if token.pos_ in ("NOUN", "PROPN"):
            entry = self.noun_entry(token)
            if entry is not None:
                return entry, token
        for child in token.lefts:
            if child.dep_ in NOUN_MODIFIER_DEPS and child.pos_ in ("NOUN", "VERB"):
                entry = self.lexicon.nouns.get(child.lemma_.lower()) or self.lexicon.nouns.get(child.lower_)
                if entry is not None:
                    return entry, child
        return None

    # ------------------------------------------------------------------ sentence scan
    def candidates(self, sent: Span, finder: PartyFinder) -> list[Candidate]:
        """Every trigger of the sentence with its parties; nouns governed by a trigger verb are folded in."""
        found: list[Candidate] = []
        absorbed: set[int] = set()
        for tok in sent:
            if tok.pos_ == "VERB" or (tok.pos_ == "ADJ" and any(c.dep_ == "xcomp" for c in tok.children)):
                cand = self._verb_candidate(tok, finder, absorbed)
                if cand is not None:
                    found.append(cand)
        for tok in sent:
            if tok.pos_ in ("NOUN", "PROPN") and tok.i not in absorbed and tok.dep_ not in NOUN_MODIFIER_DEPS:
                cand = self._noun_candidate(tok, finder)
                if cand is not None:
                    found.append(cand)
        return found

    def root_candidate(self, sent: Span, finder: PartyFinder, entry: Entry) -> Candidate | None:
        """The sentence's main verb with its subject and object, for a model to type when no trigger word matched."""
        root = sent.root
        if not is_verbal(root):
            return None
        subject = self._doer(root, finder)
        if subject is None:
            return None
        cand = Candidate(entry, root.doc[root.i:root.i + 1], root, "root")
        cand.actor = finder.parties(subject)
        cand.recipient = self._best(role_heads(root, COMPLEMENT_ROLES, self.grammar), finder)
        if not cand.recipient:
            comp = next((c for c in root.children if c.dep_ in ("xcomp", "ccomp") and is_verbal(c)), None)
            if comp is not None:
                cand.recipient = self._best(role_heads(comp, COMPLEMENT_ROLES, self.grammar), finder)
        # The doer must look like a party; the other side may be any phrase (what the model then types).
        full = max((p.likeness for p in cand.actor), default=0.0) >= PARTY_THRESHOLD and bool(cand.recipient)
        return cand if full else None

    def _verb_candidate(self, verb: Token, finder: PartyFinder, absorbed: set[int]) -> Candidate | None:
        obj = next((c for c in verb.children if c.dep_ == "dobj"), None)
        noun = self.noun_trigger(obj) if obj is not None else None
        lemma = verb.lemma_.lower()
        match = self.verb_entry(verb)
        if noun is not None and lemma in self.grammar.light_verbs:
            absorbed.add(obj.i)
            return self._light_candidate(verb, obj, noun, finder)
        if noun is not None and lemma in self.grammar.receiving_verbs:
            absorbed.add(obj.i)
            return self._received_candidate(verb, obj, noun, finder)
        if match is None:
            return None
        if lemma in self.grammar.control_verbs and any(c.dep_ == "xcomp" and is_verbal(c) for c in verb.children):
            return None
        entry, particle = match
        if any(not role_heads(verb, [role], self.grammar) for role in entry.requires):
            return None
        if self._not_this_sense(entry, verb):
            return None
        if entry.objects and not _object_among(verb, obj, entry.objects):
            return None  # "get a suspension", "provide clinicians with information": no aid changes hands
        if entry.predicates and not _predicate_among(verb, obj, entry.predicates):
            return None  # "called the meeting", "considers the offer": no label is pinned on anyone
        if noun is not None and not role_heads(obj, ["prep:between"], self.grammar):
            # "discussing the supply of weapons": the noun is what the verb is about, not an event of its own;
            # "praised the cooperation between X and Y" names its own parties, so it stays an event.
            absorbed.add(obj.i)
        end = max(verb.i, particle.i if particle is not None else verb.i) + 1
        by_object = _typed_by_object(entry, obj)
        typed = _typed_when_negated(by_object, verb)
        cand = Candidate(typed, verb.doc[verb.i:end], verb, "verb" if particle is None else "phrasal-verb",
                         typed_by_context=typed is not entry, negation_in_type=typed is not by_object)
        self._verb_parties(cand, finder, noun_obj=obj if noun is not None else None)
        return cand

    def _light_candidate(self, verb: Token, obj: Token, noun: tuple[Entry, Token], finder: PartyFinder) -> Candidate:
        entry, trigger_tok = noun
        typed = _typed_by_preposition(entry, obj)
        start, end = min(verb.i, trigger_tok.i), max(obj.i, trigger_tok.i) + 1
        cand = Candidate(typed, verb.doc[start:end], obj, "light-verb", typed_by_context=typed is not entry)
        subject = self._doer(verb, finder)
        cand.actor = finder.parties(subject) if subject is not None else []
        roles = [r for r in self.lexicon.category(typed).noun_recipient]
        cand.recipient = self._best(role_heads(obj, roles, self.grammar), finder)
        if not cand.recipient:
            verb_roles = [r for r in self.lexicon.category(typed).recipient if r != "dobj"] + LIGHT_EXTRA_ROLES
            cand.recipient = self._best(role_heads(verb, verb_roles, self.grammar), finder)
        return cand

    def _received_candidate(self, verb: Token, obj: Token, noun: tuple[Entry, Token],
                            finder: PartyFinder) -> Candidate:
        """"The United States faced criticism from its allies", "X faces charges in the US": the subject is on
        the receiving end of the noun's event; whoever does it comes with "from" or "by" (else stays unknown)."""
        entry, trigger_tok = noun
        start, end = min(verb.i, trigger_tok.i), max(obj.i, trigger_tok.i) + 1
        cand = Candidate(entry, verb.doc[start:end], obj, "received")
        subject = self._doer(verb, finder)
        cand.recipient = finder.parties(subject) if subject is not None else []
        cand.actor = self._best(role_heads(obj, ["prep:from", "prep:by"], self.grammar)
                                or role_heads(verb, ["prep:from", "prep:by"], self.grammar), finder)
        if not cand.actor:
            # "faces charges in the US": a state named as where the case is stands for its courts.
            cand.actor = [p for _, head in role_heads(verb, ["prep:in"], self.grammar) + role_heads(
                obj, ["prep:in"], self.grammar) for p in finder.parties(head) if p.entity.kind == "state"]
        return cand

    def sense_refused(self, verb: Token) -> bool:
        """Whether the lexicon knows the verb but says this use of it is no event at all (see
        :meth:`_not_this_sense`). Where a rule only lacks the parties or the object it needs, the learned models
        may still find an event, so that does not count."""
        match = self.verb_entry(verb)
        return match is not None and self._not_this_sense(match[0], verb)

    def _not_this_sense(self, entry: Entry, verb: Token) -> bool:
        """A verb of asking used for a question ("asked Morrison about concerns", "demanded how he could be
        sure"), a verb of refusing that rejects no one ("declined to comment", "shares declined 0.3%")."""
        return (entry.type == "REQUEST" and self.a_question(verb)
                or entry.type == "REJECT" and self.no_rejection(verb))

    def no_rejection(self, verb: Token) -> bool:
        """A verb of refusing that rejects no one: refusing to comment, or a price or index that declined."""
        return any((c.dep_ == "xcomp" and c.lemma_.lower() in self.grammar.no_comment_verbs)
                   or (c.dep_ in ("dobj", "npadvmod") and c.ent_type_ in ("PERCENT", "MONEY"))
                   for c in verb.children)

    def a_question(self, verb: Token) -> bool:
        """A verb of asking used for a question: "about" what, or a clause opened by a question word."""
        for child in verb.children:
            if child.dep_ == "prep" and child.lower_ in self.grammar.question_words:
                return True
            if child.dep_ in ("ccomp", "advcl") and any(
                    t.lower_ in self.grammar.question_words for t in child.lefts if t.dep_ in QUESTION_DEPS):
                return True
        return False

    def _verb_parties(self, cand: Candidate, finder: PartyFinder, *, noun_obj: Token | None) -> None:
        verb, entry = cand.holder, cand.entry
        subject = self._doer(verb, finder)
        subject_parties = finder.parties(subject) if subject is not None else []
        roles = entry.recipient or self.lexicon.category(entry).recipient
        if entry.subject_is == "recipient":
            cand.recipient = subject_parties
            cand.actor = self._best(role_heads(verb, [entry.actor_from or "prep:from"], self.grammar), finder)
            return
        cand.actor = subject_parties
        if noun_obj is not None:
            # "lifted its sanctions on Iran": the party sits under the noun the verb governs.
            noun_entry = self.noun_entry(noun_obj) or entry
            noun_roles = self.lexicon.category(noun_entry).noun_recipient
            cand.recipient = self._best(role_heads(noun_obj, noun_roles, self.grammar), finder)
            if cand.recipient:
                return
        cand.recipient = self._best(role_heads(verb, roles, self.grammar), finder)
        if not cand.recipient and verb.lemma_.lower() in self.grammar.object_control_verbs:
            cand.recipient = self._complement_subject(verb, finder)
        if not cand.recipient:
            # "providing $5 billion in assistance to Sudan": the party hangs one phrase deeper.
            inner = [g for c in verb.children if c.dep_ in ("dobj", "prep")
                     for g in ([c] if c.dep_ == "dobj" else [x for x in c.children if x.dep_ == "pobj"])]
            for head in inner:
                cand.recipient = self._best(role_heads(head, NESTED_ROLES, self.grammar), finder)
                if cand.recipient:
                    break
        if not cand.recipient:
            cand.recipient = self._named_in_clause(verb, subject, finder)
        if not cand.recipient:
            # "refused to accept a request from Russia", "agreed to send troops to Mali": the other party
            # sits in the complement clause.
            comp = next((c for c in verb.children if c.dep_ in ("xcomp", "ccomp") and is_verbal(c)), None)
            if comp is not None:
                cand.recipient = self._best(role_heads(comp, COMPLEMENT_ROLES, self.grammar), finder)
        if not cand.recipient and entry.type == "ACCUSE":
            cand.recipient = self._accused_in_claim(verb, finder)

    def _accused_in_claim(self, verb: Token, finder: PartyFinder) -> list[Party]:
        """"The Democrats are alleging that Trump's call was irregular": the party the claim is about is the
        subject of the claimed clause (or, for a thing, whoever it belongs to)."""
        for clause in (c for c in verb.children if c.dep_ == "ccomp"):
            subject = next((c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass")), None)
            if subject is not None and subject.lower_ not in finder.pronouns:
                parties = [p for p in finder.parties(subject) if p.likeness >= PARTY_THRESHOLD]
                if parties:
                    return parties
        return []

    def _place_of_verb(self, tok: Token) -> bool:
        """'agreed in Cairo': a name after a locative preposition of a verb is where it happened, not a party
        ('investment in Ethiopia' names the noun's beneficiary and stays)."""
        prep = tok.head
        return tok.dep_ == "pobj" and prep.lower_ in self.grammar.locative_preps and is_verbal(prep.head)

    def _named_in_clause(self, verb: Token, subject: Token | None, finder: PartyFinder) -> list[Party]:
        """A named party inside the verb's own object or prepositional phrases, a few steps down
        ("gave 352 million euros to promote investment in Ethiopia"); never the subject's phrase."""
        skip = set(t.i for t in subject.subtree) if subject is not None and subject.i in {
            t.i for t in verb.subtree} else set()
        for tok in verb.subtree:
            if tok.i in skip or tok.i == verb.i or tok.i < verb.i or _depth(tok, verb) > MAX_NAMED_DEPTH:
                continue
            if tok.dep_ in ("pobj", "dobj") and tok.ent_type_ in NAMED_LABELS and not self._place_of_verb(tok):
                parties = [p for p in finder.parties(tok) if p.likeness >= PARTY_THRESHOLD]
                if parties:
                    return parties
        return []

    def _doer(self, verb: Token, finder: PartyFinder) -> Token | None:
        """The verb's subject; a pronoun under a speech verb becomes the speaker ("Bangladesh says it will ...")
        when the two agree ('"... it receives training," said Zilber': "it" is not Zilber)."""
        subject = self._charged(verb) or subject_of(verb, self.grammar)
        if subject is None:
            subject = self._claimant(verb)
        # Only a pronoun that is the verb's own subject: an inherited "It's a balancing act ..." is not a party.
        if subject is not None and subject.tag_ == "PRP" and subject.head.i == verb.i:
            speaker = speaker_for_pronoun(verb, self.grammar)
            if speaker is not None:
                kinds = frozenset(p.entity.kind for p in finder.parties(speaker))
                if pronoun_agrees(subject, speaker, self.grammar, kinds):
                    subject = speaker
        return subject

    @staticmethod
    def _charged(verb: Token) -> Token | None:
        """"Egypt accused Hamas of supplying weapons", "thanked Qatar for hosting the talks": the object of the
        governing verb does the act its "of"/"for" clause names (the governing verb's subject does not)."""
        prep = verb.head
        if verb.dep_ != "pcomp" or prep.dep_ != "prep" or prep.lower_ not in ("of", "for") or not is_verbal(prep.head):
            return None
        governor = prep.head
        return next((c for c in governor.children if c.dep_ in ("dobj", "nsubjpass")), None)

    def _claimant(self, token: Token) -> Token | None:
        """Who claimed responsibility for the act ("the Taliban claimed responsibility for shooting down the
        helicopter", "... for the attack"), or who did it "with" it ("protesters responded with violence")."""
        prep = token.head
        if token.dep_ not in ("pcomp", "pobj") or prep.dep_ != "prep":
            return None
        holder = prep.head
        if prep.lower_ == "for" and holder.lemma_.lower() in self.grammar.responsibility_nouns and \
                holder.dep_ == "dobj":
            return subject_of(holder.head, self.grammar)
        if prep.lower_ == "with" and token.dep_ == "pobj" and is_verbal(holder) and \
                holder.lemma_.lower() in self.grammar.response_verbs:
            return subject_of(holder, self.grammar)
        return None

    def _complement_subject(self, verb: Token, finder: PartyFinder) -> list[Party]:
        """"permitted Egypt to ramp up" parsed with Egypt as the complement's subject."""
        for child in verb.children:
            if child.dep_ in ("ccomp", "xcomp"):
                subj = next((c for c in child.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                if subj is not None:
                    return finder.parties(subj)
        return []

    def _noun_candidate(self, noun: Token, finder: PartyFinder) -> Candidate | None:
        entry = self.noun_entry(noun)
        if entry is None:
            return None
        typed = _typed_by_preposition(entry, noun)
        cand = Candidate(typed, noun.doc[noun.i:noun.i + 1], noun, "noun", typed_by_context=typed is not entry)
        category = self.lexicon.category(typed)
        between = role_heads(noun, ["prep:between"], self.grammar)
        if between:
            parties = self._pair(between[0][1], finder)
            cand.actor, cand.recipient = parties[:1], parties[1:]
            return cand
        cand.actor = self._noun_actor(noun, finder)
        roles = [r for r in category.noun_recipient if r != "prep:between"]
        cand.recipient = self._best(role_heads(noun, roles, self.grammar), finder)
        if not cand.recipient:
            cand.recipient = self._under(noun, finder)
            if cand.recipient:
                cand.pattern = "received"
                cand.actor = cand.actor or self._best(role_heads(noun, ["prep:from"], self.grammar), finder)
        return cand

    def _under(self, noun: Token, finder: PartyFinder) -> list[Party]:
        """"The minister is under investigation", "the town came under attack (from X)": the clause's subject is
        on the receiving end of the noun's event."""
        prep = noun.head
        if noun.dep_ != "pobj" or prep.lower_ != "under" or not is_verbal(prep.head):
            return []
        subject = self._doer(prep.head, finder)
        return finder.parties(subject) if subject is not None else []

    def _pair(self, head: Token, finder: PartyFinder) -> list[Party]:
        parties = finder.parties(head)
        if len(parties) == 1 and finder.is_pair_description(head):
            sent = head.sent
            doc = head.doc
            since = doc[sent.start - 1].sent.start_char if sent.start > 0 else sent.start_char
            return finder.recent_pair(head.idx, since) or parties
        return parties

    def _noun_actor(self, noun: Token, finder: PartyFinder) -> list[Party]:
        """The doer of a nominal event: "Hamas's crackdown", "Israeli strikes", "attacks by X", "led X to it",
        "claimed responsibility for the attack", "responded with violence"."""
        claimant = self._claimant(noun)
        if claimant is not None:
            return finder.parties(claimant)
        for child in noun.lefts:
            if child.dep_ == "poss":
                return finder.parties(child)
        by = role_heads(noun, ["prep:by"], self.grammar)
        if by:
            return finder.parties(by[0][1])
        for child in noun.lefts:
            if child.dep_ in NOUN_MODIFIER_DEPS and child.ent_type_ in ACTOR_MODIFIER_LABELS:
                return finder.parties(child)
        prep = noun.head
        if noun.dep_ == "pobj" and prep.lower_ in ("to", "into") and is_verbal(prep.head):
            obj = next((c for c in prep.head.children if c.dep_ == "dobj"), None)
            if obj is not None:
                return finder.parties(obj)
        return []

    def _best(self, found: list[tuple[str, Token]], finder: PartyFinder) -> list[Party]:
        """The first role whose phrase names a real party, else the first role found at all.

        A thing stands for the party it names: "lifted its boycott of Israeli ranchers" -> the ranchers."""
        options = []
        for _, head in found:
            parties = finder.parties(head)
            if parties and max(p.likeness for p in parties) < PARTY_THRESHOLD:
                # An event noun stands for its doer only ("condemned a protest by farmers").
                deep = DEEP_ROLES if self.noun_entry(head) is None else ["prep:by"]
                inner = self._best(role_heads(head, deep, self.grammar), finder)
                if inner and max(p.likeness for p in inner) >= PARTY_THRESHOLD:
                    parties = inner
            options.append(parties)
        options = [o for o in options if o]
        for parties in options:
            if max(p.likeness for p in parties) >= PARTY_THRESHOLD:
                return parties
        return options[0] if options else []
