"""A resident with LVB or NAH finds a plek alone: few choices at once, the button on screen,
the same plain words everywhere, always a way back, and the page read aloud where it can."""

from __future__ import annotations

import pytest
from playwright.sync_api import Locator, Page, expect

from tests.browser.conftest import SCREENSHOTS, LiveServer, Visit, check_page, choose_interest

SIZES = {"telefoon": (375, 667), "computer": (1280, 800)}


def on_first_screen(element: Locator) -> bool:
    """Whether the whole element is inside the viewport, without scrolling."""
    box = element.evaluate(
        "el => { const r = el.getBoundingClientRect(); return [r.top, r.bottom]; }"
    )
    height = element.page.viewport_size["height"]  # type: ignore[index]
    return bool(box[0] >= 0 and box[1] <= height)


def look(page: Page, name: str) -> None:
    """axe on the page, the whole page and the first screen as screenshots."""
    check_page(page, name)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-scherm.png"))


def question_and_button_on_screen(page: Page, button: str) -> None:
    assert on_first_screen(page.get_by_role("heading", level=1))
    assert on_first_screen(page.get_by_role("button", name=button))


@pytest.mark.parametrize("size", SIZES)
def test_it_keeps_the_question_and_volgende_on_the_first_screen_and_leads_back_to_the_list(
    live_server: LiveServer, visit: Visit, size: str
) -> None:
    page = visit.page
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/zoeken")

    assert page.locator(".progress").inner_text() == "Vraag 1 van 4"
    groups = page.locator("details.group summary")
    assert groups.count() == 6 and page.locator(".tile:visible").count() == 0
    question_and_button_on_screen(page, "Volgende")
    look(page, f"lvb-{size}-1-vraag")
    choose_interest(page, "Praten met mensen die hetzelfde meemaken")
    choose_interest(page, "Koken en samen eten")
    assert on_first_screen(page.get_by_role("button", name="Volgende"))  # also with tiles open
    look(page, f"lvb-{size}-1-vraag-open")
    page.get_by_role("button", name="Volgende").click()

    assert page.locator(".progress").inner_text() == "Vraag 2 van 4"
    question_and_button_on_screen(page, "Volgende")
    asked = page.get_by_role("group", name="Goed te doen met een rolstoel")
    asked.get_by_label("Liever wel").check()
    look(page, f"lvb-{size}-2-vraag")
    page.get_by_role("button", name="Volgende").click()

    assert page.locator(".progress").inner_text() == "Vraag 3 van 4"
    question_and_button_on_screen(page, "Volgende")
    page.get_by_label("Postcode").fill("8012")
    look(page, f"lvb-{size}-3-vraag")
    page.get_by_role("button", name="Volgende").click()

    assert page.locator(".progress").inner_text() == "Vraag 4 van 4"
    question_and_button_on_screen(page, "Toon wat past")
    look(page, f"lvb-{size}-4-vraag")
    page.get_by_role("button", name="Toon wat past").click()

    first = page.locator("article.card").first
    top = first.evaluate("el => el.getBoundingClientRect().top")
    assert 0 <= top < height - 40, "the first card starts on the first screen"
    assert not page.get_by_label("Link naar deze lijst").is_visible()  # behind "Deel deze lijst"
    look(page, f"lvb-{size}-5-lijst")
    # The words of the question are the words of the card.
    said = page.locator("article.card ul.supports").all_inner_texts()
    assert any("Goed te doen met een rolstoel" in text for text in said)
    assert "Rolstoeltoegankelijk" not in page.locator("main").inner_text()

    the_list, titles = page.url, page.locator("article.card h3").all_inner_texts()
    first.locator("h3 a").click()
    look(page, f"lvb-{size}-6-detail")
    crumbs = page.get_by_role("navigation", name="Waar je bent").inner_text()
    assert "Start" in crumbs and "Je lijst" in crumbs
    assert on_first_screen(page.get_by_role("link", name="Terug naar je lijst").first)
    page.get_by_role("link", name="Terug naar je lijst").first.click()
    assert page.url == the_list
    assert page.locator("article.card h3").all_inner_texts() == titles


def test_the_groups_and_the_share_link_work_without_javascript(
    live_server: LiveServer,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    context = browser.new_context(java_script_enabled=False, viewport={"width": 375, "height": 667})
    page = context.new_page()
    page.goto(live_server.url + "/zoeken")
    choose_interest(page, "Praten over het leven")
    page.get_by_role("button", name="Volgende").click()
    page.get_by_role("link", name="Terug").click()
    group = page.locator("details.group[open]")
    assert group.count() == 1 and "1 gekozen" in group.locator("summary").inner_text()
    assert page.get_by_label("Praten over het leven").is_checked()
    for _ in range(3):
        page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Toon wat past").click()
    page.get_by_text("Deel deze lijst").click()
    shared = page.get_by_label("Link naar deze lijst")
    assert shared.is_visible() and "interesse=zingeving" in shared.input_value()
    expect(page.get_by_role("button", name="Lees voor")).to_be_hidden()  # waits for the CSS
    expect(page.get_by_role("button", name="Kopieer de link")).to_be_hidden()
    context.close()


READ_ALOUD_SPY = """
window.spoken = [];
window.speechSynthesis.speak = (words) => window.spoken.push([words.lang, words.text]);
"""


def test_lees_voor_reads_the_list_and_the_detail_page_where_the_browser_can(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.add_init_script(READ_ALOUD_SPY)  # records what the browser was asked to say
    page.goto(live_server.url + "/resultaten?interesse=koken&postcode=8012")
    page.get_by_role("button", name="Lees voor").click()
    [[lang, text]] = page.evaluate("window.spoken")
    title = page.locator("article.card h3").first.inner_text()
    assert lang == "nl" and text.startswith("Dit past bij jou") and title in text
    assert "Deel deze lijst" not in text and "Afdrukken" not in text
    page.locator("article.card h3 a").first.click()
    page.get_by_role("button", name="Lees voor").click()
    [[_, text]] = page.evaluate("window.spoken")
    assert text.startswith(title) and "Wanneer" in text


def test_lees_voor_is_not_offered_where_the_browser_cannot_speak(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.add_init_script("delete window.speechSynthesis; delete Window.prototype.speechSynthesis;")
    page.goto(live_server.url + "/resultaten?interesse=koken&postcode=8012")
    assert page.evaluate("'speechSynthesis' in window") is False
    assert page.get_by_role("button", name="Lees voor", include_hidden=True).count() == 1
    assert not page.get_by_role("button", name="Lees voor", include_hidden=True).is_visible()


@pytest.mark.parametrize("size", SIZES)
def test_the_arabic_pages_run_right_to_left(
    live_server: LiveServer, visit: Visit, size: str
) -> None:
    page = visit.page
    width, height = SIZES[size]
    page.set_viewport_size({"width": width, "height": height})
    page.goto(live_server.url + "/zoeken")
    page.get_by_role("button", name="العربية").click()
    assert page.locator("html").get_attribute("dir") == "rtl"
    summary = page.locator("details.group summary").first
    picture, words = summary.locator("svg"), summary.locator("span").first
    assert picture.bounding_box()["x"] > words.bounding_box()["x"]  # type: ignore[index]
    assert on_first_screen(page.locator(".actions.next button"))
    look(page, f"lvb-{size}-ar-1-vraag")
    page.goto(live_server.url + "/resultaten?interesse=koken&postcode=8012")
    look(page, f"lvb-{size}-ar-5-lijst")
    page.locator("article.card h3 a").first.click()
    back = page.locator("a.back").first
    assert back.locator("svg").get_attribute("class") == "icon mirror"  # the arrow points right
    look(page, f"lvb-{size}-ar-6-detail")
