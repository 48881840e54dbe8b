"""The SQL store: documents, actors, mentions and events behind one :class:`Store` (SQLite or PostgreSQL).

``open_store(url)`` creates or migrates the database and returns a :class:`Store`; ``Store.ingest``
reads, cleans, deduplicates, extracts and saves sources in transactional batches.
"""

from __future__ import annotations

from .core import DocumentDetail, DocumentSummary, Store, open_store
from .models import Base

__all__ = ["Base", "DocumentDetail", "DocumentSummary", "Store", "open_store"]
