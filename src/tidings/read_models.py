"""Typed read models: what the Workspace returns, the REST API serves and the CLI prints as JSON.

One model per thing an analyst looks at (an event, an edge, an actor, a cluster, a decision, a page of
them). The query layer builds plain rows; these models give them names, types and a schema, so the
OpenAPI document, ``tidings events --format json`` and a notebook all see the same fields.
"""

from __future__ import annotations

from typing import Generic, TypeVar

from pydantic import BaseModel, ConfigDict, Field, field_validator

from .store.core import DocumentDetail, DocumentSummary

__all__ = [
    "EventQuery",
    "EventView",
    "EdgeView",
    "ActorSummary",
    "ActorProfile",
    "Counterpart",
    "TimelineEntry",
    "ClusterView",
    "ClusterDetail",
    "DecisionView",
    "DocumentSummary",
    "DocumentDetail",
    "MentionView",
    "Evidence",
    "Page",
    "Facets",
]

T = TypeVar("T")


class ReadModel(BaseModel):
    """Base of every read model: unknown keys are an error, so a row that grew a field shows up in tests."""

    model_config = ConfigDict(extra="forbid")


class EventQuery(ReadModel):
    """The filters every event listing takes (CLI options, REST query parameters, notebook keywords)."""

    actor: str | None = Field(default=None, description="Actor name, alias or id")
    recipient: str | None = Field(default=None, description="Recipient name, alias or id")
    event_type: str | None = Field(default=None, description="PLOVER category, e.g. ASSAULT")
    since: str | None = Field(default=None, description="On or after YYYY[-MM[-DD]]")
    until: str | None = Field(default=None, description="On or before YYYY[-MM[-DD]]")
    min_sources: int | None = Field(default=None, ge=1, description="Happenings reported by at least N outlets")
    modality: list[str] = Field(default_factory=list, description="Keep these modalities")
    include_rejected: bool = False
    min_confidence: float | None = Field(default=None, ge=0.0, le=1.0,
                                         description="Default: the calibrated threshold; 0 shows every event")

    @field_validator("modality", mode="before")
    @classmethod
    def _split_modality(cls, value):
        if isinstance(value, str):
            return [m.strip() for m in value.split(",") if m.strip()]
        return [m.strip() for item in (value or []) for m in str(item).split(",") if m.strip()]

    def with_default_threshold(self) -> EventQuery:
        """No threshold given means the shipped calibrator's (the rule every listing command follows)."""
        from .events.calibrate import min_confidence_or_default

        return self.model_copy(update={"min_confidence": min_confidence_or_default(self.min_confidence)})

    def filters(self) -> dict:
        """Keyword filters for the query layer."""
        return {**self.model_dump(exclude={"modality"}), "modality": tuple(self.modality)}


class EventView(ReadModel):
    """One stored event as listed: parties after review and merges, the evidence sentence and its source."""

    event_id: str
    event_type: str
    mode: str | None
    modality: str
    confidence: float
    date_start: str | None
    date_end: str | None
    date_text: str | None
    date_precision: str | None
    date_anchor: str | None
    actor_ids: list[str]
    actors: list[str]
    recipient_ids: list[str]
    recipients: list[str]
    unresolved_actors: list[str]
    unresolved_recipients: list[str]
    speaker_id: str | None
    speaker: str | None
    attribution_cue: str | None
    attribution_unnamed: bool
    hedge_cues: list[str]
    location: str | None
    location_name: str | None
    country_code: str | None
    geonameid: int | None
    lat: float | None
    lon: float | None
    quantities: list[str | None]
    quote: str = Field(description="The evidence sentence")
    quote_start: int = Field(description="Offset of the sentence in the document text")
    quote_end: int
    trigger: str | None
    trigger_start: int | None
    trigger_end: int | None
    rule: str
    document_id: int
    doc_id: str
    title: str | None
    outlet: str | None
    url: str | None
    published: str | None
    content_hash: str | None
    cluster_id: str | None
    sources: int
    review: str | None
    review_note: str | None


class EdgeView(ReadModel):
    """One network edge: (actor, recipient, category) with its counts, dates and sources."""

    source: str
    source_name: str
    target: str
    target_name: str
    event_type: str
    quad: str
    score: float = Field(description="Cooperation (+) to conflict (-)")
    symmetric: bool
    events: int
    happenings: int
    documents: int
    outlets: list[str]
    first: str | None
    last: str | None
    modalities: dict[str, int]
    event_ids: list[str]
    sources: int


class ActorSummary(ReadModel):
    actor_id: str
    name: str
    kind: str
    country: str | None
    in_kb: bool
    events: int
    merged: list[str]


class Counterpart(ReadModel):
    actor_id: str
    name: str
    events: int
    types: dict[str, int]


class TimelineEntry(ReadModel):
    date: str | None
    event_type: str
    role: str
    counterparts: list[str]
    modality: str
    event_id: str
    outlet: str | None
    quote: str


class ActorProfile(ReadModel):
    actor_id: str
    name: str
    kind: str
    country: str | None
    aliases: list[str]
    merged: list[str]
    counterparts: list[Counterpart]
    timeline: list[TimelineEntry]
    events: int


class ClusterView(ReadModel):
    """One happening: the reports of one real-world event."""

    cluster_id: str
    event_type: str
    modality: str | None
    reports: int
    documents: int
    sources: int
    date_start: str | None
    date_end: str | None
    event_ids: list[str]
    review: str | None


class ClusterDetail(ClusterView):
    """A cluster with every report side by side."""

    members: list[EventView]


class DecisionView(ReadModel):
    """One analyst decision on an event or cluster."""

    seq: int
    target_id: str
    target_kind: str
    action: str
    event_type: str | None = None
    actor_ids: list[str] | None = None
    recipient_ids: list[str] | None = None
    note: str | None = None
    created_at: str | None = None


class MentionView(ReadModel):
    actor_id: str
    start: int
    end: int
    text: str
    via: str


class Evidence(ReadModel):
    """An event with the article it came from: text, the actor mentions in it and the event's offsets."""

    event: EventView
    document: DocumentDetail
    mentions: list[MentionView]


class Facets(ReadModel):
    """Counts of the filtered events by category, modality and year."""

    event_type: dict[str, int]
    modality: dict[str, int]
    year: dict[str, int]


class Page(ReadModel, Generic[T]):
    """One page of a keyset-paginated listing: pass ``next_cursor`` back as ``cursor`` for the next one."""

    items: list[T]
    next_cursor: str | None = None
    facets: Facets | None = None
