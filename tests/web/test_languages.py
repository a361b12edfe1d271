"""Residents' pages in Turkish, Arabic (right to left), Polish and Ukrainian; staff pages in Dutch
and English; the catalogue's own words stay Dutch and say so; switching keeps the answers."""

from __future__ import annotations

import html
import re

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import contacts, vocabulary
from matcher.web.icons import mirrored
from tests.conftest import EVAL_CATALOGUE
from tests.ranking.conftest import load_records
from tests.web.test_i18n import RESIDENT_PAGES, dutch_of_the_catalogue, system_text
from tests.web.test_translations import TRANSLATED, po

NEW_LANGUAGES = ("tr", "ar", "pl", "uk")


@pytest.fixture
def site(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    return client


def page_of(client: FlaskClient, path: str, language: str | None = None) -> str:
    if language:
        client.set_cookie("taal", language)
    return client.get(path).get_data(as_text=True)


def switch(page: str) -> str:
    return page.split('<form class="language"', 1)[1].split("</form>", 1)[0]


def test_a_residents_page_offers_every_page_language_by_its_own_name(site: FlaskClient) -> None:
    offered = switch(page_of(site, "/"))
    assert '<span aria-current="true" lang="nl">Nederlands</span>' in offered
    for code in vocabulary.PAGE_LANGUAGES[1:]:
        own = vocabulary.LANGUAGES[code].own_name
        rtl = ' dir="rtl"' if code == "ar" else ""
        button = (
            f'<button type="submit" name="taal" value="{code}" lang="{code}"{rtl}>{own}</button>'
        )
        assert button in offered, code


def test_staff_pages_stay_in_dutch_or_english(site: FlaskClient) -> None:
    offered = switch(page_of(site, "/login", "tr"))
    assert re.findall(r'value="(\w+)"', offered) == ["en"]
    assert '<html lang="nl">' in page_of(site, "/login", "tr")
    assert '<html lang="en">' in page_of(site, "/login", "en")
    assert '<html lang="tr">' in page_of(site, "/", "tr")


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_the_language_cookie_is_the_only_trace_of_a_choice(
    site: FlaskClient, language: str
) -> None:
    response = site.post("/taal", data={"taal": language, "terug": "/activiteiten"})
    assert response.status_code == 303 and response.headers["Location"] == "/activiteiten"
    cookie = response.headers["Set-Cookie"]
    assert cookie.startswith(f"taal={language};") and "HttpOnly" in cookie
    assert f'<html lang="{language}"' in site.get("/activiteiten").get_data(as_text=True)


def test_arabic_pages_run_from_right_to_left_and_the_others_do_not(site: FlaskClient) -> None:
    assert '<html lang="ar" dir="rtl">' in page_of(site, "/zoeken", "ar")
    assert '<html lang="ar" dir="rtl">' in page_of(site, "/bestaat-niet", "ar")
    for language in ("nl", "en", "tr", "pl", "uk"):
        assert f'<html lang="{language}">' in page_of(site, "/zoeken", language), language


def test_pictures_that_read_in_a_direction_are_mirrored_right_to_left() -> None:
    assert mirrored("eenvoudige_taal") and mirrored("duidelijke_taak")
    assert not mirrored("vervoer") and not mirrored("koken")


def test_switching_language_keeps_the_answers_given_on_the_question(site: FlaskClient) -> None:
    response = site.post(
        "/taal",
        data={
            "taal": "tr",
            "terug": "/zoeken?stap=2",
            "interesse": "koken",
            "anders": "schaken",
            "steun_prikkelarm": "moet",
            "stap": "3",  # the step form's "next", not an answer
            "naam": "Fatma",  # not an answer either: never into the link
        },
    )
    location = response.headers["Location"]
    assert location == "/zoeken?stap=2&interesse=koken&anders=schaken&steun_prikkelarm=moet"
    page = site.get(location).get_data(as_text=True)
    assert '<html lang="tr">' in page
    assert re.search(r'name="steun_prikkelarm" value="moet" checked', page)
    assert '<input type="hidden" name="interesse" value="koken">' in page


def test_switching_language_on_the_results_keeps_the_link(site: FlaskClient) -> None:
    results = "/resultaten?interesse=koken&steun_kleine_groep=moet&postcode=8012"
    response = site.post("/taal", data={"taal": "ar", "terug": results})
    assert response.headers["Location"] == results


@pytest.mark.parametrize("language", NEW_LANGUAGES)
def test_the_catalogues_own_words_stay_dutch_and_say_so(site: FlaskClient, language: str) -> None:
    activity = page_of(site, "/activiteit/taalcafe-binnenstad", language)
    translated = {m.id: m.string for m in po(language) if isinstance(m.id, str)}
    assert '<h1 lang="nl" dir="ltr">Taalcafé Binnenstad</h1>' in activity
    assert re.search(r'<p lang="nl" dir="ltr">[^<]+</p>', activity)  # the description
    assert html.escape(translated["Beschrijving in het Nederlands"]) in activity
    assert re.search(r'<span class="what">: <span lang="nl" dir="ltr">', activity)  # who to ask
    results = page_of(site, "/resultaten?interesse=koken", language)
    names = "De namen van de activiteiten en organisaties zijn in het Nederlands."
    assert html.escape(translated[names]) in results
    assert re.search(r'<h3><a href="/activiteit/[^"]+" lang="nl" dir="ltr">', results)
    assert re.search(r'<p class="organisation"><span lang="nl" dir="ltr">', results)


def test_a_dutch_page_needs_no_note_that_it_is_dutch(site: FlaskClient) -> None:
    assert "in-dutch" not in page_of(site, "/activiteit/taalcafe-binnenstad")
    english = page_of(site, "/activiteit/taalcafe-binnenstad", "en")
    assert "Description in Dutch" in english and '<span lang="en" dir="ltr">' in english


@pytest.mark.parametrize("language", [code for code in TRANSLATED if code != "en"])
def test_the_resident_pages_hold_no_dutch_of_the_catalogue(
    site: FlaskClient, language: str
) -> None:
    records = load_records(EVAL_CATALOGUE)
    own_words = {r.title for r in records} | {r.description for r in records}
    own_words |= {r.organisation for r in records}
    own_words |= {c.what for c in contacts.contacts()} | {c.when for c in contacts.contacts()}
    dutch = dutch_of_the_catalogue(language)
    site.set_cookie("taal", language)
    for path in RESIDENT_PAGES:
        response = site.get(path)
        assert response.status_code == 200, path
        text = system_text(
            response.get_data(as_text=True), sorted(own_words, key=len, reverse=True)
        )
        found = sorted(d for d in dutch if re.search(rf"(?<!\w){re.escape(d)}(?!\w)", text))
        assert found == [], (language, path)


@pytest.mark.parametrize("language", ["ar", "tr"])
def test_the_contacts_names_are_marked_as_dutch(site: FlaskClient, language: str) -> None:
    # "Sociaal wijkteam" read out with an Arabic or Turkish voice is no name anyone knows.
    page = page_of(site, "/activiteit/taalcafe-binnenstad", language)
    for contact in contacts.contacts():
        if contact.name in page:
            assert f'<strong lang="nl" dir="ltr">{html.escape(contact.name)}</strong>' in page
    assert '<strong lang="nl" dir="ltr">' in page


def test_a_phone_number_reads_left_to_right_in_an_arabic_page(site: FlaskClient) -> None:
    # After an Arabic word, "038-0009000" without its own direction read "0009000-038".
    page = page_of(site, "/activiteit/taalcafe-binnenstad", "ar")
    links = re.findall(r'<a href="tel:[^"]*"[^>]*>', page)
    assert links and all('dir="ltr"' in link for link in links)
