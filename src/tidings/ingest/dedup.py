"""Near-duplicate detection: word-shingle MinHash signatures, LSH band keys and Jaccard estimates.

Pure functions over text; the store persists signatures and band keys so detection works across runs.
"""

from __future__ import annotations

import hashlib
import re

import numpy as np
from datasketch import MinHash

__all__ = [
    "SHINGLE_WORDS",
    "NUM_PERM",
    "BANDS",
    "shingles",
    "signature",
    "signature_bytes",
    "signature_from_bytes",
    "band_keys",
    "estimate_jaccard",
]

# 5-word shingles: long enough that shared boilerplate phrases do not make unrelated articles look alike.
SHINGLE_WORDS = 5
NUM_PERM = 128
# 32 bands x 4 rows: a pair at Jaccard 0.9 shares a band with probability ~1 - 1e-12,
# at 0.5 with ~0.87 and at 0.2 with ~0.05 — candidates are then verified on the full signature.
BANDS = 32
ROWS = NUM_PERM // BANDS
# A fixed seed: signatures stored by one run must be comparable with those computed by the next.
SEED = 1

WORD = re.compile(r"\w+", re.UNICODE)


def shingles(text: str, size: int = SHINGLE_WORDS) -> set[str]:
    """The set of lower-cased ``size``-word shingles of ``text`` (the whole text when shorter)."""
    words = WORD.findall(text.lower())
    if len(words) <= size:
        return {" ".join(words)} if words else set()
    return {" ".join(words[i : i + size]) for i in range(len(words) - size + 1)}


def signature(text: str) -> np.ndarray:
    """The MinHash signature (``NUM_PERM`` unsigned 64-bit values) of the text's shingles."""
    minhash = MinHash(num_perm=NUM_PERM, seed=SEED)
    minhash.update_batch([s.encode("utf-8") for s in sorted(shingles(text))])
    return minhash.hashvalues.astype(np.uint64)


def signature_bytes(values: np.ndarray) -> bytes:
    """Portable little-endian bytes of a signature, for a binary column."""
    return values.astype("<u8").tobytes()


def signature_from_bytes(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<u8").astype(np.uint64)


def band_keys(values: np.ndarray) -> list[int]:
    """One key per LSH band: a signed 63-bit hash of the band's rows (fits a BIGINT column anywhere)."""
    keys = []
    for band in range(BANDS):
        chunk = values[band * ROWS : (band + 1) * ROWS].astype("<u8").tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        keys.append(int.from_bytes(digest, "little") >> 1)
    return keys


def estimate_jaccard(a: np.ndarray, b: np.ndarray) -> float:
    """Estimated Jaccard similarity of two texts' shingle sets from their signatures."""
    if a.shape != b.shape:
        return 0.0
    return float(np.count_nonzero(a == b)) / float(len(a))
