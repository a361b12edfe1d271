"""Resident pages over HTTP: the steps, results, detail, browse, statements, language, errors."""

from __future__ import annotations

import csv
import re

import pytest
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import vocabulary
from matcher.web.public import RESULTS as PAGE_SIZE
from tests.conftest import EVAL_CATALOGUE

RESULTS = "/resultaten?interesse=koken&hulp=kleine_groep&hulp=gratis&postcode=8012&dag=di"


@pytest.fixture
def site(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    return client


def text(page: bytes) -> str:
    return page.decode()


def test_it_asks_one_step_at_a_time_and_carries_earlier_answers(site: FlaskClient) -> None:
    first = text(site.get("/zoeken").data)
    assert "Vraag 1 van 4" in first and 'name="interesse" value="koken"' in first
    second = text(site.get("/zoeken?stap=2&interesse=koken&anders=breien").data)
    assert "Vraag 2 van 4" in second
    assert '<input type="hidden" name="interesse" value="koken">' in second
    assert '<input type="hidden" name="anders" value="breien">' in second
    assert 'href="/zoeken?stap=1&amp;interesse=koken&amp;anders=breien"' in second


def test_it_says_an_unknown_postcode_next_to_the_field_and_keeps_it(site: FlaskClient) -> None:
    page = text(site.get("/zoeken?stap=4&interesse=koken&postcode=9999").data)
    assert "Vraag 3 van 4" in page
    assert 'id="postcode-fout"' in page and "We kennen deze postcode niet" in page
    assert 'value="9999"' in page and 'aria-invalid="true"' in page
    response = site.get("/resultaten?interesse=koken&postcode=9999")
    assert response.status_code == 422 and "We kennen deze postcode niet" in text(response.data)


def test_it_shows_results_as_cards_with_reasons_and_a_phone_link(site: FlaskClient) -> None:
    page = text(site.get(RESULTS).data)
    assert "Dit past bij jou" in page
    assert page.count('<article class="card">') >= 1
    assert "past bij je interesse koken en samen eten" in page
    assert re.search(r'href="tel:0380+\d+"', page)
    assert "Gratis" in page
    assert "http://localhost" + RESULTS.replace("&", "&amp;") in page


def test_the_shared_link_reproduces_the_list(site: FlaskClient) -> None:
    first = text(site.get(RESULTS).data)
    again = text(site.get(RESULTS).data)
    titles = re.findall(r'<h3><a href="/activiteit/([^"]+)"', first)
    assert titles and titles == re.findall(r'<h3><a href="/activiteit/([^"]+)"', again)


def cards(page: str) -> list[str]:
    """The result cards of a page."""
    return re.findall(r'<article class="card">(.*?)</article>', page, flags=re.S)


def free_sport_in_the_catalogue() -> int:
    """Free sport activities one can join, counted from the catalogue file itself."""
    with EVAL_CATALOGUE.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    return sum(
        "sport" in r["interests"].split(";")
        and r["cost_eur"] == "0"
        and r["status"] != "vol"
        and r["aanbod"] != "maatwerk"
        for r in rows
    )


def test_free_means_free(site: FlaskClient) -> None:
    response = site.get("/resultaten?interesse=sport&hulp=gratis")
    assert response.status_code == 200
    page = text(response.data)
    expected = min(free_sport_in_the_catalogue(), PAGE_SIZE)
    assert expected >= 3 and len(cards(page)) == expected
    assert f"{expected} activiteiten passen goed." in page
    assert [card for card in cards(page) if "Gratis" not in card or "€" in card] == []
    paid = cards(text(site.get("/resultaten?interesse=sport").data))
    assert any("€" in card for card in paid)  # without the filter the same search shows costs


def test_it_shows_one_activity_in_full(site: FlaskClient) -> None:
    page = text(site.get("/activiteit/taalcafe-binnenstad").data)
    assert '<h1 lang="nl" dir="ltr">Taalcafé Binnenstad</h1>' in page
    assert "Bloemendalstraat 9" in page and 'href="tel:0380001101"' in page
    assert site.get("/activiteit/bestaat-niet").status_code == 404


def test_it_browses_with_filters_and_pages(site: FlaskClient) -> None:
    page = text(site.get("/activiteiten").data)
    assert "90 activiteiten gevonden" in page and "Pagina 1 van 8" in page
    filtered = text(site.get("/activiteiten?wijk=Berkum&interesse=wandelen").data)
    assert "Wandelgroep" in filtered and "Taalcafé Binnenstad" not in filtered
    free = text(site.get("/activiteiten?kosten=gratis&dag=za").data)
    assert "per maand" not in free


def test_it_ignores_unknown_filter_values(site: FlaskClient) -> None:
    response = site.get("/activiteiten?wijk=Nergens&interesse=%27;DROP&pagina=999")
    assert response.status_code == 200
    assert "90 activiteiten gevonden" in text(response.data)


@pytest.mark.parametrize(
    "path",
    [
        "/activiteiten?pagina=³",
        "/activiteiten?pagina=" + "9" * 4_301,
        "/zoeken?stap=³",
        "/zoeken?stap=" + "9" * 4_301,
        "/activiteiten?pagina=٣",
        "/zoeken?stap=-1",
    ],
)
def test_it_reads_any_page_or_step_number_without_failing(site: FlaskClient, path: str) -> None:
    assert site.get(path).status_code == 200


@pytest.mark.parametrize(
    "path",
    [
        "/",
        "/zoeken",
        RESULTS,
        "/activiteiten",
        "/privacy",
        "/toegankelijkheid",
        "/activiteit/taalcafe-binnenstad",
    ],
)
def test_public_pages_set_no_cookie_and_link_the_statements(site: FlaskClient, path: str) -> None:
    response = site.get(path)
    assert response.status_code == 200
    assert "Set-Cookie" not in response.headers
    page = text(response.data)
    assert 'href="/privacy"' in page and 'href="/toegankelijkheid"' in page
    assert '<html lang="nl">' in page


def test_it_switches_to_english_with_only_a_language_cookie(site: FlaskClient) -> None:
    response = site.post("/taal", data={"taal": "en", "terug": RESULTS})
    assert response.status_code == 303 and response.headers["Location"] == RESULTS
    assert response.headers["Set-Cookie"].startswith("taal=en;")
    page = text(site.get(RESULTS).data)
    assert '<html lang="en">' in page and "This fits you" in page
    assert "matches your interest cooking and eating together" in page
    site.post("/taal", data={"taal": "nl", "terug": "/"})
    assert '<html lang="nl">' in text(site.get("/").data)


@pytest.mark.parametrize(
    "elsewhere", ["//evil.example/", "/\\evil.example", "https://evil.example/", "/x\\..\\evil"]
)
def test_the_language_switch_only_goes_back_to_this_site(site: FlaskClient, elsewhere: str) -> None:
    response = site.post("/taal", data={"taal": "en", "terug": elsewhere})
    assert response.headers["Location"] == "/"


def test_an_unknown_page_says_so_in_plain_words(site: FlaskClient) -> None:
    response = site.get("/bestaat-niet")
    assert response.status_code == 404
    assert "Deze pagina bestaat niet" in text(response.data)


def card_ids(page: str) -> list[str]:
    return re.findall(r'<h3><a href="/activiteit/([^"?]+)', page)


def test_it_shows_what_fits_well_apart_from_what_fits_a_little(site: FlaskClient) -> None:
    page = text(site.get("/resultaten?anders=schaken&wijk=Stadshagen").data)
    assert "<h1>Dit past bij jou</h1>" in page
    good, partial = page.split('id="past-goed"')[1].split('id="past-een-beetje"')
    assert card_ids(good)[0] == "schaakclub-westenholte"
    assert "past bij je interesse schaken" in good
    assert "ook iets met schaken" not in good and card_ids(partial)
    assert "Liever samen zoeken?" in page and 'href="tel:0380009000"' in page


def test_when_nothing_fits_it_says_so_and_offers_a_person(site: FlaskClient) -> None:
    response = site.get("/resultaten?anders=xqwzrtv%2C+vissen&wijk=Pierik")
    page = text(response.data)
    assert response.status_code == 200
    assert "<h1>We vonden niets dat goed past</h1>" in page
    assert "Dit past bij jou" not in page and card_ids(page) == []
    assert "Deze woorden begrepen we niet: <strong>xqwzrtv, vissen</strong>" in page
    assert "Pas je antwoorden aan." in page and 'href="/zoeken?stap=1&amp;anders=' in page
    assert "Liever samen zoeken?" in page and "SamenZwolle" in page and "Sociaal wijkteam" in page
    assert "Voorbeeldgegevens: deze nummers en adressen bestaan niet echt." in page


def test_a_need_marked_as_a_must_is_never_missing(site: FlaskClient) -> None:
    must = text(site.get("/resultaten?interesse=creatief&steun_rolstoeltoegankelijk=moet").data)
    rather = text(site.get("/resultaten?interesse=creatief&steun_rolstoeltoegankelijk=liever").data)
    assert card_ids(must) and card_ids(rather)
    assert "goed te doen met een rolstoel" not in page_missing(must)
    assert "goed te doen met een rolstoel" in page_missing(rather)  # said on the card, not hidden
    with_wheelchair = {
        i for i in card_ids(must) if "Goed te doen met een rolstoel" in detail(site, i)
    }
    assert with_wheelchair == set(card_ids(must))


def page_missing(page: str) -> str:
    return " ".join(re.findall(r'<p class="missing">(.*?)</p>', page, flags=re.S))


def detail(site: FlaskClient, activity_id: str) -> str:
    return text(site.get(f"/activiteit/{activity_id}").data)


def test_the_needs_question_offers_a_must_and_keeps_old_links_working(site: FlaskClient) -> None:
    page = text(site.get("/zoeken?stap=2&interesse=koken&hulp=kleine_groep").data)
    assert 'name="steun_kleine_groep" value="liever" checked' in page
    assert 'name="steun_prikkelarm" value="moet"' in page and "Dit moet" in page
    old = text(site.get("/resultaten?interesse=koken&hulp=kleine_groep").data)
    new = text(site.get("/resultaten?interesse=koken&steun_kleine_groep=liever").data)
    assert card_ids(old) == card_ids(new)


def test_the_detail_page_offers_to_search_together(site: FlaskClient) -> None:
    page = detail(site, "taalcafe-binnenstad")
    assert "Liever samen zoeken?" in page and 'href="tel:0380009100"' in page


def test_searching_for_someone_else_the_reasons_speak_about_him_or_her(site: FlaskClient) -> None:
    mine = site.get("/resultaten?interesse=koken").get_data(as_text=True)
    theirs = site.get("/resultaten?interesse=koken&voor=ander").get_data(as_text=True)
    assert "past bij je interesse koken en samen eten" in mine
    assert "past bij zijn of haar interesse koken en samen eten" in theirs
    assert "past bij je interesse" not in theirs


def test_it_offers_the_interests_as_six_groups_and_opens_the_one_with_a_choice(
    site: FlaskClient,
) -> None:
    page = text(site.get("/zoeken?interesse=zingeving").data)
    groups = re.findall(r'<details class="group"( open)?>', page)
    assert len(groups) == 6 and groups.count(" open") == 1
    opened = page.split('<details class="group" open>')[1].split("</details>")[0]
    assert "Praten met anderen" in opened and "1 gekozen" in opened
    assert 'value="zingeving" checked' in opened and "Praten over het leven" in opened


def test_the_detail_page_leads_back_to_the_same_list(site: FlaskClient) -> None:
    results = text(site.get(RESULTS).data)
    link = re.findall(r'<h3><a href="(/activiteit/[^"]+)"', results)[0].replace("&amp;", "&")
    detail = text(site.get(link).data)
    back = re.findall(r'<a class="back" href="([^"]+)"', detail)
    assert back and set(back) == {RESULTS.replace("&", "&amp;")}
    assert "Terug naar je lijst" in detail and ">Je lijst</a>" in detail


def test_the_detail_page_leads_back_to_the_catalogue_page_it_came_from(site: FlaskClient) -> None:
    listed = text(site.get("/activiteiten?wijk=Berkum&pagina=1").data)
    link = re.findall(r'<h2><a href="(/activiteit/[^"]+)"', listed)[0].replace("&amp;", "&")
    assert "lijst=alle" in link
    detail = text(site.get(link).data)
    assert 'class="back" href="/activiteiten?wijk=Berkum"' in detail
    alone = text(site.get("/activiteit/taalcafe-binnenstad").data)
    assert 'class="back" href="/activiteiten"' in alone and "Naar alle activiteiten" in alone


def test_residents_read_plain_labels_where_consultants_read_their_own_terms(
    site: FlaskClient,
) -> None:
    page = text(site.get("/zoeken?stap=2&interesse=koken").data)
    assert "Goed te doen met een rolstoel" in page and "Rolstoeltoegankelijk" not in page
    listed = text(site.get("/activiteiten?hulp=ervaringsdeskundige").data)
    assert "Iemand die het zelf heeft meegemaakt" in listed
    assert "Ervaringsdeskundige" not in listed


def test_the_start_page_shows_the_topics_under_the_six_groups_of_the_first_question(
    site: FlaskClient,
) -> None:
    page = site.get("/").get_data(as_text=True)
    groups = re.findall(r'<h3 class="topic-group">.*?<span>(.*?)</span></h3>', page)
    assert groups == [g.label for g in vocabulary.INTEREST_GROUPS]
    linked = re.findall(r'href="/activiteiten\?interesse=(\w+)"', page)
    assert sorted(linked) == sorted(vocabulary.INTERESTS)  # every topic, each once
