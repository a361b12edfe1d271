"""The English pages: everything the system writes is English, from one gettext catalogue."""

from __future__ import annotations

import html
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import geo, referrals, vocabulary
from matcher.web.access import EVERYONE, allow
from tests.conftest import EVAL_CATALOGUE, log_in, make_person
from tests.ranking.conftest import load_records
from tests.web.test_cases import new_case
from tests.web.test_translations import po

# `kringloop` is a part of the interest `winkel`: a shop that is not a kringloop fits partly.
# Mondays and Tuesdays: activities on other days get a note that says when they are.
PARTIAL_WITH_DAYS = "/resultaten?anders=kringloop&dag=ma&dag=di"
DUTCH_REASONS = (
    "past bij je interesse",
    "ook iets met",
    "winkel, verkoop",
    "alleen op",
    "zaterdag",
    "niet in het",
    "Engels",
    "gratis",
)


@pytest.fixture
def english(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    client.set_cookie("taal", "en")
    return client


@pytest.fixture
def consultant(app: Flask, english: FlaskClient) -> FlaskClient:
    log_in(english, make_person(app, "consulent"))
    return english


def shown(page: str, css_class: str) -> list[str]:
    """The text of every paragraph of a class, without tags."""
    found = re.findall(rf'<p class="{css_class}">(.*?)</p>', page, flags=re.S)
    return [re.sub(r"<[^>]+>", "", p) for p in found]


def test_it_writes_the_reasons_and_notes_on_the_english_results_page_in_english(
    english: FlaskClient,
) -> None:
    page = english.get(PARTIAL_WITH_DAYS).get_data(as_text=True)
    reasons, notes = " ".join(shown(page, "reasons")), " ".join(shown(page, "notes"))
    assert "matches your interest kringloop" in reasons
    assert "also something with helping in a shop or café" in reasons
    assert re.search(r"only on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", notes)
    assert "not in English" in notes
    for dutch in DUTCH_REASONS:
        assert dutch not in reasons + notes, dutch


def test_it_says_how_it_read_an_abbreviation_in_english(english: FlaskClient) -> None:
    page = english.get("/resultaten?anders=AA").get_data(as_text=True)
    assert (
        "We read AA as: Alcoholics Anonymous (a group for people who want to stop drinking)."
        in page
    )
    assert "Anonieme Alcoholisten" not in page


def test_the_consult_form_offers_every_language_of_the_vocabulary_by_its_own_name(
    consultant: FlaskClient,
) -> None:
    page = consultant.get("/consult").get_data(as_text=True)
    for code, language in vocabulary.LANGUAGES.items():
        assert re.search(rf'<option[^>]* value="{code}">{language.own_name}</option>', page), code


def refer(client: FlaskClient, code: str, activity_id: str, steps: tuple[str, ...]) -> None:
    """A referral to an activity, moved through some steps."""
    client.post(f"/casussen/{code}/verwijzingen", data={"activity_id": activity_id})
    page = client.get(f"/casussen/{code}").get_data(as_text=True)
    referral_id = re.findall(r'id="verwijzing-(\d+)"', page)[-1]
    for step in steps:
        client.post(
            f"/casussen/{code}/verwijzingen/{referral_id}", data={"actie": "stap", "stap": step}
        )


def test_the_english_case_and_provider_pages_name_every_referral_step_in_english(
    app: Flask, english: FlaskClient
) -> None:
    log_in(english, make_person(app, "consulent", team="Team Noord"))
    code = new_case(english)
    refer(english, code, "praatgroep-somberheid-pierik", ())  # next: contact, or stop
    done = ("contact_gelegd", "kennismaking", "deelnemend", "afgerond")
    refer(english, code, "herstart-nah-pierik", done)  # its history has every step but one
    refer(english, code, "sportmaatjes-wipstrik", ("gestopt",))
    case_page = english.get(f"/casussen/{code}").get_data(as_text=True)
    provider = app.test_client()
    provider.set_cookie("taal", "en")
    log_in(provider, make_person(app, "aanbieder", organisation="Herstelnetwerk IJssel"))
    provider_page = provider.get("/aanbieder/verwijzingen").get_data(as_text=True)

    english_steps = ("Proposed", "Contact made", "First visit", "Taking part", "Stopped")
    for step in (*english_steps, "Completed"):
        assert step in case_page, step
    assert "Step: Proposed" in provider_page and "Step: Stopped" in provider_page
    for page in (case_page, provider_page):
        for dutch in referrals.LABELS.values():
            assert dutch not in page, dutch


def test_the_english_consult_page_says_an_unknown_postcode_in_english(
    consultant: FlaskClient,
) -> None:
    response = consultant.post("/consult", data={"interests": "koken", "postcode": "9999"})
    page = html.unescape(response.get_data(as_text=True))
    assert response.status_code == 422
    message = "unknown postcode '9999': not a postcode in Zwolle"
    assert re.search(r'<p class="error" id="postcode-fout">.*' + message, page)
    assert re.search(r'<a href="#postcode">Postcode: ' + message, page)  # the error summary
    assert "onbekende postcode" not in page


def test_the_english_resident_page_says_an_unknown_postcode_in_english(
    english: FlaskClient,
) -> None:
    response = english.get("/resultaten?interesse=koken&postcode=9999")
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "We do not know this postcode in Zwolle." in page
    assert "We kennen deze postcode niet" not in page


def test_the_api_keeps_its_errors_dutch_whatever_the_page_language(english: FlaskClient) -> None:
    response = english.post("/api/v1/match", json={"location": {"postcode": "9999"}})
    assert response.status_code == 422
    assert response.get_json() == {
        "error": {
            "field": "location.postcode",
            "message": "onbekende postcode '9999': geen postcode in Zwolle",
        }
    }


def test_a_domain_error_on_an_english_page_is_shown_in_english(app: Flask) -> None:
    @allow(EVERYONE)
    def unknown_wijk() -> str:
        return geo.canonical_wijk("Hanzeland")  # raises: no such wijk

    app.add_url_rule("/proef/wijk", view_func=unknown_wijk)  # a page without its own handling
    client = app.test_client()
    client.set_cookie("taal", "en")
    response = client.get("/proef/wijk")
    assert response.status_code == 422
    assert "unknown neighbourhood 'Hanzeland'" in html.unescape(response.get_data(as_text=True))


RESIDENT_PAGES = (
    "/",
    "/zoeken",
    "/zoeken?stap=2&interesse=koken",
    "/zoeken?stap=3&interesse=koken",
    "/zoeken?stap=4&interesse=koken&postcode=8011",
    PARTIAL_WITH_DAYS,
    "/resultaten?interesse=koken&anders=AA,xyzzy&steun_kleine_groep=moet&hulp=gratis&postcode=8011",
    "/resultaten?anders=xyzzy",
    "/activiteit/taalcafe-binnenstad",
    "/activiteiten?dag=wo",
)
CONSULT_PROFILE = {
    "interests": "klussen, kringloop, AA",
    "wishes": "alleen 's avonds",
    "steun_kleine_groep": "liever",
    "expertise": ["nah"],
    "vorm": ["vrijwilligerswerk"],
    "wijk": "Diezerpoort",
    "days": ["ma"],
    "language": "ar",
    "top": "20",
}


def dutch_of_the_catalogue(language: str = "en") -> set[str]:
    """The Dutch of every message whose translation differs: the parts between its parameters
    that are more than one word (a single word may also be a name, such as a wijk or a language)."""
    messages = [m for m in po(language) if isinstance(m.id, str) and m.id != m.string]
    parts = {p.strip(" .,:;()") for m in messages for p in re.split(r"%\(\w+\)s", m.id)}
    return {p for p in parts if " " in p}


def system_text(page: str, own_words: list[str]) -> str:
    """What the system wrote in the page's main part: no tags, no typed values, no activities."""
    main = page.split("<main", 1)[1].split("</main>", 1)[0]
    main = re.sub(r"<textarea.*?</textarea>|<p class=\"print-only\">.*?</p>", "", main, flags=re.S)
    text = html.unescape(re.sub(r"<[^>]+>", "\n", main))
    for words in own_words:
        text = text.replace(words, " ")
    return text


def test_the_english_resident_and_consult_pages_hold_no_dutch_of_the_catalogue(
    consultant: FlaskClient,
) -> None:
    records = load_records(EVAL_CATALOGUE)
    own_words = [r.title for r in records] + [r.description for r in records]
    typed = [CONSULT_PROFILE["wishes"], CONSULT_PROFILE["interests"]]  # summed up above results
    own_words = sorted(
        {*own_words, *(r.organisation for r in records), *typed}, key=len, reverse=True
    )
    pages = {path: consultant.get(path) for path in RESIDENT_PAGES}
    pages["/consult"] = consultant.get("/consult")
    pages["/consult (results)"] = consultant.post("/consult", data=CONSULT_PROFILE)
    shortlist = ["taalcafe-binnenstad", "herstart-nah-pierik"]
    consultant.post("/consult/shortlist", data={"getoond": shortlist, "id": shortlist})
    pages["/consult/vergelijk"] = consultant.get("/consult/vergelijk")
    dutch = dutch_of_the_catalogue()
    for path, response in pages.items():
        assert response.status_code == 200, path
        text = system_text(response.get_data(as_text=True), own_words)
        found = sorted(d for d in dutch if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text))
        assert found == [], path


def test_a_refused_change_on_an_english_case_page_is_said_in_english(
    consultant: FlaskClient,
) -> None:
    code = new_case(consultant)
    page = consultant.post(
        f"/casussen/{code}/notities", data={"notitie": "x" * 501}, follow_redirects=True
    ).get_data(as_text=True)
    assert "That did not work: a note is at most 500 characters" in page
    page = consultant.post(
        f"/casussen/{code}/plan", data={"titel": "Werk", "dag": "xx"}, follow_redirects=True
    ).get_data(as_text=True)
    assert "choose a day and times, such as 09:00 to 12:00" in page
