"""'Klopt er iets niet?' in a browser: a resident reports an error without logging in; the
organisation sees it after logging in and marks it handled."""

from __future__ import annotations

import re

from playwright.sync_api import Browser

from tests.browser.conftest import LiveServer, Visit, check_page, log_in
from tests.conftest import make_person

REPORT = "KANARIE-5512 het telefoonnummer is veranderd"
ORGANISATION = "Stichting Taal Verbindt Zwolle"  # runs taalcafe-binnenstad


def test_a_resident_reports_an_error_and_the_organisation_sees_it(
    live_server: LiveServer, visit: Visit, browser: Browser
) -> None:
    page = visit.page
    page.goto(live_server.url + "/activiteit/taalcafe-binnenstad")
    page.get_by_role("link", name="Klopt er iets niet?").click()
    assert page.url == live_server.url + "/activiteiten/taalcafe-binnenstad/fout-melden"
    check_page(page, "70-fout-melden")
    page.get_by_role("button", name="Versturen").click()
    assert "Schrijf op wat er niet klopt." in page.locator("#foutmeldingen").inner_text()
    check_page(page, "71-fout-melden-fout")
    page.get_by_label("Wat klopt er niet?").fill(REPORT)
    page.get_by_role("button", name="Versturen").click()
    page.wait_for_url("**/fout-melden/bedankt")
    assert "Bedankt voor je melding" in page.locator("h1").inner_text()
    check_page(page, "72-fout-melden-bedankt")
    assert visit.context.cookies() == []  # sent without an account, and nothing to remember
    assert all(url.startswith(live_server.url) for url in visit.requests)
    assert not any(REPORT in line for line in live_server.log)

    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    provider = context.new_page()
    log_in(
        provider, live_server, make_person(live_server.app, "aanbieder", organisation=ORGANISATION)
    )
    provider.goto(live_server.url + "/aanbieder")
    provider.get_by_role("link", name=re.compile("Meldingen van inwoners")).click()
    report = provider.locator("li.report", has_text=REPORT)
    assert report.locator("h2").inner_text() == "Taalcafé Binnenstad"
    check_page(provider, "73-aanbieder-meldingen")
    report.get_by_role("button", name=re.compile("Afgehandeld")).click()
    assert "De melding is afgehandeld." in provider.locator(".flash").inner_text()
    assert REPORT not in provider.locator("main").inner_text()
    context.close()
