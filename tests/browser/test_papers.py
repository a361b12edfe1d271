"""The person's papers in a browser: the consultant chooses the times with the person on the
weekly plan; "Jouw week" printed to PDF carries none of the staff's messages, warnings or notes;
"Jouw plek" fits one A4 page in Dutch and in English. The organisation's referral page shows who
referred and confirms attendance in words, with an undo. axe and screenshots at 1280 and 375 px."""

from __future__ import annotations

import io
import re

from playwright.sync_api import Page
from pypdf import PdfReader

from matcher import db
from matcher.catalogue.schedule import parse_schedule
from matcher.models import UserAccount
from matcher.services import accounts, cases, matching
from matcher.services.audit import Actor
from tests.browser.conftest import SCREENSHOTS, LiveServer, Visit, check_page, log_in
from tests.browser.test_opplussen import both_widths, tab
from tests.conftest import Person, make_person

TEAM, TEAM_PHONE = "Team Papier", "038-7776655"
ACTIVITY = "herstelacademie-binnenstad"  # ma 10:00-12:00; do 13:30-15:30; Nieuwe Markt 3
NOTE = "KANARIE-papier notitie voor het team"
STAFF_ONLY = ("Let op", "valt", "Dat lukte niet", "Uitloggen", "Casussen", NOTE, "Maatwerk")


def prepared_case(live_server: LiveServer, person: Person) -> tuple[str, int]:
    """A case referred to the herstelacademie (contact made), with a note, a team phone and
    dagbesteding on Thursday afternoon that clashes with the academy's Thursday."""
    with live_server.app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, person.id), "test", "begeleiding")
        accounts.set_team_phone(session, TEAM, TEAM_PHONE, actor)
        case = cases.create(session, actor)
        cases.add_note(session, case, NOTE, actor)
        record = matching.record(session, ACTIVITY)
        assert record is not None
        referral = cases.refer(session, case, record, actor)
        cases.move(session, referral, "contact_gelegd", actor)
        slot = parse_schedule("do 13:00-16:00")[0]
        cases.add_plan_item(session, case, "Dagbesteding De Werkplaats", slot, actor)
        session.commit()
        return case.code, referral.id


def pdf_text(page: Page, name: str) -> tuple[str, int]:
    """The page printed to A4 as the person gets it: its text and number of pages (the PDF is
    kept beside the screenshots to look at)."""
    page.emulate_media(media="print")
    pdf = page.pdf(format="A4", print_background=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}-print.png"), full_page=True)
    page.emulate_media(media="screen")
    (SCREENSHOTS / f"{name}.pdf").write_bytes(pdf)
    reader = PdfReader(io.BytesIO(pdf))
    return "\n".join(p.extract_text() for p in reader.pages), len(reader.pages)


def test_the_person_gets_papers_with_only_the_times_chosen_and_nothing_for_staff(
    live_server: LiveServer, visit: Visit
) -> None:
    person = make_person(live_server.app, "consulent", team=TEAM)
    code, referral_id = prepared_case(live_server, person)
    page = visit.page
    log_in(page, live_server, person)

    # The staff's plan: both of the academy's times, one clashing with dagbesteding; choose one.
    page.goto(live_server.url + f"/casussen/{code}/plan")
    assert (
        "valt Dagbesteding De Werkplaats samen met" in page.locator(".error-summary").inner_text()
    )
    form = page.locator(f"#tijden-{referral_id}")
    form.get_by_label("maandag 10:00 tot 12:00").check()
    form.get_by_label("Dit neemt de persoon mee").fill("Een pen en je agenda")
    form.get_by_role("button", name=re.compile("^Opslaan")).click()
    assert (
        "De tijden en wat de persoon meeneemt zijn opgeslagen."
        in page.locator(".flash").inner_text()
    )
    assert (
        page.locator(f"#tijden-{referral_id}").get_by_label("maandag 10:00 tot 12:00").is_checked()
    )
    both_widths(page, "80-weekplan-tijden")

    # A refused maatwerk item leaves a message for staff; the person's week shows no such thing.
    page.get_by_label("Wat", exact=True).fill("")
    page.get_by_role("button", name="Toevoegen").click()
    assert "Dat lukte niet" in page.locator(".flash").inner_text()
    page.get_by_role("link", name="Jouw week: papier voor de persoon").click()
    main = page.locator("main").inner_text()
    assert "10:00 - 12:00" in main and "13:30 - 15:30" not in main
    assert "Sandra Kuipers" in main and TEAM_PHONE in main
    both_widths(page, "81-jouw-week")
    text, pages = pdf_text(page, "81-jouw-week")
    assert "Jouw week" in text and "10:00 - 12:00" in text and "038-0001105" in text
    assert [word for word in (*STAFF_ONLY, code) if word in text] == []
    assert pages <= 2

    # "Jouw plek": one A4 page, in Dutch and in English.
    page.goto(live_server.url + f"/casussen/{code}/verwijzingen/{referral_id}/jouw-plek")
    both_widths(page, "82-jouw-plek")
    text, pages = pdf_text(page, "82-jouw-plek")
    for expected in ("Jouw plek", "Nieuwe Markt 3", "Sandra Kuipers", "Een pen en je agenda"):
        assert expected in text
    assert pages == 1 and [word for word in (*STAFF_ONLY, code) if word in text] == []
    page.get_by_role("link", name="In English").click()
    assert page.locator("html").get_attribute("lang") == "en"
    both_widths(page, "83-jouw-plek-en")
    text, pages = pdf_text(page, "83-jouw-plek-en")
    assert pages == 1 and "Nieuwe Markt 3" in text and code not in text


def test_the_organisation_confirms_attendance_in_words_and_can_undo_it(
    live_server: LiveServer, visit: Visit
) -> None:
    from playwright.sync_api import Browser

    person = make_person(live_server.app, "consulent", team=TEAM)
    _, referral_id = prepared_case(live_server, person)
    browser: Browser = visit.context.browser  # type: ignore[assignment]
    page = tab(browser, live_server, "aanbieder", "Herstelnetwerk IJssel")
    page.goto(live_server.url + "/aanbieder/verwijzingen")
    card = page.locator(f"#verwijzing-{referral_id}")
    assert f"door {TEAM}" in card.inner_text() and TEAM_PHONE in card.inner_text()
    assert "Deze week:" in page.locator("main").inner_text()
    both_widths(page, "84-aanbieder-verwijzingen")
    card.get_by_role("button", name=re.compile("^Eerste bezoek bevestigen")).click()
    card = page.locator(f"#verwijzing-{referral_id}")
    assert "Eerste bezoek bevestigd." in card.locator(".confirmed").inner_text()
    assert "Het eerste bezoek is bevestigd." in page.locator(".flash").inner_text()
    both_widths(page, "85-aanbieder-bevestigd")
    card.get_by_role("button", name=re.compile("^Ongedaan maken")).click()
    assert "Het eerste bezoek is teruggedraaid." in page.locator(".flash").inner_text()
    card = page.locator(f"#verwijzing-{referral_id}")
    assert card.get_by_role("button", name=re.compile("^Eerste bezoek bevestigen")).is_visible()
    check_page(page, "86-aanbieder-teruggedraaid")
