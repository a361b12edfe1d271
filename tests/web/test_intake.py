"""Ways in over HTTP: a resident's "Liever samen zoeken?" and a partner passing someone on land
in the intake team's worklist as new cases; staff open them (audited); other teams find nothing."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select

from matcher import db
from matcher.models import AuditEntry, Case, Intake
from matcher.services import cases
from matcher.services.audit import Action
from matcher.web.limits import limiter
from tests.conftest import Person, log_in, make_person

RESIDENT = {
    "voornaam": "Fenna",
    "contact": "06 12345678",
    "wanneer": "na drie uur",
    "waarover": "Iets met mijn handen doen",
    "toestemming": "ja",
}
PARTNER = {
    **RESIDENT,
    "wie": "poh",
    "praktijk": "Huisartsenpraktijk Assendorp",
    "telefoon_praktijk": "038 1234567",
}


def intakes(app: Flask) -> list[tuple[str, str, str | None, str | None]]:
    with app.app_context():
        found = db.session().execute(
            select(Intake.source, Case.team_id, Intake.first_name, Intake.referrer).join(Case)
        )
        return [(source, str(team), name, referrer) for source, team, name, referrer in found]


def token(client: FlaskClient, path: str) -> str:
    found = re.search(r'name="csrf_token" value="([^"]+)"', client.get(path).get_data(as_text=True))
    assert found
    return found.group(1)


@pytest.fixture
def samenzwolle(app: Flask) -> Person:
    return make_person(app, "consulent", team=app.config["INTAKE_TEAM"])


def test_the_results_page_offers_to_search_together(client: FlaskClient) -> None:
    page = client.get("/resultaten?interesse=koken").get_data(as_text=True)
    assert "Liever samen zoeken?" in page and 'href="/samen-zoeken"' in page


def test_a_resident_request_becomes_a_new_case_of_samenzwolle_without_a_cookie(
    app: Flask, client: FlaskClient
) -> None:
    form = client.get("/samen-zoeken")
    assert form.status_code == 200 and "Set-Cookie" not in form.headers
    response = client.post("/samen-zoeken", data=RESIDENT)
    assert response.status_code == 303 and response.headers["Location"] == "/samen-zoeken/verstuurd"
    assert "Set-Cookie" not in response.headers
    assert "binnen drie werkdagen" in client.get("/samen-zoeken/verstuurd").get_data(as_text=True)
    with app.app_context():
        case = db.session().scalars(select(Case)).one()
        assert (case.team.name, case.status, case.owner_id) == ("SamenZwolle", "open", None)
        assert case.intake is not None
        assert (case.intake.first_name, case.intake.contact) == ("Fenna", "06 12345678")
        assert case.intake.consent.startswith("Ik vind het goed dat SamenZwolle")
        logged = db.session().scalars(select(AuditEntry)).all()
        assert [(e.action, e.object_id, e.actor_id, e.origin) for e in logged] == [
            (Action.INTAKE_RECEIVED.value, case.code, None, None)
        ]


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("voornaam", "", "Vul een voornaam in."),
        ("contact", "", "Vul een telefoonnummer of e-mailadres in."),
        ("contact", "bel me", "Dit is geen telefoonnummer of e-mailadres."),
        ("waarover", "", "Schrijf in een paar woorden waar het over gaat."),
        ("waarover", "x" * 501, "Dit is te lang. Hooguit 500 tekens."),
        ("toestemming", "", "Zet een vinkje als dit goed is."),
    ],
)
def test_a_wrong_field_is_named_and_nothing_typed_is_lost(
    app: Flask, client: FlaskClient, field: str, value: str, message: str
) -> None:
    response = client.post("/samen-zoeken", data={**RESIDENT, field: value})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert "<h2>Er is een probleem</h2>" in page and message in page
    assert f'id="{field}-fout"' in page
    for name, typed in RESIDENT.items():
        if name not in (field, "toestemming"):
            assert f'value="{typed}"' in page or f">{typed}</textarea>" in page
    assert intakes(app) == []


def test_a_resident_may_give_an_e_mail_address_instead(app: Flask, client: FlaskClient) -> None:
    data = {**RESIDENT, "contact": "fenna@example.org", "wanneer": ""}
    assert client.post("/samen-zoeken", data=data).status_code == 303
    assert len(intakes(app)) == 1


def test_a_partner_passes_someone_on_with_their_consent(app: Flask, client: FlaskClient) -> None:
    assert "Huisarts" in client.get("/doorverwijzen").get_data(as_text=True)
    response = client.post("/doorverwijzen", data=PARTNER)
    assert (
        response.status_code == 303 and response.headers["Location"] == "/doorverwijzen/verstuurd"
    )
    with app.app_context():
        found = db.session().scalars(select(Intake)).one()
        assert (found.source, found.referrer, found.referrer_phone) == (
            "poh",
            "Huisartsenpraktijk Assendorp",
            "038 1234567",
        )
        assert found.consent.startswith("De persoon weet van deze aanmelding")


@pytest.mark.parametrize(
    ("field", "value"),
    [("wie", ""), ("wie", "inwoner"), ("praktijk", ""), ("telefoon_praktijk", "12")],
)
def test_a_partner_must_say_who_they_are_and_how_to_call_back(
    app: Flask, client: FlaskClient, field: str, value: str
) -> None:
    response = client.post("/doorverwijzen", data={**PARTNER, field: value})
    assert response.status_code == 422 and f'id="{field}-fout"' in response.get_data(as_text=True)
    assert intakes(app) == []


@pytest.mark.parametrize("path", ["/samen-zoeken", "/doorverwijzen"])
@pytest.mark.parametrize(
    ("sent_token", "headers"),
    [(None, {}), ("vals", {}), ("", {"Origin": "https://ergens.example"})],
)
def test_a_request_sent_from_elsewhere_is_refused_and_shown_again(
    app: Flask, client: FlaskClient, path: str, sent_token: str | None, headers: dict[str, str]
) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    data = dict(PARTNER)
    if sent_token == "":
        data["csrf_token"] = token(client, path)  # a good token, sent by another site
    elif sent_token is not None:
        data["csrf_token"] = sent_token
    response = client.post(path, data=data, headers=headers)
    page = response.get_data(as_text=True)
    assert response.status_code == 400 and "Je formulier was verlopen" in page
    assert 'value="Fenna"' in page and "Set-Cookie" not in response.headers
    assert intakes(app) == []
    data["csrf_token"] = token(client, path)
    assert client.post(path, data=data).status_code == 303


def test_a_token_of_one_form_does_not_open_the_other(app: Flask, client: FlaskClient) -> None:
    app.config["WTF_CSRF_ENABLED"] = True
    data = {**PARTNER, "csrf_token": token(client, "/samen-zoeken")}
    assert client.post("/doorverwijzen", data=data).status_code == 400


def test_requests_are_rate_limited_per_address(app: Flask, client: FlaskClient) -> None:
    assert app.config["RATELIMIT_INTAKE"] == "5 per minute;20 per day"  # as docs/security.md says
    app.config.update(RATELIMIT_ENABLED=True, RATELIMIT_INTAKE="2 per minute")
    limiter.init_app(app)  # re-read the switched-on configuration
    assert client.post("/samen-zoeken", data=RESIDENT).status_code == 303
    assert client.post("/doorverwijzen", data=PARTNER).status_code == 303
    for path in ("/samen-zoeken", "/doorverwijzen"):
        assert client.post(path, data=PARTNER).status_code == 303
        response = client.post(path, data=PARTNER)
        assert response.status_code == 429 and int(response.headers["Retry-After"]) > 0
    assert client.get("/samen-zoeken").status_code == 200  # reading the form is not limited


def test_the_request_waits_in_samenzwolles_worklist_until_opened(
    app: Flask, client: FlaskClient, samenzwolle: Person
) -> None:
    client.post("/samen-zoeken", data=RESIDENT)
    log_in(client, samenzwolle)
    worklist = client.get("/signalen").get_data(as_text=True)
    code = re.search(r'href="/casussen/(K-[A-Z0-9-]+)/aanmelding"', worklist)
    assert code and "Via de website, door de inwoner zelf" in worklist
    assert "Fenna" not in worklist  # the details are behind the audited page
    assert code.group(1) in client.get("/casussen").get_data(as_text=True)
    page = client.get(f"/casussen/{code.group(1)}/aanmelding").get_data(as_text=True)
    assert "Fenna" in page and "06 12345678" in page and "na drie uur" in page
    assert "Er zijn geen nieuwe aanmeldingen." in client.get("/signalen").get_data(as_text=True)
    with app.app_context():
        actions = db.session().scalars(
            select(AuditEntry.action).where(AuditEntry.object_id == code.group(1))
        )
        assert Action.INTAKE_VIEWED.value in list(actions)


def test_another_team_neither_sees_nor_opens_the_request(app: Flask, client: FlaskClient) -> None:
    client.post("/samen-zoeken", data=RESIDENT)
    with app.app_context():
        code = db.session().scalars(select(Case.code)).one()
    log_in(client, make_person(app, "swt", team="SWT Zuid"))
    assert code not in client.get("/signalen").get_data(as_text=True)
    assert client.get(f"/casussen/{code}/aanmelding").status_code == 404


def test_a_case_without_a_request_has_no_request_page(app: Flask, samenzwolle: Person) -> None:
    client = app.test_client()
    log_in(client, samenzwolle)
    client.post("/casussen")
    with app.app_context():
        code = db.session().scalars(select(Case.code)).one()
    assert client.get(f"/casussen/{code}/aanmelding").status_code == 404


def test_the_header_says_who_is_logged_in(client: FlaskClient, samenzwolle: Person) -> None:
    log_in(client, samenzwolle)
    page = client.get("/casussen").get_data(as_text=True)
    assert f"Ingelogd als <strong>{samenzwolle.email}</strong>" in page
    assert '<span class="role">Consulent, SamenZwolle</span>' in page


def test_retention_wipes_how_to_reach_the_person_and_export_shows_it_before(
    app: Flask, client: FlaskClient
) -> None:
    client.post("/doorverwijzen", data=PARTNER)
    with app.app_context():
        session = db.session()
        case = session.scalars(select(Case)).one()
        exported = cases.export(session, case)["intake"]
        assert exported["first_name"] == "Fenna" and exported["referrer_phone"] == "038 1234567"
        case.status, case.closed_at = "gesloten", dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        assert cases.retention(session, dt.date(2026, 1, 1), 12) == 1
        session.commit()
        kept = cases.export(session, case)["intake"]
    assert kept["source"] == "poh" and kept["created_at"]
    assert [kept[k] for k in ("first_name", "contact", "about", "referrer", "referrer_phone")] == [
        None
    ] * 5
