"""The actors of one document while they are being resolved: drafts, mentions, salience order."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, field

from ..records import Actor, Mention
from .kb import ActorEntry

__all__ = ["Draft", "DocActors", "slug", "new_actor_id"]

_NON_WORD = re.compile(r"[^a-z0-9]+")
_PLURAL_KINDS = frozenset({"group"})


def slug(name: str) -> str:
    """A lower-case ASCII slug of a name: "Shadi al-Menei" -> "shadi-al-menei"."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode("ascii")
    return _NON_WORD.sub("-", ascii_name.lower().replace("'s ", " ")).strip("-") or "unnamed"


def new_actor_id(kind: str, name: str) -> str:
    """Stable id for an actor the KB lacks: the same name gives the same id in every document."""
    prefix = {"person": "person", "group": "group", "unknown": "org"}.get(kind, kind)
    return f"{prefix}:{slug(name)}"


@dataclass
class Draft:
    """An actor being built for one document."""

    actor_id: str
    name: str
    kind: str
    country: str | None = None
    member_of: str | None = None
    role: str | None = None
    in_kb: bool = False
    sector: str | None = None
    gender: str | None = None  # "female" / "male" for persons whose honorific or given name says so
    mentions: list[Mention] = field(default_factory=list)

    @property
    def plural(self) -> bool:
        return self.kind in _PLURAL_KINDS

    @property
    def is_person(self) -> bool:
        return self.kind == "person"

    def to_actor(self) -> Actor:
        mentions = sorted(self.mentions, key=lambda m: (m.start, m.end))
        return Actor(
            actor_id=self.actor_id, name=self.name, kind=self.kind, country=self.country,
            member_of=self.member_of, role=self.role, in_kb=self.in_kb, mentions=mentions,
        )


@dataclass
class DocActors:
    """Every actor of one document and every span already claimed by a mention."""

    text: str
    drafts: dict[str, Draft] = field(default_factory=dict)
    # (start, end) -> actor ids: a span may name several actors ("the two countries").
    spans: dict[tuple[int, int], list[str]] = field(default_factory=dict)
    # One flag per character: overlap checks cost the span's length, not the number of mentions.
    claimed: bytearray = field(default_factory=bytearray)

    def __post_init__(self) -> None:
        self.claimed = bytearray(len(self.text))

    def for_entry(self, entry: ActorEntry) -> Draft:
        draft = self.drafts.get(entry.id)
        if draft is None:
            draft = Draft(
                actor_id=entry.id, name=entry.name, kind=entry.kind, country=entry.country,
                member_of=entry.parent, role=entry.role, in_kb=True, sector=entry.sector,
            )
            self.drafts[entry.id] = draft
        return draft

    def for_new(self, kind: str, name: str, *, actor_id: str | None = None) -> Draft:
        actor_id = actor_id or new_actor_id(kind, name)
        draft = self.drafts.get(actor_id)
        if draft is None:
            draft = Draft(actor_id=actor_id, name=name, kind=kind)
            self.drafts[actor_id] = draft
        return draft

    def add(self, draft: Draft, start: int, end: int, via: str, sector: str | None = None) -> Mention | None:
        """Record a mention unless this actor already has one on exactly this span."""
        ids = self.spans.setdefault((start, end), [])
        if draft.actor_id in ids or start >= end:
            return None
        ids.append(draft.actor_id)
        self.claimed[start:end] = b"\x01" * (end - start)
        mention = Mention(start=start, end=end, text=self.text[start:end], via=via, sector=sector)
        draft.mentions.append(mention)
        return mention

    def widen(self, draft: Draft, mention: Mention, start: int, end: int, via: str) -> None:
        """Let one of the actor's mentions cover [start, end) instead ("Kenyan Foreign Minister Amina Otieno")."""
        ids = self.spans[(mention.start, mention.end)]
        ids.remove(draft.actor_id)
        if not ids:
            del self.spans[(mention.start, mention.end)]
        draft.mentions.remove(mention)
        self.add(draft, start, end, via, mention.sector)

    def merge(self, source: Draft, target: Draft) -> None:
        """Move every mention of ``source`` to ``target`` and forget ``source``."""
        for mention in source.mentions:
            ids = self.spans[(mention.start, mention.end)]
            ids.remove(source.actor_id)
            if target.actor_id not in ids:
                ids.append(target.actor_id)
                target.mentions.append(mention)
        self.drafts.pop(source.actor_id, None)

    def overlaps(self, start: int, end: int) -> bool:
        """True when some mention already shares a character with [start, end)."""
        return any(self.claimed[start:end])

    def actors(self) -> list[Actor]:
        """Actors with at least one mention, in order of first mention."""
        drafts = [d for d in self.drafts.values() if d.mentions]
        drafts.sort(key=lambda d: min(m.start for m in d.mentions))
        return [d.to_actor() for d in drafts]

    def timeline(self) -> list[tuple[Mention, Draft]]:
        """All mentions with their actors, in text order (for salience in coreference)."""
        pairs = [(m, d) for d in self.drafts.values() for m in d.mentions]
        pairs.sort(key=lambda pair: (pair[0].start, pair[0].end))
        return pairs
