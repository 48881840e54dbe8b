"""Quantities for events: counts with units and approximation in the trigger's arguments.

Conventions:
- "more than 1,110 homes" -> value 1110, unit "homes", approximate True (hedges: more than, at least,
  about, nearly, some, up to ...).
- Plural magnitudes give their own size as a lower bound, approximate: "hundreds of smuggling tunnels"
  -> 100, "dozens" -> 12, "thousands" -> 1000, "tens of thousands" -> 10000.
- Vague counts keep no value: "several of their members" -> value None, unit "members", approximate.
- Money gets an ISO 4217 code as unit ("$2 million" -> 2000000, "USD"); percentages get unit "%".
- Years, dates, times and ordinals are not quantities; numbers inside names ("Resolution 242") neither.
"""

from __future__ import annotations

import math
import re

from spacy.tokens import Span, Token

from .records import Quantity
from .when import clause_attachment

__all__ = ["find_quantities", "parse_number"]

ONES = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19,
}
TENS = {"twenty": 20, "thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90}
SCALES = {"hundred": 100, "thousand": 1_000, "million": 1_000_000, "billion": 1_000_000_000, "trillion": 10**12,
          "dozen": 12, "m": 1_000_000, "bn": 1_000_000_000}
# Plural magnitudes: the size itself as a floor ("hundreds" is at least 100), always approximate.
MAGNITUDES = {"dozens": 12, "scores": 20, "tens": 10, "hundreds": 100, "thousands": 1_000, "millions": 1_000_000,
              "billions": 1_000_000_000}
# Counts with no number at all.
VAGUE = frozenset({"several", "few", "numerous", "number"})
# Words before a number that make it approximate ("more than 1,110", "at least 12").
HEDGES = frozenset({
    "more than", "over", "at least", "nearly", "almost", "about", "around", "approximately", "some", "roughly",
    "up to", "fewer than", "less than", "an estimated", "estimated", "close to", "as many as", "upwards of",
    "under", "just over", "just under", "a few", "a number",
})
CURRENCY_SYMBOLS = {"$": "USD", "us$": "USD", "€": "EUR", "£": "GBP", "¥": "JPY", "₹": "INR", "₪": "ILS",
                    "can$": "CAD", "c$": "CAD", "a$": "AUD", "au$": "AUD", "nz$": "NZD", "hk$": "HKD"}
CURRENCY_WORDS = {"dollars": "USD", "dollar": "USD", "euros": "EUR", "euro": "EUR", "pounds": "GBP",
                  "shekels": "ILS", "rupees": "INR", "yuan": "CNY", "rubles": "RUB", "roubles": "RUB"}
PERCENT_WORDS = frozenset({"%", "percent", "per cent"})
# Entity labels whose numbers are not counts of anything.
SKIP_ENTS = frozenset({"DATE", "TIME", "ORDINAL", "ORG", "PERSON", "LAW", "PRODUCT", "WORK_OF_ART", "EVENT", "FAC"})
# Nouns that make a number a length of time, not a count of anything.
TIME_UNITS = frozenset({"second", "minute", "hour", "day", "week", "month", "year", "decade", "century"})
NOUN_POS = frozenset({"NOUN", "PROPN", "PRON"})
# A quantity sits on the trigger or on its arguments, through prepositions ("the release of 20 prisoners").
THROUGH = frozenset({"prep", "pobj"})
_DIGITS = re.compile(r"^\d{1,3}(?:,\d{3})+(?:\.\d+)?$|^\d+(?:\.\d+)?$")
# A currency glued to its amount in one token: "CAN$8", "US$2.5", "€45".
_MONEY_TOKEN = re.compile(r"^([a-z]{0,3}\$|€|£|¥|₪)(\d[\d,]*(?:\.\d+)?)$")
# Nouns that make a number something other than a count: fractions ("two-thirds").
FRACTIONS = frozenset({"half", "halves", "third", "thirds", "quarter", "quarters", "fifth", "fifths"})


def parse_number(words: list[str]) -> float | None:
    """The value of a number written in digits and/or words ("1,110", "2 million", "twenty-five")."""
    total, current, seen = 0.0, 0.0, False
    for word in (w.lower() for w in words):
        if word in ("-", "and", "a", "an"):
            current = current or (1.0 if word in ("a", "an") else current)
            continue
        money = _MONEY_TOKEN.match(word)
        if money:
            word = money[2]
        if _DIGITS.match(word):
            current += float(word.replace(",", ""))
        elif word in ONES or word in TENS:
            current += ONES.get(word, TENS.get(word, 0))
        elif word in SCALES:
            current = (current or 1.0) * SCALES[word]
            if SCALES[word] >= 1_000:
                total, current = total + current, 0.0
        else:
            return None
        seen = True
    value = total + current
    return value if seen and math.isfinite(value) else None  # a 400-digit "number" is no count


def _is_number_word(token: Token) -> bool:
    text = token.lower_
    if _DIGITS.match(text) or _MONEY_TOKEN.match(text):
        return True
    return text in ONES or text in TENS or text in SCALES or text in MAGNITUDES


def _number_groups(tokens: list[Token]) -> list[list[Token]]:
    """Runs of number words ("2", "million"; "twenty", "-", "five"; "hundreds", "of", "thousands")."""
    groups: list[list[Token]] = []
    for token in tokens:
        usable = token.ent_type_ not in SKIP_ENTS and not token.is_space
        if usable and (_is_number_word(token) or token.lower_ in VAGUE):
            last = groups[-1][-1] if groups else None
            between = token.doc[last.i + 1].text if last is not None and token.i == last.i + 2 else None
            joined = last is not None and (
                token.i == last.i + 1
                or between == "-"  # "twenty-five", "$1-billion"
                or (between == "of" and last.lower_ in MAGNITUDES and token.lower_ in MAGNITUDES)  # "tens of thousands"
            )
            if joined:
                groups[-1].extend(token.doc[last.i + 1:token.i + 1])
            else:
                groups.append([token])
    return groups


def _hedge_start(first: Token) -> int | None:
    """Index where a hedge in front of the number starts, if any."""
    doc = first.doc
    for width in (3, 2, 1):
        start = first.i - width
        if start >= 0 and doc[start:first.i].text.lower() in HEDGES:
            return start
    return None


def _unit_noun(last: Token, group_ids: set[int]) -> tuple[Token | None, bool]:
    """The counted noun and whether the number modifies it (True) or governs it through "of" (False)."""
    head = last.head
    if last.dep_ in ("nummod", "quantmod", "compound", "amod", "nmod") and head.i not in group_ids and (
        head.pos_ in NOUN_POS or head.lower_ in PERCENT_WORDS
    ):
        return head, True
    for child in last.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            objects = [c for c in child.children if c.dep_ == "pobj" and c.pos_ in ("NOUN", "PROPN")]
            if objects:
                return objects[0], False
    return None, False


def _unit_text(noun: Token) -> str:
    """The counted noun with its compound modifiers: "smuggling tunnels", "personnel carriers"."""
    start = min([c.i for c in noun.lefts if c.dep_ == "compound"] + [noun.i])
    return noun.doc[start:noun.i + 1].text


def _value(words: list[str]) -> tuple[float | None, bool]:
    """The value of a number group and whether the wording itself is approximate."""
    words = [w for w in words if w not in ("of", "-")]
    if any(w in VAGUE for w in words):
        return None, True
    magnitudes = [MAGNITUDES[w] for w in words if w in MAGNITUDES]
    if magnitudes:
        value = 1.0
        for size in magnitudes:
            value *= size
        return value, True
    return parse_number(words), False


def _currency(group: list[Token], noun: Token | None) -> tuple[str | None, int | None]:
    """ISO 4217 code of a money amount and the index of its symbol, if any."""
    doc, first = group[0].doc, group[0]
    glued = _MONEY_TOKEN.match(first.lower_)
    if glued and glued[1] in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[glued[1]], first.i
    if first.i > 0 and doc[first.i - 1].lower_ in CURRENCY_SYMBOLS:
        return CURRENCY_SYMBOLS[doc[first.i - 1].lower_], first.i - 1
    if noun is not None and noun.lower_ in CURRENCY_WORDS:
        return CURRENCY_WORDS[noun.lower_], None
    return None, None


def _counts(noun: Token | None, group: list[Token], value: float | None) -> bool:
    """Whether the number counts this noun: not a length of time, a fraction, a year or a measure."""
    if noun is None or noun.lemma_.lower() in TIME_UNITS or noun.lower_ in FRACTIONS | PERCENT_WORDS:
        return noun is not None and noun.lower_ in PERCENT_WORDS
    if noun.i > group[-1].i:
        between = noun.doc[group[-1].i + 1:noun.i]
        if any(t.lower_ in ("and", "or", ",") or t.like_num for t in between):
            return False  # "30 dead and more than 30 others": the noun belongs to the second number
    # "the 2016 coup attempt", "a 400-foot wall": a number on a singular noun is no count (except one)
    return not (noun.tag_ in ("NN", "NNP") and value not in (None, 1.0))


def _quantity(group: list[Token]) -> tuple[Quantity, Token] | None:
    """One group as a Quantity, with the token that must attach to the trigger; None when it counts nothing."""
    numbers = [t for t in group if t.text not in ("-", "of")]
    last = numbers[-1]
    noun, modifies = _unit_noun(last, {t.i for t in group})
    value, vague = _value([t.lower_ for t in group])
    currency, symbol_at = _currency(group, noun)
    if currency is None and not _counts(noun, group, value):
        return None
    if value is None and not vague:
        return None
    doc = group[0].doc
    hedge = _hedge_start(group[0])
    start = min(i for i in (hedge, symbol_at, group[0].i) if i is not None)
    if start == group[0].i and start > 0 and doc[start - 1].lower_ in ("a", "an"):
        start -= 1  # "a dozen", "a few", "a number of"
    counted = noun is not None and symbol_at is None  # "$2 million aid": the amount is the quantity, not the aid
    end = max(group[-1].i, noun.i if counted else 0) + 1
    if currency:
        unit = currency
    elif noun is not None and noun.lower_ in PERCENT_WORDS:
        unit = "%"
    else:
        unit = _unit_text(noun) if noun is not None else None
    quantity = Quantity(text=doc[start:end].text, value=value, unit=unit, approximate=vague or hedge is not None)
    return quantity, (noun if modifies and noun is not None else last)


def find_quantities(sent: Span, trigger: Token) -> list[Quantity]:
    """Counts in the trigger's own phrase and arguments (not in other clauses), in text order."""
    tokens = [t for t in trigger.subtree if sent.start <= t.i < sent.end]
    found: list[Quantity] = []
    for group in _number_groups(tokens):
        result = _quantity(group)
        if result is None:
            continue
        quantity, anchor = result
        attachment = clause_attachment(trigger, anchor, max_nonfinite=0, through=THROUGH)
        if attachment is not None and attachment.rank == 0:
            found.append(quantity)
    return found
