"""Builds small, exact extractions (records) for the analysis tests: no NLP, offsets that point at their text."""

from __future__ import annotations

import hashlib

from tidings.records import Actor, Entity, Event, EventDate, Extraction, Mention, TextInfo

ACTORS = {
    "salafis": ("Salafi jihadists", "armed_group"),
    "hamas": ("Hamas", "armed_group"), "is-sinai": ("Islamic State - Sinai Province", "armed_group"),
    "egypt": ("Egypt", "state"), "israel": ("Israel", "state"),
}


def _entity(actor_id: str, text: str, start: int) -> Entity:
    name, kind = ACTORS[actor_id]
    return Entity(text=text, start=start, end=start + len(text), actor_id=actor_id, name=name, kind=kind)


def make_extraction(doc_id: str, sentences: list[tuple[str, str, str, str, str | None]], *, outlet: str | None,
                    published: str | None = None) -> Extraction:
    """One article of ``actor VERB recipient`` sentences: (actor_id, verb, recipient_id, event_type, day)."""
    text, events, mentions = "", [], {}
    for i, (actor, verb, recipient, event_type, day) in enumerate(sentences):
        a_text, r_text = ACTORS[actor][0], ACTORS[recipient][0]
        sentence = f"{a_text} {verb} {r_text}" + (f" on {day}." if day else ".")
        start = len(text)
        a_ent = _entity(actor, a_text, start)
        r_ent = _entity(recipient, r_text, start + len(a_text) + len(verb) + 2)
        for ent in (a_ent, r_ent):
            mention = Mention(start=ent.start, end=ent.end, text=ent.text, via="ner")
            mentions.setdefault(ent.actor_id, []).append(mention)
        date = EventDate(text=day, start=day, end=day, precision="day", anchor="explicit") if day else None
        key = f"{doc_id}|{sentence}|{event_type}|{i}"
        events.append(Event(
            id="ev-" + hashlib.sha1(key.encode()).hexdigest()[:16], event_type=event_type, actor=[a_ent],
            recipient=[r_ent], date=date, confidence=0.8, rule="test",
            text_info=TextInfo(sentence=i, start=start, end=start + len(sentence), text=sentence),
        ))
        text += sentence + " "
    actors = [Actor(actor_id=a, name=ACTORS[a][0], kind=ACTORS[a][1], in_kb=True, mentions=m)
              for a, m in mentions.items()]
    return Extraction(doc_id=doc_id, text=text.strip(), outlet=outlet, published=published, actors=actors,
                      events=events)


ATTACK = ("hamas", "attacked", "egypt", "ASSAULT", "2016-05-02")
TALKS = ("hamas", "met", "is-sinai", "CONSULT", "2016-12-05")
AID = ("hamas", "supplied weapons to", "is-sinai", "AID", "2016-11-20")
CRACKDOWN = ("egypt", "cracked down on", "hamas", "COERCE", "2016-03-01")
RAID = ("israel", "raided", "salafis", "ASSAULT", None)


def small_corpus() -> list[Extraction]:
    """Four articles from three outlets: one attack reported twice, talks, aid, a crackdown, an undated raid."""
    return [
        make_extraction("a1", [ATTACK, TALKS, AID], outlet="Reuters", published="2016-12-06"),
        make_extraction("a2", [ATTACK, CRACKDOWN], outlet="AP", published="2016-05-03"),
        make_extraction("a3", [("is-sinai", "met", "hamas", "CONSULT", "2016-12-05")], outlet="reuters"),
        make_extraction("a4", [RAID], outlet=None),
    ]
