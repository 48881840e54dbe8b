"""Names of known places and physical features (the shipped places table), which are never persons or organisations."""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

from ..errors import KnowledgeBaseError

__all__ = ["PLACES_FILE", "is_known_place", "place_names"]

PLACES_FILE = Path(__file__).resolve().parents[1] / "data" / "places.yaml"
_DROPPED = re.compile(r"[.'\u2019]")
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2013]+")


def _fold(name: str) -> str:
    """Case, accents, dots, apostrophes, hyphens and a leading "the" ignored: "the Golan-Heights" -> "golan heights"."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = _SEPARATORS.sub(" ", _DROPPED.sub("", folded)).strip()
    return folded[4:] if folded.startswith("the ") else folded


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every name and alias of the places table, folded; read once per process."""
    try:
        data = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{PLACES_FILE}: cannot read the places table: {exc}") from exc
    names: set[str] = set()
    for place in data.get("places", []):
        names.update(_fold(n) for n in [place.get("name", ""), *place.get("aliases", [])] if n)
    return frozenset(names)


def is_known_place(name: str) -> bool:
    """True when the places table knows this name ("Golan Heights", "the Sinai"), whatever NER tagged it."""
    return _fold(name) in place_names()
