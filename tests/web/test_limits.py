"""Rate limits: off, a limited view is called directly; switched on later, it is limited."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient

from matcher import create_app
from matcher.web.access import EVERYONE
from matcher.web.limits import limiter


def test_a_limited_view_keeps_its_access_declarations(app: Flask) -> None:
    view = app.view_functions["api.match"]
    assert getattr(view, "allowed", None) == EVERYONE and getattr(view, "reads_only", False)


def test_it_limits_nothing_while_off_and_limits_once_switched_on(
    app: Flask, client: FlaskClient
) -> None:
    app.config.update(RATELIMIT_SEARCH="1 per minute")
    for _ in range(3):
        response = client.post("/api/v1/match", json={})
        assert response.status_code == 200 and "X-RateLimit-Limit" not in response.headers
    on = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": app.config["DATABASE_URL"],
            "RATELIMIT_ENABLED": True,
            "RATELIMIT_SEARCH": "1 per minute",
        }
    )
    try:
        assert limiter.enabled  # the switched-on configuration was read
        assert on.test_client().post("/api/v1/match", json={}).status_code == 200
        response = on.test_client().post("/api/v1/match", json={})
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    finally:
        on.extensions["matcher.engine"].dispose()
