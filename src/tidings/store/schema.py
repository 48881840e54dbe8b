"""Schema management: the full table metadata and programmatic alembic upgrades (no alembic.ini needed)."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Engine, MetaData
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from .models import Base

__all__ = ["MIGRATIONS_DIR", "target_metadata", "alembic_config", "upgrade"]

log = logging.getLogger(__name__)

MIGRATIONS_DIR = Path(__file__).resolve().parent / "migrations"
# Modules that add their own tables to Base (owned by the analysis stage); imported when present.
TABLE_MODULES = ("tidings.store.clusters", "tidings.store.review")


def target_metadata() -> MetaData:
    """Base.metadata with every table module imported, so autogenerate sees all tables."""
    for name in TABLE_MODULES:
        try:
            importlib.import_module(name)
        except ModuleNotFoundError as exc:
            if exc.name != name:
                raise
    return Base.metadata


def alembic_config(engine: Engine | None = None) -> Config:
    """An alembic Config built in code, pointing at the migrations shipped in the package."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    if engine is not None:
        config.set_main_option("sqlalchemy.url", engine.url.render_as_string(hide_password=False).replace("%", "%%"))
    return config


def upgrade(engine: Engine) -> None:
    """Bring the database to the newest schema (creating it when empty)."""
    config = alembic_config(engine)
    try:
        with engine.begin() as connection:
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot migrate database {engine.url.render_as_string()}: {exc}") from exc
