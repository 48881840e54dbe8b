"""The article of an event cut into marked pieces: evidence sentence, trigger, actor mentions.

The template prints each piece as text inside its own element, so the article can never become HTML:
the marks come from stored offsets, the words from the stored text, escaped by Jinja like all text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..read_models import Evidence

__all__ = ["Piece", "article_pieces"]


@dataclass(frozen=True)
class Piece:
    text: str
    evidence: bool = False
    trigger: bool = False
    actor_id: str | None = None
    party: str | None = None  # "actor" or "recipient" of the event, for mentions inside the evidence


def article_pieces(evidence: Evidence) -> list[Piece]:
    """The text split at every mark boundary, each piece knowing which marks cover it."""
    text = evidence.document.text or ""
    event = evidence.event
    spans = [(event.quote_start, event.quote_end, "evidence", None)]
    if event.trigger_start is not None and event.trigger_end is not None:
        spans.append((event.trigger_start, event.trigger_end, "trigger", None))
    spans += [(m.start, m.end, "mention", m.actor_id) for m in evidence.mentions]
    cuts = sorted({0, len(text)} | {max(0, min(len(text), p)) for s, e, _, _ in spans for p in (s, e)})
    pieces = []
    for start, end in zip(cuts, cuts[1:], strict=False):
        covering = [(kind, actor) for s, e, kind, actor in spans if s <= start and end <= e]
        actor_id = next((a for kind, a in covering if kind == "mention"), None)
        pieces.append(Piece(
            text=text[start:end], evidence=any(k == "evidence" for k, _ in covering),
            trigger=any(k == "trigger" for k, _ in covering), actor_id=actor_id,
            party=_party(actor_id, event) if actor_id else None,
        ))
    return pieces


def _party(actor_id: str, event) -> str | None:
    if actor_id in event.actor_ids:
        return "actor"
    if actor_id in event.recipient_ids:
        return "recipient"
    return None
