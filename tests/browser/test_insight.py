"""/inzicht in a browser: axe-clean, reflows at 320 px, prints on A4 without the form."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import clock, db
from matcher.services import insight
from tests.browser.conftest import LiveServer, Visit, check_page, live_app, log_in, serving
from tests.browser.test_keyboard_and_layout import SPACE_TEXT, clipped, overflow
from tests.browser.test_resident import pdf_pages
from tests.conftest import make_person
from tests.insight.seeded import TODAY, seed


@pytest.fixture
def seeded_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    app = live_app(tmp_path / "inzicht.sqlite")
    seed(app, monkeypatch)
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    with serving(app) as url:
        yield LiveServer(url, app)


def test_the_indicators_page_is_accessible_reflows_and_prints(
    seeded_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    log_in(page, seeded_server, make_person(seeded_server.app, "beleid"))
    assert page.url == seeded_server.url + "/inzicht"  # the role's home
    check_page(page, "80-inzicht")
    page.get_by_label("Periode").select_option("2026-K3")
    page.get_by_role("button", name="Toon").click()
    assert "2026, kwartaal 3" in page.locator("h2#trechter").inner_text()
    funnel = page.get_by_role("img", name="Trechter van de verwijzingen")
    assert funnel.count() == 1
    check_page(page, "81-inzicht-kwartaal")
    assert all(url.startswith(seeded_server.url) for url in visit.requests)

    page.set_viewport_size({"width": 320, "height": 900})
    check_page(page, "82-inzicht-320")
    page.evaluate(SPACE_TEXT)
    assert overflow(page) == {"scroll": 0, "out": []}
    assert clipped(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert page.locator(".print-only").first.is_visible()
    assert pdf_pages(page.pdf(format="A4")) <= 4
    page.emulate_media(media="screen")


def test_figures_the_night_did_not_count_say_so_plainly(
    seeded_server: LiveServer, visit: Visit
) -> None:
    app = seeded_server.app
    app.config["INSIGHT_LIVE_SECONDS"] = 0  # as on a large instance: read back, never worked out
    with app.app_context():
        insight.refresh(db.reader_session(), db.engine(), TODAY - dt.timedelta(days=1), 2)
    page = visit.page
    log_in(page, seeded_server, make_person(app, "beleid"))
    notice = page.get_by_role("status")
    assert "De telling van vannacht is niet gelopen" in notice.inner_text()
    check_page(page, "83-inzicht-telling-niet-gelopen")
    page.set_viewport_size({"width": 375, "height": 800})
    check_page(page, "84-inzicht-telling-niet-gelopen-375")


@pytest.fixture
def searched_server(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[LiveServer]:
    app = live_app(tmp_path / "vraag.sqlite")
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    client = app.test_client()
    searches = {
        "interesse=dieren&steun_rolstoeltoegankelijk=moet&wijk=Holtenbroek": 6,
        "interesse=dieren&steun_professional_bereikbaar=moet&wijk=Ittersum": 5,
        "interesse=koken&anders=liefst+overdag&wijk=Assendorp": 8,
        "interesse=muziek&steun_prikkelarm=moet&postcode=8022": 3,
    }
    for answers, times in searches.items():
        for _ in range(times):
            assert client.get(f"/resultaten?{answers}").status_code == 200
    with serving(app) as url:
        yield LiveServer(url, app)


def test_the_demand_page_is_accessible_reflows_and_prints(
    searched_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    log_in(page, searched_server, make_person(searched_server.app, "beleid"))
    page.get_by_role("link", name="Vraag en aanbod").click()
    assert page.url == searched_server.url + "/inzicht/vraag-en-aanbod"
    check_page(page, "83-vraag-en-aanbod")
    wijk_map = page.get_by_role("img", name="Kaart van de wijken van Zwolle met vraag en aanbod")
    assert wijk_map.count() == 1
    assert "Holtenbroek" in page.locator("#niets-caption").locator("xpath=..").inner_text()
    assert all(url.startswith(searched_server.url) for url in visit.requests)

    page.set_viewport_size({"width": 320, "height": 900})
    check_page(page, "84-vraag-en-aanbod-320")
    page.evaluate(SPACE_TEXT)
    assert overflow(page) == {"scroll": 0, "out": []}
    assert clipped(page) == []

    page.set_viewport_size({"width": 1280, "height": 900})
    page.emulate_media(media="print")
    assert not page.locator("form.filters").is_visible()
    assert not page.locator("nav.subnav").is_visible()
    assert page.locator(".print-only").first.is_visible()
    assert pdf_pages(page.pdf(format="A4")) <= 5  # the map, four tables and what they mean
    page.emulate_media(media="screen")
