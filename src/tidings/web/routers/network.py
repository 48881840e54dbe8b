"""``/api/network``: the actor network of the filtered events (what the graph page draws)."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query
from fastapi.responses import Response

from ...api import Workspace
from ...read_models import EdgeView, EventQuery, Page
from ..deps import event_query, workspace
from ..paging import offset_page

router = APIRouter(prefix="/api/network", tags=["network"])

MAX_EDGES = 50_000


@router.get("", response_model=Page[EdgeView])
def network(query: EventQuery = Depends(event_query),
            quad: list[str] = Query([], description="Keep these quad classes, e.g. material_conflict"),
            limit: int = Query(MAX_EDGES, ge=1, le=MAX_EDGES), cursor: str | None = Query(None),
            ws: Workspace = Depends(workspace)) -> Response:
    """Edges (actor, recipient, category), busiest first, with the ids of the events behind each."""
    edges = ws.network(query)
    if quad:
        edges = [e for e in edges if e.quad in quad]
    # Serialised here, not re-validated by FastAPI: the edges are our own typed models already (20,000 of them
    # on a big store).
    page = offset_page(edges, limit, cursor)
    return Response(page.model_dump_json(), media_type="application/json")
