"""Alembic environment: migrate the connection or engine that matcher hands over."""

from __future__ import annotations

from alembic import context
from sqlalchemy import Connection

import matcher.models  # noqa: F401  (registers every table on Base.metadata)
from matcher.db import Base

target_metadata = Base.metadata


def _run(connection: Connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    """Run on the connection given by matcher.db.upgrade, or on a new one from the engine."""
    attributes = context.config.attributes
    connection = attributes.get("connection")
    if connection is not None:
        _run(connection)
        return
    with attributes["engine"].connect() as connection:
        _run(connection)
        connection.commit()


run_migrations_online()
