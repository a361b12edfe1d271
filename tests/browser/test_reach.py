"""Nobody left out, in a real browser: help with costs by age, searching for someone else (with
what there is for mantelzorgers), and the beheerder's page of funds; axe on each, screenshots
at 375 and 1280 px."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from playwright.sync_api import Page
from pypdf import PdfReader

from matcher import db
from matcher.services import cost_help
from matcher.services.audit import Actor
from matcher.services.cost_help import HelpForm
from tests.browser.conftest import (
    LiveServer,
    Visit,
    check_page,
    choose_interest,
    live_app,
    log_in,
    serving,
)
from tests.conftest import EVAL_CATALOGUE, make_person, row

FUND = HelpForm(
    "Meedoenregeling",
    "18",
    "65",
    "Voor mensen met een laag inkomen.",
    "De contributie, tot 300 euro per jaar.",
    "300",
    "Vraag het aan bij de gemeente.",
    "14038",
    example=True,
)
CARERS = row(
    id="mantelzorgcafe-ittersum",
    title="Mantelzorgcafé Ittersum",
    description="Zorgt u voor iemand? Drink koffie met andere mantelzorgers. Ook respijt.",
    organisation="Mantelzorg Zwolle",
    wijk="Ittersum",
    interests="lotgenoten;ontmoeting",
    support="",
    schedule="wo 14:00-16:00",
    cost_eur="0",
)


def catalogue_with_carers(folder: Path) -> Path:
    """The evaluation catalogue and one mantelzorgcafé."""
    with EVAL_CATALOGUE.open(encoding="utf-8") as source:
        rows = list(csv.DictReader(source))
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]))
    writer.writeheader()
    writer.writerows([*rows, {name: CARERS.get(name, "") for name in rows[0]}])
    path = folder / "met-mantelzorg.csv"
    path.write_text(out.getvalue(), encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def reach(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    folder = tmp_path_factory.mktemp("reach")
    app: Flask = live_app(folder / "reach.sqlite")
    result = app.test_cli_runner().invoke(args=["import", str(catalogue_with_carers(folder))])
    assert result.exit_code == 0, result.output
    with app.app_context():
        cost_help.save(db.session(), FUND, Actor(None, "test"))
        db.session().commit()
    with serving(app) as url:
        yield LiveServer(url, app)


def both_widths(page: Page, name: str) -> None:
    """axe and a screenshot at a phone's width and a desktop's."""
    for width in (375, 1280):
        page.set_viewport_size({"width": width, "height": 900})
        check_page(page, f"{name}-{width}")


def test_a_seventy_year_old_hears_honestly_there_is_no_fund(
    reach: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(reach.url + "/resultaten?interesse=muziek&wijk=Ittersum&leeftijd=70")
    help_line = page.locator(".cost-help").first.inner_text()
    assert "Voor jouw leeftijd kennen we geen regeling die de kosten betaalt." in help_line
    assert "Vraag de organisatie of meedoen goedkoper kan." in help_line
    both_widths(page, "kosten-70-resultaten")
    page.locator("article.card h3 a").first.click()
    assert "kennen we geen regeling" in page.locator("#hulp-kosten + p").inner_text()
    both_widths(page, "kosten-70-activiteit")


def test_a_forty_year_old_sees_the_fund_and_how_to_apply(reach: LiveServer, visit: Visit) -> None:
    page = visit.page
    page.goto(reach.url + "/resultaten?interesse=muziek&wijk=Ittersum&leeftijd=40&geld=ja")
    assert "Je kunt hulp krijgen bij de kosten: Meedoenregeling (voorbeeld)." in (
        page.locator(".cost-help").first.inner_text()
    )
    both_widths(page, "kosten-40-resultaten")
    page.locator("article.card h3 a").first.click()
    funds = page.locator("section.funds").inner_text()
    assert "Vraag het aan bij de gemeente." in funds and "14038" in funds
    both_widths(page, "kosten-40-activiteit")


def test_someone_searches_for_another_and_gets_a_paper_to_hand_over(
    reach: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(reach.url + "/")
    page.get_by_role("link", name="Ik zoek voor iemand anders").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Wat vindt hij of zij leuk?"
    choose_interest(page, "Muziek en zingen")
    page.get_by_label("Ik zorg voor deze persoon (ik ben mantelzorger)").check()
    both_widths(page, "ander-stap-interesse")
    page.get_by_role("button", name="Volgende").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Wat zou hem of haar helpen?"
    page.get_by_label("Hoe oud is hij of zij?").fill("72")
    page.get_by_label("Is geld een probleem?", exact=False).check()
    both_widths(page, "ander-stap-hulp")
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Waar woont hij of zij?"
    page.get_by_label("Of kies de wijk").select_option("Ittersum")
    page.get_by_role("button", name="Volgende").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Welke dagen passen hem of haar?"
    page.get_by_role("button", name="Toon wat past").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Dit past bij hem of haar"
    assert "Voor zijn of haar leeftijd" in page.locator(".cost-help").first.inner_text()
    carers = page.locator("section[aria-labelledby=mantelzorgers]")
    assert "Mantelzorgcafé Ittersum" in carers.inner_text()
    assert "AA-groep" not in carers.inner_text()  # a peer group, but not for mantelzorgers
    both_widths(page, "ander-resultaten")

    page.emulate_media(media="print")
    printed = PdfReader(io.BytesIO(page.pdf(format="A4")))
    text = " ".join(p.extract_text() for p in printed.pages)
    assert "Voor jou uitgezocht." in text
    assert "SamenZwolle" in text  # whom the person can call, on the paper itself


def test_the_beheerder_keeps_the_funds(reach: LiveServer, visit: Visit) -> None:
    page = visit.page
    log_in(page, reach, make_person(reach.app, "beheerder"))
    page.goto(reach.url + "/beheer/kosten")
    assert "Meedoenregeling" in page.locator("table").inner_text()
    page.get_by_label("Tot en met leeftijd (mag leeg)").fill("abc")
    page.get_by_role("button", name="Regeling opslaan").click()
    assert page.locator(".error-summary").is_visible()
    both_widths(page, "beheer-kosten-fout")


def test_the_beheerder_downloads_a_wijk_folder(reach: LiveServer, visit: Visit) -> None:
    page = visit.page
    log_in(page, reach, make_person(reach.app, "beheerder"))
    page.goto(reach.url + "/beheer/folder")
    page.get_by_label("Wijk").select_option("Ittersum")
    both_widths(page, "beheer-folder")
    with page.expect_download() as download:
        page.get_by_role("button", name="Folder downloaden (PDF)").click()
    pdf = Path(download.value.path()).read_bytes()
    assert "Mantelzorgcafé Ittersum" in " ".join(
        p.extract_text() for p in PdfReader(io.BytesIO(pdf)).pages
    )
