"""Turn the phrase filling an event role into entities: a resolved actor where the actor stage knows one,
else the noun phrase itself as an honest unresolved entity."""

from __future__ import annotations

from dataclasses import dataclass

from spacy.tokens import Doc, Span, Token

from ..records import Actor, ActorIndex, Entity, Mention
from .roles import Grammar, noun_phrase, with_conjuncts

__all__ = ["Party", "PartyFinder", "describes"]

NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC", "LOC"})
MAX_APPOSITION_GAP = 4  # characters between a description and the name after it: a comma and spaces
# Times and amounts are never parties ("attacked the post on Tuesday").
NOT_PARTY_LABELS = frozenset({"DATE", "TIME", "PERCENT", "MONEY", "QUANTITY", "ORDINAL", "CARDINAL"})


@dataclass(frozen=True)
class Party:
    """One entity of an event plus how sure we are that it is a real party (0..1)."""

    entity: Entity
    likeness: float


@dataclass(frozen=True)
class PartyFinder:
    """Resolves role heads to parties through the document's :class:`ActorIndex`."""

    actors: ActorIndex
    grammar: Grammar
    party_nouns: frozenset[str]
    pronouns: frozenset[str]
    pair_words: frozenset[str]

    def parties(self, head: Token) -> list[Party]:
        """Parties for a role head and the heads coordinated with it (with appositions and owners)."""
        found: list[Party] = []
        for conj in with_conjuncts(head):
            found.extend(self._one(conj))
        seen, unique = set(), []
        for party in found:
            key = (party.entity.start, party.entity.end)
            if key not in seen:
                seen.add(key)
                unique.append(party)
        return [p for p in unique if not _described_by_name(p, unique, head.doc)]

    def _one(self, head: Token) -> list[Party]:
        phrase = noun_phrase(head)
        main = self._resolved(head, phrase)
        if main is None:
            if head.ent_type_ in NOT_PARTY_LABELS and not any(c.lower_ == "of" for c in head.rights):
                return []
            main = self._unresolved(head, phrase)
        extra = []
        for child in head.rights:
            if child.dep_ == "appos" and child.pos_ in ("PROPN", "NOUN"):
                extra.append(self._resolved(child, noun_phrase(child)) or self._unresolved(child, noun_phrase(child)))
            elif child.dep_ == "acl" and child.lemma_.lower() in self.grammar.owner_verbs:
                owner = self._owner(child)
                if owner is not None:
                    extra.append(owner)
        parties = [p for p in [main, *extra] if p is not None]
        # A thing owned by a party ("a mosque belonging to the Salafis") stands for that party.
        if extra and main is not None and main.likeness < 0.5:
            parties = [*extra, main]
        return parties

    def _owner(self, verb: Token) -> Party | None:
        for prep in verb.children:
            if prep.dep_ in ("prep", "agent") and prep.lower_ in ("to", "by"):
                pobj = next((c for c in prep.children if c.dep_ == "pobj"), None)
                if pobj is not None:
                    return self._resolved(pobj, noun_phrase(pobj)) or self._unresolved(pobj, noun_phrase(pobj))
        return None

    def _resolved(self, head: Token, phrase: Span) -> Party | None:
        """The actor mention covering the head, else the one nearest to the head inside the phrase."""
        covering = self.actors.mention_covering(head.idx, head.idx + len(head.text))
        if covering is not None:
            mention, actor = covering
            if mention.via == "pronoun":
                mention = self._named_before(head, actor) or mention
            return Party(self.actors.entity(mention, actor), 1.0)
        # A possessive pronoun inside the phrase ("its boycott") names the owner, not the party.
        owners = {c.idx for c in head.children if c.dep_ == "poss" and c.lower_ in self.pronouns}
        inside = [(m, a) for m, a in self.actors.mentions_in(phrase.start_char, phrase.end_char)
                  if m.start not in owners]
        if not inside:
            return None
        # Modifiers before the head ("a Hamas base") win over an "of" phrase after it.
        left = [pair for pair in inside if pair[0].end <= head.idx]
        mention, actor = left[-1] if left else inside[0]
        return Party(self.actors.entity(mention, actor), 0.9)

    def _named_before(self, pronoun: Token, actor: Actor) -> Mention | None:
        """'President Biden has said he will not ...': the name earlier in the same sentence stands for the
        pronoun's actor (an exact slice of the sentence, and one a reader recognises)."""
        start = pronoun.i
        while start > 0 and not pronoun.doc[start].is_sent_start:
            start -= 1
        named = [m for m, a in self.actors.mentions_in(pronoun.doc[start].idx, pronoun.idx)
                 if a.actor_id == actor.actor_id and m.via != "pronoun"]
        return named[-1] if named else None

    def _unresolved(self, head: Token, phrase: Span) -> Party | None:
        text = phrase.text
        if not text.strip():
            return None
        return Party(
            Entity(text=text, start=phrase.start_char, end=phrase.end_char, actor_id=None, name=text, kind="unknown"),
            max(self.likeness(head), 0.6 if any(t.ent_type_ in NAME_LABELS for t in phrase) else 0.0),
        )

    def likeness(self, head: Token) -> float:
        """How much an unresolved head looks like a party (a name, a group of people) rather than a thing."""
        if head.lower_ in self.pronouns:
            return 0.25
        if head.ent_type_ in NAME_LABELS:
            return 0.8
        if head.pos_ == "PROPN":
            return 0.7
        if head.lemma_.lower() in self.party_nouns or head.lower_ in self.party_nouns:
            return 0.6
        # "dozens of students", "several of their members": the "of" phrase says who.
        of = next((c for c in head.children if c.dep_ == "prep" and c.lower_ == "of"), None)
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None) if of is not None else None
        if pobj is not None and pobj.i != head.i:
            return max(0.2, min(0.6, self.likeness(pobj)))
        return 0.2

    def is_pair_description(self, head: Token) -> bool:
        """A plural description standing for two parties named before: "the two countries", "the groups"."""
        if head.tag_ not in ("NNS", "NNPS") or head.conjuncts:
            return False
        dets = {c.lower_ for c in head.lefts}
        return "the" in dets and (bool(dets & self.pair_words) or head.lemma_.lower() in self.party_nouns)

    def recent_pair(self, before: int, since: int) -> list[Party]:
        """The last two distinct actors mentioned in ``[since, before)``, in text order."""
        picked: list[Party] = []
        ids: set[str] = set()
        for mention, actor in reversed(self.actors.mentions_in(since, before)):
            if actor.actor_id in ids or mention.text.lower() in self.pronouns:
                continue
            ids.add(actor.actor_id)
            picked.insert(0, Party(self.actors.entity(mention, actor), 0.7))
            if len(picked) == 2:
                break
        return picked if len(picked) == 2 else []


def _described_by_name(party: Party, parties: list[Party], doc: Doc) -> bool:
    return any(describes(party.entity, other.entity, doc) for other in parties)


def describes(description: Entity, name: Entity, doc: Doc) -> bool:
    """An unresolved description right before a resolved name, only a comma between them ("his Egyptian
    counterpart, Hossam Abdel-Latif"): one person, whom the name identifies, whatever the parser attached the
    apposition to."""
    if description.actor_id is not None or name.actor_id is None:
        return False
    if not 0 < name.start - description.end <= MAX_APPOSITION_GAP:
        return False
    # Only now look at the characters between (``doc.text`` would rebuild the whole document's text).
    gap = doc.char_span(description.end, name.start, alignment_mode="expand")
    return gap is not None and gap.text.strip() == ","
