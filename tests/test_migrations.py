"""Migrations: one head, upgrade from empty, down and up again, and models that match the schema."""

from __future__ import annotations

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import inspect, select

from matcher.db import Base, alembic_config, make_engine, upgrade
from matcher.models import CatalogueState


def test_it_has_a_single_head() -> None:
    script = ScriptDirectory.from_config(alembic_config(make_engine("sqlite://")))
    assert len(script.get_heads()) == 1


def test_it_upgrades_an_empty_database_to_models_that_match(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    with engine.connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        assert compare_metadata(context, Base.metadata) == []
        assert connection.scalar(select(CatalogueState.version)) == 0
    engine.dispose()


def test_it_downgrades_to_nothing_and_upgrades_again(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    command.downgrade(alembic_config(engine), "base")
    assert set(inspect(engine).get_table_names()) <= {"alembic_version"}
    upgrade(engine)
    assert "activity" in inspect(engine).get_table_names()
    engine.dispose()


def test_it_upgrades_twice_without_harm(database_url: str) -> None:
    engine = make_engine(database_url)
    upgrade(engine)
    upgrade(engine)
    with engine.connect() as connection:
        assert connection.scalar(select(CatalogueState.version)) == 0
    engine.dispose()
