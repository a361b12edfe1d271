"""The whole case flow in a browser: case, search, referrals, organisation, signal, plan, print, .ics."""

from __future__ import annotations

import datetime as dt
import logging
import re
from pathlib import Path

import pytest
from sqlalchemy import select

from matcher import db
from matcher.models import Referral
from tests.browser.conftest import LiveServer, Visit, check_page, log_in, need
from tests.browser.test_resident import pdf_pages
from tests.conftest import make_person

CANARY_NOTE = "KANARIE-7731 afspraak loopt goed"
CANARY_PHONE = "06-11223344"


def test_a_case_from_search_to_a_weekly_plan(
    live_server: LiveServer,
    visit: Visit,
    browser,
    caplog: pytest.LogCaptureFixture,  # type: ignore[no-untyped-def]
) -> None:
    caplog.set_level(logging.DEBUG)
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "consulent", team="Team Diezerpoort"))
    page.goto(live_server.url + "/casussen")
    check_page(page, "50-casussen")
    page.get_by_role("button", name="Nieuwe casus").click()
    code = re.search(r"K-[A-Z0-9]{4}-[A-Z0-9]{4}", page.url).group(0)  # type: ignore[union-attr]
    check_page(page, "51-casus-zoeken-leeg")

    page.get_by_label("Interesses").fill("klussen, kringloop")
    need(page, "Duidelijke taak", "Moet")
    need(page, "Begeleiding aanwezig", "Moet")
    page.get_by_label("Of wijk").select_option("Diezerpoort")
    page.get_by_label("Hoogstens km").fill("3")
    page.get_by_role("button", name="Zoeken").click()
    check_page(page, "52-casus-resultaten")
    page.get_by_role(
        "button", name=re.compile("Verwijs hierheen.*Kringloopwinkel De Wederkeer")
    ).click()
    page.goto(live_server.url + f"/casussen/{code}/zoeken")
    page.get_by_role("button", name="Zoeken").click()
    near = page.locator("li.near").first
    near_title = near.locator("h4").inner_text()
    near.get_by_role("button", name=re.compile("Verwijs hierheen")).click()

    assert page.locator("#verwijzingen ~ ul .card").count() == 2
    page.get_by_label("Nieuwe notitie").fill(CANARY_NOTE)
    page.get_by_role("button", name="Notitie opslaan").click()
    # Consent is given in the referral's own step, for its organisation.
    page.get_by_role("link", name=re.compile("Volgende stap.*Kringloopwinkel De Wederkeer")).click()
    page.get_by_label("De persoon geeft toestemming").check()
    page.get_by_label("Voornaam").fill("Milan")
    page.get_by_label("Telefoon").fill(CANARY_PHONE)
    check_page(page, "53-volgende-stap")
    page.get_by_role("button", name="Stap opslaan").click()
    card = page.locator("li.card", has_text="Kringloopwinkel De Wederkeer")
    assert "Contact gelegd" in card.locator("[aria-current=step]").inner_text()
    check_page(page, "53-casus")
    assert near_title in page.locator("main").inner_text()

    # The organisation sees the referral with first name and phone, and confirms the first visit.
    provider_context = browser.new_context()
    provider = provider_context.new_page()
    log_in(
        provider,
        live_server,
        make_person(live_server.app, "aanbieder", organisation="Stichting Kringloop De Wederkeer"),
    )
    provider.goto(live_server.url + "/aanbieder/verwijzingen")
    assert "Milan" in provider.locator("main").inner_text()
    assert CANARY_NOTE not in provider.content()
    check_page(provider, "54-aanbieder-verwijzingen")
    provider.get_by_role("button", name=re.compile("Eerste bezoek bevestigen")).click()
    assert "Het eerste bezoek is bevestigd" in provider.locator(".flash").inner_text()
    provider_context.close()

    # No attendance for some weeks: a signal for the consultant.
    with live_server.app.app_context():
        session = db.session()
        referral = session.scalars(select(Referral).where(Referral.step == "deelnemend")).one()
        for attendance in referral.attendance:
            attendance.week -= dt.timedelta(weeks=4)
        session.commit()
    page.goto(live_server.url + "/signalen")
    assert "Niet gezien sinds" in page.locator("main").inner_text()
    check_page(page, "55-signalen")

    # Dagbesteding on Monday morning clashes with the kringloop shop's Monday.
    page.goto(live_server.url + f"/casussen/{code}/plan")
    page.get_by_label("Wat").fill("Dagbesteding De Werkplaats")
    page.get_by_label("Dag", exact=True).select_option("ma")
    page.get_by_label("Van (UU:MM)").fill("09:00")
    page.get_by_label("Tot (UU:MM)").fill("12:00")
    page.get_by_role("button", name="Toevoegen").click()
    assert (
        "valt Dagbesteding De Werkplaats samen met" in page.locator(".error-summary").inner_text()
    )
    check_page(page, "56-weekplan")
    page.emulate_media(media="print")
    assert pdf_pages(page.pdf(format="A4")) <= 2
    page.emulate_media(media="screen")
    with page.expect_download() as download:
        page.get_by_role("link", name="Zet in je agenda (.ics)").click()
    assert download.value.suggested_filename == "weekplan.ics"
    assert "BEGIN:VCALENDAR" in Path(download.value.path()).read_text(encoding="utf-8")

    page.goto(live_server.url + f"/casussen/{code}")
    page.get_by_role("button", name=re.compile("Intrekken")).click()
    check_page(page, "57-intrekken-bevestigen")
    page.get_by_role("link", name="Nee, terug").click()
    page.goto(live_server.url + f"/casussen/{code}/wissen")
    check_page(page, "57-wissen-bevestigen")
    page.goto(live_server.url + f"/casussen/{code}/sluiten")
    page.get_by_role("button", name="Ja, sluiten").click()

    logged = "\n".join(live_server.log) + "\n".join(r.getMessage() for r in caplog.records)
    assert CANARY_NOTE not in logged and CANARY_PHONE not in logged and "Milan" not in logged


def test_the_welcome_check_in_with_its_faces_at_375_px(
    live_server: LiveServer, visit: Visit, monkeypatch: pytest.MonkeyPatch
) -> None:
    from matcher.models import UserAccount
    from matcher.services import cases
    from matcher.services.audit import Actor
    from matcher.services.catalogue import get_record

    person = make_person(live_server.app, "consulent", team="Team Welkom")
    started = dt.date.today() - dt.timedelta(weeks=5)
    with monkeypatch.context() as patched, live_server.app.app_context():
        patched.setattr(
            cases, "now", lambda: dt.datetime.combine(started, dt.time(10), tzinfo=dt.UTC)
        )
        session = db.session()
        actor = Actor(session.get(UserAccount, person.id), "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        record = get_record(session, "taalcafe-binnenstad")
        assert record is not None
        referral = cases.refer(session, case, record, actor)
        cases.confirm_first_visit(session, referral, actor, started)
        session.commit()
        code, checkin = case.code, f"/casussen/{case.code}/verwijzingen/{referral.id}/welkom"

    page = visit.page
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, person)
    page.goto(live_server.url + "/casussen")
    page.get_by_role("link", name=re.compile("Check-in na 4 weken: nog doen")).click()
    assert page.get_by_role("radio", name="Na 4 weken").is_checked()
    check_page(page, "58-welkom-375")
    page.get_by_role("button", name="Check-in opslaan").click()
    assert "kies een antwoord" in page.locator(".error-summary").inner_text()
    check_page(page, "59-welkom-fout-375")

    # Keyboard only: into the group of answers, the arrow key moves to the next one.
    page.get_by_role("radio", name="Ja, ik voel me welkom").focus()
    page.keyboard.press("Space")
    page.keyboard.press("ArrowRight")
    assert page.get_by_role("radio", name="Een beetje").is_checked()
    page.get_by_role("button", name="Check-in opslaan").click()
    assert page.url.startswith(live_server.url + f"/casussen/{code}#verwijzing-")
    assert "De check-in is opgeslagen." in page.locator(".flash").inner_text()
    assert "Een beetje" in page.locator(".checkins").inner_text()
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(live_server.url + checkin)
    check_page(page, "58-welkom-1280")


def test_a_date_typed_whole_and_a_transfer_to_the_wijkteam_at_375_and_1280_px(
    live_server: LiveServer,
    visit: Visit,
    browser,  # type: ignore[no-untyped-def]
) -> None:
    from matcher.models import UserAccount
    from matcher.services import cases
    from matcher.services.audit import Actor
    from matcher.services.catalogue import get_record

    person = make_person(live_server.app, "consulent", team="SamenZwolle Holtenbroek")
    wijkteam = make_person(live_server.app, "swt", team="SWT Holtenbroek")
    with live_server.app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, person.id), "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        record = get_record(session, "taalcafe-binnenstad")
        assert record is not None
        cases.refer(session, case, record, actor)
        session.commit()
        code = case.code

    page = visit.page
    page.set_viewport_size({"width": 375, "height": 800})
    log_in(page, live_server, person)
    page.goto(live_server.url + f"/casussen/{code}")
    assert "Open: je team helpt de persoon" in page.locator("main").inner_text()
    check_page(page, "60-casus-375")
    page.get_by_role("link", name=re.compile("^Afspraken")).click()
    page.get_by_label("Wie gaat mee naar het eerste bezoek").fill("maatje Piet")
    page.get_by_label("Dag", exact=True).fill("32-12-2026")
    page.get_by_role("button", name="Afspraken opslaan").click()
    summary = page.locator("#foutmeldingen")
    assert "deze datum bestaat niet" in summary.inner_text()
    assert page.evaluate("document.activeElement.id") == "foutmeldingen"
    assert page.get_by_label("Wie gaat mee naar het eerste bezoek").input_value() == "maatje Piet"
    assert page.get_by_label("Dag", exact=True).input_value() == "32-12-2026"
    check_page(page, "61-afspraken-fout-375")
    summary.get_by_role("link").click()  # the summary's link takes the focus to the field
    assert page.evaluate("document.activeElement.id") == "opvolgen"
    page.get_by_label("Dag", exact=True).fill("1-12-2026")
    page.get_by_role("button", name="Afspraken opslaan").click()
    card = page.locator("li.card", has_text="Taalcafé")
    assert "01-12-2026" in card.inner_text() and "maatje Piet" in card.inner_text()

    page.get_by_role("link", name="Overdragen aan ander team").click()
    page.get_by_role("button", name="Ja, draag de casus over").click()
    assert "kies het team dat de casus overneemt" in page.locator("#foutmeldingen").inner_text()
    page.get_by_label("Waarom neemt dit team de casus over?").fill(
        "zorg thuis nodig, SWT neemt over"
    )
    check_page(page, "62-overdragen-fout-375")
    page.get_by_label("Naar welk team?").select_option(label="SWT Holtenbroek")
    page.get_by_role("button", name="Ja, draag de casus over").click()
    assert page.url == live_server.url + "/casussen"
    assert "overgedragen aan SWT Holtenbroek" in page.locator(".flash").inner_text()
    gone = page.goto(live_server.url + f"/casussen/{code}")
    assert gone is not None and gone.status == 404

    other_context = browser.new_context(viewport={"width": 1280, "height": 900})
    other = other_context.new_page()
    log_in(other, live_server, wijkteam)
    other.goto(live_server.url + "/signalen")
    new = other.locator("#overgedragen + ul")
    assert code in new.inner_text() and "zorg thuis nodig" in new.inner_text()
    check_page(other, "63-signalen-overgedragen-1280")
    new.get_by_role("link", name=f"Casus {code}").click()
    assert "Van SamenZwolle Holtenbroek naar SWT Holtenbroek" in other.locator("main").inner_text()
    check_page(other, "64-casus-1280")
    other.get_by_role("link", name=re.compile("^Volgende stap")).click()
    check_page(other, "65-volgende-stap-1280")
    other_context.close()
