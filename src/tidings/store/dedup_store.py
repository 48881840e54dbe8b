"""Near-duplicate look-ups against stored documents: LSH band keys in SQL, verified on full signatures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import insert, select
from sqlalchemy.orm import Session

from ..ingest import dedup
from .models import DocumentRow, MinhashBandRow

__all__ = ["NearMatch", "find_near_duplicate", "index_signature"]


@dataclass
class NearMatch:
    """A text's signature and, when one was found, the stored original it nearly duplicates."""

    signature: bytes
    document_id: int | None = None
    similarity: float = 0.0


def find_near_duplicate(session: Session, text: str | None, threshold: float) -> NearMatch:
    """The most similar indexed document with estimated Jaccard >= ``threshold``, if any."""
    values = dedup.signature(text or "")
    match = NearMatch(signature=dedup.signature_bytes(values))
    if not dedup.shingles(text or ""):
        return match  # nothing to compare: an empty text is nobody's duplicate
    keys = dedup.band_keys(values)
    # One indexed IN over the keys; the band check happens here (cheaper than 32 OR-ed pairs in SQL).
    hits = session.execute(select(MinhashBandRow.document_id, MinhashBandRow.band, MinhashBandRow.key).where(
        MinhashBandRow.key.in_(keys)
    ))
    candidates = {document_id for document_id, band, key in hits if keys[band] == key}
    if not candidates:
        return match
    rows = session.execute(select(DocumentRow.id, DocumentRow.minhash).where(DocumentRow.id.in_(sorted(candidates))))
    for document_id, stored in rows:
        if stored is None:
            continue
        similarity = dedup.estimate_jaccard(values, dedup.signature_from_bytes(stored))
        if similarity >= threshold and similarity > match.similarity:
            match.document_id, match.similarity = document_id, similarity
    return match


def index_signature(session: Session, row: DocumentRow) -> None:
    """Make a stored original findable by later near-duplicates (its row must have an id)."""
    if row.minhash is None or not dedup.shingles(row.text or ""):
        return
    values = dedup.signature_from_bytes(row.minhash)
    # A core executemany: 32 small rows per document are not worth the ORM's unit of work.
    session.execute(insert(MinhashBandRow), [
        {"document_id": row.id, "band": band, "key": key} for band, key in enumerate(dedup.band_keys(values))
    ])
