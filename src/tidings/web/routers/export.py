"""``GET /api/export/{format}``: the filtered events as a download, in every format ``tidings export`` writes."""

from __future__ import annotations

import shutil
import tempfile
from pathlib import Path

from fastapi import APIRouter, Depends
from fastapi.responses import FileResponse
from starlette.background import BackgroundTask

from ...api import Workspace
from ...errors import ExportError
from ...export import EXPORT_FORMATS
from ...read_models import EventQuery
from ..deps import event_query, workspace

router = APIRouter(prefix="/api/export", tags=["export"])

SINGLE_FILE = {"stix": ("tidings-stix.json", "application/json"), "gexf": ("tidings.gexf", "application/xml"),
               "graphml": ("tidings.graphml", "application/xml")}


@router.get("/{fmt}", response_class=FileResponse)
def export(fmt: str, query: EventQuery = Depends(event_query), ws: Workspace = Depends(workspace)) -> FileResponse:
    """STIX 2.1, GEXF and GraphML as one file; CSV, Parquet and JSONL tables (events, actors, edges) as a zip."""
    if fmt not in EXPORT_FORMATS:
        raise ExportError(f"unknown export format '{fmt}' (one of: {', '.join(EXPORT_FORMATS)})")
    folder = Path(tempfile.mkdtemp(prefix="tidings-export-"))
    cleanup = BackgroundTask(shutil.rmtree, folder, ignore_errors=True)
    try:
        if fmt in SINGLE_FILE:
            name, media = SINGLE_FILE[fmt]
            ws.export(fmt, folder / name, **query.filters())
            return FileResponse(folder / name, media_type=media, filename=name, background=cleanup)
        ws.export(fmt, folder / "tables", **query.filters())
        archive = shutil.make_archive(str(folder / f"tidings-{fmt}"), "zip", folder / "tables")
        return FileResponse(archive, media_type="application/zip", filename=f"tidings-{fmt}.zip", background=cleanup)
    except BaseException:
        shutil.rmtree(folder, ignore_errors=True)
        raise
