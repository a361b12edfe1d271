"""Headers on every response; a resident leaves no trace in any log or row; access logs keep no
query string or full address."""

from __future__ import annotations

import json
import logging
import re
import threading
import urllib.error
import urllib.request
import uuid
from collections.abc import Iterator
from typing import Any

import pyotp
import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select
from werkzeug.serving import make_server

from matcher import db
from matcher.db import Base
from matcher.models import UserAccount
from matcher.web.security import CONTENT_SECURITY_POLICY, PrivateAccessLog, is_local_path
from tests.conftest import PASSWORD, make_person

EXPECTED_CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.mark.parametrize(
    ("path", "no_store"),
    [
        ("/", False),
        ("/activiteiten", False),
        ("/resultaten?interesse=koken", True),
        ("/zoeken", True),
        ("/zoeken?stap=2&interesse=koken", True),
        ("/consult", True),
        ("/consult/vergelijk", True),
        ("/api/v1/activities", True),
        ("/bestaat-niet", False),
        ("/static/style.css", False),
        ("/login", True),
        ("/beheer/gebruikers", True),
        ("/aanbieder", True),
        ("/casussen", True),
        ("/signalen", True),
        ("/.well-known/security.txt", False),
    ],
)
def test_every_blueprint_sends_the_security_headers(
    client: FlaskClient, path: str, no_store: bool
) -> None:
    with client.get(path) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert (headers.get("Cache-Control") == "no-store") is no_store


class Records(logging.Handler):
    """Keeps every record it is given, formatted as a log file would hold it."""

    def __init__(self) -> None:
        super().__init__(logging.NOTSET)
        self.records: list[logging.LogRecord] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.records.append(record)

    def lines(self, logger: str | None = None) -> list[str]:
        return [self.format(r) for r in self.records if logger in (None, r.name)]


@pytest.fixture
def every_log() -> Iterator[Records]:
    """Every record of every logger: a handler on the root logger, lowered to DEBUG, and on each
    logger that does not pass its records up to the root."""
    handler = Records()
    root = logging.getLogger()
    apart = [
        logger
        for logger in logging.Logger.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    level = root.level
    root.setLevel(logging.DEBUG)
    for logger in (root, *apart):
        logger.addHandler(handler)
    yield handler
    for logger in (root, *apart):
        logger.removeHandler(handler)
    root.setLevel(level)


@pytest.fixture
def live_url(app: Flask, imported: FlaskCliRunner) -> Iterator[str]:
    """The app behind Werkzeug's own server on a free port: real HTTP, with its access log."""
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join()


def fetch(url: str, body: dict[str, Any] | None = None) -> int:
    """GET the url, or POST the body as JSON; the status."""
    data = json.dumps(body).encode() if body is not None else None
    request = urllib.request.Request(url, data=data, headers={"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(request, timeout=30) as response:  # noqa: S310  (our own server)
            return int(response.status)
    except urllib.error.HTTPError as error:
        error.close()
        return error.code


def every_row(app: Flask) -> dict[str, list[str]]:
    """Every row of every table, as text."""
    with app.app_context():
        session = db.session()
        return {
            table.name: sorted(repr(tuple(r)) for r in session.execute(select(table)))
            for table in Base.metadata.sorted_tables
        }


def test_a_resident_search_leaves_no_trace_in_any_log_or_row(
    app: Flask, live_url: str, every_log: Records
) -> None:
    marker = f"spoor{uuid.uuid4().hex[:12]}"  # typed by the resident: in no log, in no row
    answers = f"interesse=koken&anders={marker}&hulp=prikkelarm&postcode=8012&dag=di"
    before = every_row(app)
    visits = {
        f"/zoeken?stap=2&interesse=koken&anders={marker}": 200,
        f"/zoeken?stap=4&{answers}": 200,
        f"/resultaten?{answers}": 200,
        f"/resultaten?anders={marker}&postcode=9999": 422,  # the error page, too
        "/activiteit/taalcafe-binnenstad": 200,
        f"/activiteiten?wijk=Berkum&interesse={marker}": 200,
    }
    got = {path: fetch(live_url + path) for path in visits}
    got["/api/v1/match"] = fetch(live_url + "/api/v1/match", {"interests": [marker]})
    assert got == {**visits, "/api/v1/match": 200}
    access_log = every_log.lines("werkzeug")
    assert len([line for line in access_log if "GET /resultaten" in line]) == 2  # captured
    assert [line for line in every_log.lines() if marker in line] == []
    assert all(line.startswith("127.0.0.0 - - ") for line in access_log), access_log
    after = every_row(app)
    counted = after.pop("vraag_teller")  # one more in the anonymous demand: codes, no words
    assert after == {t: rows for t, rows in before.items() if t != "vraag_teller"}
    assert before["vraag_teller"] == [] and len(counted) == 1
    assert "'Assendorp', 'koken', ''" in counted[0] and marker not in counted[0]


def test_the_access_log_drops_query_strings_and_the_end_of_addresses() -> None:
    record = logging.LogRecord(
        "werkzeug",
        logging.INFO,
        __file__,
        1,
        '192.168.10.77 - - [23/Nov/2026 10:00:00] "%s" %s %s',
        ("GET /resultaten?hulp=prikkelarm&postcode=8022 HTTP/1.1", "200", "-"),
        None,
    )
    assert PrivateAccessLog().filter(record)
    line = record.getMessage()
    assert line.startswith("192.168.10.0 - - ")
    assert '"GET /resultaten HTTP/1.1" 200' in line
    assert "prikkelarm" not in line and "8022" not in line


# Targets that lead away from this site (or break the Location header) once a browser reads them.
HOSTILE = [
    "//evil.example/x",
    "https://evil.example/",
    "javascript:alert(1)",
    "evil.example",
    "",
    "/\\evil.example",
    "/x\\..\\evil",
    "\\\\evil.example",
    "/\t/evil.example",
    "/\n/evil.example",
    "/\r/evil.example",
    "\t//evil.example",
    " //evil.example",
    "/\x00/x",
    "/\x1b/x",
    "/\x7f/x",
    "/x\ny",
    "/%09/evil.example",
    "/%0A/x",
    "/%0d/x",
    "/%00/x",
    "/%7F/x",
    "/%2F/evil.example",
    "/%2f%2fevil.example",
    "/%5Cevil.example",
    "/%250A/x",
    "/%25252F/evil.example",
]
LOCAL = [
    "/",
    "/consult",
    "/casussen/K-AAAA-BBBB#notities",
    "/resultaten?interesse=koken&page=2",
    "/activiteiten?wijk=Berkum%20Noord",
    "/zoeken?stap=2&wens=met%20z'n%20twee%C3%ABn",
]


@pytest.mark.parametrize("target", HOSTILE)
def test_it_refuses_every_target_that_leaves_this_site(target: str) -> None:
    assert not is_local_path(target)


@pytest.mark.parametrize("target", LOCAL)
def test_it_accepts_paths_of_this_site(target: str) -> None:
    assert is_local_path(target)


@pytest.mark.parametrize("target", HOSTILE + LOCAL)
def test_the_language_switch_goes_back_only_to_this_site(client: FlaskClient, target: str) -> None:
    response = client.post("/taal", data={"taal": "en", "terug": target})
    assert response.status_code == 303
    assert response.headers["Location"] == (target if target in LOCAL else "/")


@pytest.mark.parametrize("target", HOSTILE + LOCAL)
def test_the_code_step_sends_on_only_to_this_site(
    app: Flask, client: FlaskClient, target: str
) -> None:
    person = make_person(app, "consulent")
    page = client.get("/login", query_string={"next": target})
    assert page.status_code == 200
    response = client.post(
        "/login", query_string={"next": target}, data={"email": person.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/login/code"
    response = client.post("/login/code", data={"code": pyotp.TOTP(person.secret).now()})
    assert response.status_code == 302
    assert response.headers["Location"] == (target if target in LOCAL else "/consult")


@pytest.mark.parametrize("target", HOSTILE + LOCAL)
def test_the_first_login_sends_on_only_to_this_site(
    app: Flask, client: FlaskClient, target: str
) -> None:
    person = make_person(app, "beheerder")
    with app.app_context():
        account = db.session().get(UserAccount, person.id)
        assert account is not None
        account.totp_secret = None  # the first login sets up the authenticator app
        db.session().commit()
    response = client.post(
        "/login", query_string={"next": target}, data={"email": person.email, "password": PASSWORD}
    )
    assert response.headers["Location"] == "/login/instellen"
    page = client.get("/login/instellen").get_data(as_text=True)
    secret = re.search(r'<code class="secret">([A-Z2-7]+)</code>', page)
    assert secret is not None
    response = client.post("/login/instellen", data={"code": pyotp.TOTP(secret[1]).now()})
    assert response.status_code == 302
    assert response.headers["Location"] == (target if target in LOCAL else "/beheer/gebruikers")


def test_a_newline_in_next_gives_no_server_error(app: Flask, client: FlaskClient) -> None:
    person = make_person(app, "consulent")
    assert client.get("/login?next=/%0A/x").status_code == 200
    client.post("/login?next=/%0A/x", data={"email": person.email, "password": PASSWORD})
    response = client.post("/login/code", data={"code": pyotp.TOTP(person.secret).now()})
    assert response.status_code == 302 and response.headers["Location"] == "/consult"
    assert client.get("/casussen/%0A").status_code in (302, 404)
