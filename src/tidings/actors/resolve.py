"""The actor stage's entry point: ``ActorResolver.load(...).resolve(doc) -> list[Actor]``."""

from __future__ import annotations

import logging
from collections.abc import Iterable
from pathlib import Path

from spacy.tokens import Doc

from ..records import Actor
from .coref import description_heads, resolve_coreference
from .discipline import dateline_spans, in_any, keep_hit, name_entities
from .kb import KnowledgeBase, load_kb
from .mentions import KbMatcher, MentionFinder
from .names import (
    TokenIndex,
    add_given_name_persons,
    first_part_hashes,
    kb_surnames,
    link_names,
    link_short_org_names,
)
from .roles import add_roles, link_parentheses
from .state import DocActors, new_actor_id
from .titles import apply_titles, find_titles

__all__ = ["ActorResolver"]

log = logging.getLogger(__name__)

# Beyond this many actors a document is almost surely a list or a dump, not news: say so.
_MANY_ACTORS = 500


class ActorResolver:
    """Resolves every actor mention of a parsed document against the KB (matchers built once)."""

    def __init__(self, kb: KnowledgeBase) -> None:
        self.kb = kb
        self.finder = MentionFinder(kb)
        self.heads = description_heads(kb)
        self.surnames = kb_surnames(kb)
        self.first_name_keys = first_part_hashes(kb.first_names)
        self.surname_keys = first_part_hashes(self.surnames)
        # One phrase matcher per spaCy vocabulary (normally exactly one per process).
        self._matchers: dict[int, KbMatcher] = {}

    @classmethod
    def load(cls, user_kb_files: Iterable[Path] = ()) -> ActorResolver:
        """The resolver over the shipped KB plus the user's KB files (cached KB)."""
        return cls(load_kb(list(user_kb_files)))

    def _matcher(self, doc: Doc) -> KbMatcher:
        key = id(doc.vocab)
        if key not in self._matchers:
            self._matchers[key] = KbMatcher(self.kb, doc.vocab)
        return self._matchers[key]

    def resolve(self, doc: Doc) -> list[Actor]:
        """Every actor of the document, once, with all its mentions (offsets into ``doc.text``)."""
        state = DocActors(doc.text)
        if not len(doc):
            return []
        ents = doc.ents  # built once: spaCy makes new spans on every access
        titled = find_titles(doc, self.kb, ents)
        in_titles = frozenset(i for found in titled for i in range(found.prefix.start, found.prefix.end))
        self.finder.add_kb_hits(doc, self._hits(doc, state), state, titled=in_titles)
        chunks = list(doc.noun_chunks)
        groups = self.finder.add_groups(doc, state, chunks)
        self.finder.add_unnamed(doc, state, chunks)
        persons = self.finder.add_ner(doc, state, ents)
        self.finder.add_cued_names(doc, state, chunks)
        index = TokenIndex(doc)
        persons += add_given_name_persons(doc, state, self.kb, index, self.first_name_keys)
        link_names(doc, state, self.kb, self.surnames, index, self.surname_keys)
        link_short_org_names(doc, state, self.kb, index)
        persons = [p for p in persons if p.actor_id in state.drafts]
        apply_titles(state, self.kb, titled)
        add_roles(doc, state, persons, groups, kb=self.kb)
        link_parentheses(doc, state)
        resolve_coreference(doc, self.kb, state, self.heads, chunks)
        _rename_groups(state)
        actors = state.actors()
        if len(actors) > _MANY_ACTORS:
            log.warning("document has %d actors: probably a list or a dump rather than an article", len(actors))
        return actors


    def _hits(self, doc: Doc, state: DocActors) -> list:
        """KB hits that may name their entry; dateline places are claimed so that nothing names them."""
        datelines = dateline_spans(doc.text)
        for start, end in datelines:
            state.claimed[start:end] = b"\x01" * (end - start)
        hits = self._matcher(doc)(doc)
        ents = name_entities(doc)
        tokens = {i for hit in hits for i in range(hit.span.start, hit.span.end)}
        return [hit for hit in hits if not in_any(hit.span.start_char, hit.span.end_char, datelines)
                and keep_hit(hit.span, hit.entry.id, hit.what, self.kb, ents, tokens)]


def _rename_groups(state: DocActors) -> None:
    """Give unnamed groups their final id from their chosen name, so other articles find the same id."""
    renames = {}
    for draft in list(state.drafts.values()):
        if draft.kind == "group" and not draft.in_kb:
            new_id = new_actor_id("group", draft.name)
            if new_id != draft.actor_id and new_id not in state.drafts:
                renames[draft.actor_id] = new_id
    for old, new in renames.items():
        draft = state.drafts.pop(old)
        draft.actor_id = new
        state.drafts[new] = draft
    for draft in state.drafts.values():
        if draft.member_of in renames:
            draft.member_of = renames[draft.member_of]
