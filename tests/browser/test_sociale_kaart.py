"""The sociale kaart kept by its organisations, in a browser: an aanbieder adds an activity and
changes the support of another; the beheerder approves one and rejects the other with a reason;
residents find only what was approved; the organisation reads the reason."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page

from tests.browser.conftest import LiveServer, Visit, check_page, log_in
from tests.conftest import make_person

ORGANISATION = "Stichting Taal Verbindt Zwolle"  # runs taalcafe-binnenstad
NEW_TITLE = "Voorleesclub Kanarie"


def staff(
    browser: Browser, live_server: LiveServer, role: str, organisation: str | None = None
) -> Page:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    log_in(page, live_server, make_person(live_server.app, role, organisation=organisation))
    return page


def on_a_phone(page: Page, name: str) -> None:
    """The same page at 375 px: checked, photographed, and nothing wider than the screen."""
    page.set_viewport_size({"width": 375, "height": 800})
    check_page(page, name)
    assert page.evaluate("document.documentElement.scrollWidth") <= 375
    page.set_viewport_size({"width": 1280, "height": 900})


def test_organisations_keep_their_entries_and_the_beheerder_decides(
    live_server: LiveServer, visit: Visit, browser: Browser
) -> None:
    aanbieder = staff(browser, live_server, "aanbieder", ORGANISATION)
    aanbieder.goto(live_server.url + "/aanbieder")
    aanbieder.get_by_role("link", name="Activiteiten bijhouden").click()
    check_page(aanbieder, "80-aanbieder-activiteiten")

    aanbieder.get_by_role("link", name="Nieuwe activiteit").click()
    aanbieder.get_by_label("Naam").fill(NEW_TITLE)
    aanbieder.get_by_label("Beschrijving").fill("Je leest samen een verhaal en praat erover.")
    aanbieder.get_by_role("group", name=re.compile("Interesses")).get_by_label(
        "Taal en lezen"
    ).check()
    aanbieder.get_by_label(re.compile("^Wijk")).fill("Holtenbroek")
    check_page(aanbieder, "81-aanbieder-nieuw")
    on_a_phone(aanbieder, "81-aanbieder-nieuw-375")
    aanbieder.get_by_role("button", name="Opslaan").click()
    assert "wacht nu op controle" in aanbieder.locator(".flash").inner_text()

    aanbieder.get_by_role("link", name=re.compile("Wijzigen Taalcafé Binnenstad")).click()
    support = aanbieder.get_by_role("group", name=re.compile("^Steun"))
    support.get_by_label("Rustige plek").check()
    aanbieder.get_by_label("Telefoon").fill("038-1112233")
    check_page(aanbieder, "82-aanbieder-wijzigen")
    aanbieder.get_by_role("button", name="Opslaan").click()
    assert "wacht op controle" in aanbieder.locator(".flash").inner_text()

    beheerder = staff(browser, live_server, "beheerder")
    beheerder.goto(live_server.url + "/beheer/wijzigingen")
    check_page(beheerder, "83-beheer-wijzigingen")
    on_a_phone(beheerder, "83-beheer-wijzigingen-375")
    new = beheerder.locator("section.card", has_text=NEW_TITLE)
    new.get_by_role("button", name=re.compile("Goedkeuren")).click()
    assert "goedgekeurd" in beheerder.locator(".flash").inner_text()
    change = beheerder.locator("section.card", has_text="Taalcafé Binnenstad").first
    change.get_by_label("Reden van afwijzen").fill("Er is geen stille ruimte in de bibliotheek.")
    change.get_by_role("button", name=re.compile("Afwijzen")).click()
    assert "afgewezen" in beheerder.locator(".flash").inner_text()

    resident = visit.page
    resident.goto(live_server.url + "/resultaten?anders=voorlezen")
    assert NEW_TITLE in resident.locator("main").inner_text()
    resident.goto(live_server.url + "/activiteit/taalcafe-binnenstad")
    text = resident.locator("main").inner_text()
    assert "038-1112233" in text and "Rustige plek" not in text  # live at once; not approved

    aanbieder.goto(live_server.url + "/aanbieder/activiteiten")
    assert "Er is geen stille ruimte in de bibliotheek." in aanbieder.locator("main").inner_text()
    aanbieder.get_by_role("link", name=re.compile("Geschiedenis Taalcafé Binnenstad")).click()
    check_page(aanbieder, "84-aanbieder-geschiedenis")
    assert "038-1112233" in aanbieder.locator("main").inner_text()
