"""The actor traps of tests/data/actor_traps.jsonl: invented names and sentences, one JSON case a line.

Each case has ``text`` and ``expect``, a list of checks on the resolved actors. A check names a span by
its text (``"He#2"``: the second occurrence as a whole word, case-sensitive) and says what must hold:
- ``id`` / ``not_id``: the actor whose mention covers the span has (not) this id;
- ``kind`` / ``not_kind``: that actor's kind is (not) this;
- ``none: true``: no actor's mention overlaps the span;
- ``via``: every mention exactly on the span was found this way ("pronoun": never as a name);
- ``not_id_of: "<other span>"``: the span's actor (if any) is not the actor of the other span;
- ``absent: "<id>"``: no actor of the document has this id;
- ``same: [spans]``: one actor covers every span; ``differ: [a, b]``: two different actors;
- ``one_actor_named: "<word>"``: exactly one actor has a mention containing the word.
An optional ``note`` says why a case tests what it does.
"""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from tidings.nlp import parse_texts

TRAPS = Path(__file__).resolve().parents[1] / "data" / "actor_traps.jsonl"
CASES = [json.loads(line) for line in TRAPS.read_text(encoding="utf-8").splitlines() if line.strip()]


def _where(text: str, ref: str) -> tuple[int, int]:
    """The n-th occurrence of the words as whole words ("he" is not the end of "where")."""
    words, _, nth = ref.partition("#")
    found = list(re.finditer(rf"(?<!\w){re.escape(words)}(?!\w)", text))
    assert len(found) >= int(nth or 1), f"{ref!r} not in the case text"
    match = found[int(nth or 1) - 1]
    return match.start(), match.end()


def _actor_at(actors, span: tuple[int, int]):
    """The actor with a mention covering the span, the tightest mention first."""
    found = [(m.end - m.start, a) for a in actors for m in a.mentions if m.start <= span[0] and m.end >= span[1]]
    return min(found, key=lambda item: item[0])[1] if found else None


def failures(case: dict, actors) -> list[str]:
    """What the resolved actors get wrong for one case (empty when it passes)."""
    text, problems = case["text"], []
    ids = {a.actor_id for a in actors}
    for check in case["expect"]:
        if "absent" in check:
            if check["absent"] in ids:
                problems.append(f"{check['absent']} should not be an actor")
            continue
        if "same" in check or "differ" in check:
            refs = check.get("same") or check["differ"]
            owners = [_actor_at(actors, _where(text, ref)) for ref in refs]
            got = [o.actor_id if o else None for o in owners]
            if None in got or (len(set(got)) != 1 if "same" in check else len(set(got)) != len(got)):
                problems.append(f"{'same' if 'same' in check else 'differ'} {refs}: {got}")
            continue
        if "one_actor_named" in check:
            word = check["one_actor_named"]
            named = {a.actor_id for a in actors for m in a.mentions if word in m.text}
            if len(named) != 1:
                problems.append(f"{word!r} names {sorted(named)}")
            continue
        span = _where(text, check["span"])
        if check.get("none"):
            hits = [a.actor_id for a in actors for m in a.mentions if m.start < span[1] and m.end > span[0]]
            if hits:
                problems.append(f"{check['span']!r} should be no actor: {hits}")
            continue
        if "via" in check:
            vias = {m.via for a in actors for m in a.mentions if (m.start, m.end) == span}
            if vias - {check["via"]}:
                problems.append(f"{check['span']!r} found as {sorted(vias)}, not only {check['via']}")
            continue
        actor = _actor_at(actors, span)
        if "not_id_of" in check:
            other = _actor_at(actors, _where(text, check["not_id_of"]))
            if actor is not None and other is not None and actor.actor_id == other.actor_id:
                problems.append(f"{check['span']!r} resolved to {other.actor_id} of {check['not_id_of']!r}")
            continue
        if "not_id" in check:
            if actor is not None and actor.actor_id == check["not_id"]:
                problems.append(f"{check['span']!r} should not be {check['not_id']}")
            continue
        if actor is None:
            problems.append(f"{check['span']!r} is no actor")
            continue
        for key, value in check.items():
            if key == "id" and actor.actor_id != value:
                problems.append(f"{check['span']!r} is {actor.actor_id}, not {value}")
            elif key == "kind" and actor.kind != value:
                problems.append(f"{check['span']!r} ({actor.actor_id}) has kind {actor.kind}, not {value}")
            elif key == "not_kind" and actor.kind == value:
                problems.append(f"{check['span']!r} ({actor.actor_id}) should not have kind {value}")
    return problems


def test_the_traps_cover_every_class_several_times():
    classes: dict[str, int] = {}
    for case in CASES:
        classes[case["class"]] = classes.get(case["class"], 0) + 1
    assert min(classes.values()) >= 3, classes


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_trap(nlp, resolver, case):
    actors = resolver.resolve(next(parse_texts(nlp, [case["text"]])))
    assert not failures(case, actors), (failures(case, actors), [(a.actor_id, a.kind) for a in actors])
