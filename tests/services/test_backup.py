"""Backup, wipe, restore: everything comes back, the audit chain still verifies."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, select, text

from matcher import create_app, db
from matcher.db import Base
from tests.services.test_cases import full_case


def contents(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    with app.app_context():
        session = db.session()
        return {t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key.columns))]
                for t in Base.metadata.sorted_tables}  # fmt: skip


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind (on PostgreSQL: a second schema, dropped after)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    base, schema = database_url.rsplit("%3D", 1)
    admin = create_engine(base.rsplit("?", 1)[0])
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}_terug"'))
    try:
        yield f"{database_url}_terug"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}_terug" CASCADE'))
        admin.dispose()


def test_a_backup_restores_into_an_empty_database_exactly(
    app: Flask, imported: FlaskCliRunner, empty_database: str, tmp_path: Path
) -> None:
    full_case(app)
    file = tmp_path / "backup.json"
    result = imported.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    target = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "x"})
    restored = target.test_cli_runner().invoke(args=["restore", str(file)])
    assert restored.exit_code == 0, restored.output
    before, after = contents(app), contents(target)
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"}  # fmt: skip
    assert after["audit_entry"][: len(before["audit_entry"])] == before["audit_entry"]
    assert target.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    again = target.test_cli_runner().invoke(args=["restore", str(file)])
    assert again.exit_code == 1 and "niet leeg" in again.output
    target.extensions["matcher.engine"].dispose()


def test_a_file_that_is_no_backup_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text(json.dumps({"format": "iets anders", "tables": {}}))
    result = runner.invoke(args=["restore", str(file)])
    assert result.exit_code == 1 and "geen back-up" in result.output
