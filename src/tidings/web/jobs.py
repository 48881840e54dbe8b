"""Ingest as a background job: uploads, pasted text, URLs and feeds go in; progress comes out per document.

Jobs run one at a time on one worker thread, so the NLP pipeline is loaded once (on the first job) and
SQLite sees one writer. Uploaded files live in a private temporary folder until their job ends.
"""

from __future__ import annotations

import logging
import shutil
import tempfile
import threading
import uuid
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, Field

from ..api import Workspace
from ..config import Settings
from ..errors import TidingsError
from ..records import IngestOutcome

__all__ = ["IngestJobView", "IngestJobs", "UPLOAD_SUFFIXES"]

log = logging.getLogger(__name__)

# What an upload may be read as; anything else is read as text (its name never reaches the file system).
UPLOAD_SUFFIXES = (".html", ".htm", ".txt", ".jsonl", ".xml", ".rss", ".atom", ".warc", ".gz")


class IngestJobView(BaseModel):
    """One ingest job and how far it got."""

    job_id: str
    status: Literal["queued", "running", "done", "failed"] = "queued"
    sources: int = Field(description="Items submitted (a feed or folder may hold more)")
    done: int = 0
    outcomes: list[IngestOutcome] = Field(default_factory=list)
    error: str | None = None
    created_at: str


class IngestJobs:
    """The jobs of one running server."""

    def __init__(self, workspace: Workspace, settings: Settings):
        self.workspace, self.settings = workspace, settings
        self._jobs: dict[str, IngestJobView] = {}
        self._lock = threading.Lock()
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="tidings-ingest")
        self._pipeline = None

    def new_folder(self) -> Path:
        return Path(tempfile.mkdtemp(prefix="tidings-upload-"))

    def submit(self, sources: list[str], feeds: list[str], folder: Path | None) -> IngestJobView:
        job = IngestJobView(job_id=uuid.uuid4().hex[:12], sources=len(sources) + len(feeds),
                            created_at=datetime.now(UTC).isoformat())
        with self._lock:
            self._jobs[job.job_id] = job
        self._executor.submit(self._run, job, sources, feeds, folder)
        return job

    def get(self, job_id: str) -> IngestJobView | None:
        with self._lock:
            job = self._jobs.get(job_id)
            return job.model_copy(deep=True) if job else None

    def _run(self, job: IngestJobView, sources: list[str], feeds: list[str], folder: Path | None) -> None:
        job.status = "running"

        def on_progress(outcome: IngestOutcome) -> None:
            with self._lock:
                job.outcomes.append(outcome)
                job.done += 1

        try:
            if self._pipeline is None:
                from ..pipeline import Pipeline

                self._pipeline = Pipeline.load(self.settings)
            self.workspace.ingest(sources, settings=self.settings, feeds=feeds, on_progress=on_progress,
                                  pipeline=self._pipeline)
            job.status = "done"
        except TidingsError as exc:
            job.status, job.error = "failed", str(exc)
        except Exception as exc:  # noqa: BLE001 - a job's failure is reported on the job, never kills the server
            log.exception("ingest job %s failed", job.job_id)
            job.status, job.error = "failed", f"{type(exc).__name__}: {exc}"
        finally:
            if folder is not None:
                shutil.rmtree(folder, ignore_errors=True)

    def close(self) -> None:
        self._executor.shutdown(wait=False, cancel_futures=True)
