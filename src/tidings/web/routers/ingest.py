"""``POST /api/ingest``: upload files, paste text, submit URLs and feeds; ``GET /api/ingest/{job}``: progress."""

from __future__ import annotations

from pathlib import Path

from fastapi import APIRouter, Depends, File, Form, Request, UploadFile

from ...errors import NotFoundError, SourceError
from ..jobs import UPLOAD_SUFFIXES, IngestJobView
from ..security import require_token

router = APIRouter(prefix="/api/ingest", tags=["ingest"])

MAX_ITEMS = 200


@router.post("", response_model=IngestJobView, status_code=202, dependencies=[Depends(require_token)])
async def start_ingest(request: Request, files: list[UploadFile] = File(default=[]),
                       text: str = Form(default=""), urls: str = Form(default="", description="One per line"),
                       feeds: str = Form(default="", description="One per line")) -> IngestJobView:
    """Start a job; poll ``GET /api/ingest/{job_id}`` for its progress and per-item outcomes."""
    url_list = _lines(urls)
    feed_list = _lines(feeds)
    if not (files or text.strip() or url_list or feed_list):
        raise SourceError("nothing to ingest: upload files, paste text, or give URLs or feeds")
    if len(files) + len(url_list) + len(feed_list) > MAX_ITEMS:
        raise SourceError(f"at most {MAX_ITEMS} items per job")
    jobs = request.app.state.jobs
    folder = jobs.new_folder() if files or text.strip() else None
    sources = [await _save(upload, folder, i) for i, upload in enumerate(files)]
    if text.strip():
        pasted = folder / "pasted.txt"
        pasted.write_text(text, encoding="utf-8")
        sources.append(str(pasted))
    return jobs.submit(sources + url_list, feed_list, folder)


@router.get("/{job_id}", response_model=IngestJobView)
def job_progress(job_id: str, request: Request) -> IngestJobView:
    job = request.app.state.jobs.get(job_id)
    if job is None:
        raise NotFoundError(f"no ingest job '{job_id}' on this server")
    return job


def _lines(value: str) -> list[str]:
    return [line.strip() for line in value.splitlines() if line.strip()]


async def _save(upload: UploadFile, folder: Path, index: int) -> str:
    """The upload under a name we choose: its own name only lends a known suffix (no path from outside)."""
    suffix = Path(upload.filename or "").suffix.lower()
    path = folder / f"upload-{index:03d}{suffix if suffix in UPLOAD_SUFFIXES else '.txt'}"
    path.write_bytes(await upload.read())
    return str(path)
