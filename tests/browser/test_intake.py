"""Ways in, in a browser: a resident asks to search together and a POH passes someone on; both
reach SamenZwolle's worklist. Every state axe-checked at 1280 and 375 px; 404 and header too."""

from __future__ import annotations

import re

from tests.browser.conftest import LiveServer, Visit, check_page, log_in
from tests.conftest import make_person


def test_requests_from_a_resident_and_a_poh_reach_the_worklist(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.goto(live_server.url + "/resultaten?interesse=koken&wijk=Assendorp")
        page.get_by_role("link", name="Vraag of SamenZwolle contact met je opneemt").click()
        check_page(page, f"90-samen-zoeken-{width}")
        page.get_by_label("Je voornaam").fill("Fenna")
        page.get_by_label("Je telefoonnummer of e-mailadres").fill("bel me maar")
        page.get_by_label("Waar gaat het over?").fill("Iets met mijn handen doen")
        page.get_by_role("button", name="Versturen").click()
        summary = page.locator("#foutmeldingen")
        assert summary.get_by_role("heading").inner_text() == "Er is een probleem"
        assert page.evaluate("document.activeElement.id") == "foutmeldingen"
        assert page.get_by_label("Waar gaat het over?").input_value() == "Iets met mijn handen doen"
        check_page(page, f"91-samen-zoeken-fout-{width}")
        page.get_by_label("Je telefoonnummer of e-mailadres").fill("06 12345678")
        page.get_by_label(re.compile("Ik vind het goed")).check()
        page.get_by_role("button", name="Versturen").click()
        assert (
            page.get_by_role("heading", level=1).inner_text() == "Bedankt, we hebben het ontvangen"
        )
        check_page(page, f"92-samen-zoeken-verstuurd-{width}")

    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + "/doorverwijzen")
    check_page(page, "93-doorverwijzen-1280")
    page.get_by_label("Praktijkondersteuner (POH)").check()
    page.get_by_label("Naam van je praktijk of organisatie").fill("Huisartsenpraktijk Assendorp")
    page.get_by_label("Je telefoonnummer", exact=True).fill("038 1234567")
    page.get_by_label("Voornaam van de persoon").fill("Jan")
    page.get_by_label("Telefoonnummer of e-mailadres van de persoon").fill("jan@example.org")
    page.get_by_label("Waar gaat het over?").fill("Zoekt mensen om mee te wandelen")
    page.get_by_label(re.compile("De persoon weet van deze aanmelding")).check()
    page.get_by_role("button", name="Aanmelden").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Bedankt, we hebben het ontvangen"

    page.goto(live_server.url + "/bestaat-niet")
    assert page.title().startswith("Pagina niet gevonden")
    check_page(page, "94-pagina-niet-gevonden")

    consultant = make_person(
        live_server.app, "consulent", team="SamenZwolle", name="Sanne de Vries"
    )
    log_in(page, live_server, consultant)
    assert "Ingelogd als Sanne de Vries" in page.locator("header .who").inner_text()
    assert "Consulent, SamenZwolle" in page.locator("header .who").inner_text()
    page.goto(live_server.url + "/signalen")
    waiting = page.locator("section[aria-labelledby=aanmeldingen] li")
    assert waiting.count() == 3
    assert "een praktijkondersteuner (POH)" in waiting.last.inner_text()
    check_page(page, "95-werklijst-aanmeldingen-1280")
    page.set_viewport_size({"width": 375, "height": 900})
    check_page(page, "95-werklijst-aanmeldingen-375")
    waiting.last.get_by_role("link").click()
    assert "Jan" in page.locator("dl").inner_text()
    assert "038 1234567" in page.locator("dl").inner_text()
    check_page(page, "96-aanmelding-375")
    page.set_viewport_size({"width": 1280, "height": 900})
    check_page(page, "96-aanmelding-1280")
    page.goto(live_server.url + "/signalen")
    assert waiting.count() == 2
