"""Pages of lists that are built whole (actors, edges): the cursor is the position after the last item."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from ..errors import StoreError
from ..read_models import Page

__all__ = ["offset_page"]

T = TypeVar("T")


def offset_page(items: Sequence[T], limit: int | None, cursor: str | None) -> Page:
    if cursor is not None and not cursor.isdigit():
        raise StoreError(f"cursor '{cursor[:40]}' is not one this API gave out")
    start = int(cursor) if cursor else 0
    end = start + limit if limit else len(items)
    return Page(items=list(items[start:end]), next_cursor=str(end) if end < len(items) else None)
