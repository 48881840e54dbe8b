"""Quantities: counts, units and approximation in an event's arguments (real spaCy model)."""

from __future__ import annotations

import pytest

from tidings.quantities import find_quantities, parse_number


def _quantities(nlp, text: str, word: str) -> list[tuple]:
    doc = nlp(text)
    trigger = [t for t in doc if t.text == word][0]
    return [(q.text, q.value, q.unit, q.approximate) for q in find_quantities(trigger.sent, trigger)]


@pytest.mark.parametrize(
    ("text", "word", "expected"),
    [
        ("The army has demolished more than 1,110 homes near the border.", "demolished",
         ("more than 1,110 homes", 1110, "homes", True)),
        ("The army destroyed hundreds of smuggling tunnels.", "destroyed",
         ("hundreds of smuggling tunnels", 100, "smuggling tunnels", True)),
        ("Hamas forces arrested several of their members.", "arrested",
         ("several of their members", None, "members", True)),
        ("At least 12 people were killed in the attack.", "killed", ("At least 12 people", 12, "people", True)),
        ("Militants kidnapped three soldiers.", "kidnapped", ("three soldiers", 3, "soldiers", False)),
        ("Rebels killed a dozen villagers.", "killed", ("a dozen villagers", 12, "villagers", False)),
        ("Tens of thousands of people protested.", "protested", ("Tens of thousands of people", 10000, "people", True)),
        ("Police detained twenty-five protesters.", "detained", ("twenty-five protesters", 25, "protesters", False)),
        ("The floods displaced 2 million people.", "displaced", ("2 million people", 2_000_000, "people", False)),
        ("Washington gave Cairo $2 million in aid.", "gave", ("$2 million", 2_000_000, "USD", False)),
        ("The US will provide a $1-billion loan guarantee to Ukraine.", "provide",
         ("$1-billion", 1_000_000_000, "USD", False)),
        ("Biden cancelled the CAN$8 billion pipeline.", "cancelled", ("CAN$8 billion", 8_000_000_000, "CAD", False)),
        ("Prices rose 30 percent.", "rose", ("30 percent", 30, "%", False)),
        ("Hundreds of thousands of people fled.", "fled", ("Hundreds of thousands of people", 100_000, "people", True)),
    ],
)
def test_counts_with_units_and_approximation(nlp, text, word, expected):
    assert expected in _quantities(nlp, text, word)


def test_years_dates_and_ordinals_are_not_counts(nlp):
    assert _quantities(nlp, "In 2014, Israel fought its third war with Hamas on 8 July.", "fought") == []


@pytest.mark.parametrize(
    ("text", "word"),
    [
        ("He served four years in prison.", "served"),
        ("They built a 400-foot wall after the 2016 coup attempt.", "built"),
        ("Two-thirds of voters backed the plan.", "backed"),
        ("The bombing left at least 30 dead and more than 30 others wounded.", "left"),
    ],
)
def test_lengths_measures_years_and_fractions_are_not_counts(nlp, text, word):
    assert _quantities(nlp, text, word) == []


def test_quantities_of_another_clause_are_left_out(nlp):
    text = ("The Egyptian military has demolished more than 1,110 homes, while also destroying hundreds of "
            "smuggling tunnels.")
    demolished = _quantities(nlp, text, "demolished")
    destroying = _quantities(nlp, text, "destroying")
    assert [q[1] for q in demolished] == [1110]
    assert [q[1] for q in destroying] == [100]


def test_seed_quantity(nlp, seed_path):
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    trigger = [t for t in doc if t.text == "demolished"][0]
    assert 1110 in [q.value for q in find_quantities(trigger.sent, trigger)]


@pytest.mark.parametrize(
    ("words", "value"),
    [(["1,110"], 1110), (["2", "million"], 2_000_000), (["twenty", "-", "five"], 25), (["three", "hundred"], 300),
     (["2.5", "billion"], 2_500_000_000), (["a", "dozen"], 12), (["banana"], None), ([], None),
     (["9" * 400], None)],
)
def test_parse_number(words, value):
    assert parse_number(words) == value


def test_long_sentence_is_handled(nlp):
    text = "Troops arrested " + ", ".join(f"{i} men" for i in range(1, 150)) + " and 3 women."
    values = [q[1] for q in _quantities(nlp, text, "arrested")]
    assert values and all(v is not None for v in values)
