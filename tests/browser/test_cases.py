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
    page.get_by_label("Organisatie").select_option("Stichting Kringloop De Wederkeer")
    page.get_by_label("Voornaam").fill("Milan")
    page.get_by_label("Telefoon").fill(CANARY_PHONE)
    page.get_by_role("button", name="Toestemming vastleggen").click()
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
