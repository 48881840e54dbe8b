"""The actor knowledge base: loads and validates data/*.yaml plus user files, and indexes their names.

Public API (imported by tests and by the resolver):
- ``load_kb(user_files=()) -> KnowledgeBase``: shipped files + user files (user entries override
  shipped ones with the same id, field by field), cached per process and per tuple of user files.
- ``read_kb_file(path) -> KbFile``: one file, validated (actor entries and/or sector word lists).
- ``KnowledgeBase``: ``entries`` (id -> ``ActorEntry``), ``get(id)``, ``lookup(name)`` (entries a
  name, alias, demonym or capital refers to), ``terms()`` (every surface form with its entry id and
  what it is), ``sector_of(word)``, ``sector_words``, ``title_sector(words)``, ``title_words``,
  ``title_qualifiers``, ``descriptor_index``, ``reference_problems()``.
- ``ActorEntry``, ``SectorWords``, ``TitleWords``, ``TitleQualifiers``, ``DATA_DIR``, ``KB_KINDS``.

Errors: ``KnowledgeBaseError`` naming file, line and problem.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, NamedTuple

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from ..errors import KnowledgeBaseError

__all__ = [
    "DATA_DIR",
    "KB_KINDS",
    "ActorEntry",
    "SectorWords",
    "TitleWords",
    "TitleQualifiers",
    "KbFile",
    "Term",
    "KnowledgeBase",
    "load_kb",
    "read_kb_file",
    "is_acronym",
]

log = logging.getLogger(__name__)

DATA_DIR = Path(__file__).parent / "data"
KbKind = Literal["state", "igo", "armed_group", "political_party", "ngo", "company", "media", "group", "person"]
KB_KINDS: tuple[str, ...] = KbKind.__args__  # type: ignore[attr-defined]
# States use ISO alpha-3 in upper case; everything else a lower-case slug.
_ID_PATTERN = re.compile(r"^(?:[A-Z]{3}|[a-z0-9][a-z0-9_.:-]*)$")
# Short all-caps names ("IS", "PKK", "UN") are matched case-sensitively so "is"/"un" do not match.
_ACRONYM_PATTERN = re.compile(r"^[A-Z0-9][A-Z0-9.&-]{0,5}$")
# Short names with an inner capital ("AfD", "PiS", "DoD") too: "afd" or "PIS" in a headline is no party.
_MIXED_ACRONYM_PATTERN = re.compile(r"^(?=.*[a-z])[A-Z][A-Za-z]{0,4}[A-Z][A-Za-z]{0,4}$")
_MAX_ACRONYM_LENGTH = 6
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


def is_acronym(name: str) -> bool:
    """True for short all-caps or mixed-case names ("PKK", "AfD") that must match case-sensitively."""
    if _ACRONYM_PATTERN.match(name):
        return any(c.isalpha() for c in name)
    return len(name) <= _MAX_ACRONYM_LENGTH and bool(_MIXED_ACRONYM_PATTERN.match(name))


class ActorEntry(BaseModel):
    """One actor of the knowledge base (a state, organisation, group or person)."""

    model_config = ConfigDict(extra="forbid")

    id: str
    name: str = Field(min_length=1)
    kind: KbKind
    country: str | None = None
    parent: str | None = None
    sector: str | None = None
    aliases: list[str] = Field(default_factory=list)
    descriptors: list[str] = Field(default_factory=list)
    iso2: str | None = None
    demonyms: list[str] = Field(default_factory=list)
    capital: str | None = None
    role: str | None = None

    @field_validator("id")
    @classmethod
    def _check_id(cls, value: str) -> str:
        if not _ID_PATTERN.match(value):
            raise ValueError("id must be an upper-case ISO alpha-3 code (states) or a lower-case slug")
        return value

    @field_validator("country")
    @classmethod
    def _check_country(cls, value: str | None) -> str | None:
        if value is not None and not re.fullmatch(r"[A-Z]{3}", value):
            raise ValueError("country must be an ISO 3166-1 alpha-3 code in upper case, e.g. EGY")
        return value

    @field_validator("aliases", "descriptors", "demonyms")
    @classmethod
    def _check_names(cls, values: list[str]) -> list[str]:
        if any(not isinstance(v, str) or not v.strip() for v in values):
            raise ValueError("names must be non-empty strings")
        return values


class SectorWords(BaseModel):
    """A PLOVER sector code and the words that give a mention that sector ("warplanes" -> MIL)."""

    model_config = ConfigDict(extra="forbid")

    sector: str = Field(pattern=r"^[A-Z]{3}$")
    words: list[str] = Field(min_length=1)


class TitleWords(BaseModel):
    """A PLOVER sector code and the titles written before a name that give it ("Foreign Minister" -> GOV)."""

    model_config = ConfigDict(extra="forbid")

    sector: str = Field(pattern=r"^[A-Z]{3}$")
    titles: list[str] = Field(min_length=1)


class TitleQualifiers(BaseModel):
    """Words before a title that belong to the role ("former", "acting"): "former president"."""

    model_config = ConfigDict(extra="forbid")

    qualifiers: list[str] = Field(min_length=1)


@dataclass(frozen=True)
class KbFile:
    """One validated KB file: its actor entries (with their line numbers), sector word and title lists."""

    path: Path
    entries: list[ActorEntry]
    lines: dict[str, int]
    sectors: list[SectorWords]
    titles: list[TitleWords | TitleQualifiers] = field(default_factory=list)


class Term(NamedTuple):
    """A surface form the text may use for a KB entry."""

    text: str
    entry_id: str
    what: Literal["name", "alias", "demonym", "capital"]


# ---------------------------------------------------------------- reading files


def _compose(path: Path) -> tuple[Any, Any]:
    """Parse YAML keeping the node tree, so problems can be reported with line numbers."""
    try:
        text = path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as exc:
        raise KnowledgeBaseError(f"{path}: cannot read KB file: {exc}") from exc
    loader = _YAML_LOADER(text)
    try:
        node = loader.get_single_node()
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        line = exc.problem_mark.line + 1 if exc.problem_mark else "?"
        raise KnowledgeBaseError(f"{path}, line {line}: invalid YAML: {exc.problem}") from exc
    except yaml.YAMLError as exc:
        raise KnowledgeBaseError(f"{path}: invalid YAML: {exc}") from exc
    finally:
        loader.dispose()
    return node, data


def _field_line(item_node: Any, loc: tuple[Any, ...]) -> int:
    """The line of the key a pydantic error points at, else the entry's first line."""
    line = item_node.start_mark.line + 1
    if loc and isinstance(item_node, yaml.MappingNode):
        for key_node, value_node in item_node.value:
            if key_node.value == loc[0]:
                line = key_node.start_mark.line + 1
                index = loc[1] if len(loc) > 1 else None
                items = value_node.value if isinstance(value_node, yaml.SequenceNode) else []
                if isinstance(index, int) and index < len(items):
                    line = items[index].start_mark.line + 1
    return line


def _validation_problem(path: Path, item_node: Any, exc: ValidationError) -> KnowledgeBaseError:
    first = exc.errors()[0]
    loc = tuple(first["loc"])
    where = ".".join(str(p) for p in loc) or "entry"
    line = _field_line(item_node, loc)
    return KnowledgeBaseError(f"{path}, line {line}: {where}: {first['msg']}")


def read_kb_file(path: Path) -> KbFile:
    """Read and validate one KB file (a YAML list of actor entries, sector word lists and/or title lists)."""
    path = Path(path)
    node, data = _compose(path)
    if data is None:
        return KbFile(path=path, entries=[], lines={}, sectors=[])
    if not isinstance(data, list):
        raise KnowledgeBaseError(f"{path}, line 1: a KB file must be a YAML list of entries")
    entries: list[ActorEntry] = []
    lines: dict[str, int] = {}
    sectors: list[SectorWords] = []
    titles: list[TitleWords | TitleQualifiers] = []
    for item, item_node in zip(data, node.value, strict=True):
        line = item_node.start_mark.line + 1
        if not isinstance(item, dict):
            raise KnowledgeBaseError(f"{path}, line {line}: each entry must be a mapping (id: ..., name: ...)")
        try:
            model = _model_for(item).model_validate(item)
        except ValidationError as exc:
            raise _validation_problem(path, item_node, exc) from exc
        if isinstance(model, SectorWords):
            sectors.append(model)
            continue
        if isinstance(model, TitleWords | TitleQualifiers):
            titles.append(model)
            continue
        if model.id in lines:
            first = lines[model.id]
            raise KnowledgeBaseError(f"{path}, line {line}: duplicate id '{model.id}' (first at line {first})")
        entries.append(model)
        lines[model.id] = line
    return KbFile(path=path, entries=entries, lines=lines, sectors=sectors, titles=titles)


def _model_for(item: dict[str, Any]) -> type[BaseModel]:
    """Which kind of item a KB file entry is: a sector word list, a title list or an actor."""
    if "id" not in item and "words" in item:
        return SectorWords
    if "id" not in item and "titles" in item:
        return TitleWords
    if "id" not in item and "qualifiers" in item:
        return TitleQualifiers
    return ActorEntry


# ---------------------------------------------------------------- the index


@dataclass
class KnowledgeBase:
    """All KB entries plus the indexes the resolver needs; build with :func:`load_kb`."""

    entries: dict[str, ActorEntry]
    sector_words: dict[str, str]
    files: list[Path] = field(default_factory=list)
    # Title (lower case, one space between words) -> PLOVER sector: "foreign minister" -> "GOV".
    title_words: dict[str, str] = field(default_factory=dict)
    # Words before a title that belong to the role: "former", "acting" (lower case).
    title_qualifiers: frozenset[str] = frozenset()
    _by_name: dict[str, list[str]] = field(default_factory=dict, repr=False)
    descriptor_index: dict[str, set[str]] = field(default_factory=dict, repr=False)

    def __post_init__(self) -> None:
        for term in self.terms():
            ids = self._by_name.setdefault(_name_key(term.text), [])
            if term.entry_id not in ids:
                ids.append(term.entry_id)
        for entry in self.entries.values():
            for descriptor in entry.descriptors:
                self.descriptor_index.setdefault(descriptor.lower(), set()).add(entry.id)

    def __len__(self) -> int:
        return len(self.entries)

    def get(self, entry_id: str) -> ActorEntry | None:
        return self.entries.get(entry_id)

    def lookup(self, name: str) -> list[ActorEntry]:
        """Entries a name, alias, demonym or capital refers to (acronyms only in their own case)."""
        return [self.entries[i] for i in self._by_name.get(_name_key(name), [])]

    def sector_of(self, word: str) -> str | None:
        """The PLOVER sector a word like "warplanes" or "police" gives, if any."""
        return self.sector_words.get(word.lower())

    def title_sector(self, words: str) -> str | None:
        """The PLOVER sector a title written before a name gives ("Foreign Minister" -> GOV), if it is one."""
        return self.title_words.get(" ".join(words.lower().split()))

    def terms(self) -> Iterator[Term]:
        """Every surface form of every entry: name, aliases, demonyms and capital."""
        for entry in self.entries.values():
            yield Term(entry.name, entry.id, "name")
            for alias in entry.aliases:
                yield Term(alias, entry.id, "alias")
            for demonym in entry.demonyms:
                yield Term(demonym, entry.id, "demonym")
            if entry.capital:
                yield Term(entry.capital, entry.id, "capital")

    def reference_problems(self) -> list[str]:
        """Dangling parent links, as readable lines (empty when the KB is consistent)."""
        return [
            f"{e.id}: parent '{e.parent}' is not in the KB"
            for e in self.entries.values()
            if e.parent and e.parent not in self.entries
        ]


def _name_key(name: str) -> str:
    text = " ".join(name.replace("\u2019", "'").split())
    return text if is_acronym(text) else text.lower()


def _merge(base: dict[str, ActorEntry], kb_file: KbFile, *, override: bool) -> None:
    for entry in kb_file.entries:
        old = base.get(entry.id)
        if old is not None and not override:
            raise KnowledgeBaseError(
                f"{kb_file.path}, line {kb_file.lines[entry.id]}: id '{entry.id}' is already defined in another file"
            )
        if old is not None:
            # A user entry replaces only the fields it states.
            merged = old.model_dump() | entry.model_dump(exclude_unset=True)
            entry = ActorEntry.model_validate(merged)
        base[entry.id] = entry


def _shipped_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def _build(files: Iterable[Path], user_files: Iterable[Path]) -> KnowledgeBase:
    entries: dict[str, ActorEntry] = {}
    sector_words: dict[str, str] = {}
    title_words: dict[str, str] = {}
    qualifiers: set[str] = set()
    all_files: list[Path] = []
    for path, override in [(p, False) for p in files] + [(p, True) for p in user_files]:
        if override and not Path(path).is_file():
            raise KnowledgeBaseError(f"{path}, line 0: user KB file not found")
        kb_file = read_kb_file(path)
        _merge(entries, kb_file, override=override)
        for group in kb_file.sectors:
            sector_words.update({w.lower(): group.sector for w in group.words})
        for group in kb_file.titles:
            if isinstance(group, TitleQualifiers):
                qualifiers.update(q.lower() for q in group.qualifiers)
            else:
                title_words.update({" ".join(t.lower().split()): group.sector for t in group.titles})
        all_files.append(Path(path))
    kb = KnowledgeBase(entries=entries, sector_words=sector_words, files=all_files, title_words=title_words,
                       title_qualifiers=frozenset(qualifiers))
    for problem in kb.reference_problems():
        log.warning("actor KB: %s", problem)
    return kb


@functools.lru_cache(maxsize=8)
def _load_cached(user_files: tuple[Path, ...]) -> KnowledgeBase:
    return _build(_shipped_files(), user_files)


def load_kb(user_files: Iterable[Path | str] = ()) -> KnowledgeBase:
    """The shipped KB plus user files (later files override earlier ones), built once per process."""
    return _load_cached(tuple(Path(p).resolve() for p in user_files))
