"""/healthz and /metrics for operators, and the addresses believed behind a reverse proxy."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import create_app
from tests.conftest import EVAL_CATALOGUE

TOKEN = "metrics-" + "x" * 32


@pytest.fixture
def make_app(database_url: str) -> Iterator[Any]:
    """An app on the test database with these settings; its engine disposed after the test."""
    made: list[Flask] = []

    def make(**config: Any) -> Flask:
        base = {"TESTING": True, "DATABASE_URL": database_url, "SECRET_KEY": "test-secret"}
        app = create_app({**base, **config})
        made.append(app)
        return app

    yield make
    for app in made:
        app.extensions["matcher.engine"].dispose()


def test_it_reports_the_catalogue_and_the_age_of_this_workers_index(
    client: FlaskClient, imported: FlaskCliRunner
) -> None:
    before = client.get("/healthz")
    body = before.get_json()
    assert before.status_code == 200 and body["status"] == "ok" and body["database"] == "ok"
    version = body["catalogue"]["version"]
    assert version > 0 and body["catalogue"]["activities"] == 90
    # Cheap: the check itself builds no index.
    assert body["index"] == {"version": None, "age_seconds": None, "current": False}
    client.post("/api/v1/match", json={"interests": ["koken"]})
    body = client.get("/healthz").get_json()
    assert body["index"]["version"] == version and body["index"]["current"] is True
    assert 0 <= body["index"]["age_seconds"] < 60
    imported.invoke(args=["import", "--replace", str(_one_row(imported))])
    body = client.get("/healthz").get_json()
    assert body["catalogue"]["version"] == version + 1 and body["index"]["current"] is False


def _one_row(runner: FlaskCliRunner) -> Path:
    path = Path(runner.app.instance_path) / "een.csv"
    lines = EVAL_CATALOGUE.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join(lines[:2]) + "\n", encoding="utf-8")
    return path


def test_the_health_check_leaves_no_cookie_and_is_never_cached(client: FlaskClient) -> None:
    response = client.get("/healthz")
    assert "Set-Cookie" not in response.headers
    assert response.headers["Cache-Control"] == "no-store"


def test_it_answers_503_without_details_when_the_database_fails(
    make_app: Any, tmp_path: Path
) -> None:
    path = tmp_path / "kapot.sqlite"
    app = make_app(DATABASE_URL=f"sqlite:///{path}")
    app.extensions["matcher.engine"].dispose()
    path.write_bytes(b"dit is geen database " * 400)
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json() == {"status": "unavailable", "database": "unreachable"}


def test_metrics_are_off_without_a_token(client: FlaskClient) -> None:
    assert client.get("/metrics").status_code == 404


def test_metrics_answer_only_the_scraper_with_the_token(make_app: Any) -> None:
    app = make_app(METRICS_TOKEN=TOKEN)
    client = app.test_client()
    for header in ({}, {"Authorization": "Bearer fout"}, {"Authorization": TOKEN}):
        refused = client.get("/metrics", headers=header)
        assert refused.status_code == 401 and "matcher_" not in refused.get_data(as_text=True)
        assert refused.headers["WWW-Authenticate"].startswith("Bearer")
    response = client.get("/metrics", headers={"Authorization": f"Bearer {TOKEN}"})
    text = response.get_data(as_text=True)
    assert response.status_code == 200 and response.mimetype == "text/plain"
    assert "matcher_database_up 1\n" in text
    assert "matcher_catalogue_activities 0\n" in text
    assert "# TYPE matcher_catalogue_version gauge" in text
    assert 'matcher_process_resident_memory_bytes{pid="' in text


@pytest.mark.parametrize(
    ("setting", "value"), [("PROXY_HOPS", -1), ("PROXY_HOPS", "2"), ("METRICS_TOKEN", "kort")]
)
def test_a_malformed_edge_setting_stops_the_start(
    database_url: str, setting: str, value: object
) -> None:
    with pytest.raises(RuntimeError, match=setting):
        create_app({"DATABASE_URL": database_url, setting: value})


def _limited(app: Flask) -> FlaskClient:
    from matcher.web.limits import limiter

    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_SEARCH="1 per minute")
    limiter.init_app(app)  # re-read the switched-on configuration
    return app.test_client()


def _search(client: FlaskClient, forwarded_for: str) -> int:
    headers = {"X-Forwarded-For": forwarded_for}
    return client.post("/api/v1/match", json={}, headers=headers).status_code


def test_behind_a_proxy_each_visitor_has_a_limit_of_their_own(make_app: Any) -> None:
    client = _limited(make_app(PROXY_HOPS=1))
    assert _search(client, "203.0.113.7") == 200
    assert _search(client, "203.0.113.7") == 429
    assert _search(client, "198.51.100.9") == 200
    # A visitor who writes an address of their own in front gets no new limit: only the
    # address the proxy added (the last) counts.
    assert _search(client, "192.0.2.1, 198.51.100.9") == 429


def test_without_a_proxy_a_forwarded_header_changes_nothing(make_app: Any) -> None:
    client = _limited(make_app())
    assert _search(client, "203.0.113.7") == 200
    assert _search(client, "198.51.100.9") == 429
