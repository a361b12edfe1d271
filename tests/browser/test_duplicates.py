"""A beheerder finds two entries of one activity and merges them, in a browser, at two widths."""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveServer, Visit, check_page, live_app, log_in, serving
from tests.browser.test_keyboard_and_layout import SPACE_TEXT, clipped, overflow
from tests.catalogue.planted import PLANTED, sample_rows, write_rows
from tests.conftest import make_person

# Also kept outside the repository for people to look at, at both widths.
SHOTS = Path(os.environ.get("DUPLICATE_SHOTS", "/tmp/shots-dup"))
COPIED = ("repaircafe-kamperpoort", "stadskoor-broerenkerk-binnenstad", "zumba-wipstrik")


@pytest.fixture
def with_copies(tmp_path: Path) -> Iterator[LiveServer]:
    """A server whose catalogue is the sample with three planted copies."""
    app = live_app(tmp_path / "dubbel.sqlite")
    rows = sample_rows()
    copies = [{**rows[i], **PLANTED[i], "id": f"{i}-kopie"} for i in COPIED]
    path = tmp_path / "catalogus.csv"
    path.write_text(write_rows([*rows.values(), *copies]), encoding="utf-8")
    result = app.test_cli_runner().invoke(args=["import", "--replace", str(path)])
    assert result.exit_code == 0, result.output
    with serving(app) as url:
        yield LiveServer(url, app)


def shoot(page: Page, name: str) -> None:
    """Screenshots at 1280 and 375 px; then, at 320 px with wider text spacing (left on the
    page), nothing sticks out or is cut off (WCAG 1.4.10 and 1.4.12)."""
    SHOTS.mkdir(parents=True, exist_ok=True)
    for width in (1280, 375):
        page.set_viewport_size({"width": width, "height": 900})
        page.screenshot(path=str(SHOTS / f"{name}-{width}.png"), full_page=True)
    page.set_viewport_size({"width": 320, "height": 900})
    page.evaluate(SPACE_TEXT)
    assert overflow(page) == {"scroll": 0, "out": []}, name
    assert clipped(page) == [], name
    page.set_viewport_size({"width": 1280, "height": 900})


def test_a_beheerder_merges_a_copy_into_the_original(with_copies: LiveServer, visit: Visit) -> None:
    page = visit.page
    log_in(page, with_copies, make_person(with_copies.app, "beheerder"))
    page.get_by_role("link", name="Dubbelingen").click()
    assert page.get_by_role("heading", level=1).inner_text() == "Dubbelingen"
    assert page.locator("section.card").count() == len(COPIED)
    check_page(page, "60-dubbelingen")
    page.set_viewport_size({"width": 375, "height": 900})
    check_page(page, "61-dubbelingen-smal")
    shoot(page, "dubbelingen")

    pair = page.locator("section.card", has_text="Repaircafé Kamperpoort")
    pair.get_by_label("Repair Café Kamperpoort (repaircafe-kamperpoort)").check()
    pair.get_by_role("button", name="Samenvoegen").click()
    heading = "Repaircafé Kamperpoort samenvoegen met Repair Café Kamperpoort?"
    assert page.get_by_role("heading", level=1).inner_text() == heading
    check_page(page, "62-samenvoegen-bevestigen")
    shoot(page, "samenvoegen-bevestigen")

    page.get_by_role("button", name="Ja, samenvoegen").click()
    assert page.get_by_role("status").inner_text() == (
        "Samengevoegd: Repaircafé Kamperpoort is opgegaan in Repair Café Kamperpoort."
    )
    assert page.locator("section.card").count() == len(COPIED) - 1
    check_page(page, "63-dubbelingen-na-samenvoegen")
    page.goto(with_copies.url + "/activiteit/repaircafe-kamperpoort-kopie")
    assert page.get_by_role("heading", level=1).inner_text() == "Pagina niet gevonden"
