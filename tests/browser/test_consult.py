"""The consultant flow in a real browser: profile form, error, breakdown, near misses, shortlist."""

from __future__ import annotations

from tests.browser.conftest import LiveServer, Visit, check_page, log_in
from tests.conftest import make_person


def test_a_consultant_searches_compares_and_exports(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "consulent"))
    assert page.url.endswith("/consult")
    check_page(page, "20-consult-leeg")

    page.get_by_label("Interesses").fill("klussen, kringloop")
    page.get_by_label("Wensen in eigen woorden").fill("vrijwilligerswerk met een vaste taak")
    required = page.locator("#required")
    required.get_by_label("Duidelijke taak").check()
    required.get_by_label("Begeleiding aanwezig").check()
    page.locator("#expertise").get_by_label("Niet-aangeboren hersenletsel").check()
    page.locator("#vorm").get_by_label("Vrijwilligerswerk").check()
    page.get_by_label("Postcode").fill("9999")
    page.get_by_label("Hoogstens km").fill("3")
    page.get_by_role("button", name="Zoeken").click()

    assert "onbekende postcode" in page.locator("#postcode-fout").inner_text()
    assert page.get_by_label("Interesses").input_value() == "klussen, kringloop"
    assert page.locator("#required").get_by_label("Duidelijke taak").is_checked()
    check_page(page, "21-consult-fout")

    page.get_by_label("Postcode").fill("8022")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("ol.cards > li")
    assert results.count() >= 3
    results.first.locator("summary").click()
    assert "Interesse" in results.first.locator("table.breakdown").inner_text()
    near = page.locator("li.near")
    assert near.count() >= 1
    assert "begeleiding aanwezig" in near.first.inner_text()
    check_page(page, "22-consult-resultaten")

    results.nth(0).get_by_label("Op de shortlist").check()
    near.first.get_by_label("Op de shortlist").check()
    page.get_by_role("button", name="Vergelijk de shortlist").click()
    assert page.locator("table.compare thead th").count() == 3
    check_page(page, "23-consult-vergelijken")

    with page.expect_download() as download:
        page.get_by_role("link", name="Download als CSV").click()
    assert download.value.suggested_filename == "vergelijking.csv"
    assert all(url.startswith(live_server.url) for url in visit.requests)
