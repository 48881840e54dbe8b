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
    # A person's name used alone in news when it is not the last word of ``name`` ("Xi" of Xi Jinping).
    surname: str | None = None

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


class FirstNames(BaseModel):
    """Given names and the gender news writing gives their bearers ("either" for names of both)."""

    model_config = ConfigDict(extra="forbid")

    gender: Literal["female", "male", "either"]
    first_names: list[str] = Field(min_length=1)


class Honorifics(BaseModel):
    """Words before a surname that mark a person and, for most, a gender ("Ms.", "Mr", "Dr")."""

    model_config = ConfigDict(extra="forbid")

    gender: Literal["female", "male", "either"]
    honorifics: list[str] = Field(min_length=1)


class NameCues(BaseModel):
    """Words inside an organisation's name that tell its kind ("Inc." -> company, "Times" -> media)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["igo", "armed_group", "political_party", "ngo", "company", "media", "group"]
    sector: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    cues: list[str] = Field(min_length=1)


class KindNouns(BaseModel):
    """Nouns that describe an actor of this kind ("the company", "the newspaper"): an actor no KB entry names
    is referred to by them, and takes their kind ("Zelvo ... the company said" makes Zelvo a company)."""

    model_config = ConfigDict(extra="forbid")

    kind: Literal["political_party", "ngo", "company", "media", "group"]
    nouns: list[str] = Field(min_length=1)
    # Verbs (lemmas) whose subject, when NER finds a name there, is of this kind ("Ukrinform reported").
    verbs: list[str] = Field(default_factory=list)


class CommonWords(BaseModel):
    """Capitalised aliases that are also ordinary words or names ("Chad", "Turkey"): they need context.

    ``region_words``: words right after such an alias that make it a region of another country ("Georgia
    Governor", "Victoria state"), never the state the KB entry is.
    """

    model_config = ConfigDict(extra="forbid")

    common_words: list[str] = Field(min_length=1)
    region_words: list[str] = Field(default_factory=list)
    # Words that end place names ("Harbour", "Valley"): after a given name they make a place, not a person.
    place_words: list[str] = Field(default_factory=list)


class AliasExceptions(BaseModel):
    """Risky aliases kept on purpose, each with the reason (what ``tidings kb check`` accepts)."""

    model_config = ConfigDict(extra="forbid")

    accepted_aliases: dict[str, str] = Field(min_length=1)


class UnnamedGroups(BaseModel):
    """Nouns that name one actor of a story without any name ("police", "protesters"): word -> actor name."""

    model_config = ConfigDict(extra="forbid")

    sector: str = Field(pattern=r"^[A-Z]{3}$")
    unnamed_groups: dict[str, str] = Field(min_length=1)


_LEXICON_MODELS = {"first_names": FirstNames, "honorifics": Honorifics, "cues": NameCues,
                   "common_words": CommonWords, "accepted_aliases": AliasExceptions, "unnamed_groups": UnnamedGroups,
                   "nouns": KindNouns}
Lexicon = FirstNames | Honorifics | NameCues | CommonWords | AliasExceptions | UnnamedGroups | KindNouns


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
    lexicon: list[Lexicon] = field(default_factory=list)


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
    lexicon: list[Lexicon] = []
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
        if not isinstance(model, ActorEntry):
            lexicon.append(model)
            continue
        if model.id in lines:
            first = lines[model.id]
            raise KnowledgeBaseError(f"{path}, line {line}: duplicate id '{model.id}' (first at line {first})")
        entries.append(model)
        lines[model.id] = line
    return KbFile(path=path, entries=entries, lines=lines, sectors=sectors, titles=titles, lexicon=lexicon)


def _model_for(item: dict[str, Any]) -> type[BaseModel]:
    """Which kind of item a KB file entry is: a sector word list, a title list or an actor."""
    if "id" not in item and "words" in item:
        return SectorWords
    if "id" not in item and "titles" in item:
        return TitleWords
    if "id" not in item and "qualifiers" in item:
        return TitleQualifiers
    for key, model in _LEXICON_MODELS.items():
        if "id" not in item and key in item:
            return model
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
    # Given name (lower case) -> "female" | "male" | "either"; honorific ("ms", "mr", "dr") -> gender.
    first_names: dict[str, str] = field(default_factory=dict)
    honorifics: dict[str, str] = field(default_factory=dict)
    # Word of an organisation's name (lower case) -> (kind, sector): "inc." -> ("company", "BUS").
    name_cues: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    # Aliases that are also ordinary words or given names, and those kept on purpose (with the reason).
    common_words: frozenset[str] = frozenset()
    region_words: frozenset[str] = frozenset()
    place_words: frozenset[str] = frozenset()
    accepted_aliases: dict[str, str] = field(default_factory=dict)
    # Noun (lower case, as written) -> (actor name, sector): "policemen" -> ("police", "COP").
    unnamed_groups: dict[str, tuple[str, str]] = field(default_factory=dict)
    # Kind -> nouns describing actors of that kind: "company" -> {"company", "firm", ...}.
    kind_nouns: dict[str, frozenset[str]] = field(default_factory=dict)
    # Verb lemma -> the kind of the name that is its subject: "report" -> "media".
    kind_verbs: dict[str, str] = field(default_factory=dict)
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

    def gender_of_name(self, word: str) -> str | None:
        """"female" / "male" for a given name or honorific that says so, else None."""
        gender = self.first_names.get(word.lower()) or self.honorifics.get(word.lower().rstrip("."))
        return gender if gender in ("female", "male") else None

    def is_risky(self, alias: str) -> bool:
        """An alias that is also an ordinary word or a given name ("Chad", "Jordan"): it needs context."""
        key = alias.lower()
        return not is_acronym(alias) and (key in self.common_words or key in self.first_names)

    def cue_of(self, words: Iterable[str]) -> tuple[str, str | None] | None:
        """The kind (and sector) the last cue word of a name gives: "Halvard Motors" -> ("company", "BUS")."""
        words = [w.lower().replace("\u2019", "'") for w in words]
        found = None
        for i, word in enumerate(words):
            # A cue needs a name before it ("Group A" is no company) unless it heads "University of Florida"
            # or is the whole name ("Senate").
            if i or len(words) == 1 or words[1] in ("of", "for"):
                found = (i and self.name_cues.get(f"{words[i - 1]} {word}")) or self.name_cues.get(word, found)
        return found

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


def _add_lexicon(words: dict[str, Any], item: Lexicon) -> None:
    if isinstance(item, FirstNames):
        words["first_names"].update({n.lower(): item.gender for n in item.first_names})
    elif isinstance(item, Honorifics):
        words["honorifics"].update({h.lower().rstrip("."): item.gender for h in item.honorifics})
    elif isinstance(item, NameCues):
        words["name_cues"].update({c.lower(): (item.kind, item.sector) for c in item.cues})
    elif isinstance(item, CommonWords):
        words["common_words"].update(w.lower() for w in item.common_words)
        words["region_words"].update(w.lower() for w in item.region_words)
        words["place_words"].update(w.lower() for w in item.place_words)
    elif isinstance(item, KindNouns):
        words["kind_nouns"][item.kind] = words["kind_nouns"].get(item.kind, frozenset()) | {
            n.lower() for n in item.nouns}
        words["kind_verbs"].update({v.lower(): item.kind for v in item.verbs})
    elif isinstance(item, UnnamedGroups):
        words["unnamed_groups"].update({w.lower(): (name, item.sector) for w, name in item.unnamed_groups.items()})
    else:
        words["accepted_aliases"].update({k.lower(): v for k, v in item.accepted_aliases.items()})


def _shipped_files() -> list[Path]:
    return sorted(DATA_DIR.glob("*.yaml"))


def _build(files: Iterable[Path], user_files: Iterable[Path]) -> KnowledgeBase:
    entries: dict[str, ActorEntry] = {}
    sector_words: dict[str, str] = {}
    title_words: dict[str, str] = {}
    qualifiers: set[str] = set()
    words: dict[str, Any] = {"first_names": {}, "honorifics": {}, "name_cues": {}, "common_words": set(),
                             "region_words": set(), "place_words": set(),
                             "accepted_aliases": {}, "unnamed_groups": {}, "kind_nouns": {}, "kind_verbs": {}}
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
        for item in kb_file.lexicon:
            _add_lexicon(words, item)
        all_files.append(Path(path))
    words["common_words"] = frozenset(words["common_words"])
    words["region_words"] = frozenset(words["region_words"])
    words["place_words"] = frozenset(words["place_words"])
    kb = KnowledgeBase(entries=entries, sector_words=sector_words, files=all_files, title_words=title_words,
                       title_qualifiers=frozenset(qualifiers), **words)
    for problem in kb.reference_problems():
        log.warning("actor KB: %s", problem)
    return kb


@functools.lru_cache(maxsize=8)
def _load_cached(user_files: tuple[Path, ...]) -> KnowledgeBase:
    return _build(_shipped_files(), user_files)


def load_kb(user_files: Iterable[Path | str] = ()) -> KnowledgeBase:
    """The shipped KB plus user files (later files override earlier ones), built once per process."""
    return _load_cached(tuple(Path(p).resolve() for p in user_files))
