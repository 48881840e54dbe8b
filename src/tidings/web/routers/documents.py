"""``/api/documents``: stored documents and one document's metadata and text."""

from __future__ import annotations

from fastapi import APIRouter, Depends, Query

from ...api import Workspace
from ...read_models import DocumentDetail, DocumentSummary, Page
from ..deps import page_limit, workspace

router = APIRouter(prefix="/api/documents", tags=["documents"])


@router.get("", response_model=Page[DocumentSummary])
def list_documents(status: list[str] = Query([]), limit: int = Depends(page_limit),
                   cursor: str | None = Query(None, description="next_cursor of the previous page"),
                   ws: Workspace = Depends(workspace)) -> Page[DocumentSummary]:
    """Documents in the order they were stored."""
    return ws.list_documents(status=status or None, limit=limit, cursor=cursor)


@router.get("/{document_id}", response_model=DocumentDetail)
def get_document(document_id: int, text: bool = Query(False, description="Include the cleaned text"),
                 ws: Workspace = Depends(workspace)) -> DocumentDetail:
    return ws.document(document_id, with_text=text)
