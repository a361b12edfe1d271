"""The beheerder's list of probable duplicates, and merging a pair after a confirmation step."""

from __future__ import annotations

from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import db
from matcher.models import Activity
from tests.catalogue.planted import PLANTED, sample_rows, write_rows
from tests.conftest import log_in, make_person

SURVIVOR, DUPLICATE = "repaircafe-kamperpoort", "repaircafe-kamperpoort-kopie"
PAIR = {"a": SURVIVOR, "b": DUPLICATE}


@pytest.fixture
def beheerder(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> FlaskClient:
    """A beheerder logged in, with the sample catalogue and one planted copy stored."""
    rows = sample_rows()
    copy = {**rows[SURVIVOR], **PLANTED[SURVIVOR], "id": DUPLICATE}
    path = tmp_path / "catalogus.csv"
    path.write_text(write_rows([*rows.values(), copy]), encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    client = app.test_client()
    log_in(client, make_person(app, "beheerder"))
    return client


def exists(app: Flask, activity_id: str) -> bool:
    with app.app_context():
        return db.session().get(Activity, activity_id) is not None


def test_it_shows_each_pair_side_by_side_with_why(beheerder: FlaskClient) -> None:
    page = beheerder.get("/beheer/dubbelingen").get_data(as_text=True)
    assert '<h2 id="paar-1">Repair Café Kamperpoort en Repaircafé Kamperpoort</h2>' in page
    assert "zelfde naam, zelfde adres, bijna dezelfde organisatie" in page
    assert "<dd>Stichting Heel &amp; Handig</dd>" in page
    assert "<dd>Stichting Heel en Handig</dd>" in page
    assert page.count("<dd>Blekerstraat 14, Kamperpoort</dd>") == 2
    assert page.count("<dd>zaterdag 10:00 tot 13:00</dd>") == 2
    for activity_id in (SURVIVOR, DUPLICATE):
        assert f'name="blijft" value="{activity_id}" required' in page
    assert 'href="/beheer/dubbelingen">Dubbelingen</a>' in page  # in the menu


def test_it_asks_first_and_then_merges(app: Flask, beheerder: FlaskClient) -> None:
    asked = beheerder.post("/beheer/dubbelingen/samenvoegen", data={**PAIR, "blijft": SURVIVOR})
    page = asked.get_data(as_text=True)
    assert asked.status_code == 200
    assert "Repaircafé Kamperpoort samenvoegen met Repair Café Kamperpoort?" in page
    assert f"Repaircafé Kamperpoort ({DUPLICATE}) verdwijnt uit de sociale kaart." in page
    assert 'name="bevestig" value="ja"' in page
    assert exists(app, DUPLICATE)  # asking changes nothing

    done = beheerder.post(
        "/beheer/dubbelingen/samenvoegen", data={**PAIR, "blijft": SURVIVOR, "bevestig": "ja"}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/beheer/dubbelingen"
    after = beheerder.get("/beheer/dubbelingen").get_data(as_text=True)
    assert "Samengevoegd: Repaircafé Kamperpoort is opgegaan in Repair Café Kamperpoort." in after
    assert "Er zijn nu geen activiteiten die op elkaar lijken." in after
    assert not exists(app, DUPLICATE) and exists(app, SURVIVOR)


def test_the_other_one_can_stay(app: Flask, beheerder: FlaskClient) -> None:
    data = {**PAIR, "blijft": DUPLICATE, "bevestig": "ja"}
    assert beheerder.post("/beheer/dubbelingen/samenvoegen", data=data).status_code == 302
    assert exists(app, DUPLICATE) and not exists(app, SURVIVOR)


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (PAIR, "Kies welke activiteit blijft."),
        ({**PAIR, "blijft": "iets-anders"}, "Kies welke activiteit blijft."),
        (
            {"a": SURVIVOR, "b": "bestaat-niet", "blijft": SURVIVOR},
            "activiteit &#39;bestaat-niet&#39; bestaat niet (meer); misschien is ze al samengevoegd",
        ),
    ],
    ids=["none chosen", "neither of the two", "one that is gone"],
)
def test_it_says_what_is_wrong_and_changes_nothing(
    app: Flask, beheerder: FlaskClient, data: dict[str, str], message: str
) -> None:
    answer = beheerder.post("/beheer/dubbelingen/samenvoegen", data={**data, "bevestig": "ja"})
    assert answer.status_code == 302
    assert message in beheerder.get("/beheer/dubbelingen").get_data(as_text=True)
    assert exists(app, SURVIVOR) and exists(app, DUPLICATE)


def test_a_second_identical_merge_is_refused_clearly(beheerder: FlaskClient) -> None:
    data = {**PAIR, "blijft": SURVIVOR, "bevestig": "ja"}
    beheerder.post("/beheer/dubbelingen/samenvoegen", data=data)
    beheerder.get("/beheer/dubbelingen")  # the first one's message
    again = beheerder.post("/beheer/dubbelingen/samenvoegen", data=data)
    assert again.status_code == 302
    page = beheerder.get("/beheer/dubbelingen").get_data(as_text=True)
    assert (
        f"activiteit &#39;{DUPLICATE}&#39; bestaat niet (meer); misschien is ze al samengevoegd"
        in page
    )
