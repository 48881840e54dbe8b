"""Settings, layered: shipped defaults < user config file < environment < CLI flags.

A user config file is YAML (``--config FILE`` or ``$TIDINGS_CONFIG``, else ``./tidings.yaml``
when present) with the same keys as :class:`Settings`. Every key can also be set in the environment as
``TIDINGS_<KEY>`` (``TIDINGS_DB_URL``; ``TIDINGS_DB`` is kept as its short name). Every command resolves
its database through :func:`resolve_db_url`, so a ``db_url`` in the file counts everywhere.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError

from .errors import ConfigError

__all__ = ["Settings", "load_settings", "resolve_db_url", "database_url", "sqlite_path", "DEFAULT_DB_URL"]

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
    max_document_chars: int = Field(
        default=5_000_000, gt=0,
        description="Longest cleaned text extracted per document; a longer one becomes a failed record")
    near_duplicate_threshold: float = 0.9
    serve_host: str = Field(default="127.0.0.1", description="Address `tidings serve` binds to")
    serve_port: int = Field(default=8000, ge=0, le=65535)
    api_token: str | None = Field(default=None, description="Bearer token for writes (else read from api_token_file)")
    api_token_file: Path = Field(default=Path.home() / ".config" / "tidings" / "api_token",
                                 description="Where `tidings serve` keeps its generated token (mode 600)")


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
    values.update(_environment())
    values.update({k: v for k, v in overrides.items() if v is not None and v != []})
    try:
        settings = Settings(**values)
    except ValidationError as exc:
        raise ConfigError(f"invalid settings: {exc}") from exc
    return settings.model_copy(update={"db_url": database_url(settings.db_url)})


def _environment() -> dict[str, str]:
    """``TIDINGS_<KEY>`` for every settings key (pydantic parses the text), ``TIDINGS_DB`` for db_url."""
    values = {key: os.environ[f"TIDINGS_{key.upper()}"] for key in Settings.model_fields
              if os.environ.get(f"TIDINGS_{key.upper()}")}
    if os.environ.get("TIDINGS_DB"):
        values["db_url"] = os.environ["TIDINGS_DB"]
    return values


def database_url(value: str) -> str:
    """A database URL, or a plain file path taken as a SQLite file (``my.db`` -> ``sqlite:///my.db``)."""
    if "://" in value:
        return value
    return f"sqlite:///{Path(value).expanduser()}"


def resolve_db_url(flag: str | None = None, *, must_exist: bool = False) -> str:
    """The database every command uses: ``--db`` flag > environment > config file > default.

    ``must_exist`` (queries): a SQLite file that is not there is an error, not a new empty store.
    """
    url = load_settings(db_url=flag).db_url
    if must_exist:
        path = sqlite_path(url)
        if path is not None and not path.is_file():
            raise ConfigError(f"no database at {path} (ingest something first: tidings ingest FILES --db {path})")
    return url


def sqlite_path(url: str) -> Path | None:
    """The file behind a SQLite URL; None for other databases and in-memory SQLite."""
    prefix = "sqlite:///"
    if not url.startswith(prefix) or url[len(prefix):] in ("", ":memory:"):
        return None
    return Path(url[len(prefix):].split("?", 1)[0])
