"""Score one document's extraction against the seed gold, exactly as EVALUATION.md §1 says."""

from __future__ import annotations

import re
from collections.abc import Iterable

from pydantic import BaseModel, Field, computed_field

from ..errors import EvaluationError

__all__ = ["SeedScore", "AttributeScore", "TextInfoViolation", "score_seed", "normalise_cue", "entity_satisfies"]

ANY_ACTOR = "*"
MAX_NAME_WORDS = 8
MAX_SENTENCE_CHARS = 600
ATTRIBUTES = ("modality", "speaker", "date_text", "location", "quantity")
# Gold "reported" is also satisfied by "hedged": a hedged report is still a report.
MODALITY_ALSO_ACCEPTS = {"reported": {"reported", "hedged"}}
_QUOTE_MAP = str.maketrans({
    "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'",
    "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u2033": '"',
})


class AttributeScore(BaseModel):
    """How often one attribute was right over the matched gold events that state it."""

    correct: int = 0
    total: int = 0
    wrong: list[str] = Field(default_factory=list, description="Gold event ids where it was wrong")

    @computed_field
    @property
    def accuracy(self) -> float | None:
        return self.correct / self.total if self.total else None


class TextInfoViolation(BaseModel):
    """A predicted event whose evidence sentence is not a faithful slice of the text."""

    event_index: int
    event_id: str | None
    reason: str


class SeedScore(BaseModel):
    """The §1 figures for one document, with what was matched, missed and violated."""

    recall: float
    precision: float
    core_events: int
    predicted_events: int
    matched_core: list[str]
    missed_core: list[str]
    matched_optional: list[str]
    matches: dict[str, str] = Field(description="gold event id -> predicted event id")
    unmatched_predicted: list[str] = Field(description="Predicted event ids that match no gold event")
    attributes: dict[str, AttributeScore]
    must_find: dict[str, bool]
    must_not_be_violations: list[str]
    text_info_violations: list[TextInfoViolation]

    def summary(self) -> dict:
        """The headline figures as one flat mapping (for tables and benchmarks)."""
        row = {"recall": self.recall, "precision": self.precision}
        for name, attr in self.attributes.items():
            row[f"{name}_accuracy"] = attr.accuracy
            row[f"{name}_counts"] = f"{attr.correct}/{attr.total}"
        row["must_find"] = f"{sum(self.must_find.values())}/{len(self.must_find)}"
        row["must_not_be_violations"] = len(self.must_not_be_violations)
        row["text_info_violations"] = len(self.text_info_violations)
        return row


def normalise_cue(text: str) -> str:
    """Curly quotes/apostrophes to straight ones and whitespace collapsed, for cue containment."""
    return re.sub(r"\s+", " ", text.translate(_QUOTE_MAP)).strip()


def _accept_pattern(gold: dict, actor_id: str) -> re.Pattern | None:
    try:
        accept = gold["actors"][actor_id]["accept"]
    except KeyError as e:
        raise EvaluationError(f"gold names actor '{actor_id}' but defines no 'accept' pattern for it") from e
    try:
        return re.compile(accept, re.IGNORECASE)
    except re.error as e:
        raise EvaluationError(f"gold actor '{actor_id}' has a broken accept pattern {accept!r}: {e}") from e


def _name_like(value: str | None) -> bool:
    # A name or text of more than 8 words is a clause, not a name: it satisfies nothing.
    return bool(value) and len(value.split()) <= MAX_NAME_WORDS


def entity_satisfies(
    entity: dict | None, actor_id: str, gold: dict, *, fields: tuple[str, ...] = ("name", "text")
) -> bool:
    """Whether a predicted entity satisfies gold actor ``actor_id`` (the accept regex, searched)."""
    if actor_id == ANY_ACTOR:
        return True
    if not entity:
        return False
    pattern = _accept_pattern(gold, actor_id)
    return any(_name_like(entity.get(f)) and pattern.search(entity[f]) for f in fields)


def _roles_satisfied(gold_ids: list[str], entities: list[dict], gold: dict) -> bool:
    for actor_id in gold_ids:
        if actor_id == ANY_ACTOR:
            continue  # '*' is satisfied by anything, including an empty list
        if not any(entity_satisfies(e, actor_id, gold) for e in entities):
            return False
    return True


def _parties_match(event: dict, gold_event: dict, gold: dict) -> bool:
    actors, recipients = event.get("actor") or [], event.get("recipient") or []
    if gold_event.get("symmetric"):
        return _roles_satisfied(gold_event.get("parties", []), actors + recipients, gold)
    return _roles_satisfied(gold_event.get("actor", []), actors, gold) and _roles_satisfied(
        gold_event.get("recipient", []), recipients, gold
    )


def event_matches(event: dict, gold_event: dict, gold: dict) -> bool:
    """§1 event match: cue in the evidence sentence, type allowed, parties satisfied."""
    sentence = (event.get("text_info") or {}).get("text") or ""
    if normalise_cue(gold_event["cue"]) not in normalise_cue(sentence):
        return False
    if event.get("event_type") not in gold_event.get("types", []):
        return False
    return _parties_match(event, gold_event, gold)


def text_info_violation(event: dict, text: str) -> str | None:
    """Why an event's ``text_info`` is not exactly ``text[start:end]`` of at most 600 chars, or None."""
    info = event.get("text_info") or {}
    start, end, sentence = info.get("start"), info.get("end"), info.get("text")
    if not isinstance(start, int) or not isinstance(end, int) or not isinstance(sentence, str):
        return "text_info lacks start, end or text"
    if text[start:end] != sentence:
        return f"text_info.text is not text[{start}:{end}]"
    if len(sentence) > MAX_SENTENCE_CHARS:
        return f"text_info.text has {len(sentence)} characters (at most {MAX_SENTENCE_CHARS})"
    return None


def _event_label(event: dict, index: int) -> str:
    return str(event.get("id") or f"#{index}")


def match_events(events: list[dict], gold_events: list[dict], gold: dict, valid: set[int]) -> dict[str, int]:
    """Greedy one-to-one matching, core gold events first: gold id -> index of predicted event."""
    ordered = [g for g in gold_events if g.get("core")] + [g for g in gold_events if not g.get("core")]
    taken: set[int] = set()
    matches: dict[str, int] = {}
    for gold_event in ordered:
        for index, event in enumerate(events):
            if index in valid and index not in taken and event_matches(event, gold_event, gold):
                matches[gold_event["id"]] = index
                taken.add(index)
                break
    return matches


def _modality_ok(event: dict, expected: str) -> bool:
    return event.get("modality") in MODALITY_ALSO_ACCEPTS.get(expected, {expected})


def _speaker_ok(event: dict, expected: str, gold: dict) -> bool:
    speaker = (event.get("attribution") or {}).get("speaker")
    return bool(speaker) and entity_satisfies(speaker, expected, gold)


def _date_ok(event: dict, expected: str) -> bool:
    date_text = (event.get("date") or {}).get("text") or ""
    return expected.lower() in date_text.lower()


def _location_ok(event: dict, expected: str) -> bool:
    # Containment ignores case: the gold writes some places in lower case ("gaza").
    location = event.get("location") or {}
    wanted = expected.lower()
    return any(wanted in (location.get(f) or "").lower() for f in ("text", "name"))


def _quantity_ok(event: dict, expected: float) -> bool:
    values = [q.get("value") for q in event.get("quantities") or []]
    return any(v is not None and float(v) == float(expected) for v in values)


def attribute_ok(name: str, event: dict, expected, gold: dict) -> bool:
    """Whether a matched event gets gold attribute ``name`` right."""
    checks = {
        "modality": lambda: _modality_ok(event, expected),
        "speaker": lambda: _speaker_ok(event, expected, gold),
        "date_text": lambda: _date_ok(event, expected),
        "location": lambda: _location_ok(event, expected),
        "quantity": lambda: _quantity_ok(event, expected),
    }
    return checks[name]()


def _score_attributes(matches: dict[str, int], events: list[dict], gold: dict) -> dict[str, AttributeScore]:
    scores = {name: AttributeScore() for name in ATTRIBUTES}
    for gold_event in gold["events"]:
        index = matches.get(gold_event["id"])
        if index is None:
            continue
        for name in ATTRIBUTES:
            if name not in gold_event:
                continue
            scores[name].total += 1
            if attribute_ok(name, events[index], gold_event[name], gold):
                scores[name].correct += 1
            else:
                scores[name].wrong.append(gold_event["id"])
    return scores


def _actor_names(extraction: dict) -> list[str]:
    return [a.get("name") or "" for a in extraction.get("actors") or []]


def check_actors(extraction: dict, gold: dict) -> tuple[dict[str, bool], list[str]]:
    """must_find_actors (satisfied by some actor's name) and must_not_be_actors violations."""
    names = _actor_names(extraction)
    must_find = {
        actor_id: any(entity_satisfies({"name": n}, actor_id, gold, fields=("name",)) for n in names)
        for actor_id in gold.get("must_find_actors", [])
    }
    violations = [
        f"{name!r} contains {bad!r}"
        for bad in gold.get("must_not_be_actors", [])
        for name in names
        if bad.lower() in name.lower()
    ]
    return must_find, violations


def _violations(events: list[dict], text: str) -> list[TextInfoViolation]:
    found = []
    for index, event in enumerate(events):
        reason = text_info_violation(event, text)
        if reason:
            found.append(TextInfoViolation(event_index=index, event_id=event.get("id"), reason=reason))
    return found


def _ids(gold_events: Iterable[dict], matches: dict[str, int], *, core: bool, matched: bool) -> list[str]:
    return [g["id"] for g in gold_events if bool(g.get("core")) == core and (g["id"] in matches) == matched]


def score_seed(extraction: dict, gold: dict) -> SeedScore:
    """Score one extraction (a line of ``tidings extract --format jsonl``) against the seed gold."""
    if "events" not in gold or "actors" not in gold:
        raise EvaluationError("gold file lacks 'events' or 'actors'")
    events = list(extraction.get("events") or [])
    violations = _violations(events, extraction.get("text") or "")
    valid = set(range(len(events))) - {v.event_index for v in violations}
    matches = match_events(events, gold["events"], gold, valid)
    core = [g for g in gold["events"] if g.get("core")]
    matched_core = _ids(gold["events"], matches, core=True, matched=True)
    must_find, must_not = check_actors(extraction, gold)
    matched_indices = set(matches.values())
    return SeedScore(
        recall=len(matched_core) / len(core) if core else 0.0,
        precision=len(matches) / len(events) if events else 0.0,
        core_events=len(core),
        predicted_events=len(events),
        matched_core=matched_core,
        missed_core=_ids(gold["events"], matches, core=True, matched=False),
        matched_optional=_ids(gold["events"], matches, core=False, matched=True),
        matches={gid: _event_label(events[i], i) for gid, i in matches.items()},
        unmatched_predicted=[_event_label(e, i) for i, e in enumerate(events) if i not in matched_indices],
        attributes=_score_attributes(matches, events, gold),
        must_find=must_find,
        must_not_be_violations=must_not,
        text_info_violations=violations,
    )
