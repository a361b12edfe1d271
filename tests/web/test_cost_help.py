"""Help with costs on the resident pages and the beheerder's page, over HTTP."""

from __future__ import annotations

import datetime as dt
import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import clock, db
from matcher.models import DemandCount
from matcher.services import cost_help
from matcher.services.audit import Actor
from matcher.services.cost_help import HelpForm
from tests.conftest import log_in, make_person

FUND = HelpForm(
    "Meedoenregeling", "18", "65", "Laag inkomen", "De contributie", "300", "Online", "14038"
)
CHOIRS = "/resultaten?interesse=muziek&wijk=Ittersum"


@pytest.fixture
def site(app: Flask, imported: FlaskCliRunner, client: FlaskClient) -> FlaskClient:
    with app.app_context():
        cost_help.save(db.session(), FUND, Actor(None, "test"))
        db.session().commit()
    return client


def words(page: bytes) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", page.decode())).split())


def test_a_forty_year_old_is_told_which_fund_helps(site: FlaskClient) -> None:
    page = words(site.get(CHOIRS + "&leeftijd=40").data)
    assert "Je kunt hulp krijgen bij de kosten: Meedoenregeling ." in page
    assert "kennen we geen regeling" not in page


def test_a_seventy_year_old_is_told_honestly_there_is_none_and_what_to_ask(
    site: FlaskClient,
) -> None:
    page = words(site.get(CHOIRS + "&leeftijd=70").data)
    assert "Je kunt hulp krijgen" not in page
    assert "Voor jouw leeftijd kennen we geen regeling die de kosten betaalt." in page
    assert "Vraag de organisatie of meedoen goedkoper kan." in page


def test_without_an_age_the_fund_is_named_with_its_ages(site: FlaskClient) -> None:
    page = words(site.get(CHOIRS).data)
    assert "Meedoenregeling (18 tot en met 65 jaar)" in page


def test_the_activity_page_says_how_to_apply_for_the_age_carried_in_the_link(
    site: FlaskClient,
) -> None:
    results = site.get(CHOIRS + "&leeftijd=40").get_data(as_text=True)
    link = html.unescape(re.search(r'href="(/activiteit/[^"]+leeftijd=40[^"]*)"', results)[1])
    page = words(site.get(link).data)
    assert "Wat het betaalt De contributie" in page and "Zo vraag je het aan Online" in page
    older = words(site.get(link.replace("leeftijd=40", "leeftijd=70")).data)
    assert "Voor jouw leeftijd kennen we geen regeling" in older


def test_a_free_activity_says_nothing_about_help(site: FlaskClient) -> None:
    page = words(site.get("/resultaten?interesse=sport&hulp=gratis&leeftijd=40").data)
    assert "hulp krijgen bij de kosten" not in page


def test_an_age_is_asked_but_a_wrong_one_is_not_kept(site: FlaskClient) -> None:
    step = site.get("/zoeken?stap=2&interesse=muziek").get_data(as_text=True)
    assert 'id="leeftijd"' in step and "Is geld een probleem?" in step
    page = site.get("/zoeken?stap=3&interesse=muziek&leeftijd=veertig").get_data(as_text=True)
    # Asked again beside the field, with what was typed, and not carried to the next step.
    assert "Vraag 2 van" in page and 'value="veertig"' in page and 'aria-invalid="true"' in page
    assert "Schrijf de leeftijd in cijfers" in page
    assert 'type="hidden" name="leeftijd"' not in page
    onwards = site.get("/zoeken?stap=3&interesse=muziek&leeftijd=40").get_data(as_text=True)
    assert "Vraag 3 van" in onwards and 'type="hidden" name="leeftijd" value="40"' in onwards


def test_money_a_problem_puts_the_affordable_first(site: FlaskClient) -> None:
    first = re.compile(r'<h3><a href="/activiteit/([^"?]+)')
    plain = first.search(site.get("/resultaten?interesse=creatief&wijk=Schelle").data.decode())[1]
    assert "Gratis" not in words(site.get(f"/activiteit/{plain}").data)  # 2, 10 or 25 euro
    # The fund pays 25 euro a month for a forty-year-old: the best fit still goes first...
    covered = site.get("/resultaten?interesse=creatief&wijk=Schelle&geld=ja&leeftijd=40")
    assert first.search(covered.get_data(as_text=True))[1] == plain
    assert "staan bovenaan" in covered.get_data(as_text=True)
    # ...for a seventy-year-old no fund pays, so what is free goes first.
    free = site.get("/resultaten?interesse=creatief&wijk=Schelle&geld=ja&leeftijd=70")
    assert "Gratis" in words(site.get("/activiteit/" + first.search(free.get_data(True))[1]).data)


def test_a_search_the_cost_emptied_counts_in_the_demand(
    app: Flask, site: FlaskClient, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: dt.date(2026, 11, 25))
    page = words(site.get("/resultaten?interesse=muziek&hulp=gratis&wijk=Ittersum").data)
    assert "Er zijn wel activiteiten die passen, maar die zijn niet gratis." in page
    site.get("/resultaten?interesse=muziek&wijk=Ittersum")  # not emptied by the cost
    with app.app_context():
        rows = db.session().scalars(select(DemandCount)).all()
    counted = {(r.interest, r.fit, r.near_miss, r.count) for r in rows}
    assert ("muziek", "geen", "kosten", 1) in counted
    assert not any(r.near_miss == "kosten" and r.fit != "geen" for r in rows)


def test_the_beheerder_adds_changes_and_removes_a_fund(app: Flask, client: FlaskClient) -> None:
    log_in(client, make_person(app, "beheerder"))
    form = {
        "name": "Sportfonds",
        "min_age": "18",
        "max_age": "",
        "income": "Weinig geld",
        "pays": "Contributie",
        "max_eur_year": "200",
        "apply": "Bel",
        "contact": "038 123",
        "example": "ja",
    }
    wrong = client.post("/beheer/kosten", data={**form, "max_age": "10"})
    assert wrong.status_code == 422 and "De hoogste leeftijd is lager" in wrong.get_data(True)
    assert 'value="Sportfonds"' in wrong.get_data(True)  # the input is kept
    beside = re.search(r'<label for="max_age">.*?</div>', wrong.get_data(True), re.S)[0]
    assert 'id="max_age-fout"' in beside and 'aria-invalid="true"' in beside
    assert client.post("/beheer/kosten", data=form).status_code == 302
    with app.app_context():
        (found,) = cost_help.every(db.session())
        assert (found.min_age, found.max_age, found.max_eur_year, found.example) == (
            18,
            None,
            200,
            True,
        )
    client.post(f"/beheer/kosten/{found.id}", data={**form, "name": "Sportfonds Zwolle"})
    listed = client.get("/beheer/kosten").get_data(as_text=True)
    assert "Sportfonds Zwolle" in listed and "(voorbeeld)" in listed
    assert client.post(f"/beheer/kosten/{found.id}/weg").status_code == 302
    assert client.get(f"/beheer/kosten/{found.id}").status_code == 404
