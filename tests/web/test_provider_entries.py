"""An organisation keeps its own entries through the pages; the beheerder reviews what matters."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from tests.conftest import log_in, make_person

X, Y = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
OWN = "taalcafe-binnenstad"  # one of X's entries in the evaluation catalogue


def client_of(app: Flask, role: str, organisation: str | None = None) -> FlaskClient:
    client = app.test_client()
    log_in(client, make_person(app, role, organisation=organisation))
    return client


@pytest.fixture
def aanbieder(app: Flask, imported: FlaskCliRunner) -> FlaskClient:
    return client_of(app, "aanbieder", X)


@pytest.fixture
def beheerder(app: Flask, imported: FlaskCliRunner) -> FlaskClient:
    return client_of(app, "beheerder")


def form_of(client: FlaskClient, path: str) -> dict[str, str | list[str]]:
    """What the edit form holds now, as a browser would send it back."""
    page = client.get(path).get_data(as_text=True)
    values: dict[str, str | list[str]] = {}
    for name, value in re.findall(
        r'<input type="text" id="\w+" name="(\w+)"[^>]*value="([^"]*)"', page
    ):
        values[name] = value
    for name, value in re.findall(r'name="(\w+)" value="(\w+)" checked', page):
        values.setdefault(name, [])
        assert isinstance(values[name], list)
        values[name].append(value)  # type: ignore[union-attr]
    for name, value in re.findall(
        r'<select id="(\w+)"[^>]*>.*?<option value="(\w+)" selected', page, re.S
    ):
        values[name] = value
    values["description"] = re.search(r"<textarea[^>]*>(.*?)</textarea>", page, re.S)[1]  # type: ignore[index]
    values["revision"] = re.search(r'name="revision" value="(\d+)"', page)[1]  # type: ignore[index]
    return values


def test_a_new_activity_waits_for_the_beheerder_and_then_is_found(
    aanbieder: FlaskClient, beheerder: FlaskClient, client: FlaskClient
) -> None:
    response = aanbieder.post(
        "/aanbieder/activiteiten/nieuw",
        data={
            "title": "Voorleesclub in de bieb",
            "description": "Je leest samen een boek en praat erover.",
            "interests": ["taal"],
            "wijk": "Binnenstad",
        },
    )
    assert response.status_code == 302
    assert "Voorleesclub" not in client.get("/activiteiten").get_data(as_text=True)
    listing = aanbieder.get("/aanbieder/activiteiten").get_data(as_text=True)
    assert "Wacht op controle" in listing and "Voorleesclub in de bieb" in listing
    queue = beheerder.get("/beheer/wijzigingen").get_data(as_text=True)
    change_id = re.search(r"/beheer/wijzigingen/(\d+)/goedkeuren", queue)[1]  # type: ignore[index]
    assert beheerder.post(f"/beheer/wijzigingen/{change_id}/goedkeuren").status_code == 302
    new_id = "voorleesclub-in-de-bieb-stichting-taal-verbindt-zwolle"
    assert client.get(f"/activiteit/{new_id}").status_code == 200


def test_a_change_of_support_waits_and_a_new_phone_number_goes_live(
    aanbieder: FlaskClient, beheerder: FlaskClient, client: FlaskClient
) -> None:
    form = form_of(aanbieder, f"/aanbieder/activiteiten/{OWN}")
    form["support"] = [*form.get("support", []), "prikkelarm"]  # type: ignore[list-item]
    form["contact_phone"] = "038-7654321"
    response = aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=form)
    assert response.status_code == 302
    public = client.get(f"/activiteit/{OWN}").get_data(as_text=True)
    assert "038-7654321" in public and "Prikkelarm" not in public
    queue = beheerder.get("/beheer/wijzigingen").get_data(as_text=True)
    assert "038-7654321" in queue  # listed as gone live, to be seen
    change_id = re.search(r"/beheer/wijzigingen/(\d+)/afwijzen", queue)[1]  # type: ignore[index]
    refused = beheerder.post(f"/beheer/wijzigingen/{change_id}/afwijzen", data={"reden": ""})
    assert refused.status_code == 422 and "schrijf op waarom" in refused.get_data(as_text=True)
    rejected = beheerder.post(
        f"/beheer/wijzigingen/{change_id}/afwijzen", data={"reden": "Er is geen stille ruimte."}
    )
    assert rejected.status_code == 302
    assert "Er is geen stille ruimte." in aanbieder.get("/aanbieder/activiteiten").get_data(
        as_text=True
    )


def test_the_second_save_from_one_form_is_refused_with_both_versions_shown(
    aanbieder: FlaskClient,
) -> None:
    first = form_of(aanbieder, f"/aanbieder/activiteiten/{OWN}")
    second = dict(first)
    first["title"] = "Taalcafé in de leeszaal"
    second["title"] = "Taalcafé op dinsdag"
    assert aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=first).status_code == 302
    response = aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=second)
    page = response.get_data(as_text=True)
    assert response.status_code == 409
    assert "Iemand anders was je voor" in page
    assert "Taalcafé in de leeszaal" in page and 'value="Taalcafé op dinsdag"' in page


def test_bad_input_is_shown_again_with_what_was_typed(aanbieder: FlaskClient) -> None:
    form = form_of(aanbieder, f"/aanbieder/activiteiten/{OWN}")
    form["cost_eur"], form["title"] = "twee euro", "Nieuwe naam"
    response = aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=form)
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "geen bedrag" in page and 'value="twee euro"' in page and 'value="Nieuwe naam"' in page


def test_another_organisation_sees_nothing_of_ours(
    app: Flask, aanbieder: FlaskClient, imported: FlaskCliRunner
) -> None:
    form = form_of(aanbieder, f"/aanbieder/activiteiten/{OWN}")
    form["expertise"] = ["nah"]
    assert aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=form).status_code == 302
    other = client_of(app, "aanbieder", Y)
    assert OWN not in other.get("/aanbieder/activiteiten").get_data(as_text=True)
    assert other.get(f"/aanbieder/activiteiten/{OWN}").status_code == 404
    assert other.get(f"/aanbieder/activiteiten/{OWN}/geschiedenis").status_code == 404
    assert other.post(f"/aanbieder/activiteiten/{OWN}", data=form).status_code == 404


def test_klopt_nog_confirms_today_and_the_history_says_so(aanbieder: FlaskClient) -> None:
    assert aanbieder.post(f"/aanbieder/activiteiten/{OWN}/klopt").status_code == 302
    history = aanbieder.get(f"/aanbieder/activiteiten/{OWN}/geschiedenis").get_data(as_text=True)
    assert "bevestigd: klopt nog" in history and "je organisatie" in history


def test_adding_what_is_probably_already_there_asks_first(aanbieder: FlaskClient) -> None:
    form = {
        "title": "Taalcafe Binnenstad",
        "description": "Samen Nederlands praten.",
        "interests": ["taal"],
        "address": "Bloemendalstraat 9",
        "wijk": "Binnenstad",
        "schedule": "wo 14:00-16:00",
    }
    asked = aanbieder.post("/aanbieder/activiteiten/nieuw", data=form)
    page = asked.get_data(as_text=True)
    assert asked.status_code == 422
    assert (
        "Staat deze activiteit er misschien al?" in page
        and "/activiteit/taalcafe-binnenstad" in page
    )
    assert 'value="Taalcafe Binnenstad"' in page  # what was typed stays
    added = aanbieder.post("/aanbieder/activiteiten/nieuw", data={**form, "toch": "ja"})
    assert added.status_code == 302


def test_the_form_gives_plain_dutch_hints_on_the_description(aanbieder: FlaskClient) -> None:
    form = form_of(aanbieder, f"/aanbieder/activiteiten/{OWN}")
    form["description"] = "Neem uw telefoon mee."
    form["cost_eur"] = "gratis"  # an error, so the form comes back with the text typed
    page = aanbieder.post(f"/aanbieder/activiteiten/{OWN}", data=form).get_data(as_text=True)
    assert "Tips voor gewone woorden" in page and "niet &#39;u&#39; en &#39;uw&#39;" in page
