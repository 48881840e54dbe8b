"""Analysis knowledge as reviewable YAML: PLOVER quad classes and scores, modality strength."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import yaml

from ..errors import KnowledgeBaseError
from ..records import EVENT_TYPES, MODALITIES

__all__ = ["Category", "Modality", "load_categories", "load_modalities", "QUADS"]

DATA_DIR = Path(__file__).resolve().parent
QUADS = ("verbal_cooperation", "material_cooperation", "verbal_conflict", "material_conflict")


@dataclass(frozen=True)
class Category:
    """What the network needs to know about one PLOVER category."""

    name: str
    quad: str
    score: float
    symmetric: bool


@dataclass(frozen=True)
class Modality:
    name: str
    rank: int
    confidence: int


def _read(name: str, key: str) -> dict:
    path = DATA_DIR / name
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise KnowledgeBaseError(f"cannot read {path}: {exc}") from exc
    table = data.get(key) if isinstance(data, dict) else None
    if not isinstance(table, dict):
        raise KnowledgeBaseError(f"{path}: expected a mapping under '{key}'")
    return table


def load_categories() -> dict[str, Category]:
    """Every PLOVER category with its quad, score and symmetry (validated: all 16, known quads)."""
    table = _read("plover_quads.yaml", "categories")
    missing = set(EVENT_TYPES) - set(table)
    if missing:
        raise KnowledgeBaseError(f"plover_quads.yaml: categories missing: {', '.join(sorted(missing))}")
    out = {}
    for name, entry in table.items():
        if name not in EVENT_TYPES or entry.get("quad") not in QUADS or not -1 <= float(entry.get("score", 9)) <= 1:
            raise KnowledgeBaseError(f"plover_quads.yaml: bad entry for '{name}': {entry}")
        out[name] = Category(name, entry["quad"], float(entry["score"]), bool(entry.get("symmetric", False)))
    return out


def load_modalities() -> dict[str, Modality]:
    """Every modality with its strength rank (1 = strongest) and export confidence."""
    table = _read("modality.yaml", "modalities")
    if set(table) != set(MODALITIES):
        raise KnowledgeBaseError(f"modality.yaml must list exactly: {', '.join(MODALITIES)}")
    return {name: Modality(name, int(e["rank"]), int(e["confidence"])) for name, e in table.items()}
