"""Headers on every response, and access logs that keep no query string or full address."""

from __future__ import annotations

import logging

import pytest
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import func, select

from matcher import db
from matcher.db import Base
from matcher.web.security import CONTENT_SECURITY_POLICY, PrivateAccessLog

EXPECTED_CSP = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)


@pytest.mark.parametrize(
    ("path", "no_store"),
    [("/", False), ("/activiteiten", False), ("/resultaten?interesse=koken", False),
     ("/consult", True), ("/consult/vergelijk", True), ("/api/v1/activities", True),
     ("/bestaat-niet", False), ("/static/style.css", False), ("/login", True),
     ("/beheer/gebruikers", True), ("/aanbieder", True), ("/casussen", True),
     ("/signalen", True), ("/.well-known/security.txt", False)],
)  # fmt: skip
def test_every_blueprint_sends_the_security_headers(
    client: FlaskClient, path: str, no_store: bool
) -> None:
    with client.get(path) as response:
        headers = response.headers
    assert headers["Content-Security-Policy"] == EXPECTED_CSP == CONTENT_SECURITY_POLICY
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "same-origin"
    assert (headers.get("Cache-Control") == "no-store") is no_store


def test_a_resident_search_writes_no_database_row(
    app, client: FlaskClient, imported: FlaskCliRunner
) -> None:  # type: ignore[no-untyped-def]
    def counts() -> list[int]:
        with app.app_context():
            session = db.session()
            return [session.scalar(select(func.count()).select_from(t)) or 0
                    for t in Base.metadata.sorted_tables]  # fmt: skip

    before = counts()
    for path in ("/", "/zoeken?stap=2&interesse=koken", "/resultaten?interesse=koken&hulp=prikkelarm",
                 "/activiteit/taalcafe-binnenstad", "/activiteiten?wijk=Berkum"):  # fmt: skip
        assert client.get(path).status_code == 200
    assert counts() == before


def test_the_access_log_drops_query_strings_and_the_end_of_addresses() -> None:
    record = logging.LogRecord(
        "werkzeug", logging.INFO, __file__, 1,
        '192.168.10.77 - - [23/Nov/2026 10:00:00] "%s" %s %s',
        ("GET /resultaten?hulp=prikkelarm&postcode=8022 HTTP/1.1", "200", "-"), None,
    )  # fmt: skip
    assert PrivateAccessLog().filter(record)
    line = record.getMessage()
    assert line.startswith("192.168.10.0 - - ")
    assert '"GET /resultaten HTTP/1.1" 200' in line
    assert "prikkelarm" not in line and "8022" not in line
