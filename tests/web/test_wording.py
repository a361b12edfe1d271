"""Words and times every page shares: the 404 page, error summaries, costs, Zwolle's clock."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher.web.templating import local_time


def test_a_missing_page_is_titled_pagina_niet_gevonden(client: FlaskClient) -> None:
    response = client.get("/activiteit/bestaat-niet")
    page = response.get_data(as_text=True)
    assert response.status_code == 404
    assert "<title>Pagina niet gevonden - Meedoen in Zwolle</title>" in page
    assert "<h1>Pagina niet gevonden</h1>" in page


def test_other_errors_keep_their_own_title(client: FlaskClient) -> None:
    page = client.get("/taal").get_data(as_text=True)  # GET on a POST-only address: 405
    assert "<h1>Dat lukte niet</h1>" in page and "Pagina niet gevonden" not in page


def test_an_error_summary_says_er_is_een_probleem(client: FlaskClient) -> None:
    page = client.get("/zoeken?stap=4&interesse=koken&postcode=9999").get_data(as_text=True)
    assert "<h2>Er is een probleem</h2>" in page and "Er ging iets mis" not in page


def test_an_unknown_cost_is_named_once(client: FlaskClient, imported: FlaskCliRunner) -> None:
    page = client.get("/activiteit/ijsselwandeling-windesheim").get_data(as_text=True)
    assert "<dt>Kosten</dt><dd>Vraag het na</dd>" in page
    assert "Kosten: Kosten" not in page and "Kosten</dt><dd>Kosten" not in page


def test_times_are_shown_on_zwolles_clock_in_summer_and_winter(app: Flask) -> None:
    summer = dt.datetime(2026, 7, 1, 22, 30, tzinfo=dt.UTC)
    winter = dt.datetime(2026, 1, 5, 23, 30)  # naive, as SQLite gives it back: UTC
    with app.app_context():
        assert local_time(summer) == "02-07-2026 00:30"
        assert local_time(winter, "%Y-%m-%d %H:%M") == "2026-01-06 00:30"
        assert local_time(None) == ""
