"""``/api/review``: the queue of undecided events and the decisions on events and clusters."""

from __future__ import annotations

from typing import Literal

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ...api import Workspace
from ...read_models import DecisionView, EventView, Page
from ..deps import page_limit, workspace
from ..security import require_token

router = APIRouter(prefix="/api/review", tags=["review"])


class DecisionBody(BaseModel):
    """One decision; the edit fields only for ``edit`` (None: unchanged)."""

    action: Literal["accept", "reject", "edit"]
    event_type: str | None = None
    actors: list[str] | None = Field(default=None, description="Correct actors by name or id")
    recipients: list[str] | None = None
    note: str | None = Field(default=None, max_length=2000)


@router.get("/queue", response_model=Page[EventView])
def queue(limit: int = Depends(page_limit), cursor: str | None = Query(None),
          include_decided: bool = Query(False), ws: Workspace = Depends(workspace)) -> Page[EventView]:
    """Events nobody decided on yet, newest first."""
    return ws.review_queue(limit=limit, cursor=cursor, include_decided=include_decided)


@router.post("/{target_id}", response_model=DecisionView, dependencies=[Depends(require_token)])
def decide(target_id: str, body: DecisionBody, ws: Workspace = Depends(workspace)) -> DecisionView:
    """Accept, reject or edit an event or a cluster (kept through re-processing, like ``tidings review``)."""
    return ws.decide(target_id, body.action, event_type=body.event_type, actors=body.actors,
                     recipients=body.recipients, note=body.note)


@router.get("/{target_id}/history", response_model=list[DecisionView])
def history(target_id: str, ws: Workspace = Depends(workspace)) -> list[DecisionView]:
    return [DecisionView(**d) for d in ws.history(target_id)]
