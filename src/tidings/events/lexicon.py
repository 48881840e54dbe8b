"""The PLOVER trigger lexicon: loads, validates and indexes the YAML files under ``events/lexicon/``."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, PrivateAttr, ValidationError, field_validator

from ..errors import LexiconError
from ..records import EVENT_TYPES

__all__ = ["Category", "Entry", "Cues", "Lexicon", "load_lexicon", "LEXICON_DIR"]

LEXICON_DIR = Path(__file__).parent / "lexicon"
ROLE_PREFIXES = ("dobj", "dative", "prep:")


def _check_roles(roles: list[str]) -> list[str]:
    for role in roles:
        if not role.startswith(ROLE_PREFIXES):
            raise ValueError(f"unknown argument role '{role}' (use dobj, dative or prep:WORD)")
    return roles


class Category(BaseModel):
    """How one PLOVER category finds its parties."""

    model_config = ConfigDict(extra="forbid")

    symmetric: bool = False
    recipient: list[str]
    noun_recipient: list[str]
    base: float = Field(ge=0.0, le=1.0)

    _roles = field_validator("recipient", "noun_recipient")(_check_roles)


class Entry(BaseModel):
    """One lexicon entry: a kind of happening and the words that signal it."""

    model_config = ConfigDict(extra="forbid")

    id: str
    type: str
    mode: str | None = None
    verbs: list[str] = Field(default_factory=list)
    nouns: list[str] = Field(default_factory=list)
    recipient: list[str] | None = None
    requires: list[str] = Field(default_factory=list)
    subject_is: Literal["actor", "recipient"] = "actor"
    actor_from: str | None = None
    needs_party: Literal["recipient"] | None = None
    objects: list[str] = Field(default_factory=list)
    predicates: list[str] = Field(default_factory=list)
    object_types: dict[str, list[str]] = Field(default_factory=dict)
    prep_types: dict[str, str] = Field(default_factory=dict)
    when_negated: str | None = None
    weight: float = Field(default=0.0, ge=-0.3, le=0.3)

    @field_validator("type")
    @classmethod
    def _known_type(cls, value: str) -> str:
        if value not in EVENT_TYPES:
            raise ValueError(f"'{value}' is not a PLOVER category ({', '.join(EVENT_TYPES)})")
        return value

    @field_validator("object_types")
    @classmethod
    def _known_object_types(cls, value: dict[str, list[str]]) -> dict[str, list[str]]:
        for category in value:
            cls._known_type(category)
        return value

    @field_validator("when_negated")
    @classmethod
    def _known_negated_type(cls, value: str | None) -> str | None:
        return None if value is None else cls._known_type(value)

    @field_validator("prep_types")
    @classmethod
    def _known_prep_types(cls, value: dict[str, str]) -> dict[str, str]:
        for category in value.values():
            cls._known_type(category)
        return value

    @field_validator("recipient", "requires")
    @classmethod
    def _roles_ok(cls, value: list[str] | None) -> list[str] | None:
        return None if value is None else _check_roles(value)


class Cues(BaseModel):
    """The cue lists of ``cues.yaml`` (modality, attribution, grammar helpers, contexts)."""

    model_config = ConfigDict(extra="forbid")

    modality: dict[str, list[str]]
    attribution: dict[str, list[str]]
    grammar: dict[str, list[str]]
    contexts: dict[str, list[str]]

    _sets: dict[tuple[str, str], frozenset[str]] = PrivateAttr(default_factory=dict)

    def words(self, section: str, key: str) -> frozenset[str]:
        """One cue list as a set of lower-case strings (built once: the coder asks for some per sentence)."""
        found = self._sets.get((section, key))
        if found is None:
            found = self._sets[(section, key)] = frozenset(w.lower() for w in getattr(self, section).get(key, []))
        return found


@dataclass(frozen=True)
class Lexicon:
    """The loaded lexicon, indexed for lookup by lemma."""

    categories: dict[str, Category]
    entries: tuple[Entry, ...]
    cues: Cues
    verbs: dict[str, Entry] = field(default_factory=dict)
    phrasal_verbs: dict[tuple[str, str], Entry] = field(default_factory=dict)
    nouns: dict[str, Entry] = field(default_factory=dict)
    noun_phrases: dict[tuple[str, str], Entry] = field(default_factory=dict)

    def category(self, entry: Entry) -> Category:
        return self.categories[entry.type]


def _read_yaml(path: Path):
    try:
        return yaml.safe_load(path.read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError) as exc:
        raise LexiconError(f"cannot read lexicon file {path}: {exc}") from exc


def _load_categories(path: Path) -> dict[str, Category]:
    data = _read_yaml(path)
    if not isinstance(data, dict):
        raise LexiconError(f"{path}: expected a mapping of PLOVER categories")
    categories = {}
    for name, spec in data.items():
        if name not in EVENT_TYPES:
            raise LexiconError(f"{path}: '{name}' is not a PLOVER category")
        try:
            categories[name] = Category(**(spec or {}))
        except (ValidationError, TypeError) as exc:
            raise LexiconError(f"{path}: category '{name}': {exc}") from exc
    missing = set(EVENT_TYPES) - set(categories)
    if missing:
        raise LexiconError(f"{path}: categories missing: {', '.join(sorted(missing))}")
    return categories


def _load_entries(path: Path) -> tuple[Entry, ...]:
    data = _read_yaml(path)
    if not isinstance(data, dict) or not isinstance(data.get("entries"), list):
        raise LexiconError(f"{path}: expected 'entries:' followed by a list of entries")
    entries = []
    for n, raw in enumerate(data["entries"], start=1):
        label = raw.get("id", f"#{n}") if isinstance(raw, dict) else f"#{n}"
        try:
            entries.append(Entry(**raw))
        except (ValidationError, TypeError) as exc:
            raise LexiconError(f"{path}: entry '{label}': {exc}") from exc
    return tuple(entries)


def _register(index: dict, key, entry: Entry, path: Path) -> None:
    if key in index and index[key].id != entry.id:
        raise LexiconError(f"{path}: entry '{entry.id}': '{' '.join(key) if isinstance(key, tuple) else key}' "
                           f"is already listed under entry '{index[key].id}'")
    index[key] = entry


def _index(lexicon: Lexicon, path: Path) -> None:
    for entry in lexicon.entries:
        if not entry.verbs and not entry.nouns:
            raise LexiconError(f"{path}: entry '{entry.id}' lists no verbs and no nouns")
        for word in entry.verbs:
            parts = word.lower().split()
            if len(parts) == 1:
                _register(lexicon.verbs, parts[0], entry, path)
            else:
                _register(lexicon.phrasal_verbs, (parts[0], " ".join(parts[1:])), entry, path)
        for word in entry.nouns:
            parts = word.lower().split()
            if len(parts) == 1:
                _register(lexicon.nouns, parts[0], entry, path)
            else:
                _register(lexicon.noun_phrases, (" ".join(parts[:-1]), parts[-1]), entry, path)


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Load and validate ``categories.yaml``, ``triggers.yaml`` and ``cues.yaml`` from ``directory``."""
    categories = _load_categories(directory / "categories.yaml")
    triggers_path = directory / "triggers.yaml"
    entries = _load_entries(triggers_path)
    cues_path = directory / "cues.yaml"
    try:
        cues = Cues(**(_read_yaml(cues_path) or {}))
    except (ValidationError, TypeError) as exc:
        raise LexiconError(f"{cues_path}: {exc}") from exc
    ids = [e.id for e in entries]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise LexiconError(f"{triggers_path}: entry ids used twice: {', '.join(sorted(duplicates))}")
    lexicon = Lexicon(categories=categories, entries=entries, cues=cues)
    _index(lexicon, triggers_path)
    return lexicon
