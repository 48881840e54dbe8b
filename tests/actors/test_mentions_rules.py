"""Mention rules beyond the seed: names defined in brackets, sector phrases, capitals as metonymy."""

from __future__ import annotations

from tidings.nlp import parse_texts


def _actors(nlp, resolver, text):
    return resolver.resolve(next(parse_texts(nlp, [text])))


def test_acronym_defined_in_brackets_is_the_same_actor(nlp, resolver):
    actors = _actors(nlp, resolver, "The Association of Free Traders (AFT) said on Monday that the AFT would sue "
                                    "the ministry.")
    aft = [a for a in actors if a.name == "Association of Free Traders"]
    assert aft and [m.text for m in aft[0].mentions].count("AFT") == 2
    assert not [a for a in actors if a.name in ("AFT", "Free Traders")]


def test_capital_acts_only_as_subject(nlp, resolver):
    acting = _actors(nlp, resolver, "Cairo said the talks would resume next week.")
    assert [m.text for a in acting if a.actor_id == "EGY" for m in a.mentions] == ["Cairo"]
    place = _actors(nlp, resolver, "Thousands marched through Cairo on Friday.")
    assert not [a for a in place if a.actor_id == "EGY"]


def test_demonym_needs_a_sector_noun(nlp, resolver):
    actors = _actors(nlp, resolver, "Jordanian troops crossed the border while Jordanian economics stagnated.")
    jordan = [a for a in actors if a.actor_id == "JOR"]
    assert jordan and [(m.text, m.sector) for m in jordan[0].mentions] == [("Jordanian troops", "MIL")]
