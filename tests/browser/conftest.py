"""A live server and Debian's Chromium driven by Playwright, with axe-core for accessibility checks."""

from __future__ import annotations

import logging
import os
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pytest
from flask import Flask
from playwright.sync_api import Browser, BrowserContext, Page, Playwright, sync_playwright
from werkzeug.serving import make_server

from matcher import create_app
from tests.conftest import EVAL_CATALOGUE, Person, fresh_code

if TYPE_CHECKING:
    from _typeshed.wsgi import StartResponse, WSGIApplication, WSGIEnvironment

ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = os.environ.get("CHROMIUM", "/usr/bin/chromium")
AXE = Path(os.environ.get("AXE_PATH", ROOT / ".venv/axe/node_modules/axe-core/axe.min.js"))
SCREENSHOTS = ROOT / "test-artifacts" / "screenshots"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Without these, Chromium reaches out to Google's hosts, which this network refuses.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


class _Capture(logging.Handler):
    def __init__(self) -> None:
        super().__init__()
        self.lines: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.lines.append(record.getMessage())


@dataclass
class LiveServer:
    """The app served over real HTTP on a free port, with its access log captured."""

    url: str
    app: Flask
    log: list[str] = field(default_factory=list)


def live_app(database: Path, **config: Any) -> Flask:
    """The app on its own SQLite database with the evaluation catalogue."""
    app = create_app(
        {
            "DATABASE_URL": f"sqlite:///{database}",
            "SECRET_KEY": "browser-tests",
            "RATELIMIT_ENABLED": False,
            **config,
        }
    )
    result = app.test_cli_runner().invoke(args=["import", str(EVAL_CATALOGUE)])
    assert result.exit_code == 0, result.output
    return app


def _closed_before_sending(app: WSGIApplication) -> WSGIApplication:
    """The app with each response read and closed before the server writes it.

    Werkzeug's development server skips closing a response when the browser drops the
    connection while it drains the request (a navigation cancels a favicon fetch), which
    leaves a static file open and fails the test that happens to be running. Production
    runs gunicorn; the tests' responses are small enough to read whole.
    """

    def read_whole(environ: WSGIEnvironment, start_response: StartResponse) -> Iterable[bytes]:
        response = app(environ, start_response)
        try:
            return [b"".join(response)]
        finally:
            if hasattr(response, "close"):
                response.close()

    return read_whole


@contextmanager
def serving(app: Flask) -> Iterator[str]:
    """The app over real HTTP on a free port while the block runs; its URL."""
    server = make_server("127.0.0.1", 0, _closed_before_sending(app), threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_port}"
    finally:
        server.shutdown()
        app.extensions["matcher.engine"].dispose()


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    app = live_app(tmp_path_factory.mktemp("live") / "live.sqlite")
    capture = _Capture()
    access_log = logging.getLogger("werkzeug")
    access_log.addHandler(capture)
    access_log.setLevel(logging.INFO)
    try:
        with serving(app) as url:
            yield LiveServer(url, app, capture.lines)
    finally:
        access_log.removeHandler(capture)


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    if not Path(CHROMIUM).exists():
        pytest.fail(f"{CHROMIUM} is missing: `make test` installs Debian's chromium")
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
    yield browser
    browser.close()


@dataclass
class Visit:
    """One browser tab, with every request it made."""

    page: Page
    context: BrowserContext
    requests: list[str]


@pytest.fixture
def visit(browser: Browser) -> Iterator[Visit]:
    context = browser.new_context(viewport={"width": 1280, "height": 900}, locale="nl-NL")
    page = context.new_page()
    requests: list[str] = []
    page.on("request", lambda request: requests.append(request.url))
    yield Visit(page, context, requests)
    context.close()


def axe_violations(page: Page) -> list[dict[str, Any]]:
    """Run axe-core with the WCAG 2.1 A and AA rules; return what it reports as violations."""
    if not AXE.exists():
        pytest.fail(f"{AXE} is missing: `make test` installs axe-core")
    # evaluate() runs outside the page's CSP, which rightly refuses injected script tags.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate(
        "tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", AXE_TAGS
    )
    return [
        {"id": v["id"], "help": v["help"], "nodes": [n["target"] for n in v["nodes"]][:5]}
        for v in result["violations"]
    ]


def check_page(page: Page, name: str) -> None:
    """No axe violation, and a screenshot for people to look at."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=True)
    assert axe_violations(page) == [], name


def log_in(page: Page, live_server: LiveServer, person: Person) -> None:
    """Log in through the pages, with the code of the person's authenticator."""
    page.goto(live_server.url + "/login")
    page.get_by_label("E-mailadres").fill(person.email)
    page.get_by_label("Wachtwoord").fill(person.password)
    page.get_by_role("button", name="Volgende").click()
    page.get_by_label("Code").fill(fresh_code(live_server.app, person))
    page.get_by_role("button", name="Inloggen").click()
    page.wait_for_load_state()


def need(page: Page, support: str, level: str) -> None:
    """Choose how much a support matters in the consult form: "Moet", "Liever wel", "Niet nodig"."""
    page.get_by_role("group", name=support, exact=True).get_by_label(level, exact=True).check()


def choose_interest(page: Page, name: str) -> None:
    """Tick an interest on the first question: open its group, then click its tile."""
    group = page.locator("details.group", has=page.get_by_text(name, exact=True))
    if group.get_attribute("open") is None:
        group.locator("summary").click()
    group.get_by_text(name, exact=True).click()
