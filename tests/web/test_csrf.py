"""CSRF: every state-changing route refuses a request without a valid token (protection on)."""

from __future__ import annotations

import re

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.db import Base
from tests.conftest import Person, log_in, make_person

# Documented exceptions: the JSON API reads no session (nothing for a forged request to ride on)
# and the language switch only sets a preference cookie.
EXEMPT = {"/api/v1/match", "/taal"}


def token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, path
    return found.group(1)


def log_in_with_tokens(client: FlaskClient, person: Person) -> None:
    client.post(
        "/login",
        data={
            "email": person.email,
            "password": person.password,
            "csrf_token": token(client, "/login"),
        },
    )
    response = client.post(
        "/login/code",
        data={"code": pyotp.TOTP(person.secret).now(), "csrf_token": token(client, "/login/code")},
    )
    assert response.status_code == 302


@pytest.fixture
def protected(app: Flask) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def test_login_works_with_the_token(protected: Flask) -> None:
    client = protected.test_client()
    log_in_with_tokens(client, make_person(protected, "beheerder"))
    assert client.get("/beheer/gebruikers").status_code == 200


@pytest.mark.parametrize("bad", [None, "niet-het-goede-token"])
def test_every_state_changing_route_needs_a_valid_token(protected: Flask, bad: str | None) -> None:
    person = make_person(protected, "beheerder")
    client = protected.test_client()
    log_in_with_tokens(client, person)
    posts = sorted(
        re.sub(r"<int:[a-z_]+>", "1", rule.rule.replace("<int:user_id>", str(person.id))).replace(
            "<code>", "K-AAAA-BBBB"
        )
        for rule in protected.url_map.iter_rules()
        if "POST" in rule.methods and rule.rule not in EXEMPT
    )
    assert len(posts) >= 10
    data = {} if bad is None else {"csrf_token": bad}
    statuses = {path: client.post(path, data=data).status_code for path in posts}
    assert statuses == {path: 400 for path in posts}
    assert client.get("/beheer/gebruikers").status_code == 200  # and nothing was changed or ended


# Routes that change state and must not be reachable through GET at all (at least these).
POST_ONLY = {
    "/logout",
    "/sessie/verlengen",
    "/taal",
    "/casussen/<code>/notities",
    "/casussen/<code>/verwijzingen",
    "/casussen/<code>/plan/<int:item_id>/verwijderen",
    "/casussen/<code>/toestemming/<int:consent_id>/intrekken",
    "/beheer/gebruikers/<int:user_id>/actief",
    "/aanbieder/verwijzingen/<int:referral_id>/eerste-bezoek",
}
# What a forged link could carry to confirm or fill in a form that also answers GET.
TEMPTING = "?bevestig=ja&actie=afspraken&meegaan=x&stap=contact_gelegd&notitie=x&rol=beheerder"


def rows(app: Flask) -> dict[str, list[str]]:
    """Every row of every table but the audit log (which records views, as it should) and the
    anonymous demand counters (a search shown is counted, as it should: services/demand.py)."""
    with app.app_context():
        session = db.session()
        return {
            t.name: sorted(repr(tuple(r)) for r in session.execute(select(t)))
            for t in Base.metadata.sorted_tables
            if t.name not in ("audit_entry", "vraag_teller")
        }


def url(rule: str, code: str, number: int) -> str:
    """A path for the rule, with the case's code and a number for every numeric part."""
    path = re.sub(r"<int:[a-z_]+>", str(number), rule.replace("<code>", code))
    return path.replace("<activity_id>", "taalcafe-binnenstad").replace("<path:filename>", "app.js")


@pytest.mark.parametrize("role", ["consulent", "beheerder"])
def test_a_staff_page_gets_no_state_change_through_get(
    app: Flask, imported: FlaskCliRunner, role: str
) -> None:
    person = make_person(app, role)
    client = app.test_client()
    log_in(client, person)
    code = "K-AAAA-BBBB"
    if role == "consulent":
        code = client.post("/casussen").headers["Location"].split("/")[2]
    methods: dict[str, set[str]] = {}  # a path may have one rule for GET and one for POST
    for r in app.url_map.iter_rules():
        methods.setdefault(r.rule, set()).update((r.methods or set()) - {"HEAD", "OPTIONS"})
    assert {rule: methods.get(rule) for rule in POST_ONLY} == dict.fromkeys(POST_ONLY, {"POST"})
    before = rows(app)
    statuses = {}
    for rule in sorted(methods):
        with client.get(url(rule, code, person.id) + TEMPTING) as response:
            statuses[rule] = response.status_code
    post_only = {rule for rule, accepted in methods.items() if accepted == {"POST"}}
    assert {rule: statuses[rule] for rule in post_only} == dict.fromkeys(post_only, 405)
    assert rows(app) == before
    assert client.get("/wachtwoord").status_code == 200  # still logged in: no GET logged out
