"""``/api/clusters``: happenings (reports of one real-world event) and one with its reports side by side."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from ...api import Workspace
from ...read_models import ClusterDetail, ClusterView, Page
from ..deps import page_limit, workspace
from ..paging import offset_page

router = APIRouter(prefix="/api/clusters", tags=["clusters"])


@router.get("", response_model=Page[ClusterView])
def list_clusters(event_type: str | None = Query(None, alias="type"), min_sources: int | None = Query(None, ge=1),
                  limit: int = Depends(page_limit), cursor: str | None = Query(None),
                  ws: Workspace = Depends(workspace)) -> Page[ClusterView]:
    """Most widely reported first."""
    return offset_page(ws.list_clusters(event_type=event_type, min_sources=min_sources), limit, cursor)


@router.get("/{cluster_id}", response_model=ClusterDetail)
def get_cluster(cluster_id: str, ws: Workspace = Depends(workspace)) -> ClusterDetail:
    return ws.cluster(cluster_id)
