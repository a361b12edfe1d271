"""Keyboard only, visible focus, reflow at 320 px, 200% zoom, and plain Dutch on resident pages."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page

from matcher import plain, vocabulary
from matcher.web.public import SUPPORT_OPTIONS
from tests.browser.conftest import LiveServer, Visit, log_in
from tests.conftest import make_person
from tests.web.test_authorization import team_case

PAGES = [
    "/",
    "/zoeken",
    "/zoeken?stap=2&interesse=koken",
    "/zoeken?stap=3&interesse=koken",
    "/zoeken?stap=4&interesse=koken&postcode=9999",
    "/zoeken?stap=4&interesse=koken",
    "/resultaten?interesse=koken&interesse=wandelen&hulp=kleine_groep&postcode=8012",
    "/activiteit/taalcafe-binnenstad",
    "/activiteiten/taalcafe-binnenstad/fout-melden",
    "/activiteiten/taalcafe-binnenstad/fout-melden/bedankt",
    "/activiteiten",
    "/privacy",
    "/toegankelijkheid",
    "/bestaat-niet",
    "/consult",
    "/consult/vergelijk",
    "/wachtwoord",
]
RESIDENT_PAGES = [p for p in PAGES if not p.startswith("/consult")]


def focused(page: Page) -> dict[str, str]:
    """What has the keyboard focus, and whether that is visible."""
    return page.evaluate(
        """() => {
            const el = document.activeElement;
            const style = getComputedStyle(el);
            const tile = el.closest('.tile');
            const tileStyle = tile ? getComputedStyle(tile) : null;
            const legend = el.closest('fieldset') && el.closest('fieldset').querySelector('legend');
            return {
                tag: el.tagName, text: (el.innerText || el.value || '').trim(),
                label: el.labels && el.labels[0] ? el.labels[0].innerText.trim() : '',
                group: legend ? legend.innerText.trim() : '',
                outline: style.outlineStyle + ' ' + style.outlineWidth,
                tileOutline: tileStyle ? tileStyle.outlineStyle : 'none',
            };
        }"""
    )


def tab_to(
    page: Page, wanted: str, limit: int = 150, group: bool = False, key: str = "Tab"
) -> None:
    """Press Tab (or `key`, such as Shift+Tab) until the focus is on the element whose text or
    label contains `wanted` (with `group`, on a field of the fieldset whose legend contains it)."""
    for _ in range(limit):
        page.keyboard.press(key)
        now = focused(page)
        visible = now["outline"].split()[0] != "none" or now["tileOutline"] != "none"
        assert visible, f"focus on {now} is not visible"
        if group and wanted in now["group"]:
            return
        if not group and (wanted in now["text"] or wanted in now["label"]):
            return
    raise AssertionError(f"Tab never reached {wanted!r}")


def test_the_resident_flow_works_with_the_keyboard_only(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    page.goto(live_server.url + "/")
    page.keyboard.press("Tab")
    assert focused(page)["text"] == "Naar de inhoud"  # the skip link comes first
    tab_to(page, "Begin met zoeken")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken")
    tab_to(page, "Bewegen en buiten")  # the group opens to its tiles
    page.keyboard.press("Enter")
    tab_to(page, "Wandelen en natuur")
    page.keyboard.press("Space")
    tab_to(page, "Volgende")
    page.keyboard.press("Enter")
    page.wait_for_url("**stap=2**")
    tab_to(page, "Kleine groep", group=True)  # on the chosen answer: "Maakt niet uit"
    page.keyboard.press("ArrowRight")  # "Liever wel"
    assert focused(page)["label"] == "Liever wel"
    tab_to(page, "Volgende")
    page.keyboard.press("Enter")
    page.wait_for_url("**stap=3**")
    tab_to(page, "Postcode")
    page.keyboard.type("8024")
    tab_to(page, "Volgende")
    page.keyboard.press("Enter")
    page.wait_for_url("**stap=4**")
    tab_to(page, "zaterdag")
    page.keyboard.press("Space")
    tab_to(page, "Toon wat past")
    page.keyboard.press("Enter")
    page.wait_for_url("**/resultaten**")
    assert "wandelen" in page.url and "steun_kleine_groep=liever" in page.url
    assert "dag=za" in page.url
    the_list = page.url
    tab_to(page, "Wandel")  # the first card's link
    page.keyboard.press("Enter")
    page.wait_for_url("**/activiteit/**")
    tab_to(page, "Terug naar je lijst")
    page.keyboard.press("Enter")
    page.wait_for_url(the_list)


def test_the_consultant_flow_works_with_the_keyboard_only(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "swt"))
    page.goto(live_server.url + "/consult")
    tab_to(page, "Interesses")
    page.keyboard.type("koken")
    tab_to(page, "Kleine groep", group=True)  # on its chosen level: "Niet nodig"
    page.keyboard.press("ArrowLeft")  # "Liever wel"
    assert focused(page)["label"] == "Liever wel"
    tab_to(page, "Zoeken")
    page.keyboard.press("Enter")
    # The list can be there before the page has loaded; a Tab then may land on the body.
    page.wait_for_selector("ol.cards")
    page.wait_for_load_state("load")
    tab_to(page, "Op de shortlist")
    page.keyboard.press("Space")
    tab_to(page, "Vergelijk de shortlist")
    page.keyboard.press("Enter")
    page.wait_for_url("**/consult/vergelijk**")
    assert page.locator("table.compare thead th").count() == 2


def overflow(page: Page) -> dict[str, object]:
    """Horizontal scrolling of the page, and elements that stick out of the viewport."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const out = [...document.querySelectorAll('main *, header *, footer *')]
              .filter(el => !el.closest('.table-scroll') && el.getClientRects().length)
              .filter(el => el.getBoundingClientRect().right > width + 1)
              .map(el => el.tagName + '.' + el.className);
            return {scroll: document.documentElement.scrollWidth - width, out: out.slice(0, 5)};
        }"""
    )


# WCAG 1.4.12: text with this spacing must lose nothing. Set through the CSSOM, which the
# Content-Security-Policy allows (it refuses injected style elements).
SPACE_TEXT = """() => {
    for (const el of document.querySelectorAll('*')) {
        el.style.setProperty('line-height', '1.5', 'important');
        el.style.setProperty('letter-spacing', '0.12em', 'important');
        el.style.setProperty('word-spacing', '0.16em', 'important');
        if (el.tagName === 'P') el.style.setProperty('margin-bottom', '2em', 'important');
    }
}"""


def clipped(page: Page) -> list[str]:
    """Elements that hide part of their own text (overflow hidden, content larger than the box)."""
    return page.evaluate(
        """() => [...document.querySelectorAll('main *, header *, footer *')]
            .filter(el => el.getClientRects().length && !el.closest('.visually-hidden, .skip'))
            .filter(el => !['INPUT', 'TEXTAREA', 'SELECT'].includes(el.tagName))  // they scroll
            .filter(el => ['hidden', 'clip'].includes(getComputedStyle(el).overflowX)
                       || ['hidden', 'clip'].includes(getComputedStyle(el).overflowY))
            .filter(el => el.scrollWidth > el.clientWidth + 1 || el.scrollHeight > el.clientHeight + 1)
            .map(el => el.tagName + '.' + el.className).slice(0, 5)"""
    )


@pytest.mark.parametrize(
    ("width", "spacing"),
    [(320, False), (640, False), (375, True)],
    ids=["320px", "zoom-200", "text-spacing"],
)
def test_no_page_scrolls_sideways_or_cuts_anything_off(
    live_server: LiveServer, visit: Visit, width: int, spacing: bool
) -> None:
    # 200% zoom on a 1280 px wide window lays the page out 640 CSS px wide.
    page = visit.page
    person = make_person(live_server.app, "consulent", team=f"Team reflow {width}")
    log_in(page, live_server, person)
    code = team_case(
        live_server.app, person, "taalcafe-binnenstad", "Stichting Taal Verbindt Zwolle", "S"
    )["<code>"]
    case_pages = [
        f"/casussen/{code}",
        f"/casussen/{code}/zoeken",
        f"/casussen/{code}/plan",
        f"/casussen/{code}/wissen",
        "/casussen",
        "/signalen",
    ]
    page.set_viewport_size({"width": width, "height": 800})
    for path in PAGES + case_pages:
        page.goto(live_server.url + path)
        if spacing:
            page.evaluate(SPACE_TEXT)
            assert clipped(page) == [], path
        assert overflow(page) == {"scroll": 0, "out": []}, path


JARGON = plain.jargon()


def own_text(page: Page) -> str:
    """The page's own words for residents, labels and reasons on the cards included (titles,
    descriptions and addresses come from organisations and carry lang="nl")."""
    return page.evaluate(
        """() => {
            const main = document.querySelector('main').cloneNode(true);
            main.querySelectorAll('[lang="nl"], select, input').forEach(el => el.remove());
            return main.innerText.replace(/https?:\\S+/g, '');  // a link to print, not words
        }"""
    )


# Pages whose cards, between them, show every label and reason a resident can meet: each page
# of the whole catalogue, and lists asked with every support as a must or a wish.
LABELLED_PAGES = [
    "/resultaten?interesse=lotgenoten&interesse=zingeving&interesse=creatief&postcode=8012"
    + "".join(f"&steun_{code}=liever" for code in SUPPORT_OPTIONS),
    "/resultaten?anders=schaken&wijk=Stadshagen&dag=di&hulp=gratis",
    "/resultaten?interesse=cultuur&steun_rolstoeltoegankelijk=moet",
]


def browse_pages(page: Page, live_server: LiveServer) -> list[str]:
    page.goto(live_server.url + "/activiteiten")
    last = int(page.locator(".pages span").inner_text().rsplit(" ", 1)[1])
    return [f"/activiteiten?pagina={n}" for n in range(1, last + 1)]


def test_resident_pages_speak_plain_dutch(live_server: LiveServer, visit: Visit) -> None:
    page = visit.page
    all_sentences: list[list[str]] = []
    shown: set[str] = set()
    for path in RESIDENT_PAGES + LABELLED_PAGES + browse_pages(page, live_server):
        page.goto(live_server.url + path)
        text = own_text(page)
        found = plain.jargon_in(text)
        assert found == [], f"{path} uses {found}"
        said = plain.sentences(text)
        all_sentences += said
        average = sum(map(len, said)) / max(1, len(said))
        assert average <= plain.AVERAGE_WORDS, (
            f"{path}: sentences of {average:.1f} words on average"
        )
        shown |= set(page.locator("main ul.supports li").all_inner_texts())
    assert len(all_sentences) > 50
    # Every support a card can show was read, in its plain words.
    assert {term.label for term in vocabulary.SUPPORTS.values()} <= shown


def test_the_jargon_list_is_read() -> None:
    assert "maatwerkvoorziening" in JARGON


def test_a_case_and_a_referral_work_with_the_keyboard_only(
    live_server: LiveServer, visit: Visit
) -> None:
    page = visit.page
    log_in(page, live_server, make_person(live_server.app, "consulent", team="Team toetsenbord"))
    make_person(live_server.app, "swt", team="SWT toetsenbord")
    page.goto(live_server.url + "/casussen")
    tab_to(page, "Nieuwe casus")
    page.keyboard.press("Enter")
    page.wait_for_url("**/zoeken")
    tab_to(page, "Interesses")
    page.keyboard.type("zingen")
    tab_to(page, "Zoeken")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.cards")
    tab_to(page, "Verwijs hierheen")
    page.keyboard.press("Enter")
    page.wait_for_url("**/casussen/K-*")
    assert page.locator("#verwijzingen ~ ul .card").count() == 1
    tab_to(page, "Volgende stap")
    page.keyboard.press("Enter")
    page.wait_for_url("**/verwijzingen/*?actie=stap")
    tab_to(page, "Stap opslaan")  # its first choice, checked, is the next step: 'Contact gelegd'
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"#verwijzing-\d+$"))  # the saved step's anchor
    card = page.locator("#verwijzingen ~ ul .card")
    assert "Contact gelegd" in card.locator("[aria-current=step]").inner_text()

    # The arrangements: a wrong date, the summary takes the focus, then a date typed whole.
    tab_to(page, "Afspraken")
    page.keyboard.press("Enter")
    page.wait_for_url("**/verwijzingen/*?actie=afspraken")
    tab_to(page, "Wie gaat mee")
    page.keyboard.type("maatje Piet")
    tab_to(page, "Dag")
    page.keyboard.type("31-2-2026")
    tab_to(page, "Afspraken opslaan")
    page.keyboard.press("Enter")
    page.wait_for_selector("#foutmeldingen")
    assert focused(page)["tag"] == "DIV"  # the summary, read out first
    tab_to(page, "Opvolgen op")  # its link to the field
    page.keyboard.press("Enter")
    assert focused(page)["label"] == "Dag"
    page.keyboard.press("Control+A")
    page.keyboard.type("1-12-2026")
    page.keyboard.press("Enter")  # submits the form
    page.wait_for_url(re.compile(r"#verwijzing-\d+$"))
    assert "01-12-2026" in card.inner_text() and "maatje Piet" in card.inner_text()

    # Handed over to the wijkteam: a team chosen by typing its name, a reason, confirmed.
    tab_to(page, "Overdragen aan ander team", key="Shift+Tab")  # back up from the saved card
    page.keyboard.press("Enter")
    page.wait_for_url("**/overdragen")
    tab_to(page, "Naar welk team")
    page.keyboard.type("SWT t")  # the select's type-ahead
    tab_to(page, "Waarom")
    page.keyboard.type("het wijkteam neemt over")
    tab_to(page, "Ja, draag de casus over")
    page.keyboard.press("Enter")
    page.wait_for_url("**/casussen")
    assert "is overgedragen aan SWT toetsenbord" in page.locator(".flash").inner_text()
