"""The shipped migrations build exactly the tables the models declare."""

from __future__ import annotations

from sqlalchemy import create_engine, inspect

from tidings.store import models
from tidings.store.schema import schema_drift, upgrade

OUR_TABLES = {"documents", "minhash_bands", "actors", "actor_aliases", "mentions", "events", "event_entities"}


def _diff_for_our_tables(connection) -> list:
    return schema_drift(connection, OUR_TABLES)


def test_models_declare_our_tables():
    assert set(models.Base.metadata.tables) >= OUR_TABLES


def test_migration_creates_every_model_table(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    names = set(inspect(engine).get_table_names())
    assert names >= OUR_TABLES
    assert "alembic_version" in names


def test_migration_matches_models(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        assert _diff_for_our_tables(connection) == []


def test_upgrade_twice_is_harmless(db_url):
    engine = create_engine(db_url)
    upgrade(engine)
    upgrade(engine)
    assert "events" in inspect(engine).get_table_names()


def test_comparison_sees_missing_tables(db_url):
    """Guards the check above: an empty database differs from the models."""
    engine = create_engine(db_url)
    with engine.connect() as connection:
        assert {d[1].name for d in _diff_for_our_tables(connection) if d[0] == "add_table"} == OUR_TABLES


def test_all_migrations_match_all_models(db_url):
    """Every table module (including the analysis tables of later revisions) agrees with its migration."""
    engine = create_engine(db_url)
    upgrade(engine)
    with engine.connect() as connection:
        assert schema_drift(connection) == []
