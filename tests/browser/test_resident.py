"""The resident flow in a real browser: every step, results, detail, print, and no trace left."""

from __future__ import annotations

import re

from playwright.sync_api import expect

from tests.browser.conftest import LiveServer, Visit, check_page, choose_interest, log_in
from tests.conftest import make_person


def pdf_pages(pdf: bytes) -> int:
    return len(re.findall(rb"/Type\s*/Page(?!s)", pdf))


def test_a_resident_finds_a_plek_step_by_step(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    page.goto(live_server.url + "/")
    check_page(page, "01-start")
    page.get_by_role("link", name="Begin met zoeken").click()

    choose_interest(page, "Koken en samen eten")
    page.get_by_label("Iets anders? Schrijf het hier.").fill("breien")
    check_page(page, "02-stap-interesse")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_role("group", name="Rustige plek").get_by_label("Liever wel").check()
    page.get_by_label("Alleen activiteiten die gratis zijn").check()
    check_page(page, "03-stap-hulp")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_label("Postcode").fill("9999")
    check_page(page, "04-stap-waar")
    page.get_by_role("button", name="Volgende").click()
    error = page.locator("#postcode-fout")
    assert "We kennen deze postcode niet" in error.inner_text()
    assert page.get_by_label("Postcode").input_value() == "9999"
    check_page(page, "05-stap-waar-fout")
    page.get_by_label("Postcode").fill("8012")
    page.get_by_role("button", name="Volgende").click()

    page.get_by_text("dinsdag").click()
    check_page(page, "06-stap-dagen")
    page.get_by_role("button", name="Toon wat past").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Dit past bij jou"
    cards = page.locator("article.card")
    assert cards.count() >= 3
    assert "past bij je interesse" in cards.first.inner_text()
    assert "per maand" not in page.locator("main").inner_text()  # "gratis" was asked
    assert page.locator('a[href^="tel:"]').count() >= 1
    check_page(page, "07-resultaten")

    page.get_by_text("Deel deze lijst").click()
    shared = page.get_by_label("Link naar deze lijst").input_value()
    titles = cards.locator("h3").all_inner_texts()
    page.goto(shared)
    assert page.locator("article.card h3").all_inner_texts() == titles

    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf_pages(pdf) == 1, "the printed list should fit on one A4"
    page.emulate_media(media="screen")

    cards.first.locator("h3 a").click()
    assert page.locator("h1").inner_text() == titles[0]
    check_page(page, "08-detail")

    # No trace: no cookie, nothing from another host, no answers in the server's log.
    assert visit.context.cookies() == []
    assert all(url.startswith(live_server.url) for url in visit.requests), visit.requests
    logged = "\n".join(live_server.log)
    assert "/resultaten" in logged
    assert "prikkelarm" not in logged and "8012" not in logged and "breien" not in logged


def test_browsing_and_the_statements_pass_the_accessibility_check(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(live_server.url + "/activiteiten")
    check_page(page, "10-bladeren")
    page.get_by_label("Wijk").select_option("Berkum")
    page.get_by_role("button", name="Toon activiteiten").click()
    assert "wijk=Berkum" in page.url
    check_page(page, "11-bladeren-berkum")
    page.goto(live_server.url + "/activiteiten?pagina=2")
    check_page(page, "12-bladeren-pagina-2")
    for path, name in (
        ("/privacy", "13-privacy"),
        ("/toegankelijkheid", "14-toegankelijkheid"),
        ("/bestaat-niet", "15-fout-404"),
    ):
        page.goto(live_server.url + path)
        check_page(page, name)
    assert visit.context.cookies() == []


def test_the_pages_switch_to_english(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    page.goto(live_server.url + "/resultaten?interesse=koken&postcode=8012")
    page.get_by_role("button", name="English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    assert page.get_by_role("heading", level=1).inner_text() == "This fits you"
    check_page(page, "16-results-english")
    [cookie] = visit.context.cookies()
    assert (cookie["name"], cookie["value"], cookie["httpOnly"]) == ("taal", "en", True)
    page.get_by_role("button", name="Nederlands").click()
    assert page.locator("html").get_attribute("lang") == "nl"


def test_everything_works_without_javascript(live_server: LiveServer, browser) -> None:  # type: ignore[no-untyped-def]
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(live_server.url + "/zoeken")
    choose_interest(page, "Muziek en zingen")
    for _ in range(3):
        page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Toon wat past").click()
    assert page.locator("article.card").count() >= 1
    # Waits for the style sheet, which hides what needs JavaScript (the click waits for less).
    expect(page.get_by_role("button", name="Afdrukken")).to_be_hidden()
    log_in(page, live_server, make_person(live_server.app, "consulent"))
    page.goto(live_server.url + "/consult")
    page.get_by_label("Interesses").fill("zingen")
    page.get_by_role("button", name="Zoeken").click()
    assert page.locator("ol.cards > li").count() >= 1
    context.close()


def test_a_resident_whose_words_fit_nothing_is_told_so_and_offered_a_person(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(live_server.url + "/zoeken")
    page.get_by_label("Iets anders? Schrijf het hier.").fill("vissen, xqwzrtv")
    for _ in range(3):
        page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Toon wat past").click()
    assert page.get_by_role("heading", level=1).inner_text() == "We vonden niets dat goed past"
    main = page.locator("main").inner_text()
    assert "Dit past bij jou" not in main and page.locator("article.card").count() == 0
    assert "Deze woorden begrepen we niet: vissen, xqwzrtv" in main
    together = page.get_by_role("complementary", name="Liever samen zoeken?")
    assert "SamenZwolle" in together.inner_text() and "Sociaal wijkteam" in together.inner_text()
    assert together.locator('a[href="tel:0380009000"]').is_visible()
    check_page(page, "17-niets-past")
    page.set_viewport_size({"width": 375, "height": 667})
    check_page(page, "17-niets-past-375")
    page.get_by_role("link", name="Pas je antwoorden aan.").click()
    assert page.get_by_label("Iets anders? Schrijf het hier.").input_value() == "vissen, xqwzrtv"


def test_a_resident_who_must_have_wheelchair_access_sees_only_places_with_it(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(live_server.url + "/zoeken")
    choose_interest(page, "Creatief en handwerk")
    choose_interest(page, "Kunst, museum en theater")
    page.get_by_role("button", name="Volgende").click()
    wheelchair = page.get_by_role("group", name="Goed te doen met een rolstoel")
    wheelchair.get_by_label("Dit moet").check()
    check_page(page, "18-stap-hulp-moet")
    for _ in range(2):
        page.get_by_role("button", name="Volgende").click()
    page.get_by_role("button", name="Toon wat past").click()
    cards = page.locator("article.card")
    assert cards.count() >= 3
    for card in cards.all():
        assert "Goed te doen met een rolstoel" in card.locator("ul.supports").inner_text()
        missing = card.locator("p.missing")
        assert missing.count() == 0 or "rolstoel" not in missing.inner_text()
    check_page(page, "19-resultaten-rolstoel-moet")


def test_the_printed_list_keeps_what_is_different(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    page.goto(
        live_server.url + "/resultaten?anders=schaken&wijk=Stadshagen"
        "&steun_kleine_groep=liever&steun_rolstoeltoegankelijk=liever&dag=ma"
    )
    notes, missing = page.locator("p.notes"), page.locator("p.missing")
    assert notes.count() >= 1 and missing.count() >= 1
    check_page(page, "20-resultaten-deels")
    page.emulate_media(media="print")
    assert notes.first.is_visible() and missing.first.is_visible()
    assert "Anders dan je vroeg: alleen op" in notes.first.inner_text()
    assert page.get_by_role("heading", name="Dit past een beetje").is_visible()
    pdf = page.pdf(format="A4", print_background=False)
    assert pdf_pages(pdf) <= 2
