"""What routes receive as dependencies: the app's Workspace and the shared event filters."""

from __future__ import annotations

from fastapi import Query, Request
from fastapi.exceptions import RequestValidationError
from pydantic import ValidationError

from ..api import Workspace
from ..read_models import EventQuery

__all__ = ["workspace", "event_query", "page_limit"]

MAX_PAGE = 1000


def workspace(request: Request) -> Workspace:
    """The one Workspace opened when the app started (its engine pools connections across requests)."""
    return request.app.state.workspace


def event_query(
    actor: str | None = Query(None, description="Actor name, alias or id"),
    recipient: str | None = Query(None, description="Recipient name, alias or id"),
    event_type: str | None = Query(None, alias="type", description="PLOVER category, e.g. ASSAULT"),
    since: str | None = Query(None, description="On or after YYYY[-MM[-DD]]"),
    until: str | None = Query(None, description="On or before YYYY[-MM[-DD]]"),
    # Numbers arrive as text so that an empty form field means "no filter" rather than an error.
    min_sources: str | None = Query(None, description="Happenings reported by at least N outlets"),
    modality: list[str] = Query([], description="Repeatable or comma-separated"),
    include_rejected: bool = False,
    min_confidence: str | None = Query(None, description="0 to 1; default: the calibrated threshold"),
) -> EventQuery:
    """The filters of ``tidings events`` (same names; ``type`` as on the command line), typed once."""
    try:
        query = EventQuery(actor=actor or None, recipient=recipient or None, event_type=event_type or None,
                           since=since or None, until=until or None, min_sources=min_sources or None,
                           modality=modality, include_rejected=include_rejected,
                           min_confidence=min_confidence or None)
    except ValidationError as exc:
        raise RequestValidationError(exc.errors()) from exc
    return query.with_default_threshold()


def page_limit(limit: int = Query(100, ge=1, le=MAX_PAGE, description="Items per page")) -> int:
    return limit
