"""Settings, layered: shipped defaults < user config file < environment < CLI flags.

A user config file is YAML (``--config FILE`` or ``$TIDINGS_CONFIG``, else ``./tidings.yaml``
when present) with the same keys as :class:`Settings`.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "DEFAULT_DB_URL"]

DEFAULT_DB_URL = "sqlite:///tidings.db"


class Settings(BaseModel):
    """Everything a run can be configured with; passed explicitly, never global."""

    model_config = ConfigDict(extra="forbid")

    db_url: str = DEFAULT_DB_URL
    spacy_model: str | None = Field(
        default=None, description="spaCy package name or path; default: best installed English model"
    )
    kb_files: list[Path] = Field(default_factory=list, description="User actor KB YAML files")
    allow_private: bool = False
    fetch_timeout_s: float = 20.0
    max_bytes: int = 20_000_000
    max_redirects: int = 5
    near_duplicate_threshold: float = 0.9


def _read_config_file(path: Path) -> dict[str, Any]:
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8")) or {}
    except (OSError, yaml.YAMLError) as exc:
        raise ConfigError(f"cannot read config file {path}: {exc}") from exc
    if not isinstance(data, dict):
        raise ConfigError(f"config file {path} must hold a mapping of settings")
    return data


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Build settings from defaults, the config file, ``TIDINGS_DB``, then non-None overrides."""
    values: dict[str, Any] = {}
    path = config_file or (Path(os.environ["TIDINGS_CONFIG"]) if "TIDINGS_CONFIG" in os.environ else None)
    if path is None and Path("tidings.yaml").is_file():
        path = Path("tidings.yaml")
    if path is not None:
        values.update(_read_config_file(path))
    if os.environ.get("TIDINGS_DB"):
        values["db_url"] = os.environ["TIDINGS_DB"]
    values.update({k: v for k, v in overrides.items() if v is not None and v != []})
    try:
        return Settings(**values)
    except ValidationError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
