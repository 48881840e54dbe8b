"""Checks on the shipped actor knowledge base data files: they parse, link up, are big enough and resolve right."""

from __future__ import annotations

import re
from collections import defaultdict
from pathlib import Path

import pytest
import yaml

from tidings.actors.kb import DATA_DIR, KB_KINDS, is_acronym, load_kb, read_kb_file

DATA_FILES = sorted(Path(DATA_DIR).glob("*.yaml"))
PLOVER_SECTORS = {
    "MIL",
    "GOV",
    "COP",
    "REB",
    "PTY",
    "JUD",
    "LEG",
    "IGO",
    "NGO",
    "BUS",
    "CVL",
    "JRN",
    "EDU",
    "MED",
    "REL",
    "SPY",
    "ELI",
    "LAB",
    "AGR",
    "REF",
    "UAF",
    "SEP",
    "INS",
    "OPP",
    "MOD",
    "RAD",
    "HLH",
    "CRM",
}
# Surface forms that two entries share on purpose: the resolver must use context to choose.
SHARED_ON_PURPOSE: dict[str, set[str]] = {}
# Mixed-case short names kept in the KB (the loader matches them in their own case only); none is an English word.
MIXED_CASE_OK = {"AfD", "PiS", "DoD", "TdA"}
# Ordinary English words (lower case) that must never be an alias: they would match everyday text.
COMMON_WORDS = {
    "is",
    "us",
    "it",
    "an",
    "as",
    "at",
    "be",
    "do",
    "go",
    "he",
    "in",
    "me",
    "my",
    "no",
    "of",
    "on",
    "or",
    "so",
    "to",
    "up",
    "we",
    "am",
    "let",
    "jem",
    "can",
    "may",
    "will",
    "fund",
    "commission",
    "amnesty",
    "labour",
    "labor",
    "conservatives",
    "league",
    "base",
    "the base",
    "ensemble",
    "male",
    "pole",
    "poles",
    "national unity",
    "national action",
    "republic",
    "union",
    "party",
    "front",
    "movement",
    "council",
    "court",
    "army",
    "state",
    "government",
    "commonwealth",
    "resistance front",
    "popular front",
    "democratic front",
    "cctv",
    "sabah",
    "site",
    "trump",
    "bush",
    "rice",
    "brown",
    "king",
    "price",
    "young",
}


def _raw_entries() -> list[tuple[Path, dict]]:
    """Every actor entry of every shipped file, parsed with plain yaml.safe_load."""
    out = []
    for path in DATA_FILES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        assert isinstance(data, list), f"{path.name} is not a YAML list"
        out.extend((path, item) for item in data if "id" in item)
    return out


@pytest.fixture(scope="module")
def kb():
    return load_kb()


def test_every_file_parses_and_validates():
    assert {p.name for p in DATA_FILES} >= {"countries.yaml", "igos.yaml", "sectors.yaml"}
    for path in DATA_FILES:
        text = path.read_text(encoding="utf-8")
        assert text.startswith("#"), f"{path.name} must open with a comment explaining the file"
        kb_file = read_kb_file(path)
        assert kb_file.entries or kb_file.sectors or kb_file.titles or kb_file.lexicon, f"{path.name} is empty"


def test_ids_unique_across_files():
    seen: dict[str, str] = {}
    for path, item in _raw_entries():
        assert item["id"] not in seen, f"id {item['id']} in both {seen[item['id']]} and {path.name}"
        seen[item["id"]] = path.name


def test_parents_and_countries_exist(kb):
    assert kb.reference_problems() == []
    states = {e.id for e in kb.entries.values() if e.kind == "state"}
    for entry in kb.entries.values():
        assert entry.parent != entry.id, entry.id
        if entry.country:
            assert entry.country in states, f"{entry.id}: country {entry.country} is not a state entry"


def test_no_parent_cycles(kb):
    for entry in kb.entries.values():
        seen = {entry.id}
        parent = entry.parent
        while parent:
            assert parent not in seen, f"parent cycle through {entry.id}"
            seen.add(parent)
            parent = kb.get(parent).parent


def test_states_have_iso_codes_and_capitals(kb):
    states = [e for e in kb.entries.values() if e.kind == "state"]
    iso2 = [e.iso2 for e in states]
    assert len(iso2) == len(set(iso2)), "iso2 codes must be unique"
    for state in states:
        assert re.fullmatch(r"[A-Z]{3}", state.id), state.id
        assert state.iso2 and re.fullmatch(r"[A-Z]{2}", state.iso2), f"{state.id}: bad iso2 {state.iso2!r}"
        assert state.capital, f"{state.id} has no capital"
        assert state.sector == "GOV"


def test_kb_sizes(kb):
    kinds = defaultdict(int)
    for entry in kb.entries.values():
        kinds[entry.kind] += 1
    assert kinds["state"] >= 190
    assert kinds["igo"] >= 60
    assert sum(n for k, n in kinds.items() if k not in {"state", "igo"}) >= 300
    assert set(kinds) <= set(KB_KINDS)


@pytest.mark.parametrize(
    ("surface", "expected"),
    [
        ("Daesh", "islamic-state"),
        ("ISIS", "islamic-state"),
        ("ISIL", "islamic-state"),
        ("IS", "islamic-state"),
        ("Wilayat Sinai", "is-sinai-province"),
        ("Sinai Province", "is-sinai-province"),
        ("Ansar Bayt al-Maqdis", "is-sinai-province"),
        ("Qassam Brigades", "qassam"),
        ("al-Qassam Brigades", "qassam"),
        ("Muslim Brotherhood", "muslim-brotherhood"),
        ("U.S.", "USA"),
        ("United States", "USA"),
        ("America", "USA"),
        ("Britain", "GBR"),
        ("Great Britain", "GBR"),
        ("Egyptian", "EGY"),
        ("Egyptians", "EGY"),
        ("Cairo", "EGY"),
        ("Tehran", "IRN"),
        ("Kosovo", "XKX"),
        ("Holy See", "VAT"),
        ("Ivory Coast", "CIV"),
        ("NATO", "nato"),
        ("United Nations", "un"),
        ("UNRWA", "unrwa"),
        ("Hezbollah", "hezbollah"),
        ("Hizbollah", "hezbollah"),
        ("Ansar Allah", "houthis"),
        ("Houthis", "houthis"),
        ("ISWAP", "iswap"),
        ("ISKP", "is-khorasan"),
        ("AQAP", "aqap"),
        ("al-Shabaab", "al-shabaab"),
        ("HTS", "hts"),
        ("PKK", "pkk"),
        ("RSF", "rsf"),
        ("Wagner Group", "wagner"),
        ("Reuters", "reuters"),
        ("Human Rights Watch", "hrw"),
        ("Washington Institute for Near East Policy", "washington-institute"),
    ],
)
def test_sample_aliases_resolve(kb, surface, expected):
    assert expected in [e.id for e in kb.lookup(surface)], f"{surface!r} does not resolve to {expected}"


def test_persons_have_a_role_and_belong_somewhere(kb):
    persons = [e for e in kb.entries.values() if e.kind == "person"]
    assert len(persons) >= 50
    assert [p.id for p in persons if not (p.role and p.parent and p.country)] == []
    netanyahu = kb.lookup("Netanyahu")
    assert [(e.id, e.parent, e.role) for e in netanyahu] == [("benjamin-netanyahu", "ISR", "prime minister")]
    assert [e.id for e in kb.lookup("Abu Mohammed al-Jolani")] == ["ahmed-al-sharaa"]


def test_branches_point_at_their_parents(kb):
    assert kb.get("qassam").parent == "hamas"
    assert kb.get("is-sinai-province").parent == "islamic-state"
    assert kb.get("iswap").parent == "islamic-state"
    assert kb.get("aqap").parent == "al-qaeda"
    assert kb.get("al-quds-brigades").parent == "pij"
    assert kb.get("muslim-brotherhood").kind == "political_party"
    assert kb.get("muslim-brotherhood").country == "EGY"


@pytest.mark.parametrize("network", ["islamic-state", "al-qaeda"])
def test_branches_name_where_they_operate(kb, network):
    # "the Islamic State branch in the Sinai" is told apart from other branches by a capitalised place descriptor.
    own = set(kb.get(network).descriptors)
    branches = [e for e in kb.entries.values() if e.parent == network and e.kind == "armed_group"]
    assert len(branches) >= 5
    for branch in branches:
        places = [d for d in branch.descriptors if d[:1].isupper() and d not in own]
        assert places, f"{branch.id} has no place descriptor"


def test_short_acronyms_are_written_in_capitals(kb):
    # "IS" must never match the verb "is": the loader matches all-caps short names case-sensitively,
    # so a short alias in mixed case ("LeT") would be matched as the ordinary word "let".
    assert [e.id for e in kb.lookup("is")] == []
    assert [e.id for e in kb.lookup("IS")] == ["islamic-state"]
    bad = [
        f"{t.entry_id}: {t.text!r}"
        for t in kb.terms()
        if len(t.text.replace(".", "")) <= 4
        and t.text.replace(".", "").isalpha()
        and not t.text.isupper()
        and t.text.lower() in COMMON_WORDS
    ]
    short_mixed = [
        f"{t.entry_id}: {t.text!r}"
        for t in kb.terms()
        if len(t.text) <= 3
        and not t.text.isupper()
        and any(c.isupper() for c in t.text[1:])
        and t.text not in MIXED_CASE_OK
    ]
    assert bad == [] and short_mixed == []


def test_no_alias_is_a_common_word(kb):
    bad = [f"{t.entry_id}: {t.text!r}" for t in kb.terms() if t.text.lower() in COMMON_WORDS and not is_acronym(t.text)]
    assert bad == []


def test_no_redundant_aliases(kb):
    # An alias that differs from the name or another alias only in case adds nothing (matching ignores case).
    bad = []
    for entry in kb.entries.values():
        seen: set[str] = set()
        for form in [entry.name, *entry.aliases]:
            key = form if is_acronym(form) else form.lower()
            if key in seen:
                bad.append(f"{entry.id}: {form!r}")
            seen.add(key)
    assert bad == []


def test_everyday_acronyms_name_no_actor(kb):
    # Page chrome and business text are full of these ("RSS feed", "HOME DEPOT INC.", "STOCK CAR").
    everyday = [
        "RSS",
        "INC",
        "CAR",
        "AFC",
        "SNS",
        "PDF",
        "CEO",
        "GDP",
        "TV",
        "FAQ",
        "API",
        "FDI",
        "AM",
        "PM",
        "ETA",
        "IRA",
        "LLC",
        "LTD",
        "CCTV",
        "NEW",
        "SITE",
        "AA",
        "GU",
        "ISS",
    ]
    assert {a: [e.id for e in kb.lookup(a)] for a in everyday if kb.lookup(a)} == {}


def test_no_alias_is_a_possessive_of_another_name(kb):
    # Possessives ("Amnesty International's") are the resolver's job, not extra aliases.
    bad = []
    for entry in kb.entries.values():
        forms = {entry.name.lower(), *(a.lower() for a in entry.aliases)}
        bad += [f"{entry.id}: {a!r}" for a in entry.aliases if a.lower().endswith("'s") and a.lower()[:-2] in forms]
    assert bad == []


def test_no_alias_claimed_by_two_entries(kb):
    owners: dict[str, set[str]] = defaultdict(set)
    for term in kb.terms():
        key = term.text if is_acronym(term.text) else term.text.lower()
        owners[key].add(term.entry_id)
    clashes = {k: ids for k, ids in owners.items() if len(ids) > 1 and not ids <= SHARED_ON_PURPOSE.get(k, set())}
    assert clashes == {}


def test_sector_words(kb):
    raw = yaml.safe_load((Path(DATA_DIR) / "sectors.yaml").read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for group in raw:
        assert group["sector"] in PLOVER_SECTORS, group["sector"]
        for word in group["words"]:
            key = word.lower()
            assert key not in seen, f"{word!r} under both {seen[key]} and {group['sector']}"
            seen[key] = group["sector"]
    for word, sector in [
        ("warplanes", "MIL"),
        ("air force", "MIL"),
        ("military wing", "REB"),
        ("armed wing", "REB"),
        ("security forces", "COP"),
        ("police", "COP"),
        ("government", "GOV"),
        ("leaders", "REB"),
        ("fighters", "REB"),
        ("prime minister", "GOV"),
        ("journalists", "JRN"),
        ("judges", "JUD"),
    ]:
        assert kb.sector_of(word) == sector, word
