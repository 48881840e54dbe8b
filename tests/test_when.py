"""Event dates: normalising single expressions, and picking the date of an event's clause (real spaCy model)."""

from __future__ import annotations

import datetime as dt

import pytest

from tidings.when import find_event_date, normalise_date, trusted_anchor

PUBLISHED = dt.date(2016, 8, 1)  # a Monday


def _interval(text: str, anchor: dt.date | None = PUBLISHED) -> tuple:
    date = normalise_date(text, anchor=anchor)
    assert date is not None, text
    return date.start, date.end, date.precision, date.anchor


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("early December", ("2015-12-01", "2015-12-10", "month", "publication")),
        ("mid-December", ("2015-12-11", "2015-12-20", "month", "publication")),
        ("late February", ("2016-02-21", "2016-02-29", "month", "publication")),
        ("In September", ("2015-09-01", "2015-09-30", "month", "publication")),
        ("in the past year", ("2015-08-02", "2016-08-01", "year", "publication")),
        ("Earlier this year", ("2016-01-01", "2016-08-01", "year", "publication")),
        ("In May", ("2016-05-01", "2016-05-31", "month", "publication")),
        ("In July", ("2016-07-01", "2016-07-31", "month", "publication")),
        ("last week", ("2016-07-25", "2016-07-31", "week", "publication")),
        ("last summer", ("2015-06-01", "2015-08-31", "season", "publication")),
        ("in the spring", ("2016-03-01", "2016-05-31", "season", "publication")),
        ("on Tuesday", ("2016-07-26", "2016-07-26", "day", "publication")),
        ("yesterday", ("2016-07-31", "2016-07-31", "day", "publication")),
        ("today", ("2016-08-01", "2016-08-01", "day", "publication")),
        ("two days ago", ("2016-07-30", "2016-07-30", "day", "publication")),
        ("last month", ("2016-07-01", "2016-07-31", "month", "publication")),
        ("over the last year", ("2015-08-02", "2016-08-01", "year", "publication")),
        ("last year", ("2015-01-01", "2015-12-31", "year", "publication")),
        ("late last year", ("2015-09-01", "2015-12-31", "year", "publication")),
        ("at the end of last year", ("2015-09-01", "2015-12-31", "year", "publication")),
        ("over the past three months", ("2016-05-03", "2016-08-01", "month", "publication")),
        ("this year", ("2016-01-01", "2016-12-31", "year", "publication")),
        ("next week", ("2016-08-08", "2016-08-14", "week", "publication")),
        ("late on Tuesday", ("2016-07-26", "2016-07-26", "day", "publication")),
        ("during the month of June", ("2016-06-01", "2016-06-30", "month", "publication")),
        ("on the 13th", ("2016-07-13", "2016-07-13", "day", "publication")),
        ("on the night of July 5", ("2016-07-05", "2016-07-05", "day", "publication")),
    ],
)
def test_relative_dates_resolve_against_a_trusted_publication_date(text, expected):
    assert _interval(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("in 1979", ("1979-01-01", "1979-12-31", "year", "explicit")),
        ("March 2019", ("2019-03-01", "2019-03-31", "month", "explicit")),
        ("early December 2015", ("2015-12-01", "2015-12-10", "month", "explicit")),
        ("the 1990s", ("1990-01-01", "1999-12-31", "decade", "explicit")),
        ("5 March 2019", ("2019-03-05", "2019-03-05", "day", "explicit")),
        ("March 5, 2019", ("2019-03-05", "2019-03-05", "day", "explicit")),
        ("the 5th of March, 2019", ("2019-03-05", "2019-03-05", "day", "explicit")),
        ("29 February 2016", ("2016-02-29", "2016-02-29", "day", "explicit")),
        ("summer 2014", ("2014-06-01", "2014-08-31", "season", "explicit")),
        ("late 2015", ("2015-09-01", "2015-12-31", "year", "explicit")),
        ("in the first quarter of 2015", ("2015-01-01", "2015-03-31", "month", "explicit")),
        ("between 2001 and 2011", ("2001-01-01", "2011-12-31", "year", "explicit")),
        ("in 2015-16", ("2015-01-01", "2016-12-31", "year", "explicit")),
        ("2015/16", ("2015-01-01", "2016-12-31", "year", "explicit")),
    ],
)
def test_explicit_years_need_no_anchor(text, expected):
    assert _interval(text, anchor=None) == expected
    assert _interval(text, anchor=PUBLISHED) == expected


@pytest.mark.parametrize("text", ["16 2015", "the 16th 2015", "2015 the 16th"])
def test_a_year_and_a_number_never_get_a_day_from_today(text):
    # dateparser reads these as the 16th of the current month of 2015 (and "2015-16" likewise): invented dates.
    date = normalise_date(text, anchor=None)
    assert date is None or date.precision == "year" or date.start is None


@pytest.mark.parametrize(
    ("text", "precision"),
    [
        ("early December", "month"), ("In September", "month"), ("in the past year", "year"),
        ("Earlier this year", "year"), ("In May", "month"), ("In July", "month"), ("last week", "week"),
        ("last summer", "season"), ("on Tuesday", "day"), ("two days ago", "day"), ("yesterday", "day"),
    ],
)
def test_relative_dates_without_a_trusted_anchor_stay_unanchored(text, precision):
    assert _interval(text, anchor=None) == (None, None, precision, "unanchored")


def test_winter_spans_the_new_year():
    assert _interval("last winter") == ("2015-12-01", "2016-02-29", "season", "publication")
    january = dt.date(2016, 1, 10)
    assert _interval("last winter", anchor=january) == ("2014-12-01", "2015-02-28", "season", "publication")
    assert _interval("winter", anchor=january) == ("2015-12-01", "2016-01-10", "season", "publication")


def test_month_interval_is_clipped_at_publication():
    assert _interval("In May", anchor=dt.date(2016, 5, 15)) == ("2016-05-01", "2016-05-15", "month", "publication")


@pytest.mark.parametrize(
    "text",
    ["31 February", "the 45th of May", "February 30, 2019", "2019-02-30", "May 32", "on the 45th"],
)
def test_impossible_dates_give_nothing(text):
    assert normalise_date(text, anchor=PUBLISHED) is None
    assert normalise_date(text, anchor=None) is None


def test_a_bare_number_is_no_date():
    date = normalise_date("13", anchor=PUBLISHED)
    assert date is not None and date.start is None and date.precision == "unknown"


@pytest.mark.parametrize("text", ["99999 years ago", "the past 9999999 years"])
def test_counts_that_leave_the_calendar_give_no_interval(text):
    assert normalise_date(text, anchor=PUBLISHED) is None
    unanchored = normalise_date(text, anchor=None)
    assert unanchored is not None and unanchored.start is None and unanchored.end is None


@pytest.mark.parametrize("text", ["three years", "15 days", "nearly eight months", "weeks"])
def test_lengths_of_time_are_not_resolved_against_publication(text):
    date = normalise_date(text, anchor=PUBLISHED)
    assert date is not None and date.start is None and date.precision == "unknown"


@pytest.mark.parametrize(
    ("text", "unit"),
    [("the previous year", "year"), ("the following day", "day"), ("the next year", "year"),
     ("in the next year", "year"), ("The following year", "year"), ("a year later", "year"),
     ("two years later", "year"), ("the next month", "month"), ("that year", "year"), ("the next week", "week")],
)
def test_story_relative_dates_are_never_resolved_against_publication(text, unit):
    date = normalise_date(text, anchor=PUBLISHED)
    assert date is not None
    assert (date.start, date.end, date.precision, date.anchor) == (None, None, unit, "unanchored")


def _story(text: str, start: str, end: str, precision: str):
    from tidings.records import EventDate

    return EventDate(text=text, start=start, end=end, precision=precision, anchor="explicit")


@pytest.mark.parametrize(
    ("text", "story", "expected"),
    [
        ("the next year", ("in 2016", "2016-01-01", "2016-12-31", "year"), ("2017-01-01", "2017-12-31", "year")),
        ("a year later", ("in 2016", "2016-01-01", "2016-12-31", "year"), ("2017-01-01", "2017-12-31", "year")),
        ("three years later", ("in 2016", "2016-01-01", "2016-12-31", "year"), ("2019-01-01", "2019-12-31", "year")),
        ("the year before", ("in 2016", "2016-01-01", "2016-12-31", "year"), ("2015-01-01", "2015-12-31", "year")),
        ("later that year", ("March 2016", "2016-03-01", "2016-03-31", "month"),
         ("2016-01-01", "2016-12-31", "year")),
        ("the following month", ("December 2016", "2016-12-01", "2016-12-31", "month"),
         ("2017-01-01", "2017-01-31", "month")),
        ("the next day", ("5 March 2016", "2016-03-05", "2016-03-05", "day"), ("2016-03-06", "2016-03-06", "day")),
    ],
)
def test_story_relative_dates_count_from_the_story_date(text, story, expected):
    date = normalise_date(text, anchor=PUBLISHED, story=_story(*story))
    assert (date.start, date.end, date.precision, date.anchor) == (*expected, "explicit")


def test_story_relative_dates_need_a_story_date_fine_enough():
    year_only = _story("in 2016", "2016-01-01", "2016-12-31", "year")
    assert normalise_date("the following month", anchor=PUBLISHED, story=year_only).start is None
    assert normalise_date("the next day", anchor=PUBLISHED, story=year_only).start is None
    # A span ahead of someone's plans is no year to count to, whatever the story's date.
    assert normalise_date("over the next year", anchor=PUBLISHED, story=year_only).start is None
    assert normalise_date("within the next year", anchor=PUBLISHED).start is None


def test_page_chrome_dates_are_not_trusted():
    assert trusted_anchor("2024-07-17", "page") is None
    assert trusted_anchor("2024-07-17", None) is None
    assert trusted_anchor("2016-08-01T09:30:00Z", "metadata") == PUBLISHED
    assert trusted_anchor("July 17, 2024", "input") is None


def _trigger(doc, word: str, nth: int = 0):
    return [t for t in doc if t.text == word][nth]


def _date_of(nlp, text: str, word: str, *, published="2016-08-01", source="input", nth: int = 0):
    doc = nlp(text)
    trigger = _trigger(doc, word, nth)
    return find_event_date(trigger.sent, trigger, published=published, published_source=source)


def test_fronted_date_belongs_to_both_coordinated_events(nlp):
    text = "In May, Hamas forces closed down a mosque and arrested several of their members."
    for word in ("closed", "arrested"):
        date = _date_of(nlp, text, word)
        assert date is not None and "May" in date.text
        assert (date.start, date.end) == ("2016-05-01", "2016-05-31")


def test_date_of_the_governing_clause_reaches_a_reported_event(nlp):
    text = "In September, Egypt's military said that it had started flooding the tunnels."
    date = _date_of(nlp, text, "flooding", source=None, published="2024-07-17")
    assert date is not None and date.text == "In September"
    assert (date.start, date.end, date.precision, date.anchor) == (None, None, "month", "unanchored")


def test_date_inside_the_trigger_phrase_includes_its_preposition(nlp):
    text = ("The commander was secretly meeting with Hamas leaders in early December in order to grow their "
            "cooperation.")
    date = _date_of(nlp, text, "meeting")
    assert date is not None and date.text == "in early December"
    assert (date.start, date.end) == ("2015-12-01", "2015-12-10")


def test_purpose_clause_does_not_inherit_the_meeting_date(nlp):
    text = ("The commander was secretly meeting with Hamas leaders in early December in order to launch more "
            "attacks against Egypt.")
    assert _date_of(nlp, text, "launch") is None


def test_another_clause_with_its_own_verb_and_date_is_not_used(nlp):
    text = "Hamas said on Tuesday that Egypt had closed the crossing in March."
    said = _date_of(nlp, text, "said")
    closed = _date_of(nlp, text, "closed")
    assert said is not None and "Tuesday" in said.text
    assert closed is not None and "March" in closed.text


def test_a_clause_set_before_the_main_one_does_not_take_its_date(nlp):
    text = "After Egypt closed the crossing, Hamas protested on Tuesday."
    assert _date_of(nlp, text, "closed") is None
    assert "Tuesday" in _date_of(nlp, text, "protested").text


def test_a_date_modifying_a_noun_does_not_date_the_event(nlp):
    text = "This aids Hamas's military buildup after the 2014 war."
    assert _date_of(nlp, text, "aids") is None


def test_a_day_tagged_as_time_dates_the_event(nlp):
    date = _date_of(nlp, "Police arrested him this morning.", "arrested")
    assert date is not None and (date.start, date.precision) == ("2016-08-01", "day")
    assert _date_of(nlp, "Troops raided the village at 10 a.m.", "raided") is None


def test_a_length_of_time_does_not_date_the_event(nlp):
    assert _date_of(nlp, "The rebels held the town for 15 days.", "held") is None


def test_no_date_in_the_sentence_gives_none(nlp):
    assert _date_of(nlp, "Egypt targeted the Muslim Brotherhood.", "targeted") is None


def test_seed_dates_with_the_page_chrome_date_stay_unanchored(nlp, seed_path):
    doc = nlp(seed_path.read_text(encoding="utf-8"))
    cues = {"meeting": "early December", "started": "In September", "demolished": "in the past year",
            "clashed": "Earlier this year", "closed": "In May", "arrested": "In May", "outlined": "In July"}
    for word, expected in cues.items():
        trigger = _trigger(doc, word)
        date = find_event_date(trigger.sent, trigger, published="2024-07-17", published_source="page")
        assert date is not None and expected.lower() in date.text.lower(), word
        assert date.anchor == "unanchored" and date.start is None and date.end is None
        trusted = find_event_date(trigger.sent, trigger, published="2016-08-01", published_source="input")
        assert trusted.anchor == "publication" and trusted.start is not None and trusted.end <= "2016-08-01"


def test_long_sentence_is_handled(nlp):
    text = "Officials said " + ", ".join(f"the group {i} met" for i in range(120)) + " in early December 2015."
    doc = nlp(text)
    trigger = _trigger(doc, "said")
    date = find_event_date(doc[:], trigger, published=None, published_source=None)
    assert date is None or date.anchor == "explicit"
    assert normalise_date("x" * 500, anchor=PUBLISHED) is None


# --- Story-relative dates in sentences (issue 9, item 7): never the publication year + 1 by default ---------


def test_the_next_year_in_a_story_about_2016_is_2017(nlp):
    text = ("In 2016, the army withdrew from the border town after months of shelling. "
            "The next year, rebels stormed the town again.")
    date = _date_of(nlp, text, "stormed", published="2019-11-18")
    assert date is not None and date.text.lower() == "the next year"
    assert (date.start, date.end, date.precision, date.anchor) == ("2017-01-01", "2017-12-31", "year", "explicit")


def test_the_next_year_without_a_story_date_is_unknown_not_publication_plus_one(nlp):
    text = "The rebels withdrew from the town, but the next year they stormed it again."
    date = _date_of(nlp, text, "stormed", published="2019-11-18")
    assert date is not None and "next year" in date.text
    assert (date.start, date.end, date.anchor) == (None, None, "unanchored")


def test_plain_next_year_is_the_publication_next_year(nlp):
    date = _date_of(nlp, "The government will hold elections next year.", "hold", published="2019-11-18")
    assert date is not None and (date.start, date.anchor) == ("2020-01-01", "publication")


def test_the_following_month_counts_from_a_month_in_the_same_sentence(nlp):
    text = "The two sides signed a truce in March 2016, and the militia broke it the following month."
    date = _date_of(nlp, text, "broke", published="2019-11-18")
    assert date is not None and (date.start, date.end, date.anchor) == ("2016-04-01", "2016-04-30", "explicit")


def test_a_story_date_too_far_back_is_not_used(nlp):
    text = ("The treaty was signed in 2016. The parliament debated it for weeks. The opposition objected. "
            "Then the courts weighed in. The government finally ratified it the following year.")
    date = _date_of(nlp, text, "ratified", published="2019-11-18")
    assert date is not None and (date.start, date.anchor) == (None, "unanchored")
