"""The FastAPI app of ``tidings serve``: the JSON API under ``/api/``, the browser UI under ``/``.

``create_app`` only wires parts together: one router per resource (``routers/``), one Workspace for the
app's lifetime, the write token, the security headers and body limits, and one JSON error shape.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from fastapi.staticfiles import StaticFiles

from .. import __version__
from ..api import Workspace
from ..config import Settings
from ..errors import NotFoundError, TidingsError
from .jobs import IngestJobs
from .routers import actors, clusters, documents, events, export, ingest, network, pages, review
from .security import BodyLimit, SecurityHeaders, Unauthorized

__all__ = ["create_app", "STATIC"]

STATIC = Path(__file__).parent / "static"
MAX_BODY_BYTES = 256 * 1024
MAX_UPLOAD_BYTES = 50 * 1024 * 1024


def create_app(workspace: Workspace, *, settings: Settings | None = None, token: str | None = None) -> FastAPI:
    """The app over an open Workspace; ``token`` guards every write (None: writes are refused)."""
    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.jobs.close()

    # Swagger UI and ReDoc load their scripts from a CDN: our own /docs page lists the API from /openapi.json.
    app = FastAPI(title="tidings", version=__version__, lifespan=lifespan, docs_url=None, redoc_url=None,
                  description="Sourced event data: events, actors, network, clusters, review, ingest.")
    app.state.workspace = workspace
    app.state.token = token
    app.state.jobs = IngestJobs(workspace, settings or Settings(db_url=workspace.store.url))
    for module in (events, documents, actors, network, clusters, review, ingest, export, pages):
        app.include_router(module.router)
    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(TidingsError, _tidings_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_middleware(BodyLimit, max_bytes=MAX_BODY_BYTES, max_upload_bytes=MAX_UPLOAD_BYTES)
    app.add_middleware(SecurityHeaders)
    return app


def _status(exc: TidingsError) -> int:
    if isinstance(exc, NotFoundError):
        return 404
    if isinstance(exc, Unauthorized):
        return 401
    return 400


def error_body(code: str, message: str, **extra) -> dict:
    """The one error shape of the API: ``{"error": {"code", "message", ...}}``."""
    return {"error": {"code": code, "message": message, **extra}}


async def _tidings_error(request: Request, exc: TidingsError) -> JSONResponse:
    extra = {"suggestions": exc.suggestions} if isinstance(exc, NotFoundError) and exc.suggestions else {}
    if request.url.path.startswith("/api/") or _status(exc) == 401:
        headers = {"WWW-Authenticate": "Bearer"} if isinstance(exc, Unauthorized) else None
        return JSONResponse(error_body(exc.code, str(exc), **extra), status_code=_status(exc), headers=headers)
    return pages.error_page(request, exc, _status(exc))


async def _validation_error(_request: Request, exc: RequestValidationError) -> JSONResponse:
    problems = [f"{'.'.join(str(p) for p in e['loc'])}: {e['msg']}" for e in exc.errors()]
    return JSONResponse(error_body("T422", "; ".join(problems)), status_code=422)
