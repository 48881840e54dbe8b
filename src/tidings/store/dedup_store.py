"""Near-duplicate look-ups against stored documents: LSH band keys in SQL, verified on full signatures."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import and_, or_, select
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
    same_band = or_(*(and_(MinhashBandRow.band == band, MinhashBandRow.key == key) for band, key in enumerate(keys)))
    candidates = select(MinhashBandRow.document_id).where(same_band).distinct()
    rows = session.execute(select(DocumentRow.id, DocumentRow.minhash).where(DocumentRow.id.in_(candidates)))
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
    for band, key in enumerate(dedup.band_keys(values)):
        session.add(MinhashBandRow(document_id=row.id, band=band, key=key))
