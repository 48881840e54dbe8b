"""Each grammatical construction the coder handles, on small sentences of our own, through the real pipeline."""

from __future__ import annotations

import pytest

from tidings.records import Event


def names(entities) -> list[str]:
    """Surface text and canonical name of each entity, lower-cased, for loose assertions."""
    return [f"{e.text} | {e.name or ''}".lower() for e in entities]


def has(entities, word: str) -> bool:
    return any(word in n for n in names(entities))


def find(events: list[Event], event_type: str, trigger_word: str) -> Event:
    """The event of ``event_type`` whose trigger contains ``trigger_word``."""
    hits = [e for e in events if e.event_type == event_type and trigger_word in e.text_info.trigger.text.lower()]
    assert hits, f"no {event_type} on '{trigger_word}' in {[(e.event_type, e.rule, names(e.actor)) for e in events]}"
    return hits[0]


def test_verb_with_direct_object(code_text):
    event = find(code_text("Russian troops attacked a Ukrainian border post on Tuesday."), "ASSAULT", "attacked")
    assert has(event.actor, "russia")
    assert has(event.recipient, "border post")
    assert event.rule == "attack/verb"


def test_supply_x_with_y_puts_x_in_recipient(code_text):
    event = find(code_text("Iran has supplied the Houthi rebels with drones."), "AID", "supplied")
    assert has(event.actor, "iran")
    assert has(event.recipient, "houthi")
    assert not has(event.recipient, "drones")


def test_supply_y_to_x_puts_x_in_recipient(code_text):
    event = find(code_text("Iran has supplied drones to the Houthi rebels."), "AID", "supplied")
    assert has(event.recipient, "houthi")
    assert not has(event.recipient, "drones")


def test_passive_with_by_agent(code_text):
    event = find(code_text("The convoy was ambushed by Taliban fighters near Kandahar."), "ASSAULT", "ambushed")
    assert has(event.actor, "taliban")
    assert has(event.recipient, "convoy")


def test_passive_without_agent_leaves_actor_empty(code_text):
    event = find(code_text("Two opposition journalists were arrested in Ankara."), "COERCE", "arrested")
    assert event.actor == []
    assert has(event.recipient, "journalists")


def test_relative_clause_subject_is_the_antecedent(code_text):
    events = code_text("Syria, which has also armed Hezbollah with rockets, rejected the report.")
    event = find(events, "AID", "armed")
    assert has(event.actor, "syria")
    assert has(event.recipient, "hezbollah")


def test_coordinated_subjects_of_symmetric_verb_split_into_actor_and_recipient(code_text):
    event = find(code_text("Turkey and Qatar are cooperating on energy projects."), "COOPERATE", "cooperating")
    parties = names(event.actor) + names(event.recipient)
    assert len(event.actor) == 1 and len(event.recipient) == 1
    assert any("turkey" in p for p in parties) and any("qatar" in p for p in parties)


def test_coordinated_verbs_share_their_subject(code_text):
    events = code_text("The Nigerian army arrested ten protesters and deported three foreign activists.")
    assert has(find(events, "COERCE", "arrested").actor, "nigeria")
    assert has(find(events, "COERCE", "deported").actor, "nigeria")


def test_permission_verb_codes_both_the_permission_and_the_permitted_act(code_text):
    events = code_text("Kenya has permitted Ethiopia to deploy troops along the border.")
    allow = find(events, "CONCEDE", "permitted")
    assert has(allow.actor, "kenya") and has(allow.recipient, "ethiopia")
    assert has(find(events, "MOBILIZE", "deploy").actor, "ethiopia")


def test_called_on_names_who_is_to_act(code_text):
    # "call on X to V": the object of "on" is the one asked to act, not the caller.
    events = code_text("The African Union called on Sudan to expel the foreign fighters.")
    request = find(events, "REQUEST", "called")
    assert has(request.actor, "african union") and has(request.recipient, "sudan")
    expel = find(events, "COERCE", "expel")
    assert has(expel.actor, "sudan") and not has(expel.actor, "african union")


def test_light_verb_lets_the_noun_carry_the_type(code_text):
    event = find(code_text("The rebels launched rocket attacks on the airport."), "ASSAULT", "attacks")
    assert event.rule == "bomb/light-verb"
    assert has(event.actor, "rebels")
    assert event.recipient == []  # a building is the target, not a party: the recipient stays unknown


def test_things_places_and_abstractions_are_never_parties(code_text):
    events = code_text("Audi will offer the car in thirteen finishes. The ministry denied these accusations. "
                       "Protesters attacked the building.")
    assert events, "the ministry's denial and the protesters' attack are events"
    for event in events:
        for party in event.actor + event.recipient:
            assert not any(w in party.text.lower() for w in ("car", "accusations", "building")), (event.event_type,
                                                                                                   party.text)


def test_aid_verbs_need_aid_to_change_hands(code_text):
    assert not [e for e in code_text("Ogunjobi also received a one-game suspension. The Steelers got a new "
                                     "quarterback. The package gives clinicians critical information.")
                if e.event_type == "AID"]
    aid = find(code_text("The United States provided Vietnam's coast guard with a patrol ship."), "AID", "provided")
    assert has(aid.actor, "united states") and has(aid.recipient, "vietnam")
    assert find(code_text("The rebels received weapons from Iran."), "AID", "received")


def test_one_event_per_happening_and_distinct_ids(code_text):
    events = code_text("Gunmen attacked a police checkpoint near El-Arish on Monday, killing two officers. "
                       "Egypt and Israel signed a gas deal and agreed to expand cooperation.")
    assert events
    ids = [e.id for e in events]
    assert len(ids) == len(set(ids))
    readings = [(e.text_info.sentence, e.event_type, tuple(p.text for p in e.actor), tuple(p.text for p in e.recipient))
                for e in events]
    assert len(readings) == len(set(readings))


def test_nominal_trigger_with_possessor_and_of_phrase(code_text):
    event = find(code_text("Russia's shelling of a maternity hospital drew wide anger."), "ASSAULT", "shelling")
    assert has(event.actor, "russia")
    assert has(event.recipient, "hospital")


def test_nominal_cooperation_between_two_parties(code_text):
    event = find(code_text("Officials praised the growing cooperation between Kenya and Uganda."), "COOPERATE",
                 "cooperation")
    assert has(event.actor, "kenya") and has(event.recipient, "uganda")


def test_crackdown_on(code_text):
    event = find(code_text("The Iranian government's crackdown on student groups continued."), "COERCE", "crackdown")
    assert has(event.actor, "iran")
    assert has(event.recipient, "student groups")


def test_xcomp_inherits_the_subject(code_text):
    event = find(code_text("The militants sought to overthrow the Malian government."), "ASSAULT", "overthrow")
    assert has(event.actor, "militants")
    assert has(event.recipient, "mali")


def test_bare_nominal_without_a_doer_is_not_coded(code_text):
    events = code_text("The destruction of the old bridge was widely discussed.")
    assert not [e for e in events if e.event_type == "COERCE"]


def test_rule_and_stable_id(code_text):
    text = "Egyptian police detained three Sudanese smugglers."
    first, second = code_text(text), code_text(text)
    assert [e.id for e in first] == [e.id for e in second]
    assert all("/" in e.rule for e in first)


def test_text_info_points_at_the_sentence(code_text):
    text = "Nothing happened today. Jordanian forces arrested two men in Amman. Then it rained."
    event = find(code_text(text), "COERCE", "arrested")
    assert event.text_info.text == text[event.text_info.start:event.text_info.end]
    assert event.text_info.text == "Jordanian forces arrested two men in Amman."
    trig = event.text_info.trigger
    assert text[trig.start:trig.end] == trig.text == "arrested"
    assert event.text_info.sentence == 1


def test_pronoun_under_a_speech_verb_is_named_by_the_speaker(code_text):
    events = code_text("Bangladesh says it will not accept any more Rohingya refugees.")
    assert any(has(e.actor, "bangladesh") and has(e.recipient, "rohingya") for e in events), \
        [(e.event_type, names(e.actor), names(e.recipient)) for e in events]


def test_willing_to_is_an_agreement_with_the_party_of_the_complement(code_text):
    event = find(code_text("Canada is willing to send medical teams to Haiti."), "AGREE", "willing")
    assert has(event.actor, "canada")
    assert has(event.recipient, "haiti")


@pytest.mark.parametrize(
    "sentence",
    [
        "Over the past year, the Kenyan army has demolished more than 300 homes on Kenya's side of the border.",
        "The commander of the rebel forces, Joseph Kony, was secretly meeting with Ugandan army leaders in early June.",
    ],
)
def test_an_actor_is_never_its_own_recipient(code_text, sentence):
    events = code_text(sentence)
    assert events
    for event in events:
        actor_ids = {e.actor_id or e.text for e in event.actor}
        recipient_ids = [e.actor_id or e.text for e in event.recipient]
        assert not actor_ids & set(recipient_ids), event
        assert len(recipient_ids) == len(set(recipient_ids)), event


def test_coding_documents_together_gives_what_coding_each_alone_gives(nlp, resolver, coder):
    # The coder runs its learned models once per batch of documents; no document may see another's
    # sentences, actors or dates.
    import hashlib

    from tidings.nlp import parse_texts
    from tidings.records import ActorIndex, Article

    texts = [
        "Hamas has also supplied Islamic State with weapons, according to reports.",
        "Hackers leaked the emails of the ruling party. The party accused Russia of the attack on Monday.",
        "Police arrested four protesters in Nairobi, the ministry said.",
    ]
    articles = [Article(doc_id=f"d{n}", source="test", text=t, published="2024-03-05", published_source="input",
                        content_hash=hashlib.sha256(t.encode()).hexdigest()) for n, t in enumerate(texts)]
    docs = list(parse_texts(nlp, texts))
    batch = [(doc, ActorIndex(resolver.resolve(doc)), article) for doc, article in zip(docs, articles, strict=True)]
    together = coder.code_many(batch)
    alone = [coder.code(doc, actors, article=article) for doc, actors, article in batch]
    assert [len(events) for events in together] == [len(events) for events in alone]
    assert all(len(events) >= 1 for events in together)
    for mine, single in zip(together, alone, strict=True):
        assert [e.model_dump() for e in mine] == [e.model_dump() for e in single]


def test_place_after_a_locative_preposition_is_where_not_who(code_text):
    # "agreed in Cairo": Cairo is the place of the agreement, never its other party.
    event = find(code_text("Jordan's foreign minister and his Egyptian counterpart agreed in Cairo on Thursday to "
                           "expand intelligence sharing."), "AGREE", "agreed")
    assert not has(event.recipient, "cairo") and not has(event.actor, "cairo")
    assert event.location is not None and event.location.name == "Cairo"


def test_a_description_followed_by_the_name_is_one_party(code_text):
    # "his Egyptian counterpart, Hossam Abdel-Latif": one person, named; no second event for the description or
    # for the demonym inside it.
    events = code_text("Jordanian Foreign Minister Samir Haddadin and his Egyptian counterpart, Hossam "
                       "Abdel-Latif, agreed in Cairo on Thursday to expand intelligence sharing.")
    agree = [e for e in events if e.event_type == "AGREE"]
    assert len(agree) == 1
    assert [r.text for r in agree[0].recipient] == ["Hossam Abdel-Latif"]
    assert has(agree[0].actor, "haddadin")


def test_a_pronoun_party_points_at_the_name_earlier_in_its_sentence(code_text):
    text = "Kenyan President William Ruto flew to Kampala, where he criticised Uganda over its sugar ban."
    event = next(e for e in code_text(text) if e.event_type == "ACCUSE")
    actor = event.actor[0]
    assert actor.text.endswith("William Ruto") and actor.actor_id == "william-ruto"
    assert text[actor.start:actor.end] == actor.text


def test_a_pronoun_whose_name_is_in_another_sentence_keeps_its_own_words(code_text):
    text = "Kenyan President William Ruto spoke in Nairobi on Monday. He will not lift the ban on Ugandan sugar."
    event = next(e for e in code_text(text) if e.actor and e.text_info.sentence == 1)
    actor = event.actor[0]
    assert actor.text == "He" and actor.actor_id == "william-ruto"
    assert text[actor.start:actor.end] == "He"


def test_an_attack_on_a_policy_is_a_verbal_attack(code_text):
    events = code_text("The senator attacked the governor's policies on immigration.")
    accuse = find(events, "ACCUSE", "attacked")
    assert accuse.rule == "attack-accuse/verb"
    assert not [e for e in events if e.event_type == "ASSAULT"]
    assert find(code_text("Rebels attacked the governor's convoy on Monday."), "ASSAULT", "attacked")


def test_a_call_for_something_is_a_request_without_an_addressee(code_text):
    event = find(code_text("The Palestinian Authority called for an emergency meeting of the Arab League."),
                 "REQUEST", "call")
    assert has(event.actor, "palestin")


def test_ruling_out_and_disputing_are_rejections(code_text):
    assert find(code_text("The Afghan government has ruled out Taliban involvement in the crash."), "REJECT", "ruled")
    assert find(code_text("Volker disputed the claim made by Sondland."), "REJECT", "disputed")


def test_the_subject_of_faced_criticism_is_criticised(code_text):
    events = code_text("The United States faced stiff international criticism on Tuesday over its decision.")
    accuse = find(events, "ACCUSE", "faced")
    assert has(accuse.recipient, "united states") and not accuse.actor
    assert not [e for e in events if e.event_type == "ACCUSE" and has(e.actor, "united states")]


def test_charges_in_a_state_are_that_state_accusing(code_text):
    accuse = find(code_text("Ortiz faces charges in the United States."), "ACCUSE", "faces")
    assert has(accuse.actor, "united states") and has(accuse.recipient, "ortiz")


def test_under_investigation_by_makes_the_subject_the_recipient(code_text):
    accuse = find(code_text("The minister is under investigation by the FBI."), "ACCUSE", "investigation")
    assert has(accuse.actor, "fbi") or has(accuse.actor, "federal bureau")
    assert has(accuse.recipient, "minister")
    attack = find(code_text("The town came under attack from rebel forces."), "ASSAULT", "attack")
    assert has(attack.actor, "rebel") and has(attack.recipient, "town")


def test_questions_are_not_requests(code_text):
    events = code_text("He asked Morrison about the call. Maitlis repeatedly demanded how Andrew could be so sure.")
    assert not [e for e in events if e.event_type == "REQUEST"], [(e.rule, e.text_info.trigger.text) for e in events]
    assert find(code_text("Both men asked their governments to help free them."), "REQUEST", "asked")


def test_headings_teasers_and_list_items_yield_no_events(code_text):
    text = ("Police arrested three protesters in Hong Kong on Monday.\n\n"
            "SEE MORE: Hong Kong protests: students under siege in university\n\n"
            "5. Ukraine military aid and mixed messaging\n\n"
            "The army attacked rebel positions near the border on Tuesday.\n")
    events = code_text(text)
    lines = {e.text_info.text.split()[0] for e in events}
    assert {"Police", "The"} <= lines, [(e.event_type, e.text_info.text) for e in events]
    assert not [e for e in events if "SEE MORE" in e.text_info.text or "mixed messaging" in e.text_info.text]


def test_a_one_line_document_is_never_a_heading(code_text):
    assert find(code_text("Police arrested three protesters in Hong Kong"), "COERCE", "arrested")


def test_a_damning_label_is_an_accusation(code_text):
    sham = find(code_text("The White House called the impeachment process a sham."), "ACCUSE", "called")
    assert has(sham.actor, "white house") and sham.rule == "label/verb"
    threat = find(code_text("The prime minister called Iran a threat to the region."), "ACCUSE", "called")
    assert has(threat.recipient, "iran")
    assert find(code_text("Russia viewed Washington's move as a provocation."), "ACCUSE", "viewed")
    assert not [e for e in code_text("The board called its new chairman a visionary.") if e.event_type == "ACCUSE"]


def test_calling_a_meeting_for_a_day_is_no_call_for(code_text):
    events = code_text("The senator called the meeting for Tuesday.")
    assert not [e for e in events if e.event_type == "REQUEST"]
    assert not [e for e in events if any("meeting" in p.text for p in e.recipient)]


def test_a_call_with_someone_is_a_conversation(code_text):
    call = find(code_text("The inquiry is about Trump's call with Zelensky in July."), "CONSULT", "call")
    assert has(call.actor, "trump") and has(call.recipient, "zelensky")
    phone = find(code_text("Putin held a phone call with Erdogan on Monday."), "CONSULT", "call")
    assert has(phone.recipient, "erdogan") and phone.rule == "request-consult/light-verb"
    assert find(code_text("The president issued a call for calm to the protesters."), "REQUEST", "call")


def test_backing_a_move_is_support_and_the_main_verb_is_not_typed_twice(code_text):
    events = code_text("Netanyahu cheered on the historic move.")
    assert find(events, "SUPPORT", "cheered")
    assert [e.event_type for e in events] == ["SUPPORT"]


def test_declining_to_comment_and_falling_prices_are_no_rejections(code_text):
    events = code_text("Both companies declined to comment on the assertion. Japan's Nikkei 225 declined 0.3%.")
    assert not [e for e in events if e.event_type == "REJECT"]
    assert find(code_text("Iran declined the invitation from Saudi Arabia."), "REJECT", "declined")


def test_releasing_people_is_a_concession_releasing_a_transcript_is_not(code_text):
    # The lexicon's rule; the main-verb classifier may still offer a (low-confidence) reading of its own.
    assert not [e for e in code_text("Trump released the transcript of the call. The band released two albums.")
                if e.rule.startswith(("release/", "ease/"))]
    freed = [e for e in code_text("The Taliban released two hostages on Tuesday.") if e.rule.startswith("release/")]
    assert freed and freed[0].event_type in ("CONCEDE", "RETREAT")  # PLOVER's YIELD, either way


def test_figures_of_speech_and_leaving_a_job_are_no_events(code_text):
    events = code_text("Hong Kong is burning. After Fiona Hill left the NSC, Morrison took over.")
    assert not [e for e in events if e.event_type in ("COERCE", "RETREAT")]
    assert find(code_text("Rebels burned the village."), "COERCE", "burned")


def test_who_claims_responsibility_did_it(code_text):
    shot = find(code_text("The Taliban claimed responsibility for shooting down the helicopter."), "ASSAULT", "shoot")
    assert has(shot.actor, "taliban")
    attack = find(code_text("Islamic State claimed responsibility for the attack on the checkpoint."), "ASSAULT",
                  "attack")
    assert has(attack.actor, "islamic state")


def test_responding_with_violence_and_facing_tear_gas(code_text):
    violence = find(code_text("A radical minority of protesters have responded with violence."), "ASSAULT",
                    "violence")
    assert has(violence.actor, "protesters")
    gassed = find(code_text("The students faced rubber bullets and teargas."), "ASSAULT", "faced")
    assert has(gassed.recipient, "students") and not gassed.actor


def test_an_allegation_is_about_the_subject_of_the_claimed_clause(code_text):
    alleged = find(code_text("The Democrats are alleging that Trump's call with his Ukrainian counterpart was "
                             "irregular."), "ACCUSE", "alleging")
    assert has(alleged.recipient, "trump")


def test_a_dateline_is_where_not_who(code_text):
    text = ("HANOI, Vietnam (AP) \u2014 U.S. Defense Secretary Mark Esper on Wednesday accused China of using "
            "coercion against its neighbours.\n\nThe talks ended on Friday.\n")
    accuse = find(code_text(text), "ACCUSE", "accused")
    assert not has(accuse.actor, "hanoi") and has(accuse.actor, "esper")


def test_the_accused_does_the_alleged_act(code_text):
    supplied = find(code_text("Egypt accused Hamas of supplying weapons to Islamic State."), "AID", "supplying")
    assert has(supplied.actor, "hamas") and not has(supplied.actor, "egypt")
    assert supplied.modality == "reported" and "accused" in supplied.hedge_cues


def test_refusing_to_accept_is_a_rejection(code_text):
    rejected = find(code_text("We will not accept attempts to assert unlawful maritime claims, Esper said."),
                    "REJECT", "accept")
    assert rejected.rule == "accept-reject/verb" and rejected.modality == "asserted"
    assert find(code_text("The government accepted the resignation of the minister."), "CONCEDE", "accepted")
