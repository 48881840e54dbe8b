"""Checks on the actor KB: aliases that risk naming the wrong actor, and adding a validated entry to a user file.

A risky alias is a surface form (name, alias or capital) that is
- an ordinary word or a given name (``common_words`` and ``first_names`` of data/names.yaml: "Chad", "Jordan");
- shared by two entries (the resolver cannot tell them apart);
- a place name, for an entry that is no state (a person or group named like a town).
Each is either documented in ``accepted_aliases`` (with the reason it is kept) or a problem to fix.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml
from pydantic import ValidationError

from ..errors import KnowledgeBaseError
from .kb import ActorEntry, KnowledgeBase, is_acronym, load_kb, read_kb_file
from .places import is_known_place

__all__ = ["RiskyAlias", "risky_aliases", "add_entry"]


@dataclass(frozen=True)
class RiskyAlias:
    alias: str
    entries: tuple[str, ...]
    why: str
    accepted: str | None  # the documented reason it is kept, or None: a problem

    def row(self) -> dict:
        return {"alias": self.alias, "entries": list(self.entries), "why": self.why,
                "status": "documented" if self.accepted else "problem", "reason": self.accepted or ""}


def risky_aliases(kb: KnowledgeBase) -> list[RiskyAlias]:
    """Every risky surface form of the KB (demonyms are left out: they never name an actor alone)."""
    owners: dict[str, set[str]] = {}
    forms: dict[str, str] = {}
    for term in kb.terms():
        if term.what != "demonym":
            key = " ".join(term.text.replace("\u2019", "'").split())
            owners.setdefault(key, set()).add(term.entry_id)
            forms.setdefault(key, term.text)
    found = []
    for key, ids in sorted(owners.items()):
        whys = []
        if key.lower() in kb.common_words and not is_acronym(key):  # "RAND" matches only in capitals
            whys.append("ordinary word or place elsewhere")
        if key.lower() in kb.first_names and not is_acronym(key):
            whys.append("given name")
        if len(ids) > 1:
            whys.append("shared by several entries")
        if any(kb.entries[i].kind != "state" for i in ids) and is_known_place(key):
            whys.append("place name")
        if whys:
            reason = kb.accepted_aliases.get(key.lower())
            found.append(RiskyAlias(forms[key], tuple(sorted(ids)), ", ".join(whys), reason))
    return found


def add_entry(path: Path, fields: dict, *, kb_files: list[Path] | tuple[Path, ...] = ()) -> ActorEntry:
    """Append one validated actor entry to a user KB file (created if absent); the file is checked again after.

    Refused with ``KnowledgeBaseError``: an invalid entry, an id the file already has, a parent no KB
    file defines, or an alias that is risky (see :func:`risky_aliases`) unless ``accepted_aliases`` of
    the KB documents it.
    """
    path = Path(path)
    fields = {k: v for k, v in fields.items() if v not in (None, [], "")}
    try:
        entry = ActorEntry.model_validate(fields)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "entry"
        raise KnowledgeBaseError(f"{path}: {where}: {first['msg']}") from exc
    existing = read_kb_file(path) if path.is_file() else None
    if existing is not None and entry.id in existing.lines:
        raise KnowledgeBaseError(f"{path}, line {existing.lines[entry.id]}: id '{entry.id}' is already in this file")
    others = [p for p in kb_files if Path(p).resolve() != path.resolve()]
    kb = load_kb(others + ([path] if existing is not None else []))
    if entry.parent and entry.parent not in kb.entries:
        raise KnowledgeBaseError(f"{path}: parent '{entry.parent}' is in no KB file")
    _refuse_risky(kb, entry)
    old_text = path.read_text(encoding="utf-8") if existing is not None else _HEADER
    text = yaml.safe_dump([entry.model_dump(exclude_defaults=True)], allow_unicode=True, sort_keys=False, width=110)
    path.write_text(old_text.rstrip("\n") + "\n" + text, encoding="utf-8")
    try:
        read_kb_file(path)
    except KnowledgeBaseError:
        path.write_text(old_text, encoding="utf-8")  # never leave a file the resolver cannot read
        raise
    return entry


_HEADER = "# Actors added with `tidings kb add` (same format as the shipped KB files).\n"


def _refuse_risky(kb: KnowledgeBase, entry: ActorEntry) -> None:
    for form in [entry.name, *entry.aliases, *([entry.capital] if entry.capital else [])]:
        key = " ".join(form.split())
        others = [e.id for e in kb.lookup(key) if e.id != entry.id]
        if others:
            raise KnowledgeBaseError(f"alias '{form}' already names {', '.join(others)}: choose a longer form")
        whys = []
        if key.lower() in kb.common_words or key.lower() in kb.first_names:
            whys.append("an ordinary word or a given name")
        if entry.kind != "state" and is_known_place(key):
            whys.append("a place name")
        if whys and key.lower() not in kb.accepted_aliases:
            raise KnowledgeBaseError(f"alias '{form}' is risky ({'; '.join(whys)}): document it under "
                                     "accepted_aliases in a KB file, or choose a longer form")
