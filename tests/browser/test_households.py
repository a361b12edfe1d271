"""One household, one plan, in a browser with axe on every page: an SWT generalist makes a
household of two, records goals for both (one on daginvulling linked to a referral and to
dagbesteding as maatwerk), adds a neighbour who can come along, prints the household plan and
reviews a goal at its date from the worklist."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

from pypdf import PdfReader

from matcher import clock
from tests.browser.conftest import SCREENSHOTS, LiveServer, Visit, check_page, log_in, need
from tests.conftest import make_person

GOAL_ANNA = "Ik wil twee ochtenden per week iets doen buiten huis."
GOAL_SEM = "Ik wil een vriend om mee te voetballen."
NOTE = "KANARIE-HUISHOUDEN notitie voor het team"


def _add_member(page, name: str, role: str) -> None:  # type: ignore[no-untyped-def]
    page.get_by_label("Voornaam").fill(name)
    page.get_by_label("Wie is dit?").select_option(label=role)
    page.get_by_label("Ja, maak een nieuwe casus").check()
    page.get_by_role("button", name="Lid opslaan").click()


def _fill_date(page, prefix: str, day) -> None:  # type: ignore[no-untyped-def]
    page.locator(f"#{prefix}").fill(str(day.day))
    page.locator(f"#{prefix}-maand").fill(str(day.month))
    page.locator(f"#{prefix}-jaar").fill(str(day.year))


def _pdf_text(path: str, name: str) -> str:
    """The words of a downloaded PDF; the file is kept beside the screenshots to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, SCREENSHOTS / name)
    reader = PdfReader(io.BytesIO(Path(path).read_bytes()))
    return " ".join(" ".join(p.extract_text() for p in reader.pages).split())


def test_an_swt_generalist_makes_one_plan_with_a_household(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "swt", team="SWT Assendorp"))
    page.goto(live_server.url + "/huishoudens")
    check_page(page, "huishouden-01-lijst")
    page.get_by_role("button", name="Nieuw huishouden").click()
    code = re.search(r"H-[A-Z0-9]{4}-[A-Z0-9]{4}", page.url).group(0)  # type: ignore[union-attr]
    page.get_by_role("button", name="Lid opslaan").click()  # nothing filled in
    assert page.locator("#foutmeldingen").is_visible()
    check_page(page, "huishouden-02-lid-fout")
    _add_member(page, "Anna", "Ouder")
    page.get_by_role("link", name="Lid toevoegen").click()
    _add_member(page, "Sem", "Kind")

    # The neighbour, after she agreed to be on the plan.
    page.get_by_role("link", name="Iemand uit het netwerk toevoegen").click()
    page.get_by_label("Voornaam").fill("Fatima")
    page.get_by_label("Wie is dit voor het huishouden?").fill("buurvrouw")
    page.get_by_label("Gaat mee naar de eerste keer").check()
    page.get_by_label("Telefoon (niet verplicht)").fill("06-55501234")
    page.get_by_role("button", name="Opslaan in het netwerk").click()
    assert "vraag eerst of deze persoon op het plan wil staan" in page.locator("main").inner_text()
    check_page(page, "huishouden-03-netwerk-fout")
    page.get_by_label("Deze persoon weet het en wil op het plan van het huishouden staan").check()
    page.get_by_role("button", name="Opslaan in het netwerk").click()

    # Anna's case: a search whose near miss asks for someone to come along proposes Fatima.
    anna = page.locator("section.member", has_text="Anna")
    anna.get_by_role("link", name=re.compile(r"Casus K-")).click()
    page.get_by_role("link", name="Zoeken en verwijzen").click()
    page.get_by_label("Interesses").fill("taal")
    need(page, "Kennismaken met maatje", "Moet")
    page.get_by_role("button", name="Zoeken").click()
    near = page.locator("li.near").first
    assert "Fatima (buurvrouw) kan meegaan naar de eerste keer" in near.inner_text()
    check_page(page, "huishouden-04-zoeken-netwerk")
    near.get_by_role("button", name=re.compile("Verwijs hierheen")).click()
    referred = page.locator("#verwijzingen ~ ul .card h3").first.inner_text()
    page.get_by_role("link", name="Weekplan").first.click()
    page.get_by_label("Wat", exact=True).fill("Dagbesteding De Werkplaats")
    page.get_by_label("Dag", exact=True).select_option(label="maandag")
    page.get_by_label("Van (UU:MM)").fill("09:00")
    page.get_by_label("Tot (UU:MM)").fill("12:00")
    page.get_by_role("button", name="Toevoegen").click()
    page.goto(live_server.url + f"/huishoudens/{code}")
    page.get_by_role("link", name="Casus K-").first.click()  # the case page links back too
    page.get_by_role("link", name=f"Huishouden {code}").click()

    # Goals for both: Anna's on daginvulling serves the referral and the dagbesteding.
    page.get_by_role("link", name="Doel toevoegen voor Anna").click()
    page.get_by_label("Daginvulling").check()
    page.get_by_label("Het doel, in de woorden van de persoon").fill(GOAL_ANNA)
    page.get_by_label("Iemand uit het eigen netwerk").check()
    page.get_by_label("Wie uit het netwerk?").select_option(label="Fatima (buurvrouw)")
    _fill_date(page, "bespreken", clock.today())
    page.get_by_label(re.compile(r"Anna: verwijzing naar")).check()
    page.get_by_label("Anna: maatwerk Dagbesteding De Werkplaats (maandag)").check()
    check_page(page, "huishouden-05-doel")
    page.get_by_role("button", name="Doel opslaan").click()
    page.get_by_role("link", name="Doel toevoegen voor Sem").click()
    page.get_by_label("Sociaal netwerk").check()
    page.get_by_label("Het doel, in de woorden van de persoon").fill(GOAL_SEM)
    page.get_by_label("Het sociaal wijkteam").check()
    page.get_by_role("button", name="Doel opslaan").click()
    main = page.locator("main").inner_text()
    assert GOAL_ANNA in main and GOAL_SEM in main
    assert "Dagbesteding De Werkplaats (maatwerk)" in main and referred.split(":")[0] in main
    check_page(page, "huishouden-06-plan-1280")
    page.set_viewport_size({"width": 375, "height": 800})
    check_page(page, "huishouden-06-plan-375")
    page.set_viewport_size({"width": 1280, "height": 900})

    # A note on Anna's case is staff-only: it never reaches the paper.
    anna = page.locator("section.member", has_text="Anna")
    anna.get_by_role("link", name=re.compile(r"Casus K-")).click()
    case_code = re.search(r"K-[A-Z0-9]{4}-[A-Z0-9]{4}", page.url).group(0)  # type: ignore[union-attr]
    page.get_by_label("Nieuwe notitie").fill(NOTE)
    page.get_by_role("button", name="Notitie opslaan").click()
    page.goto(live_server.url + f"/huishoudens/{code}")
    with page.expect_download() as download:
        page.get_by_role("link", name="Plan afdrukken: Nederlands").click()
    text = _pdf_text(download.value.path(), "huishouden-plan-nl.pdf")
    assert GOAL_ANNA in text and GOAL_SEM in text
    assert "Fatima" in text and "06-55501234" in text and "Dagbesteding De Werkplaats" in text
    for staff_only in (NOTE, "KANARIE", case_code, code, "Open: je team", "Signalen"):
        assert staff_only not in text
    with page.expect_download() as download:
        page.get_by_role("link", name=re.compile("Plan afdrukken: العربية")).click()
    assert "Fatima" in _pdf_text(download.value.path(), "huishouden-plan-ar.pdf")

    # At the review date the worklist asks for the result.
    page.goto(live_server.url + "/signalen")
    check_page(page, "huishouden-07-signalen")
    page.get_by_role("link", name=re.compile("Resultaat vastleggen.*twee ochtenden")).click()
    page.get_by_role("button", name="Resultaat opslaan").click()
    assert page.locator("#foutmeldingen").is_visible()
    check_page(page, "huishouden-08-resultaat-fout")
    page.get_by_label("Deels bereikt").check()
    page.get_by_label("In een zin: hoe ging het?").fill(
        "Maandag lukt al, de tweede ochtend nog niet."
    )
    next_year = clock.today().replace(year=clock.today().year + 1, day=1)
    _fill_date(page, "volgende", next_year)
    page.get_by_role("button", name="Resultaat opslaan").click()
    assert "Deels bereikt. Maandag lukt al" in page.locator("main").inner_text()
    check_page(page, "huishouden-09-resultaat-geschiedenis")
    page.goto(live_server.url + "/signalen")
    assert GOAL_ANNA not in page.locator("main").inner_text()
