"""The database under a team: staff working at the same time never see an error (issue 10, item 2)."""

from __future__ import annotations

import sqlite3
import threading
from collections import Counter
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select, text
from werkzeug.test import TestResponse

from matcher import create_app, db
from matcher.models import AuditEntry
from matcher.services import audit
from tests.conftest import EVAL_CATALOGUE, Person, log_in, make_person

STAFF = 8
ROUNDS = 20


def _status(request: Callable[[], TestResponse]) -> int | str:
    # The test app propagates a view's exception instead of answering 500: count it as one.
    try:
        return request().status_code
    except Exception as exc:  # noqa: BLE001
        return f"500: {type(exc).__name__}: {exc}"[:120]


def _open_cases(client: FlaskClient, codes: list[str], statuses: Counter[int | str]) -> None:
    for number in range(ROUNDS):
        code = codes[number % len(codes)]
        statuses[_status(lambda: client.get(f"/casussen/{code}"))] += 1  # noqa: B023
        if number % 5 == 0:
            note = {"notitie": "gebeld"}
            statuses[_status(lambda: client.post(f"/casussen/{code}/notities", data=note))] += 1  # noqa: B023


def _logged_in(app: Flask, people: list[Person]) -> list[FlaskClient]:
    clients = []
    for person in people:
        client = app.test_client()
        log_in(client, person)
        clients.append(client)
    return clients


def test_it_serves_eight_staff_opening_and_writing_cases_at_once_without_errors(app: Flask) -> None:
    people = [make_person(app, "consulent", team="Team Noord") for _ in range(STAFF)]
    clients = _logged_in(app, people)
    codes = [client.post("/casussen").headers["Location"].split("/")[2] for client in clients]
    statuses: list[Counter[int | str]] = [Counter() for _ in clients]
    threads = [
        threading.Thread(target=_open_cases, args=(client, codes, counted))
        for client, counted in zip(clients, statuses, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    total: Counter[int | str] = sum(statuses, Counter())
    assert set(total) == {200, 302}, total  # every view answered, every note saved
    with app.app_context():
        viewed = select(func.count()).where(AuditEntry.action == "casus bekeken")
        assert db.session().scalar(viewed) == total[200]
        assert audit.verify(db.session()) is None  # no two writers forked the hash chain


def _sqlite_app(tmp_path: Path, **config: object) -> Flask:
    return create_app(
        {
            "TESTING": True,
            "DATABASE_URL": f"sqlite:///{tmp_path / 'team.sqlite'}",
            "SECRET_KEY": "x",
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )


def test_it_keeps_sqlite_in_wal_mode_with_the_configured_busy_timeout(tmp_path: Path) -> None:
    app = _sqlite_app(tmp_path, LOCK_TIMEOUT_SECONDS=2.5)
    with app.app_context():
        assert db.session().scalar(text("PRAGMA journal_mode")) == "wal"
        assert db.session().scalar(text("PRAGMA busy_timeout")) == 2500
        assert db.session().scalar(text("PRAGMA foreign_keys")) == 1
    app.extensions["matcher.engine"].dispose()


def test_it_answers_public_pages_while_a_writer_holds_the_write_lock(tmp_path: Path) -> None:
    app = _sqlite_app(tmp_path, LOCK_TIMEOUT_SECONDS=0.2)
    client = app.test_client()
    assert app.test_cli_runner().invoke(args=["import", str(EVAL_CATALOGUE)]).exit_code == 0
    with closing(sqlite3.connect(tmp_path / "team.sqlite", isolation_level=None)) as writer:
        writer.execute("BEGIN IMMEDIATE")  # an import or a staff request, busy writing
        writer.execute("UPDATE catalogue_state SET changed_at = changed_at")
        # Pages for everyone only read, so they begin deferred and never wait for the lock.
        assert client.get("/activiteiten").status_code == 200
        match = client.post("/api/v1/match", json={"interests": ["koken"]})
        assert match.status_code == 200, match.get_data(as_text=True)
        writer.execute("ROLLBACK")
    app.extensions["matcher.engine"].dispose()


@pytest.mark.parametrize("value", ["tien", 0, -1, 601, True, "15"])
def test_it_refuses_to_start_with_a_lock_timeout_that_is_no_number_of_seconds(
    tmp_path: Path, value: object
) -> None:
    with pytest.raises(RuntimeError, match="MATCHER_LOCK_TIMEOUT_SECONDS"):
        _sqlite_app(tmp_path, LOCK_TIMEOUT_SECONDS=value)


def test_it_takes_the_lock_timeout_from_the_environment(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("MATCHER_LOCK_TIMEOUT_SECONDS", "15")
    app = _sqlite_app(tmp_path)
    with app.app_context():
        assert db.session().scalar(text("PRAGMA busy_timeout")) == 15000
    app.extensions["matcher.engine"].dispose()
