"""The consult pages over HTTP: the full profile form, breakdown, near misses, shortlist, CSV."""

from __future__ import annotations

import csv
import io

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import db
from matcher.catalogue.formats import ParsedCatalogue
from matcher.catalogue.records import parse_record
from matcher.services import catalogue
from tests.conftest import log_in, make_person, row

MILAN = {
    "interests": "klussen, kringloop",
    "wishes": "vrijwilligerswerk met een vaste taak",
    "required": ["duidelijke_taak", "begeleiding_aanwezig"],
    "preferred": ["kleine_groep"],
    "expertise": ["nah"],
    "vorm": ["vrijwilligerswerk"],
    "wijk": "Diezerpoort",
    "max_km": "3",
    "age": "24",
    "top": "5",
}


@pytest.fixture
def consult(app: Flask, client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    log_in(client, make_person(app, "consulent"))
    return client


def test_it_shows_results_with_a_breakdown_and_the_near_misses(consult: FlaskClient) -> None:
    page = consult.post("/consult", data=MILAN).get_data(as_text=True)
    assert "Resultaten" in page
    assert "Vrijwilliger in Kringloopwinkel De Wederkeer" in page
    assert '<th scope="row">Interesse</th>' in page
    assert "Past als er ondersteuning bij komt" in page
    assert "Vrijwilliger bij Kringloopwarenhuis Noord" in page
    assert "begeleiding aanwezig" in page


def test_it_labels_how_well_each_result_fits_and_says_what_it_did_not_understand(
    consult: FlaskClient,
) -> None:
    data = {"interests": "schaken, xqwzrtv", "wijk": "Stadshagen", "max_km": "4"}
    page = consult.post("/consult", data=data).get_data(as_text=True)
    good, partial = page.split('id="past-goed"')[1].split('id="past-een-beetje"')
    assert "Schaakclub De Witte Loper" in good and "Past goed:" in good
    assert "Bordspellenclub De Dobbelsteen" in partial and "Past een beetje:" in partial
    assert "Niet begrepen:" in page and "<strong>xqwzrtv</strong>" in page
    nothing = consult.post("/consult", data={"interests": "xqwzrtv"}).get_data(as_text=True)
    assert "Niets past bij dit profiel." in nothing and 'id="past-goed"' not in nothing


def test_it_keeps_what_was_typed_and_names_the_field_on_error(consult: FlaskClient) -> None:
    response = consult.post("/consult", data={**MILAN, "wijk": "", "postcode": "9999"})
    assert response.status_code == 422
    page = response.get_data(as_text=True)
    assert 'id="postcode-fout"' in page and "onbekende postcode" in page
    assert 'value="9999"' in page and 'value="klussen, kringloop"' in page
    assert 'href="#postcode"' in page  # the error summary links to the field
    assert "vrijwilligerswerk met een vaste taak</textarea>" in page


def test_it_names_a_bad_number(consult: FlaskClient) -> None:
    response = consult.post("/consult", data={**MILAN, "max_km": "drie"})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and 'id="max_km-fout"' in page and 'value="drie"' in page


@pytest.mark.parametrize("field", ["max_km", "max_cost_eur", "age", "top"])
@pytest.mark.parametrize(
    "value", ["sNaN", "NaN", "Infinity", "1e999999999", "³", "٣", "1_0", "9" * 4_301]
)
def test_it_names_a_number_not_written_in_plain_digits(
    consult: FlaskClient, field: str, value: str
) -> None:
    # 'sNaN' reached WTForms' NumberRange as a Decimal and crashed it (500).
    response = consult.post("/consult", data={**MILAN, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422 and f'id="{field}-fout"' in page


def test_it_compares_a_shortlist_side_by_side(consult: FlaskClient) -> None:
    page = consult.get("/consult/vergelijk?id=kringloop-diezerpoort&id=repaircafe-wipstrik")
    html = page.get_data(as_text=True)
    assert html.count('<th scope="col">') == 3
    assert "Repair Café Wipstrik" in html


def test_it_exports_the_shortlist_as_safe_csv(consult: FlaskClient) -> None:
    response = consult.get("/consult/vergelijk.csv?id=kringloop-diezerpoort&id=taalcafe-binnenstad")
    assert response.headers["Content-Disposition"] == 'attachment; filename="vergelijking.csv"'
    rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
    assert [r["id"] for r in rows] == ["kringloop-diezerpoort", "taalcafe-binnenstad"]
    assert rows[1]["contact_phone"] == "038-0001101"
    assert response.headers["Cache-Control"] == "no-store"


def test_it_neutralises_formulas_in_the_csv(app: Flask, consult: FlaskClient) -> None:
    # The import refuses such values now (docs/catalogue-format.md), but a database filled before
    # that may hold them: written here through the import service, past the file checks.
    hostile = parse_record(row(id="formule")).model_copy(
        update={"title": '=HYPERLINK("http://evil.example")', "organisation": "+Org"}
    )
    with app.app_context():
        parsed = ParsedCatalogue(unit="regel", records=[(2, hostile)], rows_read=1)
        assert not catalogue.import_catalogue(db.session(), parsed).errors
    [exported] = list(
        csv.DictReader(
            io.StringIO(consult.get("/consult/vergelijk.csv?id=formule").get_data(as_text=True))
        )
    )
    assert exported["title"] == '\'=HYPERLINK("http://evil.example")'
    assert exported["organisation"] == "'+Org"


def test_it_asks_to_log_in_first(client: FlaskClient) -> None:
    response = client.get("/consult")
    assert response.status_code == 302 and response.headers["Location"].startswith("/login")


def test_an_expired_form_token_shows_the_form_again_as_typed(
    app: Flask, consult: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = consult.post("/consult", data={**MILAN, "csrf_token": "verlopen"})
    page = response.get_data(as_text=True)
    assert response.status_code == 400
    assert "Je formulier was verlopen" in page and 'value="klussen, kringloop"' in page


def test_an_expired_token_shows_nothing_to_someone_not_logged_in(
    app: Flask, client: FlaskClient
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    response = client.post("/consult", data={**MILAN, "csrf_token": "verlopen"})
    assert response.status_code == 400
    assert 'name="interests"' not in response.get_data(as_text=True)
