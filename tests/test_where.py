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


# ---------------------------------------------------------------- places down to the village

# Rough boxes around countries (south, west, north, east): every entry of our tables must lie in its country's.
COUNTRY_BOXES = {
    "PSE": (31.2, 34.2, 32.6, 35.6), "ISR": (29.4, 34.2, 33.4, 35.9), "LBN": (33.0, 35.0, 34.7, 36.7),
    "SYR": (32.3, 35.6, 37.4, 42.4), "YEM": (12.0, 42.5, 19.0, 54.0), "UKR": (44.3, 22.1, 52.4, 40.3),
    "RUS": (41.0, 19.0, 82.0, 180.0), "SDN": (8.6, 21.8, 22.3, 38.7), "IRQ": (29.0, 38.7, 37.4, 48.7),
    "EGY": (22.0, 24.6, 31.7, 36.9), "BFA": (9.4, -5.6, 15.1, 2.5), "MLI": (10.1, -12.3, 25.0, 4.3),
    "NER": (11.6, 0.1, 23.6, 16.0), "SOM": (-1.7, 40.9, 12.0, 51.5), "COD": (-13.5, 12.2, 5.4, 31.4),
    "MMR": (9.5, 92.1, 28.6, 101.2),
}


def _km(location, lat: float, lon: float) -> float:
    from tidings.where import Place, distance_km

    return distance_km(Place("", "x", location.lat, location.lon), Place("", "x", lat, lon))


def test_conflict_places_table_is_valid_and_in_its_countries():
    from tidings.where import CONFLICT_PLACES_FILE

    entries = yaml.safe_load(CONFLICT_PLACES_FILE.read_text(encoding="utf-8"))["places"]
    assert len(entries) >= 250
    for entry in entries:
        assert entry["feature"] and entry.get("country") in (*COUNTRY_BOXES, None), entry["name"]
        if entry.get("country"):
            south, west, north, east = COUNTRY_BOXES[entry["country"]]
            assert south <= entry["lat"] <= north and west <= entry["lon"] <= east, entry["name"]
    names = {place_key(e["name"]) for e in entries}
    for required in ("jabalia camp", "nuseirat camp", "al maghazi camp", "al bureij camp", "shejaiya", "zeitoun",
                     "al mawasi", "tal as sultan", "jenin camp", "nur shams camp", "balata camp", "dahiyeh",
                     "ain al hilweh camp", "al hol camp", "zamzam camp", "netzarim corridor"):
        assert required in names, required


def test_variant_and_consonant_keys():
    from tidings.where import skeleton_key, variant_key

    assert variant_key("beyt lahiya") == variant_key("bayt lahya") == variant_key("beit lahiya") == "beit lahya"
    assert variant_key("deir el balah") == variant_key("dayr al balah") == "deir bala"
    assert variant_key("hodeidah") == variant_key("hodeida")
    assert variant_key("qalqiliya") == variant_key("qalqilya")
    assert skeleton_key(variant_key("khan younis")) == skeleton_key(variant_key("khan yunis")) == "khn ns"
    assert skeleton_key(variant_key("zeitoun")) == skeleton_key(variant_key("zaytun"))
    assert skeleton_key("gaza") == ""  # too few consonants to tell names apart


@pytest.mark.parametrize(
    ("text", "lat", "lon"),
    [
        ("Beit Lahia", 31.546, 34.495), ("Beyt Lahiya", 31.546, 34.495), ("Bayt Lahia", 31.546, 34.495),
        ("Khan Younis", 31.340, 34.306), ("Khan Yunis", 31.340, 34.306), ("Khan Younes", 31.340, 34.306),
        ("Deir el-Balah", 31.418, 34.350), ("Dayr al Balah", 31.418, 34.350), ("Jabaliya", 31.528, 34.484),
        ("Shujaiyya", 31.503, 34.484), ("Ash Shuja'iyah", 31.503, 34.484), ("Az-Zaytun", 31.491, 34.456),
        ("al-Maghazi camp", 31.422, 34.388), ("Tall as Sultan", 31.309, 34.235), ("Qalqiliya", 32.190, 34.971),
        ("Aqabat Jaber camp", 31.847, 35.436), ("Khuza'ah", 31.309, 34.360),
    ],
)
def test_gaza_and_west_bank_spellings_reach_the_place(gazetteer, text, lat, lon):
    location = gazetteer.lookup(text, doc_countries={"PSE", "ISR"})
    assert location is not None and location.country_code == "PSE", text
    assert _km(location, lat, lon) < 5, (text, location.name)


def test_document_countries_pick_the_local_reading(gazetteer):
    assert gazetteer.lookup("Tafas", doc_countries={"SYR"}).country_code == "SYR"
    assert gazetteer.lookup("Zeitoun", doc_countries={"PSE"}).name == "Zeitoun"
    # a town's own name beats another town's old name in the same set of countries (Engels was Pokrovsk)
    pokrovsk = gazetteer.lookup("Pokrovsk", doc_countries={"RUS", "UKR"})
    assert pokrovsk.country_code == "UKR" and _km(pokrovsk, 48.28, 37.18) < 10


def _events_places(nlp, gazetteer, text: str, words: list[str], countries=frozenset({"ISR", "PSE"})):
    doc = nlp(text)
    found = {}
    for word in words:
        trigger = _trigger(doc, word)
        found[word] = gazetteer.locate_event(trigger.sent, trigger, doc_countries=set(countries))
    return found


def test_object_of_a_verb_of_force_is_the_place(nlp, gazetteer):
    found = _events_places(nlp, gazetteer, "On 3 May 2024, Israeli tanks shelled Beit Hanoun in North Gaza.",
                           ["shelled"])
    assert found["shelled"] is not None and found["shelled"].name == "Beit Hanoun"  # the town, not its governorate
    found = _events_places(nlp, gazetteer, "Israeli aircraft dropped bombs on Al-Bureij camp overnight.", ["dropped"])
    assert found["dropped"] is not None and found["dropped"].name == "Al-Bureij camp"


def test_event_noun_and_participle_share_the_clause_place(nlp, gazetteer):
    text = "On 9 May 2024, Israeli forces launched a raid on Balata camp, arresting six young men."
    found = _events_places(nlp, gazetteer, text, ["raid", "arresting"])
    assert all(loc is not None and loc.name == "Balata camp" for loc in found.values()), found
    text = "An Israeli airstrike hit a car in Az-Zawayda, killing two brothers."
    found = _events_places(nlp, gazetteer, text, ["airstrike", "hit", "killing"])
    assert all(loc is not None and loc.name == "Az-Zawayda" for loc in found.values()), found


def test_most_specific_place_of_a_chain_wins(nlp, gazetteer):
    text = "Israeli warplanes struck a school in Shati camp, Gaza City, Gaza Strip, Palestine."
    location = _events_places(nlp, gazetteer, text, ["struck"])["struck"]
    assert location is not None and location.name == "Al-Shati camp" and location.feature == "camp"


def test_a_one_locale_document_lends_its_place_to_sentences_without_one(nlp, gazetteer):
    text = "On 2 March 2024, Israeli forces shelled Khuzaa, east of Khan Younis. Two farmers were killed."
    location = _events_places(nlp, gazetteer, text, ["killed"])["killed"]
    assert location is not None and location.name == "Khuza'a"
    text = ("On 2 March 2024, Israeli forces shelled Khuzaa. Hezbollah fired rockets at Kiryat Shmona. "
            "Two farmers were killed.")
    assert _events_places(nlp, gazetteer, text, ["killed"], {"ISR", "PSE", "LBN"})["killed"] is None


def test_a_qualifier_corrects_a_far_away_reading(nlp, gazetteer):
    text = "A Houthi sniper shot a boy in the Al-Dhabab area of Taiz, Yemen."
    location = _events_places(nlp, gazetteer, text, ["shot"], {"YEM"})["shot"]
    assert location is not None and _km(location, 13.58, 44.02) < 25, location


def test_places_ner_mistakes_for_persons_are_still_places(nlp, gazetteer):
    text = "On 8 January 2025, an Israeli drone strike killed three Palestinians in Tammun, Tubas governorate."
    location = _events_places(nlp, gazetteer, text, ["killed"])["killed"]
    assert location is not None and _km(location, 32.283, 35.383) < 5
    text = "On 20 June 2024, Russian forces launched an assault on Toretsk, Donetsk oblast."
    location = _events_places(nlp, gazetteer, text, ["assault"], {"RUS"})["assault"]
    assert location is not None and location.country_code == "UKR" and _km(location, 48.40, 37.85) < 10


def test_junk_alternate_names_of_actors_are_no_places(nlp, gazetteer):
    # GeoNames lists "Hamas" as a name of Hamm, Germany: an armed group attacked is not a German town
    assert _events_places(nlp, gazetteer, "Israeli forces attacked Hamas.", ["attacked"])["attacked"] is None


def test_a_place_is_never_a_person(nlp):
    from tidings.actors.places import is_known_place
    from tidings.actors.resolve import ActorResolver
    from tidings.records import ActorIndex

    assert is_known_place("Beit Lahia") and is_known_place("Nuseirat camp") and is_known_place("Deir Sharaf")
    assert not is_known_place("Tal Becker") and not is_known_place("Benjamin Netanyahu")
    # towns of two words or more are places; one-word town names are too often people's names
    assert is_known_place("El Obeid") and is_known_place("Port Sudan")
    assert not is_known_place("Hassan") and not is_known_place("Rubio") and not is_known_place("White House")
    resolver = ActorResolver.load()
    for text in ("On 12 March 2024, Israeli forces shelled Beit Lahia in North Gaza.",
                 "Israeli troops raided Kamal Adwan hospital and Al-Shifa hospital."):
        actors = ActorIndex(resolver.resolve(nlp(text))).actors
        assert not [a for a in actors if a.kind == "person"], [(a.name, a.kind) for a in actors]


def test_nested_place_phrases_and_their_limits(nlp, gazetteer):
    text = "On 1 June 2024, the IDF carried out an airstrike on a house in Az-Zawayda, Deir al-Balah."
    location = _events_places(nlp, gazetteer, text, ["carried"])["carried"]
    assert location is not None and location.name == "Az-Zawayda"
    text = "Like Islamic State fighters operating in Syria and Iraq, the jihadists in Gaza reject national borders."
    assert _events_places(nlp, gazetteer, text, ["reject"], {"SYR", "IRQ", "PSE"})["reject"] is None


def test_leaving_a_place_and_a_direction_off_the_verb(nlp, gazetteer):
    text = "On 12 July 2024, Israeli forces withdrew from Tal al-Hawa, leaving dozens of bodies behind."
    location = _events_places(nlp, gazetteer, text, ["withdrew"])["withdrew"]
    assert location is not None and location.name == "Tel al-Hawa"
    text = "On 13 January 2024, Palestinian fighters fired mortar rounds at Israeli troops east of Bureij camp."
    location = _events_places(nlp, gazetteer, text, ["fired"])["fired"]
    assert location is not None and location.name == "Al-Bureij camp"


def test_subject_event_noun_lends_its_place(nlp, gazetteer):
    text = "On 3 March 2024, Israeli airstrikes across the Gaza Strip killed at least 90 Palestinians."
    location = _events_places(nlp, gazetteer, text, ["killed"])["killed"]
    assert location is not None and location.name == "Gaza Strip" and location.lat is not None


def test_country_gives_way_to_the_one_locale_of_the_document(nlp, gazetteer):
    text = "On 22 January 2024, Israeli forces shelled houses in Lebanon. The shells hit Kfar Kila, Marjayoun district."
    location = _events_places(nlp, gazetteer, text, ["shelled"], {"ISR", "LBN"})["shelled"]
    assert location is not None and location.name == "Kfar Kila" and location.lat is not None
    # two locales: the country stays (no invented point)
    text = "Israeli forces shelled houses in Lebanon. Hamas fired rockets at Sderot."
    location = _events_places(nlp, gazetteer, text, ["shelled"], {"ISR", "LBN", "PSE"})["shelled"]
    assert location is not None and location.feature == "country" and location.lat is None


def test_material_event_takes_its_sentence_place_in_a_one_locale_document(nlp, gazetteer):
    text = "On 4 March 2024, three Palestinians were killed when Israeli aircraft bombed a house in Beit Lahia."
    location = _events_places(nlp, gazetteer, text, ["killed"])["killed"]
    assert location is not None and location.name == "Beit Lahia"
    # a statement is not located by the place of its speakers
    assert _events_places(nlp, gazetteer, "Hamas leaders in Gaza condemned the decision.", ["condemned"])[
        "condemned"] is None


def test_a_neighbourhood_is_more_specific_than_its_city(nlp, gazetteer):
    text = "On 4 October 2024, Israeli aircraft bombed a house in Gaza City's Sheikh Radwan neighbourhood."
    location = _events_places(nlp, gazetteer, text, ["bombed"])["bombed"]
    assert location is not None and location.name == "Sheikh Radwan"


def test_institutions_are_not_small_towns_of_the_same_name(nlp, gazetteer):
    usa = {"USA"}
    assert _events_places(nlp, gazetteer, "Lawmakers passed the sanctions bill in Congress on Tuesday.",
                          ["passed"], usa)["passed"] is None  # not Congress, Arizona
    location = _events_places(nlp, gazetteer, "Netanyahu met Biden at the White House.", ["met"], usa)["met"]
    assert location is not None and location.country_code == "USA" and _km(location, 38.8977, -77.0365) < 2
    # consonant matching is for transliterated names only: the Knesset is not Kensett, Arkansas
    assert gazetteer.lookup("Knesset", doc_countries=usa).country_code == "ISR"
    assert gazetteer.lookup("Zaytun", doc_countries={"PSE"}).name == "Zeitoun"


def test_city_dash_neighbourhood_as_conflict_data_writes_places(nlp, gazetteer):
    text = "On 20 April 2024, an Israeli airstrike hit a family home in Rafah - Ash Shaboura Camp, killing 9 people."
    location = _events_places(nlp, gazetteer, text, ["hit"])["hit"]
    assert location is not None and location.name == "Al-Shaboura camp"


def test_organisations_of_english_speaking_countries_are_not_their_namesake_towns(nlp, gazetteer):
    usa = {"USA"}
    assert _events_places(nlp, gazetteer, "The senator spoke at Harvard on Monday.", ["spoke"], usa)["spoke"] is None
    assert _events_places(nlp, gazetteer, "Protesters rallied at Columbia on Monday.", ["rallied"], usa)[
        "rallied"] is None
