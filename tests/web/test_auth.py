"""Logging in with two factors, sessions that really end, timeouts, lock-out, limits, production."""

from __future__ import annotations

import datetime as dt
import re
import time
from typing import Literal

import pyotp
import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matcher import create_app, db
from matcher.models import AuditEntry, UserAccount
from matcher.services import accounts
from matcher.services.audit import Actor
from tests.conftest import PASSWORD, Person, fresh_code, log_in, make_person


@pytest.fixture
def consulent(app: Flask) -> Person:
    return make_person(app, "consulent", email="consulent@zwolle.example")


def audit_actions(app: Flask) -> list[tuple[str, str]]:
    with app.app_context():
        return [(e.action, e.result) for e in db.session().scalars(select(AuditEntry))]


def test_it_logs_in_with_password_and_code(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    assert client.get("/consult").status_code == 200
    assert ("inloggen", "gelukt") in audit_actions(app)


def test_the_password_alone_gives_no_session(client: FlaskClient, consulent: Person) -> None:
    response = client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    assert response.headers["Location"] == "/login/code"
    assert client.get("/consult").status_code == 302  # still sent to the login page
    assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    assert client.get("/consult").status_code == 302


def test_unknown_user_and_wrong_password_get_the_same_answer(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    unknown = client.post("/login", data={"email": "niemand@zwolle.example", "password": "x" * 12})
    wrong = client.post("/login", data={"email": consulent.email, "password": "fout wachtwoord!"})
    assert unknown.status_code == wrong.status_code == 401

    def message(page: str) -> str:
        return re.sub(r'value="[^"]*"', "", page)

    assert message(unknown.get_data(as_text=True)) == message(wrong.get_data(as_text=True))
    assert audit_actions(app).count(("inloggen", "mislukt")) == 2


def test_it_locks_softly_with_increasing_delay(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    for _ in range(accounts.FREE_FAILURES + 1):
        client.post("/login", data={"email": consulent.email, "password": "fout wachtwoord!"})
    # Locked now: even the right password is refused, with the same answer.
    response = client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    assert response.status_code == 401
    with app.app_context():
        user = db.session().get(UserAccount, consulent.id)
        assert user is not None and user.locked_until is not None
        first_lock = accounts.utc(user.locked_until)
        user.locked_until = None
        db.session().commit()
    client.post("/login", data={"email": consulent.email, "password": "fout wachtwoord!"})
    with app.app_context():
        user = db.session().get(UserAccount, consulent.id)
        assert user is not None and user.locked_until is not None
        assert accounts.utc(user.locked_until) - accounts.now() > first_lock - accounts.now()
    assert ("inloggen", "geblokkeerd") in audit_actions(app)


def test_the_right_code_is_refused_once_wrong_codes_locked_the_account(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    for _ in range(accounts.FREE_FAILURES):
        assert client.post("/login/code", data={"code": "000000"}).status_code == 401
    response = client.post("/login/code", data={"code": pyotp.TOTP(consulent.secret).now()})
    assert response.status_code == 401
    assert client.get("/consult").status_code == 302
    assert ("tweede factor", "geblokkeerd") in audit_actions(app)


def test_the_code_step_respects_a_lock_set_after_the_password(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    with app.app_context():  # meanwhile, failures elsewhere locked the account
        user = db.session().get(UserAccount, consulent.id)
        assert user is not None
        user.locked_until = accounts.now() + dt.timedelta(minutes=2)
        db.session().commit()
    response = client.post("/login/code", data={"code": pyotp.TOTP(consulent.secret).now()})
    assert response.status_code == 401 and client.get("/consult").status_code == 302


def test_wrong_codes_count_even_when_the_password_is_right_each_time(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    for _ in range(accounts.FREE_FAILURES):
        assert (
            client.post("/login", data={"email": consulent.email, "password": PASSWORD}).headers[
                "Location"
            ]
            == "/login/code"
        )
        client.post("/login/code", data={"code": "000000"})
    response = client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    assert response.status_code == 401  # locked: a known password does not reset the count


def test_a_code_logs_in_only_once(app: Flask, client: FlaskClient, consulent: Person) -> None:
    thief = app.test_client()
    for browser in (client, thief):
        browser.post("/login", data={"email": consulent.email, "password": PASSWORD})
    code = pyotp.TOTP(consulent.secret).now()
    assert client.post("/login/code", data={"code": code}).status_code == 302
    assert thief.post("/login/code", data={"code": code}).status_code == 401
    assert thief.get("/consult").status_code == 302
    client.post("/logout")
    client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    assert client.post("/login/code", data={"code": code}).status_code == 401
    assert ("tweede factor", "hergebruikt") in audit_actions(app)
    assert client.post("/login/code", data={"code": fresh_code(app, consulent)}).status_code == 302


def test_the_code_that_set_up_the_app_cannot_log_in_again(app: Flask, client: FlaskClient) -> None:
    person = make_person(app, "swt")
    with app.app_context():
        user = db.session().get(UserAccount, person.id)
        assert user is not None
        user.totp_secret = None
        db.session().commit()
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    page = client.get("/login/instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    code = pyotp.TOTP(secret[1]).now()
    assert client.post("/login/instellen", data={"code": code}).status_code == 302
    client.post("/logout")
    client.post("/login", data={"email": person.email, "password": PASSWORD})
    assert client.post("/login/code", data={"code": code}).status_code == 401


@pytest.mark.parametrize("digits", ["⁰¹²³⁴⁵⁶⁷⁸⁹", "０１２３４５６７８９"])
def test_only_ascii_digits_make_a_code(client: FlaskClient, consulent: Person, digits: str) -> None:
    client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    # The right code in other digits: pyotp's comparison would take these as equal (NFKC).
    code = pyotp.TOTP(consulent.secret).now().translate(str.maketrans("0123456789", digits))
    assert client.post("/login/code", data={"code": code}).status_code == 401


def test_a_cookie_copied_before_logout_is_refused_afterwards(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    captured = client.get_cookie("session")
    assert captured is not None
    client.post("/logout")
    thief = app.test_client()
    thief.set_cookie("session", captured.value)
    response = thief.get("/consult")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_a_password_change_and_a_deactivation_end_other_sessions(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    other = app.test_client()
    log_in(client, consulent)
    log_in(other, consulent)
    new = "nog een veel langere zin"
    response = client.post(
        "/wachtwoord",
        data={"huidig_wachtwoord": PASSWORD, "nieuw_wachtwoord": new, "herhaal_wachtwoord": new},
    )
    assert response.status_code == 302
    assert client.get("/consult").status_code == 200  # this session goes on
    assert other.get("/consult").status_code == 302  # the other one ended
    with app.app_context():
        user = db.session().get(UserAccount, consulent.id)
        assert user is not None
        accounts.set_active(db.session(), user, False, Actor(None, "test"))
        db.session().commit()
    assert client.get("/consult").status_code == 302


@pytest.mark.parametrize(
    ("seen_ago", "started_ago", "ended"),
    [
        (60, 60, False),
        (31 * 60, 31 * 60, True),
        (60, 13 * 3600, True),
    ],
)
def test_sessions_end_when_idle_or_too_old(
    client: FlaskClient, consulent: Person, seen_ago: int, started_ago: int, ended: bool
) -> None:
    log_in(client, consulent)
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - seen_ago
        session["auth_at"] = time.time() - started_ago
    response = client.get("/consult")
    assert (response.status_code == 302) is ended


def test_what_was_typed_comes_back_after_an_expired_session(
    client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 31 * 60
    response = client.post("/consult", data={"interests": "breien, zingen", "wishes": "rustig"})
    assert response.headers["Location"].startswith("/login")
    log_in(client, consulent)
    page = client.get("/consult").get_data(as_text=True)
    assert 'value="breien, zingen"' in page and ">rustig</textarea>" in page


def test_first_login_replaces_the_one_time_password_and_sets_up_the_code(
    app: Flask, client: FlaskClient
) -> None:
    with app.app_context():
        user, one_time = accounts.create_user(
            db.session(), "nieuw@zwolle.example", "swt", Actor(None, "test"), "Team Zuid"
        )
        db.session().commit()
    response = client.post("/login", data={"email": "nieuw@zwolle.example", "password": one_time})
    assert response.headers["Location"] == "/login/wachtwoord"
    assert client.get("/consult").status_code == 302
    weak = client.post(
        "/login/wachtwoord",
        data={
            "huidig_wachtwoord": one_time,
            "nieuw_wachtwoord": "zwolle2026!!x",
            "herhaal_wachtwoord": "zwolle2026!!x",
        },
    )
    assert weak.status_code == 422 and "zwolle" in weak.get_data(as_text=True)
    new = "mijn eigen lange zin hier"
    response = client.post(
        "/login/wachtwoord",
        data={"huidig_wachtwoord": one_time, "nieuw_wachtwoord": new, "herhaal_wachtwoord": new},
    )
    assert response.headers["Location"] == "/login/instellen"
    page = client.get("/login/instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page).group(1)  # type: ignore[union-attr]
    assert '<svg class="qr"' in page
    assert client.post("/login/instellen", data={"code": "123456"}).status_code == 422
    response = client.post("/login/instellen", data={"code": pyotp.TOTP(secret).now()})
    assert response.headers["Location"] == "/consult"
    assert client.get("/consult").status_code == 200
    assert ("tweede factor ingesteld", "gelukt") in audit_actions(app)


def test_session_cookies_are_httponly_and_samesite(client: FlaskClient, consulent: Person) -> None:
    response = client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    cookie = response.headers["Set-Cookie"]
    assert "HttpOnly" in cookie and "SameSite=Lax" in cookie


def test_production_needs_a_secret_key_and_no_debug(database_url: str) -> None:
    base = {"DATABASE_URL": database_url, "PRODUCTION": True}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(base)
    with pytest.raises(RuntimeError, match="debug"):
        create_app({**base, "SECRET_KEY": "x" * 40, "DEBUG": True})
    app = create_app({**base, "SECRET_KEY": "x" * 40})
    response = app.test_client().post("/login", data={"email": "a@b.example", "password": "x"})
    assert app.config["SESSION_COOKIE_NAME"] == "__Host-session"
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"
    app.extensions["matcher.engine"].dispose()


def test_a_password_hasher_setting_that_is_none_stops_the_start(database_url: str) -> None:
    with pytest.raises(RuntimeError, match="PASSWORD_HASHER"):
        create_app({"DATABASE_URL": database_url, "PASSWORD_HASHER": "argon2"})


def test_a_bug_shows_an_incident_number_and_no_stack_trace(app: Flask, client: FlaskClient) -> None:
    from matcher.web.access import EVERYONE, allow

    @allow(EVERYONE)
    def broken() -> str:
        raise RuntimeError("geheim detail")

    app.add_url_rule("/kapot", "kapot", broken)
    response = client.get("/kapot")
    page = response.get_data(as_text=True)
    assert response.status_code == 500
    assert re.search(r"Noem dit nummer als je contact opneemt: [0-9a-f]{12}", page)
    assert "geheim detail" not in page and "Traceback" not in page


def test_it_publishes_security_txt(client: FlaskClient) -> None:
    text = client.get("/.well-known/security.txt").get_data(as_text=True)
    assert text.startswith("Contact: mailto:")
    assert re.search(r"^Expires: \d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$", text, re.MULTILINE)
    assert "Policy: https://" in text


def test_login_search_and_api_are_rate_limited(app: Flask, client: FlaskClient) -> None:
    app.config.update(
        RATELIMIT_ENABLED=True, RATELIMIT_LOGIN="2 per minute", RATELIMIT_SEARCH="2 per minute"
    )
    from matcher.web.limits import limiter

    limiter.init_app(app)  # re-read the switched-on configuration
    for _ in range(2):
        client.post("/login", data={"email": "a@b.example", "password": "x"})
    response = client.post("/login", data={"email": "a@b.example", "password": "x"})
    assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    for _ in range(2):
        client.post("/api/v1/match", json={})
    response = client.post("/api/v1/match", json={})
    assert response.status_code == 429 and "error" in response.get_json()


class CountingHasher(PasswordHasher):
    """argon2's own hasher, counting its verifications: the work a login attempt costs."""

    def __init__(self) -> None:
        super().__init__()
        self.verified = 0

    def verify(self, hash: str | bytes, password: str | bytes) -> Literal[True]:  # noqa: A002
        self.verified += 1
        return super().verify(hash, password)


@pytest.mark.parametrize(
    ("state", "email", "password", "status"),
    [
        ("", "niemand@zwolle.example", PASSWORD, 401),
        ("", "consulent@zwolle.example", "fout wachtwoord!", 401),
        ("locked", "consulent@zwolle.example", PASSWORD, 401),
        ("locked", "consulent@zwolle.example", "fout wachtwoord!", 401),
        ("inactive", "consulent@zwolle.example", PASSWORD, 401),
        ("", "consulent@zwolle.example", PASSWORD, 302),
    ],
)
def test_every_login_attempt_costs_one_password_verification(
    app: Flask,
    client: FlaskClient,
    consulent: Person,
    state: str,
    email: str,
    password: str,
    status: int,
) -> None:
    with app.app_context():
        user = db.session().get(UserAccount, consulent.id)
        assert user is not None
        if state == "locked":
            user.locked_until = accounts.now() + dt.timedelta(minutes=5)
        user.active = state != "inactive"
        db.session().commit()
    hasher = CountingHasher()
    app.config["PASSWORD_HASHER"] = hasher
    response = client.post("/login", data={"email": email, "password": password})
    assert response.status_code == status
    assert hasher.verified == 1
