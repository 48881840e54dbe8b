"""The gazetteer and event locations: our places table, aliases, geonames disambiguation (real spaCy model)."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from tidings.errors import KnowledgeBaseError
from tidings.where import ALIASES_FILE, PLACES_FILE, Gazetteer, place_key

SEED_COUNTRIES = frozenset({"EGY", "ISR", "PSE"})


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return Gazetteer.load()


def _trigger(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


def _locate(nlp, gazetteer, text: str, word: str, countries=SEED_COUNTRIES):
    doc = nlp(text)
    trigger = _trigger(doc, word)
    return gazetteer.locate_event(trigger.sent, trigger, doc_countries=set(countries))


def test_places_table_is_complete_and_valid():
    entries = yaml.safe_load(PLACES_FILE.read_text(encoding="utf-8"))["places"]
    assert len(entries) >= 60
    for entry in entries:
        assert -90 <= entry["lat"] <= 90 and -180 <= entry["lon"] <= 180, entry["name"]
        assert entry.get("country") is None or len(entry["country"]) == 3, entry["name"]
    names = {place_key(e["name"]) for e in entries}
    for required in ("sinai peninsula", "gaza strip", "west bank", "golan heights", "mediterranean sea", "red sea",
                     "persian gulf", "strait of hormuz", "donbas", "crimea", "darfur", "sahel", "kashmir"):
        assert required in names


@pytest.mark.parametrize(
    ("text", "name", "feature", "country"),
    [
        ("al-Arish", "Arīsh", "city", "EGY"),
        ("El Arish", "Arīsh", "city", "EGY"),
        ("Arish", "Arīsh", "city", "EGY"),
        ("Sinai", "Sinai Peninsula", "peninsula", "EGY"),
        ("the Sinai Peninsula", "Sinai Peninsula", "peninsula", "EGY"),
        ("Gaza", "Gaza Strip", "strip", "PSE"),
        ("Mediterranean Sea", "Mediterranean Sea", "sea", None),
        ("Kiev", "Kyiv", "city", "UKR"),
        ("Damascus", "Damascus", "city", "SYR"),
        ("the Middle East", "Middle East", "region", None),
        ("Gaza City", "Gaza", "city", "PSE"),
    ],
)
def test_lookup_resolves_with_coordinates(gazetteer, text, name, feature, country):
    location = gazetteer.lookup(text, doc_countries=SEED_COUNTRIES)
    assert location is not None
    assert (location.text, location.name, location.feature, location.country_code) == (text, name, feature, country)
    assert location.lat is not None and location.lon is not None


def test_arish_points_at_the_egyptian_city(gazetteer):
    location = gazetteer.lookup("al-Arish")
    assert location.geonameid == 361546
    assert 31.0 < location.lat < 31.3 and 33.6 < location.lon < 34.0


def test_countries_use_alpha3_and_carry_no_invented_coordinates(gazetteer):
    egypt = gazetteer.lookup("Egypt")
    assert (egypt.country_code, egypt.feature, egypt.lat, egypt.lon) == ("EGY", "country", None, None)
    assert gazetteer.lookup("U.S.").country_code == "USA"
    assert gazetteer.lookup("Britain").country_code == "GBR"


def test_document_countries_disambiguate_a_shared_name(gazetteer):
    assert gazetteer.lookup("Paris").country_code == "FRA"
    assert gazetteer.lookup("Paris", doc_countries={"USA"}).country_code == "USA"
    assert gazetteer.lookup("Tripoli", doc_countries={"LBN"}).country_code == "LBN"
    assert gazetteer.lookup("Tripoli", doc_countries={"LBY"}).country_code == "LBY"
    assert gazetteer.lookup("Rafah", doc_countries={"EGY"}).country_code == "EGY"
    assert gazetteer.lookup("Rafah", doc_countries={"PSE"}).country_code == "PSE"


def test_unknown_names_give_none(gazetteer):
    assert gazetteer.lookup("Zzyzxqwv") is None
    assert gazetteer.lookup("") is None


def test_location_introduced_by_off_the_coast_of(nlp, gazetteer):
    text = "Missiles were used in the sinking of an Egyptian patrol boat off the coast of al-Arish."
    location = _locate(nlp, gazetteer, text, "sinking")
    assert location is not None and location.text == "al-Arish" and location.country_code == "EGY"


def test_location_of_the_object_phrase(nlp, gazetteer):
    text = "Injured fighters might receive medical treatment in Gaza."
    location = _locate(nlp, gazetteer, text, "receive")
    assert location is not None and location.text == "Gaza" and location.name == "Gaza Strip"


def test_location_through_an_infinitive(nlp, gazetteer):
    text = "Egypt waged a massive military campaign to defeat Islamic State in the Sinai."
    location = _locate(nlp, gazetteer, text, "waged")
    assert location is not None and location.text == "Sinai" and location.feature == "peninsula"


def test_actor_use_of_a_country_is_not_a_location(nlp, gazetteer):
    assert _locate(nlp, gazetteer, "Egypt's military said it arrested the smugglers.", "arrested") is None
    assert _locate(nlp, gazetteer, "Washington imposed sanctions on Iran.", "imposed", {"USA", "IRN"}) is None


def test_subject_location_is_where_the_actor_is_not_the_event(nlp, gazetteer):
    text = "Hamas leaders in Gaza condemned the decision."
    assert _locate(nlp, gazetteer, text, "condemned") is None


def test_place_of_another_clause_is_not_used(nlp, gazetteer):
    text = "Israel accused Hamas, which operates in Gaza, of breaking the truce."
    assert _locate(nlp, gazetteer, text, "accused", {"ISR", "PSE"}) is None


def test_fronted_place_covers_coordinated_events(nlp, gazetteer):
    text = "In Rafah, Egyptian forces closed the tunnels and arrested smugglers."
    for word in ("closed", "arrested"):
        location = _locate(nlp, gazetteer, text, word, {"EGY", "PSE"})
        assert location is not None and location.text == "Rafah"


def test_region_from_our_table_wins_over_the_country(nlp, gazetteer):
    text = "The army demolished more than 1,110 homes on Egypt's side of the Gaza border."
    location = _locate(nlp, gazetteer, text, "demolished")
    assert location is not None and location.feature == "border"


def test_broken_places_file_raises_a_clear_error(tmp_path: Path):
    broken = tmp_path / "places.yaml"
    broken.write_text("places:\n  - {name: Nowhere, feature: region}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="needs name, feature, lat and lon"):
        Gazetteer.load(places_file=broken, aliases_file=ALIASES_FILE)
    bad_alias = tmp_path / "aliases.yaml"
    bad_alias.write_text("countries:\n  - {iso3: XXX, aliases: [Narnia]}\n", encoding="utf-8")
    with pytest.raises(KnowledgeBaseError, match="not an ISO alpha-3"):
        Gazetteer.load(places_file=PLACES_FILE, aliases_file=bad_alias)


def test_every_city_alias_points_at_a_real_city(gazetteer):
    aliases = yaml.safe_load(ALIASES_FILE.read_text(encoding="utf-8"))["cities"]
    for entry in aliases:
        for alias in entry["aliases"]:
            location = gazetteer.lookup(alias)
            assert location is not None and location.geonameid == entry["geonameid"], alias


def test_seed_locations(nlp, gazetteer, seed_path):
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    expected = {"sinking": "al-Arish", "receive": "Gaza", "waged": "Sinai"}
    for word, place in expected.items():
        trigger = _trigger(doc, word)
        location = gazetteer.locate_event(trigger.sent, trigger, doc_countries=set(SEED_COUNTRIES))
        assert location is not None and place in location.text, word
        assert location.lat is not None


def test_long_sentence_is_handled(nlp, gazetteer):
    text = "Officials said " + ", ".join(f"troops {i} moved into Gaza" for i in range(100)) + "."
    doc = nlp(text)
    trigger = _trigger(doc, "said")
    gazetteer.locate_event(doc[:], trigger, doc_countries=set())
