"""Schema management: the full table metadata and programmatic alembic upgrades (no alembic.ini needed)."""

from __future__ import annotations

import importlib
import logging
from pathlib import Path

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.util import CommandError
from sqlalchemy import Connection, Engine, MetaData
from sqlalchemy.exc import SQLAlchemyError

from ..errors import StoreError
from .models import Base

__all__ = ["MIGRATIONS_DIR", "target_metadata", "alembic_config", "upgrade", "schema_drift"]

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
            _lock_for_migration(connection)
            config.attributes["connection"] = connection
            command.upgrade(config, "heads")
    except SQLAlchemyError as exc:
        raise StoreError(f"cannot open or migrate database {engine.url.render_as_string()}: {exc}") from exc
    except CommandError as exc:
        # Typically a revision this installation does not ship: the database was made by a newer tidings.
        raise StoreError(f"database {engine.url.render_as_string()} has a schema this tidings cannot handle "
                         f"(made by a newer version?): {exc}") from exc


# Any constant shared by every tidings process: the PostgreSQL advisory lock that serialises migrations.
MIGRATION_LOCK_KEY = 0x7469_6469  # "tidi"


def _lock_for_migration(connection: Connection) -> None:
    """Two processes opening one new database at once must not both create its tables: the second waits
    for the first's migration to commit, then finds the schema current and does nothing."""
    if connection.dialect.name == "sqlite":
        connection.exec_driver_sql("BEGIN IMMEDIATE")
    elif connection.dialect.name == "postgresql":
        connection.exec_driver_sql(f"SELECT pg_advisory_xact_lock({MIGRATION_LOCK_KEY})")


def _table_of(diff) -> str:
    """The table an autogenerate difference is about (diffs are tuples, or lists of tuples for columns)."""
    kind, first, *rest = diff[0] if isinstance(diff, list) else diff
    if kind.endswith("_table"):
        return first.name
    if hasattr(first, "table"):
        return first.table.name
    return rest[0]


def schema_drift(connection: Connection, tables: set[str] | None = None) -> list:
    """Differences between the live database and the models (optionally only for ``tables``): [] when in sync."""
    context = MigrationContext.configure(connection, opts={"compare_type": True})
    diffs = compare_metadata(context, target_metadata())
    return [d for d in diffs if tables is None or _table_of(d) in tables]
