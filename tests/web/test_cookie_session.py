"""The session cookie: Flask's own, signed as before, its signer made only when there is a cookie;
none at all for the API."""

from __future__ import annotations

from http.cookies import SimpleCookie

from flask import Flask
from flask.sessions import SecureCookieSessionInterface
from flask.testing import FlaskClient
from itsdangerous import URLSafeTimedSerializer

from tests.conftest import Person, log_in, make_person


def test_it_sends_no_cookie_without_a_session_and_still_varies_on_cookie(
    client: FlaskClient,
) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    assert "Cookie" in response.headers["Vary"]  # the page depends on the (absent) cookie


def test_the_api_reads_no_session_and_answers_the_same_to_everyone(
    app: Flask, client: FlaskClient
) -> None:
    anonymous = client.post("/api/v1/match", json={"interests": ["koken"]})
    log_in(client, make_person(app, "consulent"))
    assert client.get_cookie(app.config["SESSION_COOKIE_NAME"]) is not None
    logged_in = client.post("/api/v1/match", json={"interests": ["koken"]})
    for response in (anonymous, logged_in):
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers and "Vary" not in response.headers
    assert logged_in.get_data() == anonymous.get_data()


def test_a_new_session_is_signed_as_flask_signs_it(app: Flask, client: FlaskClient) -> None:
    person = make_person(app, "consulent")
    response = client.post("/login", data={"email": person.email, "password": person.password})
    cookie = SimpleCookie()
    cookie.load(response.headers["Set-Cookie"])
    signer = SecureCookieSessionInterface().get_signing_serializer(app)
    assert signer is not None
    assert signer.loads(cookie[app.config["SESSION_COOKIE_NAME"]].value)["pending_user"]


def test_it_reads_a_signed_session_and_ignores_a_forged_one(
    app: Flask, client: FlaskClient
) -> None:
    person: Person = make_person(app, "consulent")
    log_in(client, person)
    assert client.get("/casussen").status_code == 200
    name = app.config["SESSION_COOKIE_NAME"]
    cookie = client.get_cookie(name)
    assert cookie is not None
    data = SecureCookieSessionInterface().get_signing_serializer(app).loads(cookie.value)  # type: ignore[union-attr]
    forged = URLSafeTimedSerializer("another-key", salt="cookie-session").dumps(data)
    client.set_cookie(name, forged)
    response = client.get("/casussen")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")
