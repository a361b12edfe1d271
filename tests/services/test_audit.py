"""The audit log: append-only in the database, and a hash chain that shows tampering."""

from __future__ import annotations

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import text
from sqlalchemy.exc import DatabaseError

from matcher import db
from matcher.services import audit
from matcher.services.audit import Event


def write(app: Flask, count: int) -> None:
    with app.app_context():
        for i in range(count):
            audit.record(
                db.session(), Event("bekeken", "casus", f"c{i}", purpose="test", actor_id=1)
            )
        db.session().commit()


def test_a_fresh_chain_verifies(app: Flask, runner: FlaskCliRunner) -> None:
    write(app, 5)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 0 and "ongeschonden" in result.output


def test_the_database_refuses_to_change_or_delete_a_line(app: Flask) -> None:
    write(app, 2)
    with app.app_context():
        session = db.session()
        for statement in ("UPDATE audit_entry SET action = 'x'", "DELETE FROM audit_entry"):
            with pytest.raises(DatabaseError, match="append-only"):
                session.execute(text(statement))
            session.rollback()


def _without_guard(session, statement: str) -> None:  # type: ignore[no-untyped-def]
    # Someone with direct database access can switch the guard off; the chain still shows it.
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("ALTER TABLE audit_entry DISABLE TRIGGER audit_entry_append_only"))
        session.execute(text(statement))
        session.execute(text("ALTER TABLE audit_entry ENABLE TRIGGER audit_entry_append_only"))
    else:
        session.execute(text("DROP TRIGGER audit_entry_no_update"))
        session.execute(text("DROP TRIGGER audit_entry_no_delete"))
        session.execute(text(statement))
    session.commit()


@pytest.mark.parametrize(
    "statement",
    [
        "UPDATE audit_entry SET object_id = 'c9' WHERE id = 3",
        "UPDATE audit_entry SET result = 'mislukt' WHERE id = 2",
        "DELETE FROM audit_entry WHERE id = 3",
    ],
)
def test_verify_detects_an_edited_or_removed_line(
    app: Flask, runner: FlaskCliRunner, statement: str
) -> None:
    write(app, 5)
    with app.app_context():
        _without_guard(db.session(), statement)
    result = runner.invoke(args=["audit", "verify"])
    assert result.exit_code == 1
    assert "aangetast vanaf regel" in result.output
