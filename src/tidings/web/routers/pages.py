"""The browser UI: server-rendered pages (Jinja2, autoescaped: article data is only ever text) over the
same Workspace calls as the JSON API; the network page draws its graph from ``/api/network``."""

from __future__ import annotations

from pathlib import Path
from urllib.parse import urlencode

import jinja2
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import HTMLResponse, RedirectResponse
from fastapi.templating import Jinja2Templates

from ...api import Workspace
from ...data import load_categories
from ...errors import TidingsError
from ...export import EXPORT_FORMATS
from ...read_models import EventQuery
from ...records import EVENT_TYPES, MODALITIES
from ..deps import event_query, workspace
from ..evidence import article_pieces

router = APIRouter(include_in_schema=False)

# Autoescape everything, whatever a template's name: titles and texts of articles are untrusted.
_env = jinja2.Environment(loader=jinja2.FileSystemLoader(Path(__file__).parent.parent / "templates"),
                          autoescape=True, undefined=jinja2.StrictUndefined)
templates = Jinja2Templates(env=_env)
COMPARED = ("event_type", "date_start", "actors", "recipients", "modality", "location_name")


def _render(request: Request, name: str, status_code: int = 200, **context) -> HTMLResponse:
    context.setdefault("event_types", EVENT_TYPES)
    context.setdefault("modalities", MODALITIES)
    context.setdefault("quads", sorted({c.quad for c in load_categories().values()}))
    return templates.TemplateResponse(request, name, context, status_code=status_code)


def error_page(request: Request, exc: TidingsError, status_code: int) -> HTMLResponse:
    return _render(request, "error.html", status_code=status_code, page="error", message=str(exc),
                   suggestions=getattr(exc, "suggestions", []))


@router.get("/")
def home() -> RedirectResponse:
    return RedirectResponse("/network", status_code=307)


@router.get("/network", response_class=HTMLResponse)
def network_page(request: Request, query: EventQuery = Depends(event_query),
                 ws: Workspace = Depends(workspace)) -> HTMLResponse:
    """The graph page; filters and the time-window histogram come from the event facets."""
    facets = ws.event_facets(query.model_copy(update={"since": None, "until": None}))
    years = {year: n for year, n in facets.year.items() if year != "undated"}
    return _render(request, "network.html", page="network", query=query, years=years,
                   top=max(years.values(), default=1))


@router.get("/events", response_class=HTMLResponse)
def events_page(request: Request, query: EventQuery = Depends(event_query), cursor: str | None = Query(None),
                ws: Workspace = Depends(workspace)) -> HTMLResponse:
    page = ws.list_events(query, limit=50, cursor=cursor, facets=True)
    params = [(k, v) for k, v in request.query_params.multi_items() if k != "cursor"]
    return _render(request, "events.html", page="events", query=query, result=page, formats=EXPORT_FORMATS,
                   params=urlencode(params), next_link=urlencode([*params, ("cursor", page.next_cursor)])
                   if page.next_cursor else None)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def evidence_page(request: Request, event_id: str, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    evidence = ws.evidence(event_id)
    return _render(request, "evidence.html", page="evidence", ev=evidence.event, doc=evidence.document,
                   pieces=article_pieces(evidence), history=ws.history(event_id))


@router.get("/actors", response_class=HTMLResponse)
def actors_page(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    return _render(request, "actors.html", page="actors", actors=ws.list_actors(limit=500))


@router.get("/actors/{name}", response_class=HTMLResponse)
def actor_page(request: Request, name: str, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    profile = ws.actor_profile(name)
    details = ws.actor_details(profile.actor_id)
    return _render(request, "actor.html", page="actor", actor=profile, details=details)


@router.get("/clusters", response_class=HTMLResponse)
def clusters_page(request: Request, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    return _render(request, "clusters.html", page="clusters", clusters=ws.list_clusters(limit=500))


@router.get("/clusters/{cluster_id}", response_class=HTMLResponse)
def cluster_page(request: Request, cluster_id: str, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    cluster = ws.cluster(cluster_id)
    disagreements = {}
    for field in COMPARED:
        values = {str(getattr(m, field)) for m in cluster.members}
        if len(values) > 1:
            disagreements[field] = sorted(values)
    return _render(request, "cluster.html", page="cluster", cluster=cluster, disagreements=disagreements)


@router.get("/review", response_class=HTMLResponse)
def review_page(request: Request, include_decided: bool = Query(False),
                ws: Workspace = Depends(workspace)) -> HTMLResponse:
    queue = ws.review_queue(limit=100, include_decided=include_decided)
    return _render(request, "review.html", page="review", queue=queue, include_decided=include_decided)


@router.get("/ingest", response_class=HTMLResponse)
def ingest_page(request: Request) -> HTMLResponse:
    return _render(request, "ingest.html", page="ingest")


@router.get("/documents/{document_id}", response_class=HTMLResponse)
def document_page(request: Request, document_id: int, ws: Workspace = Depends(workspace)) -> HTMLResponse:
    doc = ws.document(document_id, with_text=True)
    return _render(request, "document.html", page="document", doc=doc)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The JSON API's routes and parameters, from the OpenAPI document (served whole at /openapi.json)."""
    routes = []
    for path, methods in request.app.openapi()["paths"].items():
        for method, op in methods.items():
            params = [p["name"] for p in op.get("parameters", [])]
            routes.append({"method": method.upper(), "path": path, "summary": op.get("summary", ""),
                           "description": op.get("description", ""), "params": params})
    return _render(request, "docs.html", page="docs", routes=routes)
