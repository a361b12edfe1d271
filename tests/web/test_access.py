"""Forms kept across an ended session: on the server, never a password, once, for the same account."""

from __future__ import annotations

import json
import re
import time
from http.cookies import SimpleCookie
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matcher import db
from matcher.models import KeptForm
from matcher.resources import resource_dir
from matcher.services import kept_forms
from tests.conftest import PASSWORD, Person, fresh_code, log_in, make_person

NOTE = "KANARIE-notitie-5521 slaapt slecht sinds de opname"
WISH = "KANARIE-wens-7730 rustig"
SECRETS = {
    "password": "KANARIE-ww-1",
    "nieuw_wachtwoord": "KANARIE-ww-2",
    "Herhaal_Wachtwoord": "KANARIE-ww-3",
    "csrf_token": "KANARIE-token",
}


@pytest.fixture
def consulent(app: Flask) -> Person:
    return make_person(app, "consulent")


def expire(client: FlaskClient) -> None:
    with client.session_transaction() as session:
        session["seen_at"] = time.time() - 31 * 60


def session_of(app: Flask, set_cookie: str) -> dict[str, Any]:
    """Flask's signed session cookie from a Set-Cookie header, decoded as anyone could."""
    cookie = SimpleCookie()
    cookie.load(set_cookie)
    serializer = app.session_interface.get_signing_serializer(app)  # type: ignore[attr-defined]
    data: dict[str, Any] = serializer.loads(cookie[app.config["SESSION_COOKIE_NAME"]].value)
    return data


def kept_rows(app: Flask) -> list[KeptForm]:
    with app.app_context():
        return list(db.session().scalars(select(KeptForm)))


def new_case(client: FlaskClient) -> str:
    location = client.post("/casussen").headers["Location"]
    found = re.search(r"/casussen/(K-[A-Z0-9-]+)/", location)
    assert found is not None
    return found[1]


@pytest.mark.parametrize("form", ["consult", "note"])
def test_the_cookie_after_an_ended_session_holds_no_typed_value(
    app: Flask, client: FlaskClient, consulent: Person, form: str
) -> None:
    log_in(client, consulent)
    path = "/consult" if form == "consult" else f"/casussen/{new_case(client)}/notities"
    expire(client)
    response = client.post(
        path, data={"interests": "breien", "wishes": WISH, "notitie": NOTE, **SECRETS}
    )
    assert response.headers["Location"].startswith("/login")
    session = session_of(app, response.headers["Set-Cookie"])
    dumped = json.dumps(session)
    assert all(value not in dumped for value in (NOTE, WISH, "breien", *SECRETS.values()))
    assert re.fullmatch(r"[\w-]{40,}", session["bewaard"])  # only the key
    [row] = kept_rows(app)
    assert (row.key, row.account_id, row.path) == (session["bewaard"], consulent.id, path)
    assert not set(row.fields) & set(SECRETS)


def test_the_form_comes_back_filled_in_once_and_its_row_goes(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    expire(client)
    client.post("/consult", data={"interests": "breien, zingen", "wishes": WISH, **SECRETS})
    log_in(client, consulent)
    page = client.get("/consult").get_data(as_text=True)
    assert 'value="breien, zingen"' in page and f">{WISH}</textarea>" in page
    assert all(value not in page for value in SECRETS.values())
    assert kept_rows(app) == []
    assert WISH not in client.get("/consult").get_data(as_text=True)  # once


def test_a_form_of_only_passwords_is_not_kept_at_all(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    expire(client)
    response = client.post(
        "/wachtwoord",
        data={
            "huidig_wachtwoord": "KANARIE-ww-4",
            "nieuw_wachtwoord": "KANARIE-ww-5",
            "herhaal_wachtwoord": "KANARIE-ww-5",
        },
    )
    assert "bewaard" not in session_of(app, response.headers["Set-Cookie"])
    assert kept_rows(app) == []


def test_logout_drops_the_kept_forms(app: Flask, client: FlaskClient, consulent: Person) -> None:
    log_in(client, consulent)
    expire(client)
    client.post("/consult", data={"wishes": WISH})
    log_in(client, consulent)
    assert len(kept_rows(app)) == 1
    client.post("/logout")
    assert kept_rows(app) == []


def test_another_account_in_the_same_browser_gets_nothing(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    expire(client)
    client.post("/consult", data={"wishes": WISH})
    log_in(client, make_person(app, "swt"))
    assert WISH not in client.get("/consult").get_data(as_text=True)
    assert kept_rows(app) == []


def test_a_session_ended_elsewhere_keeps_the_form_for_its_account(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    other = app.test_client()
    log_in(client, consulent)
    log_in(other, consulent)
    other.post("/logout")  # ends this browser's session too
    client.post("/consult", data={"wishes": WISH})
    assert [row.account_id for row in kept_rows(app)] == [consulent.id]
    log_in(client, consulent)
    assert f">{WISH}</textarea>" in client.get("/consult").get_data(as_text=True)


def test_a_post_without_any_session_keeps_nothing(app: Flask, client: FlaskClient) -> None:
    response = client.post("/consult", data={"wishes": WISH})
    assert response.headers["Location"].startswith("/login")
    assert kept_rows(app) == [] and "Set-Cookie" not in response.headers


def test_a_newer_kept_form_replaces_the_older(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    log_in(client, consulent)
    expire(client)
    client.post("/consult", data={"wishes": "eerste"})
    log_in(client, consulent)  # and idle again before opening the form
    expire(client)
    client.post("/consult", data={"wishes": WISH})
    [row] = kept_rows(app)
    assert row.fields["wishes"] == [WISH]


def test_a_form_kept_in_a_cookie_before_this_change_is_dropped(
    app: Flask, client: FlaskClient, consulent: Person
) -> None:
    with client.session_transaction() as session:
        session["bewaard"] = {"pad": "/consult", "velden": {"wishes": [WISH], **SECRETS}}
    response = client.post("/login", data={"email": consulent.email, "password": PASSWORD})
    assert "bewaard" not in session_of(app, response.headers["Set-Cookie"])
    client.post("/login/code", data={"code": fresh_code(app, consulent)})
    assert WISH not in client.get("/consult").get_data(as_text=True)


def test_every_password_field_has_a_name_that_is_never_kept() -> None:
    templates = resource_dir("templates")
    fields = [
        tag
        for page in templates.rglob("*.html")
        for tag in re.findall(r"<input[^>]*>", page.read_text(encoding="utf-8"))
        if 'type="password"' in tag
    ]
    assert len(fields) >= 4
    for tag in fields:
        name = re.search(r'name="([^"]+)"', tag)
        assert name is not None and kept_forms.keepable({name[1]: ["x"]}) == {}, tag
