"""Bad input never crashes the coder, stays bounded, and never invents values."""

from __future__ import annotations

from tidings.events.code import MAX_EVENTS_PER_SENTENCE, MAX_TEXT_CHARS


def test_sentence_without_actors_gives_no_event(code_text):
    assert code_text("It rained heavily all afternoon and the roads were quiet.") == []


def test_hundreds_of_names_do_not_explode(code_text):
    names = ", ".join(f"Officer{chr(65 + i % 26)}{chr(65 + i // 26 % 26)} Smith" for i in range(300))
    events = code_text(f"Police arrested {names} and the protesters.")
    per_sentence: dict[int, int] = {}
    for event in events:
        per_sentence[event.text_info.sentence] = per_sentence.get(event.text_info.sentence, 0) + 1
    assert all(count <= MAX_EVENTS_PER_SENTENCE for count in per_sentence.values())
    assert all(len(e.text_info.text) <= MAX_TEXT_CHARS for e in events)


def test_500_word_sentence_is_clipped_to_a_window_around_the_trigger(code_text):
    filler = " ".join(["the committee discussed routine budget matters"] * 50)
    text = f"While {filler}, Sudanese soldiers attacked a village near Kassala while {filler}."
    events = [e for e in code_text(text) if e.event_type == "ASSAULT"]
    assert events
    for event in events:
        info = event.text_info
        assert len(info.text) <= MAX_TEXT_CHARS
        assert text[info.start:info.end] == info.text
        assert info.trigger.text in info.text


def test_quote_that_never_closes(code_text):
    text = "“Militants attacked the checkpoint. " + "They kept firing for hours. " * 40
    events = code_text(text)
    assert all(e.attribution is None or e.attribution.speaker is None for e in events)


def test_impossible_dates_stay_unknown(code_text):
    for phrase in ("On 31 February", "On the 45th of May"):
        events = code_text(f"{phrase}, Chadian troops attacked a rebel base.", published="2020-06-01")
        event = next(e for e in events if e.event_type == "ASSAULT")
        assert event.date is None or (event.date.start is None and event.date.end is None), event.date


def test_empty_and_whitespace_text(code_text):
    assert code_text("   \n\n  ") == []
