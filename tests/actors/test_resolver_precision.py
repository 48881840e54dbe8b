"""Resolver precision: letter case of aliases, shouted headlines, quoted sector phrases, places mis-tagged by NER."""

from __future__ import annotations

from tidings.actors.kb import is_acronym
from tidings.actors.places import is_known_place
from tidings.nlp import parse_texts


def _mentions(nlp, resolver, text) -> dict[str, list[str]]:
    """Actor id -> the texts of its mentions."""
    actors = resolver.resolve(next(parse_texts(nlp, [text])))
    return {a.actor_id: [m.text for m in a.mentions] for a in actors}


def test_lower_case_words_do_not_match_capitalised_aliases(nlp, resolver):
    found = _mentions(nlp, resolver, "Villagers said the bernama season starts when the antara trees bloom, "
                                     "and a liberal Democrats caucus listened to wagner and read bloomberg terminals.")
    assert not {"antara", "bernama", "liberal-democrats-uk", "wagner", "bloomberg"} & found.keys()


def test_capitalised_aliases_still_match_their_names(nlp, resolver):
    found = _mentions(nlp, resolver, "Antara reported that the Liberal Democrats had asked Bloomberg about Wagner.")
    assert found.get("antara") == ["Antara"]
    assert found.get("liberal-democrats-uk") == ["Liberal Democrats"]
    assert found.get("bloomberg") == ["Bloomberg"]
    assert "wagner" in found


def test_name_particles_match_in_either_case(nlp, resolver):
    # "Al-Qaeda" in the KB, "al-Qaeda" in most newsrooms: the particle's capital is no requirement.
    found = _mentions(nlp, resolver, "Analysts said al-Qaeda had lost ground to rival cells.")
    assert found.get("al-qaeda") == ["al-Qaeda"]


def test_all_caps_text_matches_a_capitalised_alias(nlp, resolver):
    # Chosen behaviour: only the alias's capitals must be capitals in the text, so shouting keeps the name.
    found = _mentions(nlp, resolver, "Residents said WAGNER fighters left the town at dawn.")
    assert "wagner" in found


def test_short_acronyms_do_not_match_in_shouted_headlines(nlp, resolver):
    found = _mentions(nlp, resolver, "WHO IS THE FAVOURITE NOW?")
    assert not {"who", "islamic-state"} & found.keys()
    found = _mentions(nlp, resolver, "HOW TO BREAK THE ICE AT A NEW JOB")
    assert "ice" not in found


def test_short_acronyms_match_in_ordinary_text(nlp, resolver):
    found = _mentions(nlp, resolver, "The WHO warned that US health funding would fall next year.")
    assert found.get("who") == ["WHO"]
    assert "USA" in found


def test_mixed_case_acronyms_match_only_in_their_own_case(nlp, resolver):
    assert is_acronym("AfD") and is_acronym("PiS") and not is_acronym("Hamas")
    found = _mentions(nlp, resolver, "The AfD gained seats and critics of PiS rallied. Clerks filed the afd "
                                     "and pis forms.")
    assert found.get("afd") == ["AfD"]
    assert found.get("pis") == ["PiS"]


def test_quoted_military_wing_is_the_armed_branch(nlp, resolver):
    for quoted in ("\u201cmilitary wing\u201d", '"military wing"'):
        text = f"Witnesses said Hamas's {quoted} launched rockets at dawn."
        actors = resolver.resolve(next(parse_texts(nlp, [text])))
        wing = [a for a in actors if a.actor_id == "qassam"]
        assert wing, [a.actor_id for a in actors]
        assert [(m.text, m.sector) for m in wing[0].mentions] == [(f"Hamas's {quoted}", "REB")]


def test_known_places_tagged_as_persons_are_no_actors(nlp, resolver):
    assert is_known_place("the Golan Heights") and is_known_place("Philadelphi corridor")
    found = _mentions(nlp, resolver, "Philadelphi Corridor remains under Israeli control, Netanyahu said.")
    assert not [actor_id for actor_id in found if "philadelphi" in actor_id]
    assert "benjamin-netanyahu" in found


def test_a_surname_alias_does_not_take_another_first_name(nlp, resolver):
    # "Ruto" is William Ruto's alias; Alfred Ruto is someone else, while "President Ruto" is still William Ruto.
    found = _mentions(nlp, resolver, "Cabinet Secretary Alfred Ruto met President Ruto in Nairobi on Monday.")
    assert all("Alfred" not in text for text in found.get("william-ruto", []))
    assert any(text.endswith("Ruto") and "Alfred" not in text for text in found.get("william-ruto", []))
    assert any("Alfred Ruto" in text for key, texts in found.items() if key != "william-ruto" for text in texts)
