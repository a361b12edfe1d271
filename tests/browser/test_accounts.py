"""Logging in with a TOTP code, first-time enrolment, and the user-management pages, in a browser."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pyotp
import pytest
from playwright.sync_api import Page

from tests.browser.conftest import LiveServer, Visit, check_page, live_app, log_in, serving
from tests.conftest import make_person


def test_a_new_account_sets_its_password_and_code_then_manages_users(
    live_server: LiveServer, visit: Visit
) -> None:
    page: Page = visit.page
    result = live_server.app.test_cli_runner().invoke(
        args=["create-user", "--role", "beheerder", "--email", "nieuwe.beheerder@zwolle.example"]
        + ["--name", "Bea van den Berg-Hoogeveen"]
    )
    one_time = result.output.split("Eenmalig wachtwoord: ")[1].strip()

    page.goto(live_server.url + "/login")
    check_page(page, "30-login")
    page.get_by_label("E-mailadres").fill("nieuwe.beheerder@zwolle.example")
    page.get_by_label("Wachtwoord").fill("fout wachtwoord!!")
    page.get_by_role("button", name="Volgende").click()
    check_page(page, "31-login-fout")
    page.get_by_label("Wachtwoord").fill(one_time)
    page.get_by_role("button", name="Volgende").click()

    check_page(page, "32-eerste-wachtwoord")
    page.get_by_label("Eenmalig wachtwoord").fill(one_time)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("kort")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("kort")
    page.get_by_role("button", name="Opslaan").click()
    check_page(page, "33-wachtwoord-fout")
    page.get_by_label("Eenmalig wachtwoord").fill(one_time)
    page.get_by_label("Nieuw wachtwoord", exact=True).fill("een goede lange zin om te onthouden")
    page.get_by_label("Nieuw wachtwoord nog een keer").fill("een goede lange zin om te onthouden")
    page.get_by_role("button", name="Opslaan").click()

    check_page(page, "34-tweede-stap-instellen")
    assert page.locator("svg.qr path").count() == 1
    secret = page.locator("code.secret").inner_text()
    page.get_by_label("Code", exact=True).fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Instellen en inloggen").click()

    assert page.get_by_role("heading", level=1).inner_text() == "Accounts"
    check_page(page, "35-accounts")
    header = page.locator("header .who").inner_text()
    assert "Ingelogd als Bea van den Berg-Hoogeveen" in header and "Beheerder" in header
    page.set_viewport_size({"width": 375, "height": 800})
    check_page(page, "35-accounts-375")  # a long name in the header still fits a phone
    page.set_viewport_size({"width": 1280, "height": 900})
    page.get_by_role("link", name="Nieuw account").click()
    page.get_by_label("E-mailadres").fill("consulent.noord@zwolle.example")
    page.get_by_label("Naam (mag leeg blijven)").fill("Noor Bakker")
    page.get_by_label("Rol").select_option("consulent")
    page.get_by_role("button", name="Account maken").click()
    assert (
        "een account met de rol consulent hoort bij een team"
        in page.locator("#team-fout").inner_text()
    )
    assert page.get_by_label("Naam (mag leeg blijven)").input_value() == "Noor Bakker"
    check_page(page, "36-account-fout")
    page.get_by_label("Team (voor consulent en swt)").fill("Team Noord")
    page.get_by_role("button", name="Account maken").click()
    assert re.fullmatch(r"[\w-]{20,}", page.locator("code.secret").inner_text())
    check_page(page, "37-account-gemaakt")

    page.goto(live_server.url + "/beheer/gebruikers")
    page.get_by_role("link", name="Wijzigen consulent.noord@zwolle.example").click()
    check_page(page, "38-account-wijzigen")
    page.get_by_label("Naam (mag leeg blijven)").fill("Noor Bakker-de Jong")
    page.get_by_role("button", name="Naam opslaan").click()
    assert "De naam is gewijzigd" in page.locator(".flash").inner_text()
    assert "Noor Bakker-de Jong" in page.locator("main table").inner_text()
    page.get_by_role("link", name="Wijzigen consulent.noord@zwolle.example").click()
    page.get_by_label("Rol").select_option("swt")
    page.get_by_role("button", name="Rol opslaan").click()
    assert "De rol is gewijzigd" in page.locator(".flash").inner_text()
    page.get_by_role("button", name="Uitzetten consulent.noord@zwolle.example").click()
    page.goto(live_server.url + "/beheer/audit")
    assert "De hashketen is ongeschonden" in page.locator("main").inner_text()
    check_page(page, "39-auditlog")
    page.get_by_role("button", name="Uitloggen").click()
    assert page.url.endswith("/login")


def test_an_existing_account_logs_in_with_its_code(live_server: LiveServer, visit: Visit) -> None:
    person = make_person(live_server.app, "aanbieder", organisation="AA-groep Zwolle Centrum")
    page = visit.page
    page.goto(live_server.url + "/login")
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(person.password)
    page.get_by_role("button", name="Volgende").click()
    check_page(page, "40-code")
    page.get_by_label("Code").fill("000000")
    page.get_by_role("button", name="Inloggen").click()
    assert "Deze code klopt niet" in page.locator("main").inner_text()
    page.get_by_label("Code").fill(pyotp.TOTP(person.secret).now())
    page.get_by_role("button", name="Inloggen").click()
    assert page.url.endswith("/aanbieder")
    check_page(page, "41-aanbieder")
    log_in(page, live_server, person)  # logging in again starts a new session
    assert page.url.endswith("/aanbieder")


# app.js warns two minutes before the idle timeout, but never sooner than 20 s after a page loads.
WARN_AFTER_MS = 20_000
IDLE = 4  # seconds without a request before a session of the short_idle server ends


@pytest.fixture
def short_idle(tmp_path: Path) -> Iterator[LiveServer]:
    """A server of its own whose sessions end after IDLE seconds (the shared one stays as it is)."""
    app = live_app(tmp_path / "idle.sqlite", SESSION_IDLE_SECONDS=IDLE)
    with serving(app) as url:
        yield LiveServer(url, app)


def test_a_warning_before_the_idle_timeout_lets_the_person_extend(
    short_idle: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.clock.install()  # the page's timers run on a clock the test moves, not in real time
    log_in(page, short_idle, make_person(short_idle.app, "consulent"))
    assert urlsplit(page.url).path == "/consult"
    loaded = time.monotonic()  # the server saw this session last before this moment
    dialog = page.get_by_role("alertdialog", name="Ben je er nog?")
    assert dialog.is_hidden()
    page.clock.fast_forward(WARN_AFTER_MS)
    dialog.wait_for(state="visible")
    assert page.evaluate("document.activeElement.innerText") == "Ik ben er nog: verlengen"
    # The server measures idleness in real time: extend halfway, reload once the page load's own
    # timeout has passed (about IDLE seconds of waiting in all).
    time.sleep(max(0.0, loaded + IDLE / 2 - time.monotonic()))
    with page.expect_response("**/sessie/verlengen") as extended:
        page.keyboard.press("Enter")
    assert extended.value.status == 200
    assert dialog.is_hidden()
    time.sleep(max(0.0, loaded + IDLE + 0.3 - time.monotonic()))
    page.reload()  # past the idle timeout of the page load, within that of the extension
    assert urlsplit(page.url).path == "/consult"
    page.clock.fast_forward(WARN_AFTER_MS)
    dialog.wait_for(state="visible")
    check_page(page, "42-sessie-waarschuwing")
