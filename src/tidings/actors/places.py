"""Names of known places, which are never persons or organisations.

Known: every name and alias of our place tables (``data/places.yaml``: regions and physical features;
``data/conflict_places.yaml``: camps, neighbourhoods, villages, crossings of conflict zones), our extra
spellings of GeoNames cities (``data/place_aliases.yaml``), names of two words or more that open with a
word that begins only place names in Arabic and Hebrew ("Beit Lahia", "Deir Sharaf", "Kfar Kila",
"Khirbet Zanuta": the ``toponym_prefixes`` of ``data/place_words.yaml``), and names of two words or
more of GeoNames towns of 10,000+ people ("El Obeid"), whatever NER tagged them. Names that stand for
a government (``data/seats_of_government.yaml``: "the White House", "the Kremlin") are actors, never
known places here. Matching ignores case, accents, dots, apostrophes, hyphens and a leading "the".
"""

from __future__ import annotations

import functools
import re
import unicodedata
from pathlib import Path

import yaml

from ..errors import KnowledgeBaseError

__all__ = ["PLACES_FILE", "PLACE_FILES", "WORDS_FILE", "is_known_place", "place_names", "toponym_prefixes",
           "town_names"]

DATA_DIR = Path(__file__).resolve().parents[1] / "data"
PLACES_FILE = DATA_DIR / "places.yaml"
# Tables of places (entries with a name and aliases) and of city spellings (entries with aliases).
PLACE_FILES = (PLACES_FILE, DATA_DIR / "conflict_places.yaml", DATA_DIR / "place_aliases.yaml")
WORDS_FILE = DATA_DIR / "place_words.yaml"
SEATS_FILE = DATA_DIR / "seats_of_government.yaml"
MIN_TOWN_POPULATION = 10000
_DROPPED = re.compile(r"[.'\u2018\u2019`\u02bb\u02bc]")
_SEPARATORS = re.compile(r"[\s\-\u2010\u2011\u2013]+")


def _fold(name: str) -> str:
    """Case, accents, dots, apostrophes, hyphens and a leading "the" ignored: "the Golan-Heights" -> "golan heights"."""
    folded = unicodedata.normalize("NFKD", name)
    folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = _SEPARATORS.sub(" ", _DROPPED.sub("", folded)).strip()
    return folded[4:] if folded.startswith("the ") else folded


def _read(path: Path) -> dict:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read the places table: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"{path}: the places table must hold a mapping")
    return data


@functools.lru_cache(maxsize=1)
def place_names() -> frozenset[str]:
    """Every name and alias of our place tables and city spellings, folded; read once per process.
    Country spellings are left out: a country's name is also its state, an actor."""
    names: set[str] = set()
    for path in PLACE_FILES:
        data = _read(path)
        for entry in [*(data.get("places") or []), *(data.get("cities") or [])]:
            names.update(_fold(str(n)) for n in [entry.get("name", ""), *(entry.get("aliases") or [])] if n)
    names.discard("")
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def toponym_prefixes() -> frozenset[str]:
    """First words that open only place names ("beit", "deir", "kfar" ...), folded."""
    return frozenset(_fold(str(w)) for w in _read(WORDS_FILE).get("toponym_prefixes") or [])


@functools.lru_cache(maxsize=1)
def government_seats() -> frozenset[str]:
    """Names of buildings that stand for a government ("White House"), folded: actors, not places, here."""
    names: set[str] = set()
    for entry in _read(SEATS_FILE).get("places") or []:
        names.update(_fold(str(n)) for n in [entry.get("name", ""), *(entry.get("aliases") or [])] if n)
    return frozenset(names)


@functools.lru_cache(maxsize=1)
def town_names() -> dict[str, int]:
    """Own names of GeoNames towns of 10,000+ people (``tidings.where.town_names``, a small cached index)."""
    from ..where import town_names as gazetteer_towns

    return gazetteer_towns(MIN_TOWN_POPULATION)


def is_known_place(name: str) -> bool:
    """True when our tables know this name ("Golan Heights", "the Sinai", "Nuseirat camp"), it opens with a
    word that begins only place names ("Beit Lahia"), or it is the name of two words or more of a town of
    10,000+ people ("El Obeid", "Port Sudan"), whatever NER tagged it. One-word town names are left out:
    too many are also people's names (Hassan, Austin, Rubio, Salem)."""
    folded = _fold(name)
    if folded in place_names():
        return True
    words = folded.split()
    if len(words) < 2 or folded in government_seats():
        return False
    return words[0] in toponym_prefixes() or folded in town_names()
