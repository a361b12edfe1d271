"""The consultant flow in a real browser: profile form, error, results in view, the reasons for the
order, near misses, a shortlist that outlasts a new search."""

from __future__ import annotations

import io
import re

import pytest
from openpyxl import load_workbook
from playwright.sync_api import Locator, Page

from tests.browser.conftest import LiveServer, Visit, check_page, log_in, need
from tests.conftest import make_person


def in_view(page: Page, element: Locator) -> bool:
    """Whether the element's top is inside the viewport (where the browser shows it)."""
    page.wait_for_load_state()  # the browser has gone to the page's #resultaten
    box = element.bounding_box()
    height = page.viewport_size["height"] if page.viewport_size else 0
    return box is not None and 0 <= box["y"] < height


def fill_milan(page: Page) -> None:
    page.get_by_label("Interesses").fill("klussen, kringloop")
    page.get_by_label("Wensen in eigen woorden").fill("vrijwilligerswerk met een vaste taak")
    need(page, "Duidelijke taak", "Moet")
    need(page, "Begeleiding aanwezig", "Moet")
    need(page, "Kleine groep", "Liever wel")
    page.locator("#expertise").get_by_label("Niet-aangeboren hersenletsel").check()
    page.locator("#vorm").get_by_label("Vrijwilligerswerk").check()
    page.get_by_label("Hoogstens km").fill("3")


def test_a_consultant_searches_compares_and_exports(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "consulent"))
    assert page.url.endswith("/consult")
    check_page(page, "20-consult-leeg")

    fill_milan(page)
    page.get_by_label("Postcode").fill("9999")
    page.get_by_role("button", name="Zoeken").click()

    assert "onbekende postcode" in page.locator("#postcode-fout").inner_text()
    assert page.get_by_label("Interesses").input_value() == "klussen, kringloop"
    assert page.get_by_role("group", name="Duidelijke taak").get_by_label("Moet").is_checked()
    check_page(page, "21-consult-fout")

    page.get_by_label("Postcode").fill("8022")
    page.get_by_role("button", name="Zoeken").click()
    results = page.locator("ol.cards > li")
    assert results.count() >= 3
    assert in_view(page, results.first)  # not at the top of the form again
    summary = page.locator(".profile-summary")
    assert "begeleiding aanwezig, duidelijke taak" in summary.inner_text()
    assert summary.bounding_box()["x"] < page.locator("form.consult").bounding_box()["x"]  # type: ignore[index]
    results.first.get_by_text("Waarom deze volgorde?").click()
    breakdown = results.first.locator("table.breakdown")
    assert (
        "Interesse" in breakdown.inner_text() and "," in breakdown.locator("td").first.inner_text()
    )
    assert breakdown.locator("svg.part-bar").count() == breakdown.locator("tbody tr").count()
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
    with page.expect_download() as workbook:
        page.get_by_role("link", name="Download voor Excel").click()
    assert workbook.value.suggested_filename == "vergelijking.xlsx"
    sheet = load_workbook(io.BytesIO(workbook.value.path().read_bytes())).active
    assert sheet is not None and sheet.max_row == 3  # the header and the two on the shortlist
    assert all(url.startswith(live_server.url) for url in visit.requests)


@pytest.mark.parametrize("width", [375, 1280])
def test_the_results_stay_in_view_and_the_shortlist_outlasts_a_new_search(
    live_server: LiveServer, visit: Visit, width: int
) -> None:
    page = visit.page
    page.set_viewport_size({"width": width, "height": 800})
    log_in(page, live_server, make_person(live_server.app, "swt"))
    fill_milan(page)
    page.get_by_label("Of wijk").select_option("Diezerpoort")
    page.get_by_role("button", name="Zoeken").click()
    first = page.locator("ol.cards > li").first
    assert in_view(page, first)
    first.get_by_text("Waarom deze volgorde?").click()
    check_page(page, f"24-consult-resultaten-{width}")
    title = first.locator("h4").inner_text()
    first.get_by_label("Op de shortlist").check()
    page.get_by_role("button", name="Vergelijk de shortlist").click()
    check_page(page, f"25-consult-vergelijken-{width}")

    page.get_by_role("link", name="Nieuwe zoekopdracht").click()
    kept = page.locator("section.shortlist-box")
    assert title in kept.inner_text() and page.get_by_label("Interesses").input_value() == ""
    check_page(page, f"26-consult-nieuw-met-shortlist-{width}")
    page.get_by_label("Interesses").fill("schaken")
    page.get_by_label("Of wijk").select_option("Stadshagen")
    page.get_by_role("button", name="Zoeken").click()
    chess = page.locator("ol.cards > li").first
    assert in_view(page, chess)
    chess.get_by_label("Op de shortlist").check()
    page.get_by_role("button", name="Vergelijk de shortlist").click()
    headers = page.locator("table.compare thead th").all_inner_texts()
    assert len(headers) == 3 and title in headers

    page.get_by_role("button", name=re.compile(f"Haal weg.*{re.escape(title)}")).click()
    assert title in page.locator(".flash").inner_text()
    assert page.locator("table.compare thead th").count() == 2
