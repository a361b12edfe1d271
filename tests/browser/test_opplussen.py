"""Opplussen arranged in a browser: a near miss at the kringloop needs someone to go along; the
consultant asks, the offering organisation names a volunteer, the referral, the printed weekly
plan and the kringloop's own page show whom to call; a refusal comes back with its reason.
Expertise on call and the offer pages too; axe on every page, screenshots at 1280 and 375 px."""

from __future__ import annotations

import re

from playwright.sync_api import Browser, Page

from matcher import db
from matcher.models import Organisation
from matcher.services import opplus
from matcher.services.audit import Actor
from tests.browser.conftest import SCREENSHOTS, LiveServer, Visit, check_page, log_in, need
from tests.browser.test_resident import pdf_pages
from tests.conftest import make_person

KRINGLOOP = "Vrijwilliger bij Kringloopwarenhuis Noord"
KRINGLOOP_ORG = "Kringloopwarenhuis Noord"
OFFERING = "Maatjesproject Zwolle (voorbeeld)"
OFFER_PHONE = "038-0009911"


def offering_organisation(live_server: LiveServer) -> None:
    """An organisation that offers maatjes for the whole city, five new requests a month."""
    with live_server.app.app_context():
        session = db.session()
        organisation = Organisation(code="maatjesproject-zwolle", name=OFFERING)
        session.add(organisation)
        form = opplus.OfferForm(
            "Maatje voor de eerste keer",
            ["kennismaken_met_maatje", "professional_bereikbaar"],
            [],
            [],
            "Ria",
            OFFER_PHONE,
            "",
            "5",
        )
        opplus.save_offer(session, form, organisation, Actor(None, "test"))
        session.commit()


def both_widths(page: Page, name: str) -> None:
    """axe at 1280 px and at 375 px, with a screenshot of each."""
    check_page(page, f"{name}-1280")
    page.set_viewport_size({"width": 375, "height": 900})
    check_page(page, f"{name}-375")
    page.set_viewport_size({"width": 1280, "height": 900})


def tab(browser: Browser, live_server: LiveServer, role: str, organisation: str | None) -> Page:
    page = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
    log_in(page, live_server, make_person(live_server.app, role, organisation=organisation))
    return page


def test_a_near_miss_gets_a_maatje_and_everyone_sees_whom_to_call(
    live_server: LiveServer, visit: Visit, browser: Browser
) -> None:
    offering_organisation(live_server)
    helper = tab(browser, live_server, "ondersteuner", OFFERING)
    helper.goto(live_server.url + "/opplussen/vrijwilligers")
    helper.get_by_label("Voornaam").fill("Kees")
    helper.get_by_label("Wijk").select_option("Holtenbroek")
    helper.locator("#steun").get_by_label("Iemand gaat de eerste keer mee").check()
    for day in ("maandag", "woensdag"):
        helper.locator("#dagen").get_by_label(day, exact=True).check()
    helper.locator("#trainingen").get_by_label("Niet-aangeboren hersenletsel").check()
    helper.get_by_role("button", name="Opslaan").click()
    assert "Kees staat in de lijst." in helper.locator(".flash").inner_text()
    both_widths(helper, "70-vrijwilligers")

    # The consultant: a case for someone who needs a maatje, looking for a kringloop.
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "consulent", team="Team Noord"))
    page.goto(live_server.url + "/casussen")
    page.get_by_role("button", name="Nieuwe casus").click()
    code = re.search(r"K-[A-Z0-9]{4}-[A-Z0-9]{4}", page.url).group(0)  # type: ignore[union-attr]
    page.get_by_label("Interesses").fill("kringloop")
    need(page, "Kennismaken met maatje", "Moet")
    page.locator("#expertise").get_by_label("Niet-aangeboren hersenletsel").check()
    page.get_by_label("Of wijk").select_option("Aa-landen")
    page.get_by_role("button", name="Zoeken").click()
    near = page.locator("li.near", has_text=KRINGLOOP)
    near.get_by_role("button", name=re.compile("Verwijs hierheen")).click()
    page.goto(live_server.url + f"/casussen/{code}/zoeken")
    page.get_by_role("button", name="Zoeken").click()
    near = page.locator("li.near", has_text=KRINGLOOP)
    near.get_by_role("link", name=re.compile("Vraag opplussen aan")).click()
    assert page.locator("#steun").get_by_label("Iemand gaat de eerste keer mee").is_checked()
    assert page.locator("#doelgroep").get_by_label("Niet-aangeboren hersenletsel").is_checked()
    assert "Nog 5 plekken deze maand" in page.locator("#aanbod").inner_text()
    both_widths(page, "71-opplussen-aanvragen")
    page.get_by_role("button", name="Vraag opplussen aan").click()
    assert "De vraag om opplussen is verstuurd." in page.locator(".flash").inner_text()
    page.get_by_label("Organisatie").select_option(OFFERING)
    page.get_by_label("Voornaam").fill("Ali")
    page.get_by_label("Telefoon").fill("06-12121212")
    page.get_by_role("button", name="Toestemming vastleggen").click()
    assert "Aangevraagd" in page.locator("#opplussen + ul").first.inner_text()

    # The offering organisation sees Ali (by consent) and Kees, who can on Monday; names Kees.
    helper.goto(live_server.url + "/opplussen")
    card = helper.locator("li.card", has_text=KRINGLOOP)
    assert "Ali" in card.inner_text() and code not in helper.content()
    both_widths(helper, "72-opplusvragen")
    card.get_by_role("radio", name=re.compile("Kees, Holtenbroek")).check()
    card.get_by_role("button", name=re.compile("^Toezeggen")).click()
    assert "De vraag is bijgewerkt." in helper.locator(".flash").inner_text()

    # The referral and the printed weekly plan show who goes along and whom to call.
    page.goto(live_server.url + f"/casussen/{code}")
    referral = page.locator("#verwijzingen + ul .card", has_text=KRINGLOOP)
    assert "Wie gaat er mee?" in referral.inner_text() and "Kees" in referral.inner_text()
    assert OFFER_PHONE in referral.inner_text()
    referral.get_by_role("link", name=re.compile("^Volgende stap")).click()
    page.get_by_role("radio", name="Contact gelegd").check()
    page.get_by_role("button", name="Stap opslaan").click()
    both_widths(page, "73-casus-opgeplust")
    page.goto(live_server.url + f"/casussen/{code}/jouw-week")  # the person's printed week
    page.emulate_media(media="print")
    arranged = page.locator("section.arranged")
    assert arranged.is_visible() and "Kees gaat mee." in arranged.inner_text()
    assert OFFER_PHONE in arranged.inner_text()
    assert pdf_pages(page.pdf(format="A4")) <= 2
    page.screenshot(path=str(SCREENSHOTS / "74-weekplan-print.png"), full_page=True)
    page.emulate_media(media="screen")
    check_page(page, "74-weekplan")

    # The kringloop's organisation sees it on its referral page, and makes it last for everyone.
    shop = tab(browser, live_server, "aanbieder", KRINGLOOP_ORG)
    shop.goto(live_server.url + "/aanbieder/verwijzingen")
    section = shop.locator("#opplussen + ul").first
    assert "Kees" in section.inner_text() and OFFER_PHONE in section.inner_text()
    both_widths(shop, "75-aanbieder-opplussen")
    section.get_by_role("button", name=re.compile("Blijvend: opgeplust voor iedereen")).click()
    assert "na controle door de beheerder" in shop.locator(".flash").inner_text()

    # Expertise on call: the kringloop asks, the offering organisation records a training.
    shop.goto(live_server.url + "/aanbieder/expertise")
    shop.get_by_label("Over welke doelgroep").select_option("nah")
    shop.get_by_label("Je vraag").fill("Hoe ga ik om met iemand met NAH in mijn groep?")
    shop.get_by_role("button", name="Vraag versturen").click()
    both_widths(shop, "76-expertise-vragen")
    helper.goto(live_server.url + "/opplussen/expertise")
    asked = helper.locator("li.card", has_text=KRINGLOOP_ORG)
    asked.get_by_label("training").check()
    asked.get_by_label(re.compile("Kort wat je gaf")).fill("Training NAH voor de winkelvloer")
    asked.get_by_role("button", name=re.compile("Vastleggen")).click()
    assert "training" in helper.locator("li.card", has_text=KRINGLOOP_ORG).inner_text()
    both_widths(helper, "77-expertise-gegeven")

    # A second request is refused with a reason; the consultant reads it on the case.
    page.goto(
        live_server.url
        + f"/casussen/{code}/opplussen?activiteit=kringloopwarenhuis-aa-landen"
        + "&steun=professional_bereikbaar"
    )
    page.get_by_role("button", name="Vraag opplussen aan").click()
    helper.goto(live_server.url + "/opplussen")
    waiting = helper.locator("li.card", has_text="Aangevraagd")
    waiting.get_by_label("Niet mogelijk, omdat").fill("Geen professional vrij op zaterdag")
    waiting.get_by_role("button", name=re.compile("^Niet mogelijk")).click()
    page.goto(live_server.url + f"/casussen/{code}")
    requests = page.locator("#opplussen + ul").first.inner_text()
    assert "Niet mogelijk, omdat: Geen professional vrij op zaterdag" in requests

    # The offers: the organisation's own and the beheerder's overview.
    helper.goto(live_server.url + "/opplussen/aanbod")
    assert "4 van 5" in helper.locator("table").inner_text()  # the refused one frees its place
    both_widths(helper, "78-aanbod")
    admin = tab(browser, live_server, "beheerder", None)
    admin.goto(live_server.url + "/beheer/opplussen")
    assert "Maatje voor de eerste keer" in admin.locator("table").inner_text()
    both_widths(admin, "79-beheer-opplussen")
