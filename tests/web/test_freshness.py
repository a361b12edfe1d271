"""'Klopt dit nog?' on the pages and the API, on a fixed day: labels, lower ranks, left out for
residents only."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import clock
from tests.conftest import log_in, make_person, row
from tests.services.test_catalogue import write_csv

TODAY = dt.date(2026, 11, 23)  # stale: before 2025-11-23; very stale: before 2025-05-23
CATALOGUE = [
    row(id="kook-vers", title="Kookclub Vers", organisation="Vers", last_verified="2026-11-01"),
    row(id="kook-oud", title="Kookclub Oud", organisation="Oud", last_verified="2025-10-01"),
    row(
        id="kook-heel-oud",
        title="Kookclub Heel Oud",
        organisation="Heel Oud",
        last_verified="2025-05-22",
    ),
    row(id="kook-nooit", title="Kookclub Nooit", organisation="Nooit"),
]
LABEL = "Niet recent gecontroleerd."


@pytest.fixture
def dated(
    runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> FlaskCliRunner:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "k.csv", *CATALOGUE))])
    assert result.exit_code == 0, result.output
    return runner


def cards(page: str) -> dict[str, str]:
    """Each card of a page by the activity it links to."""
    found = re.findall(r'<article class="card">(.*?)</article>', page, flags=re.S)
    return {re.search(r'href="/activiteit/([^"?]+)', c).group(1): c for c in found}  # type: ignore[union-attr]


def test_residents_do_not_find_an_entry_not_confirmed_for_18_months(
    client: FlaskClient, dated: FlaskCliRunner
) -> None:
    results = cards(client.get("/resultaten?interesse=koken").get_data(as_text=True))
    assert list(results) == ["kook-vers", "kook-oud", "kook-nooit"]  # the stale ones lower
    browsed = cards(client.get("/activiteiten").get_data(as_text=True))
    assert set(browsed) == {"kook-vers", "kook-oud", "kook-nooit"}


def test_the_resident_card_says_when_an_entry_was_not_checked_recently(
    client: FlaskClient, dated: FlaskCliRunner
) -> None:
    for page in ("/resultaten?interesse=koken", "/activiteiten"):
        shown = cards(client.get(page).get_data(as_text=True))
        assert {key: LABEL in card for key, card in shown.items()} == {
            "kook-vers": False,
            "kook-oud": True,
            "kook-nooit": True,
        }


@pytest.mark.parametrize(
    ("activity_id", "says"),
    [
        ("kook-vers", None),
        ("kook-oud", "voor het laatst gecontroleerd op 1 oktober 2025"),
        ("kook-nooit", "nog nooit gecontroleerd"),
        # Left out of what residents find, but a link to it (from a professional) still works.
        ("kook-heel-oud", "voor het laatst gecontroleerd op 22 mei 2025"),
    ],
)
def test_the_detail_page_says_it_too(
    client: FlaskClient, dated: FlaskCliRunner, activity_id: str, says: str | None
) -> None:
    response = client.get(f"/activiteit/{activity_id}")
    page = response.get_data(as_text=True)
    assert response.status_code == 200
    assert (LABEL in page) is (says is not None)
    assert says is None or says in " ".join(page.split())


def test_professionals_still_find_it_flagged(
    app: Flask, client: FlaskClient, dated: FlaskCliRunner
) -> None:
    log_in(client, make_person(app, "consulent"))
    page = client.post("/consult", data={"interests": "koken"}).get_data(as_text=True)
    found = re.findall(r'<h4><a href="/activiteit/([^"]+)"', page)
    assert found == ["kook-vers", "kook-oud", "kook-nooit", "kook-heel-oud"]
    very_stale = page.split('href="/activiteit/kook-heel-oud"')[1]
    assert "inwoners vinden deze activiteit niet meer" in very_stale.split("</li>")[0]


def test_the_api_keeps_it_with_a_flag(client: FlaskClient, dated: FlaskCliRunner) -> None:
    answer = client.post("/api/v1/match", json={"interests": ["koken"]}).get_json()
    assert {r["id"]: r.get("freshness") for r in answer["results"]} == {
        "kook-vers": None,
        "kook-oud": "verouderd",
        "kook-nooit": "verouderd",
        "kook-heel-oud": "zeer_verouderd",
    }
    assert answer["considered"] == 4
    entry = client.get("/api/v1/activities/kook-heel-oud").get_json()
    assert entry["freshness"] == "zeer_verouderd" and entry["last_verified"] == "2025-05-22"
    assert "freshness" not in client.get("/api/v1/activities/kook-vers").get_json()
