"""``/api/actors``: stored actors, one actor's profile, and the analyst's merge / split / rename."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from pydantic import BaseModel, Field

from ...api import Workspace
from ...read_models import ActorProfile, ActorSummary, Page
from ..deps import page_limit, workspace
from ..paging import offset_page
from ..security import require_token

router = APIRouter(prefix="/api/actors", tags=["actors"])


class ActorChange(BaseModel):
    action: str
    actor_id: str
    into: str | None = None
    name: str | None = None


class MergeBody(BaseModel):
    into: str = Field(description="The actor that stays (name, alias or id)")


class RenameBody(BaseModel):
    name: str = Field(min_length=1, max_length=512)


@router.get("", response_model=Page[ActorSummary])
def list_actors(limit: int = Depends(page_limit), cursor: str | None = Query(None),
                ws: Workspace = Depends(workspace)) -> Page[ActorSummary]:
    """Canonical actors, most active first."""
    return offset_page(ws.list_actors(), limit, cursor)


@router.get("/{name}", response_model=ActorProfile)
def get_actor(name: str, ws: Workspace = Depends(workspace)) -> ActorProfile:
    """Aliases, counterparts and timeline of an actor (name, alias or id)."""
    return ws.actor_profile(name)


@router.post("/{name}/merge", response_model=ActorChange, dependencies=[Depends(require_token)])
def merge(name: str, body: MergeBody, ws: Workspace = Depends(workspace)) -> ActorChange:
    return ActorChange(**ws.merge_actors(name, body.into))


@router.post("/{name}/split", response_model=ActorChange, dependencies=[Depends(require_token)])
def split(name: str, ws: Workspace = Depends(workspace)) -> ActorChange:
    return ActorChange(**ws.split_actor(name))


@router.post("/{name}/rename", response_model=ActorChange, dependencies=[Depends(require_token)])
def rename(name: str, body: RenameBody, ws: Workspace = Depends(workspace)) -> ActorChange:
    return ActorChange(**ws.rename_actor(name, body.name))
