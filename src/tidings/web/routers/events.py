"""``/api/events``: the event listing of ``tidings events``, paged by keyset, and one event's evidence."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from ...api import Workspace
from ...read_models import EventQuery, EventView, Evidence, Page
from ..deps import event_query, page_limit, workspace

router = APIRouter(prefix="/api/events", tags=["events"])

MAX_IDS = 500


@router.get("", response_model=Page[EventView])
def list_events(query: EventQuery = Depends(event_query), limit: int = Depends(page_limit),
                cursor: str | None = Query(None, description="next_cursor of the previous page"),
                facets: bool = Query(False, description="Add counts by category, modality and year"),
                ws: Workspace = Depends(workspace)) -> Page[EventView]:
    """Events newest first, review decisions applied; the items equal ``tidings events --format json``."""
    return ws.list_events(query, limit=limit, cursor=cursor, facets=facets)


@router.get("/by-id", response_model=list[EventView])
def events_by_id(ids: list[str] = Query(..., alias="id", description="Repeat: id=A&id=B (at most 500)"),
                 ws: Workspace = Depends(workspace)) -> list[EventView]:
    """Given events (an edge's), newest first, rejected ones included and marked."""
    return ws.events_by_ids(ids[:MAX_IDS])


@router.get("/{event_id}", response_model=EventView)
def get_event(event_id: str, ws: Workspace = Depends(workspace)) -> EventView:
    return ws.event(event_id)


@router.get("/{event_id}/evidence", response_model=Evidence)
def get_evidence(event_id: str, ws: Workspace = Depends(workspace)) -> Evidence:
    """The event with its article's text and actor mentions (offsets into that text)."""
    return ws.evidence(event_id)
