"""Modality (asserted, reported, hedged, hypothetical, negated, future, historical) and attribution cues."""

from __future__ import annotations

from tidings.records import Event


def one(events: list[Event], event_type: str) -> Event:
    hits = [e for e in events if e.event_type == event_type]
    assert hits, f"no {event_type} in {[(e.event_type, e.rule) for e in events]}"
    return hits[0]


def test_plain_statement_is_asserted(code_text):
    event = one(code_text("Sudanese troops attacked the rebel camp."), "ASSAULT")
    assert event.modality == "asserted"
    assert event.attribution is None


def test_reportedly_is_reported(code_text):
    event = one(code_text("Sudanese troops reportedly attacked the rebel camp."), "ASSAULT")
    assert event.modality == "reported"
    assert "reportedly" in event.hedge_cues


def test_according_to_reports_is_unnamed_and_reported(code_text):
    event = one(code_text("According to reports, Sudanese troops attacked the rebel camp."), "ASSAULT")
    assert event.modality == "reported"
    assert event.attribution is not None and event.attribution.unnamed
    assert event.attribution.speaker is None


def test_believed_to_is_hedged_even_inside_a_report(code_text):
    event = one(code_text("Reports say the Iranian government is believed to have armed the rebels."), "AID")
    assert event.modality == "hedged"
    assert "is believed to" in event.hedge_cues


def test_might_is_hypothetical(code_text):
    event = one(code_text("Pakistani forces might attack the militants next week."), "ASSAULT")
    assert event.modality == "hypothetical"


def test_urged_act_is_hypothetical_while_the_urging_is_asserted(code_text):
    events = code_text("Kenya urged Uganda to withdraw its troops from the border.")
    withdraw = one(events, "RETREAT")
    assert withdraw.modality == "hypothetical"
    assert withdraw.hedge_cues == ["urged"]
    assert one(events, "REQUEST").modality == "asserted"


def test_negation(code_text):
    event = one(code_text("Pakistani forces did not attack the militants."), "ASSAULT")
    assert event.modality == "negated"


def test_plans_to_is_future(code_text):
    event = one(code_text("The United States plans to withdraw its troops from Syria."), "RETREAT")
    assert event.modality == "future"


def test_past_year_is_historical(code_text):
    event = one(code_text("Jordan and Israel respect the 1994 peace treaty between the two countries."), "AGREE")
    assert event.modality == "historical"


def test_speech_verb_names_the_speaker(code_text):
    event = one(code_text("The Turkish ministry said that police arrested four Syrian men."), "COERCE")
    assert event.attribution is not None
    assert "turk" in (event.attribution.speaker.name or "").lower() + event.attribution.speaker.text.lower()
    assert event.attribution.cue == "said"


def test_quoted_paragraph_attributes_every_sentence_inside_the_quote(code_text):
    text = ("“The army detained dozens of students. It also raided the university and arrested two professors,” "
            "said Amara Diallo.")
    events = [e for e in code_text(text) if e.event_type == "COERCE"]
    assert len(events) >= 2
    for event in events:
        assert event.attribution is not None and event.attribution.speaker is not None
        assert "diallo" in event.attribution.speaker.text.lower() + (event.attribution.speaker.name or "").lower()


def test_unclosed_quote_attributes_nothing(code_text):
    events = code_text("“The army detained dozens of students. Later that day the police freed them. "
                       "Diallo said nothing.")
    assert events
    assert all(e.attribution is None for e in events if e.text_info.sentence < 2)


def test_possessive_before_reported_is_no_speaker(code_text):
    events = code_text(
        "Hezbollah’s reported cooperation with the Houthis comes after news that a senior commander was meeting "
        "with Yemeni officials in March."
    )
    assert events
    for event in events:
        speaker = event.attribution.speaker if event.attribution else None
        assert speaker is None or "hezbollah" not in (speaker.name or "").lower(), event.attribution


def test_evidence_sentence_has_no_trailing_blank_line(code_text):
    events = code_text("Rebels attacked an army base near the town.\n\nThe army said nothing.")
    assert events
    for event in events:
        assert event.text_info.text == event.text_info.text.strip()


def test_it_under_a_speech_verb_is_not_the_person_speaking(code_text):
    # '"..., it receives training," said Zilber': "it" is the group, never Zilber (who stays the speaker).
    events = code_text("\u201cThe militia smuggles weapons through the hills, it receives training from Iran,\u201d "
                       "said analyst John Kamau.")
    receive = next(e for e in events if e.text_info.trigger.text == "receives")
    assert all("Kamau" not in r.text for r in receive.recipient + receive.actor)
    assert receive.attribution is not None and "Kamau" in (receive.attribution.speaker.text or "")


def test_a_state_speaking_of_itself_is_still_its_own_subject(code_text):
    event = one(code_text("Hungary says it will not accept migrants from Greece."), "REJECT")
    assert any("hungary" in (a.name or a.text).lower() for a in event.actor)


def test_a_past_year_inside_the_triggers_phrase_makes_the_event_historical(code_text):
    events = code_text("Israel seized control of the territories in the 1967 Six-Day War. "
                       "Gunmen abducted two professors in Kabul in August 2016.", published="2019-11-19")
    assert len(events) >= 2
    assert all(e.modality == "historical" for e in events), [(e.event_type, e.modality) for e in events]


def test_this_years_date_is_not_historical(code_text):
    events = code_text("Gunmen abducted two professors in Kabul in August 2019.", published="2019-11-19")
    assert events and events[0].modality == "asserted"


def _modality_of(events, event_type: str) -> str:
    hits = [e for e in events if e.event_type == event_type]
    assert hits, f"no {event_type} in {[(e.event_type, e.modality) for e in events]}"
    return hits[0].modality


def test_according_to_a_named_source_is_reported(code_text):
    events = code_text("Gunmen killed 12 civilians in the village, according to the United Nations.")
    assert _modality_of(events, "ASSAULT") == "reported"


def test_a_condition_makes_the_event_hypothetical(code_text):
    events = code_text("Washington would impose sanctions on Ankara if the offensive continues.")
    assert _modality_of(events, "SANCTION") == "hypothetical"


def test_an_outcome_pursued_is_hypothetical(code_text):
    events = code_text("Egypt is pursuing a truce between Hamas and Israel.")
    assert _modality_of(events, "AGREE") == "hypothetical"


def test_years_after_puts_the_event_in_the_past(code_text):
    events = code_text("US troops remain in the country, 18 years after Washington invaded Afghanistan.",
                       published="2019-11-19")
    assert _modality_of(events, "ASSAULT") == "historical"


def test_a_dated_past_event_is_historical_even_when_hedged(code_text):
    events = code_text("Perhaps the police arrested the activist in 2010.", published="2019-11-19")
    assert _modality_of(events, "COERCE") == "historical"
