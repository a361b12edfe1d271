"""Fixtures: a fresh, migrated database per test (SQLite, and PostgreSQL when DATABASE_URL points at one)."""

from __future__ import annotations

import os
import time
import uuid
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import create_engine, text
from werkzeug.http import parse_options_header
from werkzeug.test import TestResponse

from matcher import create_app, roles
from matcher.config import normalise_database_url

SHARED = Path(__file__).resolve().parents[2] / "shared"
EVAL_CATALOGUE = SHARED / "eval" / "dev_catalogue.csv"
EVAL_PERSONAS = SHARED / "eval" / "dev_personas.json"


def _postgres_url() -> str | None:
    url = os.environ.get("TEST_DATABASE_URL") or os.environ.get("DATABASE_URL", "")
    return normalise_database_url(url) if url.startswith(("postgres", "postgresql")) else None


DATABASES = ["sqlite"] + (["postgresql"] if _postgres_url() else [])


@pytest.fixture(params=DATABASES)
def database_url(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[str]:
    """An empty database of each configured kind, gone after the test."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'test.sqlite'}"
        return
    base = _postgres_url()
    assert base is not None
    schema = f"test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(base)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    separator = "&" if "?" in base else "?"
    try:
        yield f"{base}{separator}options=-csearch_path%3D{schema}"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Iterator[Flask]:
    """The app on a fresh, migrated database."""
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "INDEX_FOLDER": str(tmp_path / "ranking"),
            "SECRET_KEY": "test-secret",
            "WTF_CSRF_ENABLED": False,  # tests/web/test_csrf.py checks every form with it on
            "RATELIMIT_ENABLED": False,  # tests/web/test_auth.py checks the limits with it on
        }
    )
    yield app
    app.extensions["matcher.engine"].dispose()


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    """A test client for real HTTP requests through the app."""
    return app.test_client()


@pytest.fixture
def runner(app: Flask) -> FlaskCliRunner:
    """A runner for the app's command line."""
    return app.test_cli_runner()


@pytest.fixture
def imported(runner: FlaskCliRunner) -> FlaskCliRunner:
    """The app with the public evaluation catalogue imported."""
    result = runner.invoke(args=["import", str(EVAL_CATALOGUE)])
    assert result.exit_code == 0, result.output
    return runner


def row(**values: Any) -> dict[str, str]:
    """A valid catalogue row (as CSV text) with the given columns changed."""
    base = {
        "id": "kookgroep-test",
        "title": "Kookgroep De Pan",
        "description": "Samen koken en eten in de buurtkamer.",
        "organisation": "Stichting Samen Eten",
        "wijk": "Assendorp",
        "interests": "koken;ontmoeting",
        "support": "kleine_groep",
        "schedule": "di 17:00-20:00",
        "cost_eur": "2.5",
    }
    base.update({k: str(v) for k, v in values.items()})
    return base


PASSWORD = "een lange zin als wachtwoord"


@dataclass
class Person:
    """A staff account for tests, with what it takes to log in."""

    id: int
    email: str
    role: str
    secret: str
    password: str = PASSWORD


def make_person(
    app: Flask,
    role: str,
    email: str | None = None,
    team: str | None = None,
    organisation: str | None = None,
    name: str | None = None,
) -> Person:
    """An account that has set its own password and its second factor."""
    from matcher import db
    from matcher.services import accounts, passwords
    from matcher.services.audit import Actor

    email = email or f"{role}-{uuid.uuid4().hex[:6]}@zwolle.example"
    if roles.ROLES[role].member_of == "team":
        team = team or "Team Noord"
    with app.app_context():
        session = db.session()
        user, _ = accounts.create_user(
            session, email, role, Actor(None, "test"), team, organisation, name
        )
        user.password_hash = passwords.hash_password(PASSWORD)
        user.must_change_password = False
        user.totp_secret = pyotp.random_base32()
        session.commit()
        return Person(user.id, email, role, user.totp_secret)


def fresh_code(app: Flask, person: Person) -> str:
    """A code of a time step the account has not used yet (each code logs in once)."""
    from matcher import db
    from matcher.models import UserAccount

    with app.app_context():
        account = db.session().get(UserAccount, person.id)
        last = account.totp_last_step if account is not None else None
    totp = pyotp.TOTP(person.secret)
    step = max(totp.timecode(time.time()), -1 if last is None else last + 1)
    while step > totp.timecode(time.time()) + 1:  # the app takes one step ahead, not two
        time.sleep(0.2)
    return totp.generate_otp(step)


def saved_as(response: TestResponse) -> str:
    """The name a browser saves a downloaded file under."""
    disposition, options = parse_options_header(response.headers["Content-Disposition"])
    assert disposition == "attachment"
    return options["filename"]


def log_in(client: FlaskClient, person: Person) -> None:
    """Both factors through the real login pages."""
    response = client.post("/login", data={"email": person.email, "password": person.password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
    response = client.post("/login/code", data={"code": fresh_code(client.application, person)})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]
