"""Finding actor mentions: KB aliases, demonyms and capitals, NER names, sector phrases, unnamed groups."""

from __future__ import annotations

import re
from dataclasses import dataclass

import spacy
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc, Span, Token
from spacy.util import filter_spans

from .kb import ActorEntry, KnowledgeBase, Term, is_acronym
from .names import name_kind, widen_given_name
from .places import is_known_place
from .state import DocActors, Draft, slug

__all__ = ["KbMatcher", "KbHit", "MentionFinder"]

_TERM_RANK = {"name": 0, "alias": 1, "capital": 2, "demonym": 3}
# Dependency labels by which a name modifies the noun that heads its phrase ("Egyptian warplanes").
_MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_PRONOUNS = frozenset({"he", "she", "it", "they", "him", "her", "his", "hers", "its", "them", "their", "we", "us"})
# Sectors of a state's own organs and forces: a demonym names the state only before one of these
# ("Syrian army", "Kenyan police"), never before civilians, companies, rebels or the opposition.
_STATE_SECTORS = frozenset({"GOV", "MIL", "COP", "SPY", "LEG", "JUD"})
_NOT_THE_STATE = frozenset({"REB", "PTY"})
# Lower-case particles allowed inside person names ("Shadi al-Menei", "Ursula von der Leyen").
_NAME_PARTICLES = frozenset({"al", "el", "bin", "ibn", "bint", "de", "del", "della", "di", "da", "van", "von",
                             "der", "den", "la", "le", "du", "dos", "das", "y", "abu", "ben", "ould", "ag"})
_MAX_NAME_WORDS = 8
# One word with a capital inside: a brand ("WeWork") unless it opens with a surname prefix ("McKinley", "DeSantis").
_BRAND = re.compile(r"^[A-Z][a-z]+[A-Z]")
_BRAND_OK = re.compile(r"^(?:Mc|Mac|Fitz|De|Di|Da|Du|La|Le|Van|Von|O)[A-Z]")
_WORD_PARTS = re.compile(r"(\s+|-)")
_NAME_LABELS = frozenset({"ORG", "PERSON", "FAC", "WORK_OF_ART", "PRODUCT", "EVENT", "LAW"})
# An acronym this short may be an English word ("WHO", "IS", "ICE", "US"): inside a shouted headline of at
# least _CAPS_RUN_WORDS upper-case words ("WHO IS THE FRONT-RUNNER?", "BREAK THE ICE") it names an actor
# only when NER tags it as a name ("NATO, EU, UN PLEDGE AID").
_SHORT_ACRONYM = 3
_CAPS_RUN_WORDS = 3
_ACRONYM_ENTS = frozenset({"ORG", "GPE", "NORP", "PERSON"})


@dataclass
class KbHit:
    """A KB term found in the text: the token span and the entry it names."""

    span: Span
    entry: ActorEntry
    what: str


class KbMatcher:
    """Phrase matchers over every KB surface form, built once per vocabulary."""

    def __init__(self, kb: KnowledgeBase, vocab) -> None:
        self.kb = kb
        self.vocab = vocab
        tokenizer = spacy.blank("en", vocab=vocab).tokenizer
        self.lower = PhraseMatcher(vocab, attr="LOWER")
        self.exact = PhraseMatcher(vocab, attr="ORTH")
        self.terms: dict[str, list[Term]] = {}
        self.capitals = {term.text: _capitals(term.text) for term in kb.terms()}
        for term in kb.terms():
            for text in {term.text, term.text.replace("'", "\u2019")}:
                key = text if is_acronym(text) else text.lower()
                self.terms.setdefault(key, []).append(term)
        for key, terms in self.terms.items():
            matcher = self.exact if is_acronym(terms[0].text) else self.lower
            matcher.add(key, [tokenizer(key if matcher is self.lower else terms[0].text)])

    def __call__(self, doc: Doc) -> list[KbHit]:
        candidates: dict[tuple[int, int], list[Term]] = {}
        for match_id, start, end in self.lower(doc):
            span = doc[start:end]
            # A capitalised alias needs its capitals in the text: "antara" is a Malay word, not the agency.
            terms = self.terms[self.vocab.strings[match_id]]
            fitting = [t for t in terms if _case_fits(span.text, self.capitals[t.text])]
            if fitting:
                candidates[(start, end)] = fitting
        for match_id, start, end in self.exact(doc):
            key = self.vocab.strings[match_id]
            if len(key) > _SHORT_ACRONYM or not _shouted_word(doc, start, end):
                candidates.setdefault((start, end), []).extend(self.terms[key])
        hits = []
        for span in filter_spans([doc[start:end] for start, end in candidates]):
            term = min(candidates[(span.start, span.end)], key=lambda t: _TERM_RANK[t.what])
            entry = self.kb.entries[term.entry_id]
            if term.what == "alias" and entry.kind == "person" and self._other_first_name(span):
                continue  # "Alfred Ruto" is not William Ruto, whose alias is "Ruto"
            hits.append(KbHit(span=span, entry=entry, what=term.what))
        return hits

    def _other_first_name(self, span: Span) -> bool:
        """A person's short alias right after another name word of the same person name (not a title)."""
        if span.start == 0:
            return False
        before = span.doc[span.start - 1]
        return (before.ent_type_ == "PERSON" and span[0].ent_iob_ == "I" and before.text[:1].isupper()
                and not self.kb.title_sector(before.text))


def _capitals(form: str) -> tuple[bool, ...]:
    """For each non-space character of a KB form: must the text have a capital there?

    Every capital of the form must, except in name particles, which news spells either way ("al-Qaeda").
    """
    need: list[bool] = []
    for word in _WORD_PARTS.split(form):
        if word and not word.isspace():
            free = word.lower() in _NAME_PARTICLES
            need.extend(c.isupper() and not free for c in word)
    return tuple(need)


def _case_fits(text: str, capitals: tuple[bool, ...]) -> bool:
    """The text has a capital wherever the KB form needs one: "Antara" fits "Antara" and "ANTARA", not "antara".

    Lower-case letters of the form match either case, so an all-caps headline still names "Hamas".
    """
    letters = "".join(text.split())
    if len(letters) != len(capitals):
        return True  # lower-casing changed the length (rare scripts): keep the case-blind match
    return all(c.isupper() or not need for c, need in zip(letters, capitals, strict=True))


def _shouted_word(doc: Doc, start: int, end: int) -> bool:
    """True when doc[start:end] is no NER name and sits in a run of _CAPS_RUN_WORDS or more upper-case words."""
    if all(t.ent_type_ in _ACRONYM_ENTS for t in doc[start:end]):
        return False
    return sum(1 for t in _caps_run(doc, start, end) if t.is_alpha) >= _CAPS_RUN_WORDS


def _caps_run(doc: Doc, start: int, end: int) -> list[Token]:
    """The tokens around start..end that carry no lower-case letter, up to a line break."""
    def breaks(token: Token) -> bool:
        return token.is_space or any(c.islower() for c in token.text)

    left, right = start, end
    while left > 0 and not breaks(doc[left - 1]):
        left -= 1
    while right < len(doc) and not breaks(doc[right]):
        right += 1
    return list(doc[left:right])


def phrase_head(token: Token, limit: int = 4) -> Token:
    """The noun a name modifies ("Egyptian" -> "warplanes"), else the token itself."""
    head = token
    for _ in range(3):
        nxt = head.head
        if head.dep_ not in _MODIFIER_DEPS or nxt.i <= head.i or nxt.i - token.i > limit:
            break
        if nxt.pos_ not in ("NOUN", "PROPN"):
            break
        head = nxt
    return head


class MentionFinder:
    """Mentions from KB hits, sector phrases, NER names and unnamed groups for one KB."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.children: dict[str, list[ActorEntry]] = {}
        for entry in kb.entries.values():
            if entry.parent:
                self.children.setdefault(entry.parent, []).append(entry)
        # Nouns for people acting together: one-word sector words ("jihadists", "tribes") and group nouns.
        self.group_words = frozenset(w for w in kb.sector_words if " " not in w) | {
            "group", "groups", "organizations", "movements", "factions", "sympathizers", "supporters"}

    # ------------------------------------------------------------ sectors and branches

    def sector_phrase(self, hit_span: Span, claimed: set[int]) -> tuple[Span, str] | None:
        """"Egypt's military" / "the Egyptian military" / "Gaza-based Hamas leaders": span and sector."""
        head = phrase_head(hit_span.root)
        if head.i < hit_span.end or head.i in claimed or head.ent_type_ == "PERSON":
            return None  # "American Kevin King": a person's name, not the king of a state
        before = _word_before(head)
        sector = self.kb.sector_of(f"{before.lower_} {head.lower_}") if before is not None else None
        sector = sector or self.kb.sector_of(head.lower_)
        if sector is None:
            return None
        start = min(head.left_edge.i, hit_span.start)
        if any(i in claimed for i in range(start, hit_span.start)):
            start = hit_span.start
        while start < hit_span.start and head.doc[start].is_punct:
            start += 1  # "(the Sinai's Islamic State branch": the bracket is no part of the name
        return head.doc[start: _close_quote(head.doc, start, head.i + 1)], sector

    def _not_the_state(self, phrase: Span, sector: str | None) -> bool:
        """A phrase about a country's people, firms, rebels or opposition rather than its state organs."""
        if sector not in _STATE_SECTORS:
            return True
        return any(self.kb.sector_of(t.lower_) in _NOT_THE_STATE for t in phrase if t.i < phrase.root.i)

    def part_named(self, phrase: Span, entry: ActorEntry) -> ActorEntry | None:
        """A part of the entry the phrase names once its quotes are gone ("Hamas's “military wing”")."""
        if not any(t.is_quote for t in phrase):
            return None
        text = "".join(t.text_with_ws for t in phrase if not t.is_quote)
        parts = [e for e in self.kb.lookup(text) if e.parent == entry.id]
        return parts[0] if len(parts) == 1 else None

    def branch_by_place(self, entry: ActorEntry, head: Token, state: DocActors) -> ActorEntry | None:
        """A branch named by place ("Islamic State ... in the Sinai Peninsula") or already named ("the branch")."""
        children = self.children.get(entry.id)
        if not children:
            return None
        if head.lower_ in ("branch", "affiliate", "province"):
            known = [c for c in children if c.id in state.drafts]
            if len(known) == 1:
                return known[0]
        words: set[str] = set()
        for child in head.children:
            if child.dep_ == "poss" or (child.dep_ == "prep" and child.lower_ in ("in", "inside")):
                words.update(t.text for t in child.subtree)
        if not words:
            return None
        # The parent's own names ("U.S." in "the U.S. Attorney's Office") name no branch.
        words = {w for w in words if entry not in self.kb.lookup(w)}
        for branch in children:
            own = set(entry.descriptors)
            places = {d for d in branch.descriptors if d[:1].isupper() and d not in own}
            if places & words:
                return branch
        return None

    # ------------------------------------------------------------ KB hits

    def add_kb_hits(self, doc: Doc, hits: list[KbHit], state: DocActors, *,
                    titled: frozenset[int] = frozenset()) -> None:
        """Mentions of KB entries; a demonym inside a person's title ("Kenyan Foreign Minister") is no actor."""
        claimed = {i for hit in hits for i in range(hit.span.start, hit.span.end)}
        for hit in hits:
            if hit.span.start not in titled:
                self._add_hit(doc, hit, state, claimed)
            elif hit.what != "demonym":
                # "Iran's Foreign Minister Abbas Araghchi": Iran is named, but the title is the person's.
                draft = state.for_entry(hit.entry)
                state.add(draft, hit.span.start_char, hit.span.end_char, "kb_alias", hit.entry.sector)
            # else: a demonym in a title ("Kenyan Foreign Minister") is the person's member_of, no actor

    def _add_hit(self, doc: Doc, hit: KbHit, state: DocActors, claimed: set[int]) -> None:
        entry, span = hit.entry, hit.span
        others = claimed - set(range(span.start, span.end))
        phrase = self.sector_phrase(span, others)
        if phrase is not None and entry.kind == "state" and self._not_the_state(phrase[0], phrase[1]):
            if hit.what == "demonym" or span.root.dep_ != "poss":
                return  # "Syrian rebels", "Myanmar opposition forces", "Afghan civilians": not the state acting
            phrase = None  # "Syria's rebels": Syria is named, the rebels are not Syria
        if hit.what == "demonym" and phrase is None:
            if not _stands_as_noun(span):
                return  # "Palestinian economics", "the 48-year-old Australian": not the state acting
            phrase = (span, self.kb.sector_of(span.root.lower_))
        if hit.what == "capital" and span.root.dep_ not in _SUBJECT_DEPS:
            return  # a capital is the state only when it acts ("Cairo said"), else a place
        head = phrase[0].root if phrase else phrase_head(span.root)
        entry = (phrase and self.part_named(phrase[0], entry)) or self.branch_by_place(entry, head, state) or entry
        draft = state.for_entry(entry)
        if phrase is None:
            state.add(draft, span.start_char, span.end_char, "kb_alias", entry.sector)
            return
        sector = _actor_sector(draft, phrase[1])
        via = "kb_alias" if hit.what in ("name", "alias") else "descriptor"
        state.add(draft, phrase[0].start_char, phrase[0].end_char, via, sector)

    # ------------------------------------------------------------ NER

    def add_ner(self, doc: Doc, state: DocActors, ents: tuple[Span, ...] | None = None) -> list[Draft]:
        """Persons, organisations and acting places the KB did not name, of the kind their names tell."""
        persons: list[Draft] = []
        ents = doc.ents if ents is None else ents
        found = [(ent, self._no_honorific(_trim(ent), ent.label_)) for ent in ents
                 if ent.label_ in ("PERSON", "ORG", "GPE", "LOC")]
        kinds = self._kinds([(ent.label_, span) for ent, span in found if span is not None])
        for ent, span in found:
            if span is None or state.overlaps(ent.start_char, ent.end_char) or self._is_demonym(span.text):
                continue  # "her Ugandan counterpart": the country, through the person's member_of
            kind, sector = kinds[span.text]
            if kind == "person":
                span = widen_given_name(span, self.kb)
                if not _is_person_name(span) or self._common_word_opening(span):
                    continue  # "Kornet anti": a lower-case word means this is no name; "Mark my words"
                if is_known_place(span.text) and sector != "titled":
                    continue  # "Golan Heights" tagged PERSON is still a place; "Dr Hebron" is a person
                draft = state.for_new("person", span.text)
                persons.append(draft)
                state.add(draft, span.start_char, span.end_char, "ner", None)
            elif ent.label_ in ("PERSON", "ORG") and _is_org_name(span) and not is_known_place(span.text) \
                    and not self._common_word_opening(span):
                draft = state.for_new(kind, span.text)
                draft.sector = draft.sector or sector
                state.add(draft, span.start_char, span.end_char, "ner", sector)
            elif ent.label_ in ("GPE", "LOC") and kind != "unknown":
                draft = state.for_new(kind, span.text)  # "Brannock County Sheriff's Office" tagged GPE
                draft.sector = draft.sector or sector
                state.add(draft, span.start_char, span.end_char, "ner", sector)
            elif ent.label_ in ("GPE", "LOC") and span.root.dep_ in _SUBJECT_DEPS:
                draft = state.for_new("unknown", span.text, actor_id=f"place:{slug(span.text)}")
                state.add(draft, span.start_char, span.end_char, "ner", None)
        return persons

    def _no_honorific(self, span: Span | None, label: str) -> Span | None:
        """"Ms Marchetti", "Constable Jason Hobbs" tagged whole: the name is what follows the honorific or title;
        they join its mention later (name chains, titles)."""
        def leading(token: Token) -> bool:
            word = token.lower_.rstrip(".")
            return word in self.kb.honorifics or (label == "PERSON" and self.kb.title_sector(token.text) is not None)

        while span is not None and len(span) > 1 and leading(span[0]):
            span = span[1:]
        return span

    def _common_word_opening(self, span: Span) -> bool:
        """A pronoun NER took for a name ("He"), or one capitalised ordinary word opening a sentence ("Mark")."""
        word = span[0].lower_ if len(span) == 1 else ""
        return word in _PRONOUNS or (span[0].is_sent_start and word in self.kb.common_words)

    def _kinds(self, names: list[tuple[str, Span]]) -> dict[str, tuple[str, str | None]]:
        """One kind per name text in the document: cue words first, then the most frequent NER reading."""
        votes: dict[str, list[tuple[str, str | None]]] = {}
        for label, span in names:
            votes.setdefault(span.text, []).append(name_kind(span, label, self.kb))
        # "Maria Hernandez ... Hernandez reported": the surname of a person named in full stays a person.
        surnames = {span[-1].text for label, span in names if label == "PERSON" and len(span) > 1}
        chosen = {}
        for text, kinds in votes.items():
            strong = [k for k in kinds if k[0] not in ("person", "unknown")]
            titled = [k for k in kinds if k == ("person", "titled")]
            if titled or (text in surnames and not any(k[0] == "company" for k in kinds)):
                chosen[text] = titled[0] if titled else ("person", None)
            elif strong:
                chosen[text] = strong[-1]
            else:
                people = sum(k[0] == "person" for k in kinds)
                chosen[text] = ("person", None) if 2 * people > len(kinds) else ("unknown", None)
        return chosen

    def _is_demonym(self, text: str) -> bool:
        """True when the text is a KB demonym ("Ugandan", "Kenyans"), which never names an actor of its own."""
        key = text.lower()
        return any(key in (d.lower() for d in entry.demonyms) for entry in self.kb.lookup(text))

    # ------------------------------------------------------------ unnamed groups

    def add_cued_names(self, doc: Doc, state: DocActors, chunks: list[Span]) -> None:
        """Capitalised names NER missed that end in a cue word ("The Norvik County Sheriff's Office")."""
        for chunk in chunks:
            last = chunk[-1]
            if not last.text[:1].isupper() or last.lower_ not in self.kb.name_cues:
                continue  # most chunks: no cue word at the end
            start = chunk.start + (chunk[0].lower_ in ("the", "a", "an"))
            words = [t for t in doc[start: chunk.end] if t.tag_ != "POS"]
            if len(words) < 2 or not all(t.text[:1].isupper() for t in words) or words[0].is_sent_start:
                continue
            if not any(t.pos_ == "PROPN" for t in words) or state.overlaps(doc[start].idx, chunk.end_char):
                continue
            cue = self.kb.cue_of([t.text for t in words])
            if cue is not None:
                name = doc[start: chunk.end].text
                draft = state.for_new(cue[0], name)
                draft.sector = draft.sector or cue[1]
                state.add(draft, doc[start].idx, chunk.end_char, "other", cue[1])

    def add_unnamed(self, doc: Doc, state: DocActors, chunks: list[Span]) -> None:
        """"Police arrested ...", "Hong Kong police", "protesters fled": actors no name names, one per noun."""
        heads = {w.split()[-1] for w in self.kb.unnamed_groups}
        for chunk in chunks:
            root = chunk.root
            if root.lower_ not in heads:
                continue
            words = [t.lower_ for t in chunk if t.i <= root.i]
            found = self.kb.unnamed_groups.get(" ".join(words[-2:])) or self.kb.unnamed_groups.get(root.lower_)
            if found is None or state.overlaps(chunk.start_char, chunk.end_char):
                continue  # "Kenyan police" is Kenya's, found before
            place = [t for t in chunk if t.i < root.i and (t.ent_type_ in ("GPE", "LOC", "NORP") or t.pos_ == "PROPN")
                     and t.text[:1].isupper()]
            where = _place_phrase(root)
            if place and place[-1].i == root.i - 1 and " " not in found[0] and root.text[:1].isupper():
                name = f"{doc[place[0].i: root.i + 1].text}"  # "Thames Valley Police": a named force
            elif place:
                name = f"{doc[place[0].i: place[-1].i + 1].text} {found[0]}"  # "Hong Kong police"
            elif where is not None:
                name = f"{found[0]} in {_strip_det(where).text}"
            else:
                name = found[0]
            draft = state.for_new("group", name, actor_id=f"group:{slug(name)}")
            draft.sector = found[1]
            end = where.end if where is not None else chunk.end
            start = place[0].idx if place else chunk.start_char
            state.add(draft, start, doc[end - 1].idx + len(doc[end - 1]), "descriptor", found[1])

    def add_groups(self, doc: Doc, state: DocActors, chunks: list[Span]) -> dict[str, Draft]:
        """Groups the KB lacks ("the Salafi jihadists in Gaza", "Sinai Bedouin tribes", "the Salafis")."""
        groups: dict[str, Draft] = {}
        for chunk in chunks:
            found = self._group_phrase(chunk, state)
            if found is None:
                continue
            key, name, span = found
            draft = groups.get(key)
            if draft is None:
                draft = state.for_new("group", name, actor_id=f"group:{key}")
                groups[key] = draft
            elif _better_group_name(name, draft.name):
                draft.name = name
            state.add(draft, span.start_char, span.end_char, "descriptor", self.kb.sector_of(chunk.root.lower_))
        return groups

    def _group_phrase(self, chunk: Span, state: DocActors) -> tuple[str, str, Span] | None:
        head = chunk.root
        if head.tag_ not in ("NNS", "NNPS") and head.ent_type_ != "NORP":
            return None
        if head.ent_type_ in _NAME_LABELS:
            return None  # inside a name: "the Association of Free Traders" is one organisation
        identity = [t for t in chunk if t.i < head.i and _is_identity(t)]
        if head.ent_type_ == "NORP" and head.text.endswith("s") and not identity:
            identity = [head]  # "the Salafis"
        elif not identity or head.lower_ not in self.group_words:
            return None
        if any(self.kb.lookup(t.text) for t in identity):
            return None  # a KB name or demonym: "Palestinian fighters" is a sector phrase of Palestine
        if state.overlaps(identity[0].idx, identity[-1].idx + len(identity[-1])):
            return None  # a KB actor: "Islamic State fighters" is a sector phrase, not a new group
        key = slug(" ".join(_singular(t.text) for t in identity))
        words = [t for t in chunk if t.i >= identity[0].i]
        place = _place_phrase(head)
        end = place.end if place is not None else chunk.end
        name = " ".join(t.text for t in words) + (f" in {_strip_det(place).text}" if place is not None else "")
        return key, name, chunk.doc[chunk.start:end]


def _word_before(token: Token) -> Token | None:
    """The word before a token, skipping quote marks ("military” wing" -> "military")."""
    i = token.i - 1
    while i >= 0 and token.doc[i].is_quote:
        i -= 1
    return token.doc[i] if i >= 0 else None


def _close_quote(doc: Doc, start: int, end: int) -> int:
    """The end of doc[start:end], taking in the closing quote mark of a quote the span opens."""
    opened = sum(1 for t in doc[start:end] if t.is_quote) % 2 == 1
    return end + 1 if opened and end < len(doc) and doc[end].is_quote else end


def _actor_sector(draft: Draft, word_sector: str | None) -> str | None:
    # A non-state armed group's "forces" or "fighters" are the group itself (REB), not a state military.
    if draft.kind != "state" and word_sector == "MIL" and draft.sector:
        return draft.sector
    return word_sector


def _stands_as_noun(span: Span) -> bool:
    """"Ugandans protested", "the Ugandan said": a demonym acting, not modifying a noun ("Ugandan troops")."""
    root = span.root
    if root.dep_ in _MODIFIER_DEPS or any(c.dep_ == "nummod" for c in root.children):
        return False  # "Two Britons were detained": persons of that nationality, not the state
    return root.tag_ in ("NNS", "NNPS") or (root.dep_ in _SUBJECT_DEPS and root.text.endswith("s"))


def _trim(ent: Span) -> Span | None:
    """Drop a leading determiner and a trailing possessive; None for empty or clause-long names."""
    start, end = ent.start, ent.end
    if ent.doc[start].lower_ in ("the", "a", "an"):
        start += 1
    if end - 1 > start and ent.doc[end - 1].tag_ == "POS":
        end -= 1
    span = ent.doc[start:end]
    if not len(span) or len(span.text.split()) > _MAX_NAME_WORDS:
        return None
    if any(t.text in ("-", "\u2013", "\u2014") and t.whitespace_ and t.i > 0 and t.doc[t.i - 1].whitespace_
           for t in span):
        return None  # "BOGOTA - Police": a dateline glued to the first words, not a name
    return span


def _is_person_name(span: Span) -> bool:
    words = [t for t in span if t.is_alpha]
    if not words or any(not t.text[:1].isupper() and t.lower_ not in _NAME_PARTICLES for t in words):
        return False  # "Kornet anti": a lower-case word means this is no name
    if len(words) == 1 and _BRAND.match(words[0].text) and not _BRAND_OK.match(words[0].text):
        return False  # "YouTube", "WeWork": a brand, where "McKinley" and "DeSantis" are surnames
    root = span.root
    # A name modifying a common noun after it ("Salafi prisoners", "Kornet missiles") is no person.
    if root.dep_ in _MODIFIER_DEPS and root.dep_ != "poss" and root.head.pos_ == "NOUN" and root.head.i >= span.end:
        return False  # but "Jordan Whitfield's attorney": a possessive name is a person
    after = span.end < len(span.doc) and span.doc[span.end].text in ("-", "\u2011") and not span[-1].whitespace_
    return not after


def _is_org_name(span: Span) -> bool:
    return any(t.text[:1].isupper() for t in span if t.is_alpha)  # "SoftBank", "McClatchy" too


def _is_identity(token: Token) -> bool:
    """A capitalised modifier naming who a group is ("Salafi", "Bedouin"), not a sentence-initial word."""
    return (token.pos_ in ("PROPN", "ADJ", "NOUN") and token.is_title and not token.is_sent_start
            and token.ent_type_ not in ("DATE", "CARDINAL", "ORDINAL"))


def _singular(word: str) -> str:
    return word[:-1] if word.endswith("s") and len(word) > 4 else word


def _place_phrase(head: Token) -> Span | None:
    """"... in Gaza" after a group noun: the prepositional phrase, when it names a place."""
    for child in head.rights:
        if child.dep_ == "prep" and child.lower_ == "in":
            objects = [t for t in child.children if t.dep_ == "pobj" and t.ent_type_ in ("GPE", "LOC")]
            if objects:
                return head.doc[child.i: objects[0].right_edge.i + 1]
    return None


def _strip_det(span: Span) -> Span:
    start = span.start + 1  # skip the preposition
    if start < span.end and span.doc[start].lower_ == "the":
        start += 1
    return span.doc[start:span.end]


def _better_group_name(new: str, old: str) -> bool:
    # Prefer a name that says where the group is ("... in Gaza"), then the longer one.
    return (" in " in new, len(new.split())) > (" in " in old, len(old.split()))

