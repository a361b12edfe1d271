"""The case flow over HTTP: case, search and refer, consent, organisation, signals, plan, rights."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import AuditEntry, Case, Referral
from tests.conftest import Person, log_in, make_person

CANARY_NOTE = "KANARIE-notitie-8472 over een rustige start"
CANARY_PHONE = "06-99887766"
DAGBESTEDING = {"titel": "Dagbesteding De Werkplaats", "dag": "wo", "van": "09:00", "tot": "16:00"}


@pytest.fixture
def team(app: Flask, imported: FlaskCliRunner) -> dict[str, Person]:
    return {
        "consulent": make_person(app, "consulent", team="Team Noord"),
        "collega": make_person(app, "swt", team="Team Noord"),
        "ander_team": make_person(app, "consulent", team="Team Zuid"),
        "aanbieder": make_person(app, "aanbieder", organisation="Herstelnetwerk IJssel"),
        "andere_aanbieder": make_person(app, "aanbieder", organisation="AA-groep Zwolle Centrum"),
    }


def client_of(app: Flask, person: Person) -> FlaskClient:
    client = app.test_client()
    log_in(client, person)
    return client


def new_case(client: FlaskClient) -> str:
    response = client.post("/casussen")
    code = re.search(r"/casussen/(K-[A-Z0-9-]+)/zoeken", response.headers["Location"]).group(1)  # type: ignore[union-attr]
    return code


def audit_of(app: Flask, code: str) -> list[str]:
    with app.app_context():
        return list(
            db.session().scalars(select(AuditEntry.action).where(AuditEntry.object_id == code))
        )


def test_a_case_goes_from_question_to_a_place_with_everything_logged(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    assert re.fullmatch(r"K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", code)
    page = client.post(
        f"/casussen/{code}/zoeken",
        data={
            "interests": "lotgenoten, herstel",
            "wishes": "praten met mensen die het kennen",
            "steun_kleine_groep": "moet",
            "wijk": "Pierik",
            "max_km": "5",
            "top": "10",
        },
    ).get_data(as_text=True)
    assert "Verwijs hierheen" in page
    client.post(
        f"/casussen/{code}/verwijzingen", data={"activity_id": "praatgroep-somberheid-pierik"}
    )
    client.post(f"/casussen/{code}/notities", data={"notitie": CANARY_NOTE})
    with app.app_context():
        referral = db.session().scalars(select(Referral)).one()
        referral_id = referral.id
        assert (
            referral.organisation is not None
            and referral.organisation.name == "Herstelnetwerk IJssel"
        )
    client.post(
        f"/casussen/{code}/verwijzingen/{referral_id}",
        data={
            "actie": "afspraken",
            "meegaan": "maatje Piet",
            "opvolgen-dag": "5",
            "opvolgen-maand": "1",
            "opvolgen-jaar": "2026",
        },
    )
    # Consent is given in the referral's step, for the referral's own organisation.
    client.post(
        f"/casussen/{code}/verwijzingen/{referral_id}",
        data={
            "actie": "stap",
            "stap": "contact_gelegd",
            "notitie": "gebeld",
            "toestemming": "ja",
            "voornaam": "Sanne",
            "telefoon": CANARY_PHONE,
        },
    )
    case_page = client.get(f"/casussen/{code}").get_data(as_text=True)
    assert CANARY_NOTE in case_page and "Contact gelegd" in case_page and "maatje Piet" in case_page
    assert "<dd>lotgenoten, herstel</dd>" in case_page and "Kleine groep" in case_page

    provider = client_of(app, team["aanbieder"])
    listing = provider.get("/aanbieder/verwijzingen").get_data(as_text=True)
    assert "Sanne" in listing and CANARY_PHONE in listing
    assert CANARY_NOTE not in listing and code not in listing  # only what they need
    provider.post(f"/aanbieder/verwijzingen/{referral_id}/eerste-bezoek")
    other = (
        client_of(app, team["andere_aanbieder"])
        .get("/aanbieder/verwijzingen")
        .get_data(as_text=True)
    )
    assert "Sanne" not in other and "praatgroep" not in other.lower()

    with app.app_context():
        referral = db.session().get(Referral, referral_id)
        assert (
            referral is not None and referral.step == "deelnemend" and len(referral.attendance) == 1
        )
    signals = client.get("/signalen").get_data(as_text=True)
    assert "Opvolgen sinds 05-01-2026" in signals

    client.post(f"/casussen/{code}/plan", data=DAGBESTEDING)
    plan = client.get(f"/casussen/{code}/plan").get_data(as_text=True)
    assert "Dagbesteding De Werkplaats" in plan and "woensdag" in plan
    ics = client.get(f"/casussen/{code}/plan.ics")
    assert ics.headers["Content-Type"].startswith("text/calendar")
    assert b"RRULE:FREQ=WEEKLY;BYDAY=WE" in ics.data

    actions = audit_of(app, code)
    for expected in (
        "casus aangemaakt",
        "casus bekeken",
        "profiel gewijzigd",
        "verwijzing gemaakt",
        "notitie toegevoegd",
        "verwijzing afspraken",
        "toestemming vastgelegd",
        "verwijzing stap",
        "verwijzing bekeken door aanbieder",
        "aanwezigheid vastgelegd",
        "signaal bekeken",
        "plan gewijzigd",
        "weekplan bekeken",
        "weekplan gedownload",
    ):
        assert expected in actions, expected


def test_another_team_gets_404_on_every_case_page(app: Flask, team: dict[str, Person]) -> None:
    code = new_case(client_of(app, team["consulent"]))
    colleague = client_of(app, team["collega"])
    assert colleague.get(f"/casussen/{code}").status_code == 200  # same team
    outsider = client_of(app, team["ander_team"])
    for method, path in [
        ("GET", ""),
        ("GET", "/zoeken"),
        ("GET", "/plan"),
        ("GET", "/plan.ics"),
        ("GET", "/export.json"),
        ("GET", "/wissen"),
        ("POST", "/wissen"),
        ("POST", "/notities"),
        ("GET", "/sluiten"),
    ]:
        response = outsider.open(f"/casussen/{code}{path}", method=method, data={"bevestig": "ja"})
        assert response.status_code == 404, path
    assert outsider.get("/casussen/K-AAAA-BBBB").status_code == 404


def test_consent_withdrawn_means_the_organisation_sees_nothing(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    client.post(
        f"/casussen/{code}/verwijzingen", data={"activity_id": "praatgroep-somberheid-pierik"}
    )
    provider = client_of(app, team["aanbieder"])
    assert "Geen contactgegevens" in provider.get("/aanbieder/verwijzingen").get_data(as_text=True)
    client.post(
        f"/casussen/{code}/toestemming",
        data={
            "organisatie": "Herstelnetwerk IJssel",
            "voornaam": "Sanne",
            "telefoon": CANARY_PHONE,
        },
    )
    assert "Sanne" in provider.get("/aanbieder/verwijzingen").get_data(as_text=True)
    with app.app_context():
        consent_id = (
            db.session().scalars(select(Case).where(Case.code == code)).one().consents[0].id
        )
    withdraw = f"/casussen/{code}/toestemming/{consent_id}/intrekken"
    question = client.post(withdraw).get_data(as_text=True)  # a warning to confirm first
    assert "Toestemming intrekken?" in question and "Ja, intrekken" in question
    assert "Sanne" in provider.get("/aanbieder/verwijzingen").get_data(as_text=True)
    client.post(withdraw, data={"bevestig": "ja"})
    page = provider.get("/aanbieder/verwijzingen").get_data(as_text=True)
    assert "Sanne" not in page and CANARY_PHONE not in page


def test_a_note_is_capped(app: Flask, team: dict[str, Person]) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    client.post(f"/casussen/{code}/notities", data={"notitie": "x" * 501})
    assert "hoogstens 500 tekens" in client.get(f"/casussen/{code}").get_data(as_text=True)


def test_a_clash_and_a_tight_change_are_flagged(app: Flask, team: dict[str, Person]) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    client.post(
        f"/casussen/{code}/plan", data={**DAGBESTEDING, "dag": "wo", "van": "13:00", "tot": "15:00"}
    )
    client.post(
        f"/casussen/{code}/plan",
        data={"titel": "Fysio", "dag": "wo", "van": "14:30", "tot": "15:30"},
    )
    client.post(
        f"/casussen/{code}/plan",
        data={"titel": "Zwemmen", "dag": "wo", "van": "15:40", "tot": "16:30"},
    )
    page = client.get(f"/casussen/{code}/plan").get_data(as_text=True)
    assert "valt Dagbesteding De Werkplaats samen met Fysio" in page
    assert "weinig tijd tussen Fysio en Zwemmen" in page


def test_the_export_holds_everything_and_when_it_was_looked_at(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    client.post(f"/casussen/{code}/zoeken", data={"interests": "koken", "wijk": "Assendorp"})
    client.post(f"/casussen/{code}/notities", data={"notitie": CANARY_NOTE})
    client.post(f"/casussen/{code}/verwijzingen", data={"activity_id": "kookgroep-assendorp"})
    client.post(f"/casussen/{code}/plan", data=DAGBESTEDING)
    client.get(f"/casussen/{code}")
    exported = json.loads(client.get(f"/casussen/{code}/export.json").data)
    with app.app_context():
        case = db.session().scalars(select(Case).where(Case.code == code)).one()
        assert exported["profile"] == case.profile
        assert [n["text"] for n in exported["notes"]] == [n.text for n in case.notes]
        assert [r["activity_id"] for r in exported["referrals"]] == [
            r.activity_id for r in case.referrals
        ]
        assert exported["referrals"][0]["history"][0]["step"] == "voorgesteld"
        assert exported["plan"] == [
            {"title": "Dagbesteding De Werkplaats", "day": "wo", "start": "09:00", "end": "16:00"}
        ]
    purposes = {(c["action"], c["purpose"]) for c in exported["consultations"]}
    assert ("casus bekeken", "begeleiding") in purposes


def test_closing_and_erasing_ask_for_confirmation_first(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    assert "Ja, sluiten" in client.get(f"/casussen/{code}/sluiten").get_data(as_text=True)
    client.post(f"/casussen/{code}/sluiten", data={})  # no confirmation: nothing happens
    with app.app_context():
        assert db.session().scalars(select(Case.status).where(Case.code == code)).one() == "open"
    client.post(f"/casussen/{code}/sluiten", data={"bevestig": "ja"})
    with app.app_context():
        assert (
            db.session().scalars(select(Case.status).where(Case.code == code)).one() == "gesloten"
        )


def test_case_pages_are_never_cached(app: Flask, team: dict[str, Person]) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    for path in ("/casussen", f"/casussen/{code}", f"/casussen/{code}/plan", "/signalen"):
        assert client.get(path).headers["Cache-Control"] == "no-store", path


def test_no_attendance_for_n_weeks_raises_a_signal(app: Flask, team: dict[str, Person]) -> None:
    client = client_of(app, team["consulent"])
    code = new_case(client)
    client.post(
        f"/casussen/{code}/verwijzingen", data={"activity_id": "praatgroep-somberheid-pierik"}
    )
    provider = client_of(app, team["aanbieder"])
    with app.app_context():
        referral_id = db.session().scalars(select(Referral.id)).one()
    provider.post(f"/aanbieder/verwijzingen/{referral_id}/eerste-bezoek")
    assert "Niet gezien" not in client.get("/signalen").get_data(as_text=True)
    with app.app_context():
        referral = db.session().get(Referral, referral_id)
        assert referral is not None
        three_weeks_ago = referral.attendance[0].week - dt.timedelta(weeks=3)
        referral.attendance[0].week = three_weeks_ago
        db.session().commit()
    page = client.get("/signalen").get_data(as_text=True)
    assert f"Niet gezien sinds de week van {three_weeks_ago.strftime('%d-%m-%Y')}" in page


def referred_case(app: Flask, client: FlaskClient) -> tuple[str, str]:
    """A case with one referral to Herstelnetwerk IJssel's praatgroep; its code and action path."""
    code = new_case(client)
    client.post(
        f"/casussen/{code}/verwijzingen", data={"activity_id": "praatgroep-somberheid-pierik"}
    )
    with app.app_context():
        referral_id = db.session().scalars(select(Referral.id)).one()
    return code, f"/casussen/{code}/verwijzingen/{referral_id}"


@pytest.mark.parametrize(
    ("typed", "follow_up"),
    [
        ({"opvolgen-dag": "1-12-2026"}, dt.date(2026, 12, 1)),
        (
            {"opvolgen-dag": "1", "opvolgen-maand": "12", "opvolgen-jaar": "2026"},
            dt.date(2026, 12, 1),
        ),
        ({}, None),
    ],
)
def test_a_follow_up_date_is_read_from_three_fields_or_one_typed_whole(
    app: Flask, team: dict[str, Person], typed: dict[str, str], follow_up: dt.date | None
) -> None:
    client = client_of(app, team["consulent"])
    code, path = referred_case(app, client)
    response = client.post(path, data={"actie": "afspraken", "meegaan": "maatje Piet", **typed})
    assert response.status_code == 302 and response.headers["Location"].endswith("#verwijzing-1")
    with app.app_context():
        referral = db.session().scalars(select(Referral)).one()
        assert (referral.follow_up_on, referral.companion) == (follow_up, "maatje Piet")


def test_a_wrong_date_is_refused_beside_its_field_and_nothing_typed_is_lost(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code, path = referred_case(app, client)
    typed = {"opvolgen-dag": "31", "opvolgen-maand": "2", "opvolgen-jaar": "2026"}
    response = client.post(path, data={"actie": "afspraken", "meegaan": "maatje Piet", **typed})
    page = response.get_data(as_text=True)
    assert response.status_code == 422
    assert 'id="foutmeldingen"' in page and 'href="#opvolgen"' in page
    assert 'id="opvolgen-fout"' in page and "deze datum bestaat niet" in page
    assert 'value="maatje Piet"' in page and 'value="31"' in page and 'value="2026"' in page
    with app.app_context():
        assert db.session().scalars(select(Referral)).one().companion is None


def test_consent_in_the_step_is_for_the_referral_s_organisation_and_kept_when_refused(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code, path = referred_case(app, client)
    form = client.get(path + "?actie=stap").get_data(as_text=True)
    assert (
        "Toestemming om te delen met Herstelnetwerk IJssel" in form
        and 'name="organisatie"' not in form
    )
    step = {"actie": "stap", "stap": "contact_gelegd", "notitie": "gebeld", "toestemming": "ja"}
    refused = client.post(path, data={**step, "voornaam": "Sanne"})
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422 and "vul het telefoonnummer in" in page
    assert 'value="Sanne"' in page and 'value="gebeld"' in page
    with app.app_context():
        case = db.session().scalars(select(Case)).one()
        assert case.consents == [] and case.referrals[0].step == "voorgesteld"  # all or nothing
    unticked = client.post(path, data={**step, "toestemming": "", "voornaam": "Sanne"})
    page = unticked.get_data(as_text=True)
    assert unticked.status_code == 422 and "vink aan dat de persoon" in page
    assert 'value="Sanne"' in page
    assert (
        client.post(path, data={**step, "voornaam": "Sanne", "telefoon": "06-1"}).status_code == 302
    )
    provider = client_of(app, team["aanbieder"])
    assert "Sanne" in provider.get("/aanbieder/verwijzingen").get_data(as_text=True)


def test_a_transfer_moves_the_case_to_the_other_team_s_worklist(
    app: Flask, team: dict[str, Person]
) -> None:
    client = client_of(app, team["consulent"])
    code, _ = referred_case(app, client)
    form = client.get(f"/casussen/{code}/overdragen").get_data(as_text=True)
    zuid = re.search(r'<option value="(\d+)">Team Zuid</option>', form)
    assert zuid is not None and "Team Noord</option>" not in form
    refused = client.post(f"/casussen/{code}/overdragen", data={"team": zuid[1], "reden": " "})
    assert refused.status_code == 422 and 'value="' + zuid[1] + '" selected' in refused.get_data(
        as_text=True
    )
    done = client.post(
        f"/casussen/{code}/overdragen", data={"team": zuid[1], "reden": "verhuisd naar Zuid"}
    )
    assert done.status_code == 302 and done.headers["Location"] == "/casussen"
    assert client.get(f"/casussen/{code}").status_code == 404
    assert code not in client.get("/casussen").get_data(as_text=True)

    receiver = client_of(app, team["ander_team"])
    worklist = receiver.get("/signalen").get_data(as_text=True)
    assert "Nieuw bij je team" in worklist and code in worklist
    assert "verhuisd naar Zuid" in worklist and "Overgedragen door Team Noord" in worklist
    assert receiver.get(f"/casussen/{code}").status_code == 200
    assert code not in receiver.get("/signalen").get_data(as_text=True)  # seen: off the list
    assert "casus overgedragen" in audit_of(app, code)
