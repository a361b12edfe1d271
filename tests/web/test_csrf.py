"""CSRF: every state-changing route refuses a request without a valid token (protection on)."""

from __future__ import annotations

import re

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient

from tests.conftest import Person, make_person

# Documented exceptions: the JSON API reads no session (nothing for a forged request to ride on)
# and the language switch only sets a preference cookie.
EXEMPT = {"/api/v1/match", "/taal"}


def token(client: FlaskClient, path: str) -> str:
    page = client.get(path).get_data(as_text=True)
    found = re.search(r'name="csrf_token" value="([^"]+)"', page)
    assert found, path
    return found.group(1)


def log_in_with_tokens(client: FlaskClient, person: Person) -> None:
    client.post("/login", data={"email": person.email, "password": person.password,
                                "csrf_token": token(client, "/login")})  # fmt: skip
    response = client.post("/login/code", data={"code": pyotp.TOTP(person.secret).now(),
                                                "csrf_token": token(client, "/login/code")})  # fmt: skip
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


def test_a_staff_page_gets_no_state_change_through_get(protected: Flask) -> None:
    get_only = [r.rule for r in protected.url_map.iter_rules() if "POST" not in r.methods]
    assert "/logout" not in get_only and "/sessie/verlengen" not in get_only
