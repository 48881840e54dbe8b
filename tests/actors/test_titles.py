"""Demonyms name their country and titles before a name give the person a role, member_of and sector."""

from __future__ import annotations

import pytest

from tidings.actors.kb import load_kb
from tidings.records import Actor


def _resolve(nlp, resolver, text: str) -> list[Actor]:
    return resolver.resolve(nlp(text))


def _actor(actors: list[Actor], actor_id: str) -> Actor:
    found = [a for a in actors if a.actor_id == actor_id]
    assert found, f"{actor_id} not among {[a.actor_id for a in actors]}"
    return found[0]


def test_titles_are_loaded_from_data():
    kb = load_kb()
    assert kb.title_sector("Foreign Minister") == "GOV"
    assert kb.title_sector("general") == "MIL"
    assert kb.title_sector("warplanes") is None


# ---------------------------------------------------------------- demonyms


def test_demonym_before_a_role_noun_is_the_persons_country(nlp, resolver):
    actors = _resolve(nlp, resolver, "Kenyan Foreign Minister Amina Otieno and her Ugandan counterpart, "
                                     "Joseph Mugisha, agreed to reopen the border on Monday.")
    ids = [a.actor_id for a in actors]
    assert not [i for i in ids if i.startswith("org:")], ids
    mugisha = _actor(actors, "person:joseph-mugisha")
    assert (mugisha.role, mugisha.member_of) == ("counterpart", "UGA")


def test_demonym_acting_alone_is_the_country_only_in_the_plural(nlp, resolver):
    # "The Ugandan" is one person of that nationality, never the state; "Ugandans" may speak for the country.
    actors = _resolve(nlp, resolver, "The Ugandan said the talks on the disputed island had failed.")
    assert "UGA" not in [a.actor_id for a in actors]
    actors = _resolve(nlp, resolver, "Ugandans said the talks on the disputed island had failed.")
    assert [a.actor_id for a in actors] == ["UGA"]


# ---------------------------------------------------------------- titles before names


@pytest.mark.parametrize(
    ("text", "person", "role", "member_of", "sector"),
    [
        ("Kenyan Foreign Minister Amina Otieno arrived in Kampala on Sunday.",
         "person:amina-otieno", "foreign minister", "KEN", "GOV"),
        ("Iranian Foreign Minister Mohammad Javad Zarif met European diplomats in Vienna.",
         "person:mohammad-javad-zarif", "foreign minister", "IRN", "GOV"),
        ("Tanzanian army chief General Kamal Odhiambo said the operation would continue.",
         "person:kamal-odhiambo", "army chief", "TZA", "MIL"),
        ("U.S. President Joe Biden spoke with reporters on Tuesday.",
         "joe-biden", "president", "USA", "GOV"),
    ],
)
def test_title_gives_role_member_of_and_sector(nlp, resolver, text, person, role, member_of, sector):
    actor = _actor(_resolve(nlp, resolver, text), person)
    assert (actor.role, actor.member_of) == (role, member_of)
    assert {m.sector for m in actor.mentions} == {sector}


def test_title_of_an_armed_group_leader_takes_the_groups_sector(nlp, resolver):
    actor = _actor(_resolve(nlp, resolver, "Hamas leader Ismail Haniyeh rejected the proposal."), "ismail-haniyeh")
    assert (actor.role, actor.member_of) == ("leader", "hamas")
    assert [m.sector for m in actor.mentions] == ["REB"]


def test_title_without_owner_gives_role_only(nlp, resolver):
    actors = _resolve(nlp, resolver, "Governor Peter Wambua visited the flooded villages.")
    actor = _actor(actors, "person:peter-wambua")
    assert (actor.role, actor.member_of) == ("governor", None)


def test_titled_name_mention_covers_the_whole_phrase(nlp, resolver):
    text = "Kenyan Foreign Minister Amina Otieno arrived in Kampala on Sunday."
    actors = _resolve(nlp, resolver, text)
    otieno = _actor(actors, "person:amina-otieno")
    assert [m.text for m in otieno.mentions] == ["Kenyan Foreign Minister Amina Otieno"]
    assert "KEN" not in [a.actor_id for a in actors]  # the demonym is the person's member_of, not an actor


def test_title_glued_into_a_longer_word_is_read_whole(nlp, resolver):
    actors = _resolve(nlp, resolver, "U.N. Secretary-General Miriam Koros opened the session in Geneva.")
    koros = _actor(actors, "person:miriam-koros")
    assert (koros.role, koros.member_of) == ("secretary-general", "un")  # not "general" (MIL)
    assert [m.sector for m in koros.mentions] == ["IGO"]


def test_qualifier_before_a_title_belongs_to_the_role(nlp, resolver):
    actors = _resolve(nlp, resolver, "Former Tanzanian Prime Minister Amani Kiprop criticised the new budget.")
    kiprop = _actor(actors, "person:amani-kiprop")
    assert (kiprop.role, kiprop.member_of) == ("former prime minister", "TZA")
    assert [m.text for m in kiprop.mentions] == ["Former Tanzanian Prime Minister Amani Kiprop"]
    actors = _resolve(nlp, resolver, "Former Prime Minister Amani Kiprop criticised the new budget.")
    assert _actor(actors, "person:amani-kiprop").role == "former prime minister"


def test_possessive_before_a_title_names_the_owner(nlp, resolver):
    actors = _resolve(nlp, resolver, "Uganda's Defence Minister Samuel Okello inspected the troops in Gulu.")
    okello = _actor(actors, "person:samuel-okello")
    assert (okello.role, okello.member_of) == ("defence minister", "UGA")
    assert [(m.text, m.sector) for m in okello.mentions] == [("Uganda's Defence Minister Samuel Okello", "MIL")]
    uganda = _actor(actors, "UGA")  # named, but the title phrase is the minister's, not a sector of Uganda
    assert [m.text for m in uganda.mentions] == ["Uganda"]
