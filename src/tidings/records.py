"""The record types every stage speaks: one set, shared by readers, NLP stages, store, CLI and exports.

Flow: ``RawDocument`` (read) -> ``Article`` (clean) -> ``Actor``/``Mention`` (resolve)
-> ``Event`` (code) -> ``Extraction`` (one document's output, as in
``shared/schema/event.schema.json``). Every character offset points into ``Article.text``.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

__all__ = [
    "ActorKind",
    "EventType",
    "Modality",
    "MentionVia",
    "RawDocument",
    "Article",
    "ReadFailure",
    "Span",
    "Mention",
    "Actor",
    "Entity",
    "Attribution",
    "EventDate",
    "Location",
    "Quantity",
    "TextInfo",
    "Event",
    "Extraction",
    "IngestOutcome",
    "ActorIndex",
    "EVENT_TYPES",
    "MODALITIES",
]

ActorKind = Literal[
    "state", "igo", "armed_group", "political_party", "ngo", "company", "media",
    "person", "group", "unknown",
]
EventType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
EVENT_TYPES: tuple[str, ...] = EventType.__args__  # type: ignore[attr-defined]
Modality = Literal[
    "asserted", "reported", "hedged", "hypothetical", "negated", "future", "historical",
]
MODALITIES: tuple[str, ...] = Modality.__args__  # type: ignore[attr-defined]
MentionVia = Literal["ner", "kb_alias", "descriptor", "pronoun", "apposition", "other"]
PublishedSource = Literal["input", "metadata", "text", "page", "ingest"]
DatePrecision = Literal["day", "week", "month", "season", "year", "decade", "unknown"]
DateAnchor = Literal["explicit", "publication", "unanchored"]
InputFormat = Literal["text", "html", "jsonl"]


class Record(BaseModel):
    """Base for all records: strict field names, JSON via ``model_dump(mode="json")``."""

    model_config = ConfigDict(extra="forbid")


# ---------------------------------------------------------------- read / clean


class RawDocument(Record):
    """One input document as read from its source, before any cleaning."""

    doc_id: str = Field(description="JSONL id, else file path or URL (plus #n inside archives/feeds)")
    source: str = Field(description="Where it came from: path, URL, feed or archive name")
    content: bytes = Field(description="The raw bytes (HTML or text), untouched")
    input_format: InputFormat = Field(description="'html' or 'text' ('jsonl' only before splitting)")
    encoding: str | None = None
    url: str | None = None
    title: str | None = None
    published: str | None = Field(default=None, description="Publication date given by the input")
    author: str | None = None


class ReadFailure(Record):
    """A source item that could not be read or cleaned: the reason goes into the summary."""

    source: str
    reason: str
    doc_id: str | None = None


class Article(Record):
    """A cleaned article: body text plus metadata. What ``tidings clean`` prints."""

    doc_id: str
    source: str
    text: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: PublishedSource | None = None
    language: str | None = None
    warnings: list[str] = Field(default_factory=list)
    content_hash: str = Field(description="sha256 of the normalised cleaned text")


# ---------------------------------------------------------------- actors


class Span(Record):
    start: int
    end: int
    text: str


class Mention(Span):
    """One place in the text that refers to an actor."""

    via: MentionVia = "other"
    sector: str | None = Field(default=None, description="PLOVER sector code the mention carries")


class Actor(Record):
    """An actor the document mentions, once, with every mention."""

    actor_id: str
    name: str
    kind: ActorKind = "unknown"
    country: str | None = None
    member_of: str | None = None
    role: str | None = None
    in_kb: bool = False
    mentions: list[Mention] = Field(default_factory=list)


# ---------------------------------------------------------------- events


class Entity(Record):
    """An actor as it takes part in one event (surface text + resolved actor)."""

    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    kind: str = "unknown"
    country: str | None = None
    sector: str | None = None


class Attribution(Record):
    speaker: Entity | None = None
    cue: str = ""
    unnamed: bool = False


class EventDate(Record):
    text: str | None = None
    start: str | None = None
    end: str | None = None
    precision: DatePrecision = "unknown"
    anchor: DateAnchor = "unanchored"


class Location(Record):
    text: str
    name: str | None = None
    geonameid: int | None = None
    lat: float | None = None
    lon: float | None = None
    country_code: str | None = None
    feature: str | None = None


class Quantity(Record):
    text: str
    value: float | None = None
    unit: str | None = None
    approximate: bool = False


class TextInfo(Record):
    sentence: int
    start: int
    end: int
    text: str
    trigger: Span | None = None


class Event(Record):
    """One coded event: who did what to whom, how sure, who says so, when, where — and the evidence."""

    id: str
    event_type: EventType
    mode: str | None = None
    context: list[str] = Field(default_factory=list)
    actor: list[Entity] = Field(default_factory=list)
    recipient: list[Entity] = Field(default_factory=list)
    modality: Modality = "asserted"
    hedge_cues: list[str] = Field(default_factory=list)
    attribution: Attribution | None = None
    date: EventDate | None = None
    location: Location | None = None
    quantities: list[Quantity] = Field(default_factory=list)
    text_info: TextInfo
    confidence: float = Field(ge=0.0, le=1.0)
    rule: str


class Extraction(Record):
    """One document's extraction: exactly one line of ``tidings extract --format jsonl``."""

    doc_id: str
    title: str | None = None
    author: str | None = None
    outlet: str | None = None
    url: str | None = None
    published: str | None = None
    published_source: PublishedSource | None = None
    language: str | None = None
    text: str
    warnings: list[str] = Field(default_factory=list)
    actors: list[Actor] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)


# ---------------------------------------------------------------- ingest summary


class IngestOutcome(Record):
    """What happened to one source item during ``ingest`` (one line of the summary)."""

    source: str
    status: Literal["stored", "already_stored", "near_duplicate", "failed", "skipped"]
    doc_id: str | None = None
    document_id: int | None = Field(default=None, description="Row id in the store")
    reason: str | None = None
    duplicate_of: int | None = None
    events: int = 0


class ActorIndex:
    """The resolved actors of one document, looked up by character span.

    Handed from the actor stage to the event stage: the coder asks which actor (and which
    mention) a phrase of the sentence refers to.
    """

    def __init__(self, actors: list[Actor]):
        self.actors = actors
        self._by_id = {actor.actor_id: actor for actor in actors}
        pairs = [(m, a) for a in actors for m in a.mentions]
        self._mentions = sorted(pairs, key=lambda pair: (pair[0].start, -pair[0].end))

    def get(self, actor_id: str) -> Actor | None:
        return self._by_id.get(actor_id)

    def mentions_in(self, start: int, end: int) -> list[tuple[Mention, Actor]]:
        """Mentions lying wholly inside ``[start, end)``, in text order."""
        return [(m, a) for m, a in self._mentions if m.start >= start and m.end <= end]

    def mention_covering(self, start: int, end: int) -> tuple[Mention, Actor] | None:
        """The shortest mention that contains ``[start, end)``, if any."""
        best: tuple[Mention, Actor] | None = None
        for m, a in self._mentions:
            if m.start <= start and m.end >= end and (
                best is None or (m.end - m.start) < (best[0].end - best[0].start)
            ):
                best = (m, a)
        return best

    def entity(self, mention: Mention, actor: Actor) -> Entity:
        """The event-level view of one mention of one actor."""
        return Entity(
            text=mention.text, start=mention.start, end=mention.end, actor_id=actor.actor_id,
            name=actor.name, kind=actor.kind, country=actor.country, sector=mention.sector,
        )
