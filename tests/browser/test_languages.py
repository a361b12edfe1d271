"""The resident flow in Arabic (right to left) and Turkish: axe, no sideways scroll or overlap at
320 px, and a language switch that keeps what was ticked and typed."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, Page

from tests.browser.conftest import SCREENSHOTS, LiveServer, Visit, check_page
from tests.browser.test_keyboard_and_layout import overflow

WIDTHS = (320, 375, 1280)
# What a resident sees, in the order of the flow.
FLOW = {
    "start": "/",
    "step-1": "/zoeken",
    "step-2": "/zoeken?stap=2&interesse=koken",
    "step-3": "/zoeken?stap=3&interesse=koken&steun_prikkelarm=moet",
    "step-3-error": "/zoeken?stap=4&interesse=koken&postcode=9999",
    "step-4": "/zoeken?stap=4&interesse=koken&postcode=8012",
    "results": "/resultaten?interesse=koken&interesse=wandelen&hulp=kleine_groep&postcode=8012",
    "activity": "/activiteit/taalcafe-binnenstad",
    "browse": "/activiteiten",
    "report": "/activiteiten/taalcafe-binnenstad/fout-melden",
    "samen-zoeken": "/samen-zoeken",
    "not-found": "/bestaat-niet",
}
SHOWN = ("start", "step-1", "step-2", "results", "activity")  # screenshots at every width


def overlapping(page: Page) -> list[str]:
    """Pairs of things with text or a picture of their own (not one inside the other) whose boxes
    overlap: what a mirrored layout gets wrong first. Only what is shown counts (not the tiles of
    a closed group), and not the question's buttons, which stay on screen over what scrolls."""
    return page.evaluate(
        """() => {
            const own = el => [...el.childNodes].some(n => n.nodeType === 3 && n.textContent.trim())
                || ['INPUT', 'SELECT', 'TEXTAREA', 'BUTTON', 'svg'].includes(el.tagName);
            const items = [...document.querySelectorAll('header *, main *, footer *')]
                .filter(el => el.getClientRects().length && el.checkVisibility() && own(el))
                .filter(el => !el.closest('.visually-hidden, .skip, svg') || el.tagName === 'svg')
                .filter(el => !el.closest('.actions.next'))
                .map(el => ({el, rects: [...el.getClientRects()]}));
            const overlap = (a, b) => Math.min(a.right, b.right) - Math.max(a.left, b.left) > 2
                && Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top) > 2;
            const found = [];
            for (let i = 0; i < items.length; i++) {
                for (let j = i + 1; j < items.length; j++) {
                    const a = items[i], b = items[j];
                    if (a.el.contains(b.el) || b.el.contains(a.el)) continue;
                    if (a.rects.some(r => b.rects.some(s => overlap(r, s)))) {
                        found.push(a.el.tagName + '.' + a.el.getAttribute('class') + ' / '
                                   + b.el.tagName + '.' + b.el.getAttribute('class'));
                    }
                }
            }
            return found.slice(0, 5);
        }"""
    )


def choose(page: Page, live_server: LiveServer, own_name: str) -> None:
    """Switch the pages' language with the button that names it."""
    page.goto(live_server.url + "/")
    page.get_by_role("button", name=own_name).click()
    page.wait_for_load_state()


@pytest.mark.parametrize(
    ("language", "own_name", "direction"), [("ar", "العربية", "rtl"), ("tr", "Türkçe", "ltr")]
)
def test_the_resident_flow_reads_well_in_the_language(
    live_server: LiveServer, visit: Visit, language: str, own_name: str, direction: str
) -> None:
    page = visit.page
    choose(page, live_server, own_name)
    for name, path in FLOW.items():
        page.set_viewport_size({"width": 1280, "height": 900})
        page.goto(live_server.url + path)
        assert page.locator("html").get_attribute("lang") == language, name
        assert page.evaluate("getComputedStyle(document.body).direction") == direction, name
        check_page(page, f"lang-{language}-{name}-1280")
        page.set_viewport_size({"width": 320, "height": 800})
        assert overflow(page) == {"scroll": 0, "out": []}, name
        assert overlapping(page) == [], name
        if name in SHOWN:
            for width in WIDTHS[:-1]:
                page.set_viewport_size({"width": width, "height": 800})
                page.screenshot(path=str(SCREENSHOTS / f"lang-{language}-{name}-{width}.png"))


def test_an_arabic_page_is_mirrored(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    choose(page, live_server, "العربية")
    page.goto(live_server.url + "/zoeken")
    box = page.locator(".brand").bounding_box()
    switch = page.locator("form.language").bounding_box()
    assert box and switch and box["x"] > switch["x"]  # the name on the right, the switch left
    page.locator("details.group summary").first.click()
    tile, tick = page.locator(".tile").first, page.locator(".tile input").first
    tile_box, tick_box = tile.bounding_box(), tick.bounding_box()
    assert tile_box and tick_box
    assert tick_box["x"] > tile_box["x"] + tile_box["width"] / 2  # the tick box in the right corner
    page.goto(live_server.url + "/activiteiten?hulp=eenvoudige_taal")
    picture = page.locator(".supports svg.mirror").first
    assert picture.evaluate("el => getComputedStyle(el).transform") == "matrix(-1, 0, 0, 1, 0, 0)"


def test_switching_language_keeps_what_was_ticked_and_typed(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(live_server.url + "/zoeken")
    page.get_by_text("Samen iets doen").click()  # the group of the tile
    page.get_by_label("Koken en samen eten").check()
    page.get_by_label("Iets anders? Schrijf het hier.").fill("schaken")
    page.get_by_role("button", name="Türkçe").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("lang") == "tr"
    assert page.locator('input[value="koken"]').is_checked()
    assert page.locator("#anders").input_value() == "schaken"
    page.locator("#antwoorden button[type=submit]").click()  # the next question
    page.wait_for_url("**stap=2**")
    page.locator('input[name="steun_prikkelarm"][value="moet"]').check()
    page.get_by_role("button", name="العربية").click()
    page.wait_for_load_state()
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.locator('input[name="steun_prikkelarm"][value="moet"]').is_checked()
    assert "interesse=koken" in page.url and "anders=schaken" in page.url
    [cookie] = visit.context.cookies()
    assert (cookie["name"], cookie["value"]) == ("taal", "ar")


def test_a_staff_page_offers_dutch_and_english_only(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    choose(page, live_server, "Polski")
    page.goto(live_server.url + "/login")
    assert page.locator("html").get_attribute("lang") == "nl"
    assert page.locator("form.language button").all_inner_texts() == ["English"]


def test_without_javascript_the_switch_keeps_the_answers_in_the_link(
    live_server: LiveServer, browser: Browser
) -> None:
    context = browser.new_context(java_script_enabled=False, locale="nl-NL")
    try:
        page = context.new_page()
        page.goto(live_server.url + "/zoeken?stap=2&interesse=koken&anders=schaken")
        page.get_by_role("button", name="Polski").click()
        page.wait_for_load_state()
        assert page.locator("html").get_attribute("lang") == "pl"
        assert (
            "stap=2" in page.url and "interesse=koken" in page.url and "anders=schaken" in page.url
        )
    finally:
        context.close()
