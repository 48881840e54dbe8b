"""Time expressions for events: find the date phrase of an event's clause and normalise it to an interval.

Normalisation rules (``normalise_date``), all against an *anchor* (the publication date when it is
trustworthy, else ``None``):

- A year written in the text makes the date ``explicit`` ("in 1979", "March 2019", "the 1990s").
- Relative expressions ("In May", "early December", "last week", "earlier this year", "on Tuesday")
  resolve against the anchor (``anchor: publication``), preferring the past: "In May" is the most
  recent May that began on or before the publication date. Without an anchor they stay
  ``unanchored``: start/end null, precision still set.
- "early/mid/late <month>" keeps precision ``month`` but narrows the interval to days 1-10, 11-20
  and 21-end; "early/mid/late <year>" narrows a year to thirds (Jan-Apr, May-Aug, Sep-Dec).
- Seasons are northern-hemisphere meteorological seasons (spring = Mar-May, summer = Jun-Aug,
  autumn/fall = Sep-Nov, winter = Dec-Feb). "in the spring" = the most recent spring that began on
  or before publication; "last spring" = the most recent spring that ended before publication.
- Intervals resolved into the past are clipped at the publication date (an event reported on
  15 May "in May" happened by 15 May).
- "the past year" / "over the last year" = the 365 days up to publication; "last year" = the previous
  calendar year; "the past three months" = 3 x 30 days up to publication. "last week" = the previous
  Monday-Sunday. Quarters ("the first quarter of 2015") keep precision ``month`` over three months.
- A month or year never gets an invented day; an impossible date ("31 February", "the 45th of May")
  gives ``None``. Lengths of time ("15 days", "for three years") are not resolved.
- Dates counted from the story's own time ("the next year", "the following day", "two years later",
  "that year"; phrases in ``data/story_dates.yaml``) are never resolved against publication: "the
  next year" in a story about 2016 is 2017 (``anchor: explicit``, counted from the nearest date with a
  written year before it, in its sentence or the few before), and without such a date it stays
  ``unanchored``. Plain "next year" is the publication's next year.
  dateparser is the last resort, only for spans our rules do not cover, and only when the text
  carries a year or a trustworthy anchor exists; its answers are cached.

Which date belongs to an event (``find_event_date``): a DATE span of the trigger's own phrase, else
of a clause governing it (a fronted "In May," covers both "closed" and "arrested"; "said ... in
September" covers what was said), never one attached to another finite clause, a relative clause,
a noun ("the 2014 war") or reached by climbing out of a purpose clause ("in order to launch ...").
"""

from __future__ import annotations

import calendar
import datetime as dt
import logging
import re
from bisect import bisect_right
from collections.abc import Callable, Iterator
from functools import cache, lru_cache
from pathlib import Path
from typing import NamedTuple

import yaml
from spacy.tokens import Span, Token

from .errors import KnowledgeBaseError
from .records import EventDate

__all__ = [
    "find_event_date", "normalise_date", "story_relative", "trusted_anchor", "clause_attachment",
    "sentence_entities", "Attachment", "UNTRUSTED_SOURCES",
]

log = logging.getLogger(__name__)

# Publication dates from these sources are not trusted to anchor relative dates: "page" is a date
# found only in page chrome (the seed's "July 17, 2024" header), None means we do not know.
UNTRUSTED_SOURCES = frozenset({"page", None})

MONTHS = {
    "january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3, "april": 4, "apr": 4,
    "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7, "august": 8, "aug": 8, "september": 9,
    "sept": 9, "sep": 9, "october": 10, "oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}
WEEKDAYS = {"monday": 0, "tuesday": 1, "wednesday": 2, "thursday": 3, "friday": 4, "saturday": 5, "sunday": 6}
# Meteorological seasons, northern hemisphere: first month and number of months.
SEASONS = {"spring": 3, "summer": 6, "autumn": 9, "fall": 9, "winter": 12}
SMALL_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7,
    "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "several": None, "a few": None,
}
# early/mid/late narrow a month to thirds by day, a year to thirds by month.
PART_DAYS = {"early": (1, 10), "mid": (11, 20), "late": (21, 31)}
PART_MONTHS = {"early": (1, 4), "mid": (5, 8), "late": (9, 12)}
# Words allowed in front of a date phrase; stripped before the rules run.
LEADING_WORDS = re.compile(
    r"^(?:(?:in|on|during|since|by|over|until|till|at|from|throughout|for|of|around|about)\s+)+"
)
# "the" goes too, except where it changes the meaning: "the last year" = the past 12 months, while
# "last year" = the previous calendar year.
LEADING_THE = re.compile(r"^the\s+(?!(?:last|past|previous)\b)")
# A phrase must contain one of these to be taken for a date at all (spaCy tags some names DATE).
DATE_WORD = re.compile(
    r"\b(?:\d{4}s?|\d{1,2}(?:st|nd|rd|th)?|" + "|".join(MONTHS) + "|" + "|".join(WEEKDAYS) + "|"
    + "|".join(SEASONS) + r"|day|days|week|weeks|weekend|month|months|year|years|decade|decades|"
    r"today|yesterday|tonight|tomorrow|ago|morning|afternoon|evening|night)\b"
)
# A date phrase that measures a length of time, not a point in it ("for three years", "a 10-year",
# "15 days", "nearly eight months", "weeks").
DURATION = re.compile(
    r"^(?:for|over the course of)\s|\d+-(?:year|month|day|week)|"
    r"^(?:(?:just|nearly|almost|about|some|more than|less than|over|under|several|a few|few)\s+)*"
    r"(?:\S+\s+)?(?:days|weeks|months|years|decades|hours)$"
)
# Words the NER span may leave out that belong to the date phrase (we extend the span over them).
EXTEND_LEFT = frozenset(
    {"in", "on", "during", "since", "by", "over", "until", "throughout", "early", "mid", "late", "earlier", "later"}
)
DATE_LABELS = frozenset({"DATE", "TIME"})
# spaCy tags "this morning" and "last night" TIME; a TIME span names a day only with one of these.
DAY_IN_TIME = re.compile(r"\b(?:today|yesterday|tonight|this morning|this afternoon|this evening|last night|"
                         + "|".join(WEEKDAYS) + r")\b")
# Dependency labels the date/place search does not climb out of: a relative clause's time is its own.
STOP_CLIMB = frozenset({"relcl", "appos", "parataxis"})
# A verb reached through these labels heads a clause of its own: what is attached there stays there.
CLAUSE_BLOCKS = frozenset({"relcl", "conj", "ccomp", "parataxis"})
SEQUENCE_MARKERS = frozenset({"after", "before", "since", "until", "till", "once"})
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "csubjpass", "expl"})


class Interval(NamedTuple):
    """What a rule found: the interval (None when unanchored), its precision, whether the text gave the year."""

    start: dt.date | None
    end: dt.date | None
    precision: str
    explicit: bool
    past: bool = True  # resolved into the past ("In May"), so clipped at publication; "this year" is not


class Attachment(NamedTuple):
    """Where a date or place phrase joins the trigger's clause chain (see ``clause_attachment``)."""

    rank: int
    passed: int
    junction: int


class InvalidDate(ValueError):
    """Raised inside the rules for an impossible date ("31 February"); normalise_date returns None."""


# ---------------------------------------------------------------- clause attachment


def _climb(trigger: Token) -> Iterator[Token]:
    """The trigger and the heads of its clause chain, stopping at relative, purpose and sequence clauses."""
    node = trigger
    yield node
    while node.head.i != node.i and node.dep_ not in STOP_CLIMB and not _is_purpose_clause(node) and not (
        _is_sequence_clause(node)
    ):
        node = node.head
        yield node


def _is_purpose_clause(token: Token) -> bool:
    """An infinitival purpose clause ("in order to grow ...", "a plan to attack"): planned, not dated."""
    infinitive = any(child.dep_ == "aux" and child.lower_ == "to" for child in token.children)
    return token.dep_ in ("advcl", "acl") and infinitive


def _is_sequence_clause(token: Token) -> bool:
    """A clause set before or after the main one ("after they attacked ..."): the main clause's date is not its."""
    return token.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ in SEQUENCE_MARKERS for c in token.children)


def _is_clause_head(token: Token) -> bool:
    return token.pos_ in ("VERB", "AUX") and token.dep_ not in ("aux", "auxpass")


def clause_attachment(
    trigger: Token, token: Token, *, max_nonfinite: int = 1, through: frozenset[str] = frozenset({"prep"})
) -> Attachment | None:
    """How ``token`` (a date or place head) attaches to the trigger's clause, or None when it belongs elsewhere.

    Returns ``(rank, passed, junction)``: rank 0 = inside the trigger's own phrase, rank n = the clause n steps up
    the trigger's chain (a fronted "In May," or a governing clause's date); ``passed`` = subjectless
    verbs crossed on the way ("campaign to defeat IS in the Sinai"). A verb with its own subject, a
    relative clause or a coordinated verb on the way up means the token belongs to another clause; a
    word that is not a verb may be crossed only when its label is in ``through`` (a date modifying a
    noun, as in "the 2014 war", dates the war, not the event). ``junction`` is the index of the chain
    token it joins.
    """
    chain = {t.i: rank for rank, t in enumerate(_climb(trigger))}
    node, passed = token, 0
    while node.i not in chain:
        if node.i != token.i:
            if not _is_clause_head(node):
                if node.dep_ not in through:
                    return None
            elif node.dep_ in CLAUSE_BLOCKS or any(c.dep_ in SUBJECT_DEPS for c in node.children):
                return None
            else:
                passed += 1
                if passed > max_nonfinite:
                    return None
        if node.head.i == node.i:
            return None
        node = node.head
    return Attachment(chain[node.i], passed, node.i)


# ---------------------------------------------------------------- finding the event's date


def trusted_anchor(published: str | None, published_source: str | None) -> dt.date | None:
    """The publication date as an anchor, or None when it is missing, unparsable or untrusted."""
    if not published or published_source in UNTRUSTED_SOURCES:
        return None
    try:
        return dt.date.fromisoformat(published.strip()[:10])
    except ValueError:
        log.debug("publication date %r is not ISO; relative dates stay unanchored", published)
        return None


def _extend_left(span: Span, sent: Span) -> Span:
    """Grow a DATE span over qualifiers and prepositions NER left out ("in" + "early December")."""
    start = span.start
    while start > sent.start and span.doc[start - 1].lower_ in EXTEND_LEFT:
        start -= 1
    return span.doc[start:span.end]


def sentence_entities(sent: Span, labels: frozenset[str]) -> list[Span]:
    """Named entities inside one sentence with one of ``labels`` (``sent.ents`` walks the whole doc)."""
    spans: list[Span] = []
    start, label = None, ""
    for token in sent:
        if start is not None and token.ent_iob_ != "I":
            spans.append(Span(sent.doc, start, token.i, label=label))
            start = None
        if token.ent_iob_ == "B" and token.ent_type_ in labels:
            start, label = token.i, token.ent_type_
    if start is not None:
        spans.append(Span(sent.doc, start, sent.end, label=label))
    return spans


def _date_candidates(sent: Span) -> Iterator[Span]:
    for ent in sentence_entities(sent, DATE_LABELS):
        text = ent.text.lower()
        if not DATE_WORD.search(text) or (ent.label_ == "TIME" and not DAY_IN_TIME.search(text)):
            continue
        span = _extend_left(ent, sent)
        if DURATION.search(span.text.lower()):
            continue
        yield span


def find_event_date(
    sent: Span, trigger: Token, *, published: str | None, published_source: str | None
) -> EventDate | None:
    """The date of the event whose trigger is ``trigger``: the date phrase of its clause, normalised."""
    anchor = trusted_anchor(published, published_source)
    best: tuple[tuple[int, int, int], EventDate] | None = None
    for span in _date_candidates(sent):
        attachment = clause_attachment(trigger, span.root)
        if attachment is None:
            continue
        story = _story_reference(span) if story_relative(span.text) else None
        date = normalise_date(span.text, anchor=anchor, story=story)
        if date is None:
            continue
        key = (attachment.rank, attachment.passed, abs(span.start - trigger.i))
        if best is None or key < best[0]:
            best = (key, date)
    return best[1] if best else None


# ---------------------------------------------------------------- normalising one expression


def normalise_date(text: str, *, anchor: dt.date | None, story: EventDate | None = None) -> EventDate | None:
    """One date expression as an interval; ``anchor`` is a trustworthy publication date or None.

    ``story`` is the date the story is at (an explicit date found before the phrase): phrases counted
    from the story's time ("the next year") resolve against it, never against ``anchor``.
    """
    if not text or len(text) > 80:
        return None
    counted = story_relative(text)
    if counted is not None:
        # "over/within the next year" is a span ahead of someone's plans, not a year to count to: unknown.
        ahead = _AHEAD.match(text.strip().lower()) is not None
        return _story_date(text, counted, None if ahead else story)
    try:
        interval = _resolve(_clean(text), anchor)
    except (ValueError, OverflowError) as exc:  # InvalidDate, or a count that leaves the calendar
        log.debug("impossible date %r: %s", text, exc)
        return None
    if interval is None:
        return EventDate(text=text, precision="unknown", anchor="unanchored")
    return _event_date(text, interval, anchor)


def _event_date(text: str, interval: Interval, anchor: dt.date | None) -> EventDate:
    if interval.start is None or interval.end is None:
        return EventDate(text=text, precision=interval.precision, anchor="unanchored")
    end = interval.end
    if interval.past and not interval.explicit and anchor is not None and interval.start <= anchor < end:
        end = anchor  # resolved into the past: it happened by the publication date
    return EventDate(
        text=text, start=interval.start.isoformat(), end=end.isoformat(), precision=interval.precision,
        anchor="explicit" if interval.explicit else "publication",
    )


def _clean(text: str) -> str:
    text = text.lower().replace("\u2019", "'").replace("\u2013", "-").replace("\u2014", "-")
    text = re.sub(r"[^\w\s'-]", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    text = LEADING_THE.sub("", LEADING_WORDS.sub("", text)).strip()
    # "during the month of June", "on the night of June 5"
    return re.sub(r"^(?:the )?(?:month|night|morning|evening|afternoon) of ", "", text)


def _resolve(text: str, anchor: dt.date | None) -> Interval | None:
    for rule in RULES:
        interval = rule(text, anchor)
        if interval is not None:
            return interval
    return _dateparser_fallback(text, anchor)


# ---------------------------------------------------------------- dates counted from the story's time

_STORY_FILE = Path(__file__).resolve().parent / "data" / "story_dates.yaml"
_STORY_UNITS = ("year", "month", "week", "day")
# Words in front of a story-relative phrase that do not change it ("in the next year", "within the following month").
_STORY_LEAD = re.compile(
    r"^(?:(?:in|on|during|over|within|by|for|until|till|from|since|throughout|around|about|at)\s+)+"
)


_AHEAD = re.compile(r"(?:over|within|for)\s")


class _StoryRules(NamedTuple):
    phrases: dict[str, tuple[str, int]]
    counted: dict[str, int]
    lookback: int


@cache
def _story_rules() -> _StoryRules:
    """The story-relative phrases (``data/story_dates.yaml``), read and checked once."""
    try:
        data = yaml.safe_load(_STORY_FILE.read_text(encoding="utf-8"))
        phrases = {str(k).lower(): (str(v[0]), int(v[1])) for k, v in data["phrases"].items()}
        counted = {str(k).lower(): int(v) for k, v in data["counted"].items()}
        lookback = int(data["lookback_sentences"])
    except (OSError, yaml.YAMLError, KeyError, TypeError, ValueError, IndexError, AttributeError) as exc:
        raise KnowledgeBaseError(f"cannot read story-relative dates {_STORY_FILE}: {exc}") from exc
    bad = sorted(k for k, (unit, _) in phrases.items() if unit not in _STORY_UNITS)
    if bad:
        raise KnowledgeBaseError(f"story-relative dates {_STORY_FILE}: unknown unit for {', '.join(bad)}")
    return _StoryRules(phrases, counted, lookback)


def story_relative(text: str) -> tuple[str, int] | None:
    """``(unit, offset)`` when the phrase counts from the story's time ("the next year" -> ("year", 1))."""
    rules = _story_rules()
    phrase = text.lower().replace("\u2019", "'")
    phrase = re.sub(r"\s+", " ", re.sub(r"[^\w\s'-]", " ", phrase)).strip()
    phrase = _STORY_LEAD.sub("", phrase)
    if phrase in rules.phrases:
        return rules.phrases[phrase]
    match = re.fullmatch(rf"{_NUMBER} (year|month|week|day)s? (\w+)", phrase)
    if not match or match[3] not in rules.counted:
        return None
    count = SMALL_NUMBERS.get(match[1]) if match[1] in SMALL_NUMBERS else int(match[1])
    return None if count is None else (match[2], count * rules.counted[match[3]])


def _story_reference(span: Span) -> EventDate | None:
    """The nearest date with a written year before ``span``, in its sentence or the few before it."""
    doc = span.doc
    starts = [sent.start for sent in doc.sents]
    here = bisect_right(starts, span.start) - 1
    first = starts[max(0, here - _story_rules().lookback)]
    for ent in reversed(doc.ents):
        if ent.start < first:
            break
        if ent.end > span.start or ent.label_ != "DATE":
            continue
        date = normalise_date(ent.text, anchor=None)
        if date is not None and date.anchor == "explicit" and date.start:
            return date
    return None


def _story_date(text: str, counted: tuple[str, int], story: EventDate | None) -> EventDate:
    """A story-relative phrase counted from the story's date; unanchored when there is none fine enough."""
    unit, offset = counted
    fine_enough = {"year": ("day", "week", "month", "season", "year"), "month": ("day", "week", "month"),
                   "week": ("day",), "day": ("day",)}[unit]
    if story is None or not story.start or story.precision not in fine_enough:
        return EventDate(text=text, precision=unit, anchor="unanchored")
    ref = dt.date.fromisoformat(story.start[:10])
    if unit == "year":
        year = ref.year + offset
        start, end = dt.date(year, 1, 1), dt.date(year, 12, 31)
    elif unit == "month":
        index = ref.year * 12 + ref.month - 1 + offset
        start = dt.date(index // 12, index % 12 + 1, 1)
        end = _month_end(start.year, start.month)
    elif unit == "week":
        day = ref + dt.timedelta(days=7 * offset)
        start = day - dt.timedelta(days=day.weekday())
        end = start + dt.timedelta(days=6)
    else:
        start = end = ref + dt.timedelta(days=offset)
    return EventDate(text=text, start=start.isoformat(), end=end.isoformat(), precision=unit, anchor="explicit")


# ---------------------------------------------------------------- calendar helpers


def _month_end(year: int, month: int) -> dt.date:
    return dt.date(year, month, calendar.monthrange(year, month)[1])


def _recent_month(month: int, anchor: dt.date) -> int:
    """The year of the most recent ``month`` that began on or before the anchor."""
    return anchor.year if month <= anchor.month else anchor.year - 1


def _day(year: int, month: int, day: int) -> dt.date:
    try:
        return dt.date(year, month, day)
    except ValueError as exc:
        raise InvalidDate(f"{year}-{month}-{day} does not exist") from exc


def _check_day(month: int, day: int) -> None:
    """Reject a day a month never has (leap years allowed: 29 February exists)."""
    if not 1 <= day <= calendar.monthrange(2000, month)[1]:
        raise InvalidDate(f"day {day} of month {month} does not exist")


def _year(text: str) -> int | None:
    return int(text) if text else None


# ---------------------------------------------------------------- the rules

_MONTH = "(" + "|".join(sorted(MONTHS, key=len, reverse=True)) + r")\.?"
_PART = r"(?:(early|mid|late|(?:the )?(?:beginning|start|middle|end) of)[\s-]+)?"
_ORD = r"(\d{1,3})(?:st|nd|rd|th)?"
_YEAR = r"(1[5-9]\d\d|20\d\d)"
_NUMBER = "(" + "|".join(sorted(SMALL_NUMBERS, key=len, reverse=True)) + r"|\d+)"


def _part_key(part: str | None) -> str | None:
    if not part:
        return None
    part = part.removeprefix("the ")
    return {"beginning of": "early", "start of": "early", "middle of": "mid", "end of": "late"}.get(part, part)


def _rule_iso(text: str, anchor: dt.date | None) -> Interval | None:
    match = re.fullmatch(r"(\d{4})-(\d{2})-(\d{2})", text)
    if not match:
        return None
    day = _day(int(match[1]), int(match[2]), int(match[3]))
    return Interval(day, day, "day", True)


def _rule_day_month(text: str, anchor: dt.date | None) -> Interval | None:
    """'5 March 2019', 'March 5, 2019', 'the 5th of March', 'March 5' (year from the anchor)."""
    patterns = (
        rf"{_ORD}(?: of)? {_MONTH}(?:,? {_YEAR})?",
        rf"{_MONTH} {_ORD}(?:,? {_YEAR})?",
    )
    for index, pattern in enumerate(patterns):
        match = re.fullmatch(pattern, text)
        if match:
            day, month = (match[1], match[2]) if index == 0 else (match[2], match[1])
            return _day_interval(MONTHS[month], int(day), _year(match[3]), anchor)
    return None


def _day_interval(month: int, day: int, year: int | None, anchor: dt.date | None) -> Interval:
    _check_day(month, day)
    if year is not None:
        date = _day(year, month, day)
        return Interval(date, date, "day", True)
    if anchor is None:
        return Interval(None, None, "day", False)
    date = _day(anchor.year, month, day) if (month, day) != (2, 29) or calendar.isleap(anchor.year) else None
    if date is None or date > anchor:
        date = _day(anchor.year - 1, month, day)
    return Interval(date, date, "day", False)


def _rule_day_of_month(text: str, anchor: dt.date | None) -> Interval | None:
    """'the 13th' = the most recent 13th on or before publication; a bare '13' is no date at all."""
    if re.fullmatch(r"\d{1,2}", text):
        return Interval(None, None, "unknown", False)
    match = re.fullmatch(r"(\d{1,2})(?:st|nd|rd|th)", text)
    if not match:
        return None
    day = int(match[1])
    if not 1 <= day <= 31:
        raise InvalidDate(f"no month has a day {day}")
    if anchor is None:
        return Interval(None, None, "day", False)
    year, month = anchor.year, anchor.month
    for _ in range(12):  # the 31st may need to look back past short months
        if day <= calendar.monthrange(year, month)[1] and dt.date(year, month, day) <= anchor:
            date = dt.date(year, month, day)
            return Interval(date, date, "day", False)
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return None


def _rule_month(text: str, anchor: dt.date | None) -> Interval | None:
    """'May', 'early December', 'late March 2019', 'the end of June'."""
    match = re.fullmatch(rf"{_PART}{_MONTH}(?:,? {_YEAR})?", text)
    if not match:
        return None
    part, month, year = _part_key(match[1]), MONTHS[match[2]], _year(match[3])
    if year is None and anchor is None:
        return Interval(None, None, "month", False)
    resolved = year if year is not None else _recent_month(month, anchor)
    first, last = PART_DAYS[part] if part else (1, 31)
    end = dt.date(resolved, month, min(last, _month_end(resolved, month).day))
    return Interval(dt.date(resolved, month, first), end, "month", year is not None)


def _rule_year(text: str, anchor: dt.date | None) -> Interval | None:
    """'1979', 'early 2019', 'the end of 2015'."""
    match = re.fullmatch(rf"{_PART}{_YEAR}", text)
    if not match:
        return None
    year, part = int(match[2]), _part_key(match[1])
    first, last = PART_MONTHS[part] if part else (1, 12)
    return Interval(dt.date(year, first, 1), _month_end(year, last), "year", True)


def _rule_quarter(text: str, anchor: dt.date | None) -> Interval | None:
    """'the first quarter of 2015', 'Q3 2019' (quarters need their year: no anchor guessing)."""
    match = re.fullmatch(rf"(?:(first|second|third|fourth|1st|2nd|3rd|4th) quarter(?: of)?|q([1-4])),? {_YEAR}", text)
    if not match:
        return None
    order = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4}
    quarter = order[match[1]] if match[1] else int(match[2])
    year = int(match[3])
    return Interval(dt.date(year, quarter * 3 - 2, 1), _month_end(year, quarter * 3), "month", True)


def _rule_year_range(text: str, anchor: dt.date | None) -> Interval | None:
    """'between 2001 and 2011', 'from 2014 to 2016', '2014-2016', and the short '2015-16' or '2015/16' of
    fiscal years and seasons: the whole span, precision year (which months a fiscal year covers is not said)."""
    match = re.fullmatch(rf"(?:between |from )?{_YEAR}(?: and | to | ?- ?| )(\d\d|{_YEAR[1:-1]})", text)
    if not match:
        return None
    first, last = int(match[1]), match[2]
    last = int(last) if len(last) == 4 else int(match[1][:2] + last)
    if last <= first and not (len(match[2]) == 4 and last == first):
        return None
    return Interval(dt.date(first, 1, 1), dt.date(last, 12, 31), "year", True)


def _rule_decade(text: str, anchor: dt.date | None) -> Interval | None:
    """'the 1990s', '1990s', "the '90s" (two-digit decades only with an anchor to pick the century)."""
    match = re.fullmatch(r"(?:(early|mid|late)[\s-]+)?(\d{3})0s", text)
    if match:
        decade = int(match[2]) * 10
        return Interval(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade", True)
    match = re.fullmatch(r"'?(\d)0s", text)
    if not match:
        return None
    if anchor is None:
        return Interval(None, None, "decade", False)
    decade = (anchor.year // 100) * 100 + int(match[1]) * 10
    if decade > anchor.year:
        decade -= 100
    return Interval(dt.date(decade, 1, 1), dt.date(decade + 9, 12, 31), "decade", False)


def _season_interval(season: str, year: int) -> Interval:
    """The season that begins in ``year`` (winter 2015 = Dec 2015 - Feb 2016)."""
    first = SEASONS[season]
    last_year, last_month = (year + 1, 2) if first == 12 else (year, first + 2)
    return Interval(dt.date(year, first, 1), _month_end(last_year, last_month), "season", False)


def _rule_season(text: str, anchor: dt.date | None) -> Interval | None:
    """'last summer', 'in the spring', 'this winter', 'summer 2019', 'the spring of 2019'."""
    seasons = "|".join(SEASONS)
    match = re.fullmatch(rf"(?:(last|this|past|next) )?(?:(?:early|late) )?({seasons})(?:,? (?:of )?{_YEAR})?", text)
    if not match:
        return None
    which, season, year = match[1], match[2], _year(match[3])
    if year is not None:
        return _season_interval(season, year)._replace(explicit=True)
    if anchor is None:
        return Interval(None, None, "season", False)
    if which == "next":
        year = anchor.year if dt.date(anchor.year, SEASONS[season], 1) > anchor else anchor.year + 1
        return _season_interval(season, year)._replace(past=False)
    year = anchor.year if dt.date(anchor.year, SEASONS[season], 1) <= anchor else anchor.year - 1
    interval = _season_interval(season, year)
    if which in ("last", "past") and interval.end >= anchor:
        interval = _season_interval(season, year - 1)  # "last summer" has ended
    return interval


def _rule_relative_year(text: str, anchor: dt.date | None) -> Interval | None:
    """'earlier this year', 'this year', 'late last year', 'the past year', 'over the last 12 months'."""
    kinds = {
        "earlier this year": "to_date", "this year": "year", "later this year": "rest", "last year": "previous",
        "the past year": "past", "past year": "past", "the last year": "past", "the past 12 months": "past",
        "the last 12 months": "past", "next year": "next",
    }  # "the previous year" counts from the story's time, not publication: left to dateparser's refusal
    match = re.fullmatch(rf"{_PART}(.+)", text)
    part, kind = _part_key(match[1]), kinds.get(match[2])
    if kind is None or (part and kind not in ("year", "previous", "next")):
        return None
    if anchor is None:
        return Interval(None, None, "year", False)
    year = {"previous": anchor.year - 1, "next": anchor.year + 1}.get(kind, anchor.year)
    first, last = PART_MONTHS[part] if part else (1, 12)
    spans = {
        "to_date": (dt.date(year, 1, 1), anchor), "rest": (anchor, dt.date(year, 12, 31)),
        "past": (anchor - dt.timedelta(days=365), anchor),
    }
    start, end = spans.get(kind, (dt.date(year, first, 1), _month_end(year, last)))
    return Interval(start, end, "year", False, past=kind in ("to_date", "past", "previous"))


def _rule_past_span(text: str, anchor: dt.date | None) -> Interval | None:
    """'the past three months', 'the last two weeks', 'the past 10 days': from that long ago up to publication."""
    match = re.fullmatch(rf"the (?:past|last) {_NUMBER} (day|week|month|year)s", text)
    if not match:
        return None
    unit = match[2]
    count = SMALL_NUMBERS[match[1]] if match[1] in SMALL_NUMBERS else int(match[1])
    if anchor is None or count is None:
        return Interval(None, None, unit, False)
    days = {"day": 1, "week": 7, "month": 30, "year": 365}[unit] * count
    return Interval(anchor - dt.timedelta(days=days), anchor, unit, False)


def _rule_relative_month(text: str, anchor: dt.date | None) -> Interval | None:
    """'last month', 'this month', 'earlier this month', 'next month'."""
    match = re.fullmatch(r"(earlier this|this|last|next|the past|the last) month", text)
    if not match:
        return None
    if anchor is None:
        return Interval(None, None, "month", False)
    which = match[1]
    if which in ("the past", "the last"):
        return Interval(anchor - dt.timedelta(days=30), anchor, "month", False)
    first = anchor.replace(day=1)
    if which == "last":
        first = (first - dt.timedelta(days=1)).replace(day=1)
    elif which == "next":
        first = (first + dt.timedelta(days=31)).replace(day=1)
    end = anchor if which == "earlier this" else _month_end(first.year, first.month)
    return Interval(first, end, "month", False, past=which in ("last", "earlier this"))


def _rule_relative_week(text: str, anchor: dt.date | None) -> Interval | None:
    """'last week' = the previous Monday-Sunday; 'this week', 'earlier this week', 'the past week'."""
    if text == "weekend":
        text = "this weekend"
    match = re.fullmatch(r"(earlier this|this|last|next|the past|the last) week(?:end)?", text)
    if not match:
        return None
    if anchor is None:
        return Interval(None, None, "week", False)
    which = match[1]
    if which in ("the past", "the last"):
        return Interval(anchor - dt.timedelta(days=7), anchor, "week", False)
    monday = anchor - dt.timedelta(days=anchor.weekday())
    monday += dt.timedelta(days={"last": -7, "next": 7}.get(which, 0))
    end = anchor if which == "earlier this" else monday + dt.timedelta(days=6)
    if text.endswith("weekend"):
        if which == "this" and monday + dt.timedelta(days=5) > anchor:
            monday -= dt.timedelta(days=7)  # news reports "the weekend" just past
        monday, end = monday + dt.timedelta(days=5), monday + dt.timedelta(days=6)
    return Interval(monday, end, "week", False, past=which in ("last", "earlier this") or end <= anchor)


def _rule_day_word(text: str, anchor: dt.date | None) -> Interval | None:
    """'today', 'yesterday', 'tomorrow', 'on Tuesday', 'last Tuesday'."""
    offsets = {"today": 0, "tonight": 0, "yesterday": -1, "tomorrow": 1, "this morning": 0, "last night": -1}
    weekdays = "|".join(WEEKDAYS)
    match = re.fullmatch(
        rf"(?:(?:early|late|earlier|later)(?: on)? )?(?:(last|this|next) )?({weekdays})"
        r"(?: (?:morning|afternoon|evening|night))?",
        text,
    )
    if text not in offsets and not match:
        return None
    if anchor is None:
        return Interval(None, None, "day", False)
    if text in offsets:
        day = anchor + dt.timedelta(days=offsets[text])
        return Interval(day, day, "day", False)
    back = (anchor.weekday() - WEEKDAYS[match[2]]) % 7
    if match[1] == "next":
        day = anchor + dt.timedelta(days=(7 - back) or 7)
    else:
        day = anchor - dt.timedelta(days=back or (7 if match[1] == "last" else 0))
    return Interval(day, day, "day", False)


def _rule_ago(text: str, anchor: dt.date | None) -> Interval | None:
    """'two days ago', '3 weeks ago', 'a year ago' (the calendar unit containing that moment)."""
    hedge = r"(?:about |some |nearly |almost |more than )?"
    match = re.fullmatch(rf"{hedge}{_NUMBER} (day|week|month|year|decade)s? ago", text)
    if not match:
        return None
    unit = match[2]
    count = SMALL_NUMBERS[match[1]] if match[1] in SMALL_NUMBERS else int(match[1])
    if anchor is None or count is None:
        return Interval(None, None, unit, False)
    if unit in ("day", "week"):
        day = anchor - dt.timedelta(days=count * (7 if unit == "week" else 1))
        if unit == "day":
            return Interval(day, day, "day", False)
        monday = day - dt.timedelta(days=day.weekday())
        return Interval(monday, monday + dt.timedelta(days=6), "week", False)
    if unit == "month":
        index = anchor.year * 12 + anchor.month - 1 - count
        year, month = divmod(index, 12)
        return Interval(dt.date(year, month + 1, 1), _month_end(year, month + 1), "month", False)
    year = anchor.year - count * (10 if unit == "decade" else 1)
    if unit == "decade":
        return Interval(dt.date(year // 10 * 10, 1, 1), dt.date(year // 10 * 10 + 9, 12, 31), "decade", False)
    return Interval(dt.date(year, 1, 1), dt.date(year, 12, 31), "year", False)


def _rule_bad_ordinal(text: str, anchor: dt.date | None) -> Interval | None:
    """A day number no month has ("the 45th of May") must never reach dateparser, which would guess."""
    for match in re.finditer(r"\b(\d{1,3})(?:st|nd|rd|th)\b", text):
        if int(match[1]) > 31:
            raise InvalidDate(f"no month has a day {match[1]}")
    return None


RULES: tuple[Callable[[str, dt.date | None], Interval | None], ...] = (
    _rule_iso, _rule_day_month, _rule_day_of_month, _rule_month, _rule_year, _rule_year_range, _rule_quarter,
    _rule_decade, _rule_season, _rule_relative_year, _rule_past_span, _rule_relative_month, _rule_relative_week,
    _rule_day_word, _rule_ago, _rule_bad_ordinal,
)

# dateparser's period names, as our precisions.
PERIODS = {"day": "day", "week": "week", "month": "month", "year": "year"}


def _dateparser_fallback(text: str, anchor: dt.date | None) -> Interval | None:
    """Last resort for forms our rules miss; only with a year in the text or a trustworthy anchor."""
    if DURATION.search(text):
        return None  # "15 days" is a length of time: dateparser would count back from the anchor
    explicit = re.search(r"\b(1[5-9]\d\d|20\d\d)\b", text) is not None
    if not explicit and anchor is None:
        return None
    if not re.search(r"\d", text) and not any(word in MONTHS for word in text.split()):
        return None  # "three years" is a length of time, not a date: dateparser would count back
    found = _parse_with_dateparser(text, anchor)
    if found is None:
        return None
    date, period = found
    if explicit and str(date.year) not in text:
        return None  # dateparser read the digits as something else: do not trust it
    if explicit and period in ("day", "month") and not _states_month(text):
        return None  # a year and a number: dateparser takes the month from today ("2015-16" -> 16 November)
    if not explicit and anchor is not None and date > anchor:
        return None  # a relative date read into the future of the article: not what news reports
    if period == "year":
        return Interval(dt.date(date.year, 1, 1), dt.date(date.year, 12, 31), "year", explicit)
    if period == "month":
        return Interval(date.replace(day=1), _month_end(date.year, date.month), "month", explicit)
    if period == "week":
        monday = date - dt.timedelta(days=date.weekday())
        return Interval(monday, monday + dt.timedelta(days=6), "week", explicit)
    return Interval(date, date, "day", explicit)


def _states_month(text: str) -> bool:
    """A month name, or a numeric date with day and month ("5 3 2019" once cleaned of its slashes)."""
    return any(word.rstrip(".") in MONTHS for word in text.split()) or re.search(
        r"\b\d{1,4}[-. ]\d{1,2}[-. ]\d{1,4}\b", text) is not None


@lru_cache(maxsize=4096)
def _parse_with_dateparser(text: str, anchor: dt.date | None) -> tuple[dt.date, str] | None:
    """dateparser on one span (slow, hence cached); ``(date, period)`` or None."""
    from dateparser.date import DateDataParser

    settings = {"PREFER_DATES_FROM": "past", "RETURN_TIME_AS_PERIOD": True, "STRICT_PARSING": False}
    if anchor is not None:
        settings["RELATIVE_BASE"] = dt.datetime(anchor.year, anchor.month, anchor.day)
    data = DateDataParser(languages=["en"], settings=settings).get_date_data(text)
    if data.date_obj is None or data.period not in PERIODS:
        return None
    return data.date_obj.date(), PERIODS[data.period]
