"""/inzicht in a browser: axe-clean, reflows at 320 px, prints on A4 without the form."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from matcher import clock
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
