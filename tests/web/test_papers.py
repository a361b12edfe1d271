"""The person's papers over HTTP (only the times chosen together, nothing for staff), and the
organisation's referral page (who referred, the week, attendance with an undo)."""

from __future__ import annotations

import datetime as dt

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import Referral
from tests.conftest import Person, make_person
from tests.web.test_cases import audit_of, client_of, new_case

ACTIVITY = "herstelacademie-binnenstad"  # ma 10:00-12:00; do 13:30-15:30; Nieuwe Markt 3
TEAM, TEAM_PHONE = "Team Noord", "038-4445566"
NOTE = "KANARIE-notitie alleen voor het team"


def referred(app: Flask, runner: FlaskCliRunner, person: Person) -> tuple[str, int]:
    """A case of Team Noord referred to the herstelacademie, contact made, with a note and a
    maatwerk item on Wednesday; the team has a phone number."""
    assert runner.invoke(args=["team-phone", TEAM, TEAM_PHONE]).exit_code == 0
    client = client_of(app, person)
    code = new_case(client)
    client.post(f"/casussen/{code}/verwijzingen", data={"activity_id": ACTIVITY})
    client.post(f"/casussen/{code}/notities", data={"notitie": NOTE})
    with app.app_context():
        referral_id = db.session().scalars(select(Referral.id)).one()
    client.post(f"/casussen/{code}/verwijzingen/{referral_id}", data={"stap": "contact_gelegd"})
    client.post(
        f"/casussen/{code}/plan",
        data={"titel": "Dagbesteding", "dag": "wo", "van": "09:00", "tot": "16:00"},
    )
    return code, referral_id


def test_it_puts_only_the_times_chosen_with_the_person_on_the_papers(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner
) -> None:
    person = make_person(app, "consulent", team=TEAM)
    code, referral_id = referred(app, runner, person)
    client = client_of(app, person)
    client.post(f"/casussen/{code}/plan", data={"titel": "", "dag": "wo"})  # a flash, pending
    week = client.get(f"/casussen/{code}/jouw-week").get_data(as_text=True)
    assert "Dagbesteding" in week and "De tijden spreek je nog af." in week
    assert "10:00 - 12:00" not in week and "13:30 - 15:30" not in week
    assert "Dat lukte niet" not in week and NOTE not in week and "Let op" not in week
    staff = client.get(f"/casussen/{code}/plan").get_data(as_text=True)
    assert "Dat lukte niet" in staff  # the message waited for the staff's page
    assert staff.count("(tijd nog niet gekozen)") == 2  # both of the activity's times, to choose

    client.post(
        f"/casussen/{code}/verwijzingen/{referral_id}/tijden",
        data={"tijd": "do 13:30-15:30", "meenemen": "Een pen en je agenda"},
    )
    week = client.get(f"/casussen/{code}/jouw-week").get_data(as_text=True)
    assert "13:30 - 15:30" in week and "10:00 - 12:00" not in week
    assert "Sandra Kuipers" in week and "038-0001105" in week and TEAM_PHONE in week
    ics = client.get(f"/casussen/{code}/plan.ics").get_data(as_text=True)
    assert "BYDAY=TH" in ics and "BYDAY=WE" in ics and "BYDAY=MO" not in ics

    sheet = client.get(f"/casussen/{code}/verwijzingen/{referral_id}/jouw-plek")
    text = sheet.get_data(as_text=True)
    assert sheet.status_code == 200 and '<html lang="nl">' in text
    for expected in ("Nieuwe Markt 3", "Sandra Kuipers", "Een pen en je agenda", TEAM_PHONE):
        assert expected in text
    assert "maandag" not in text and NOTE not in text and code not in text.split("<h1>")[1]
    english = client.get(f"/casussen/{code}/verwijzingen/{referral_id}/jouw-plek?taal=en")
    assert '<html lang="en">' in english.get_data(as_text=True)
    assert "tijden gekozen" in audit_of(app, code) and "jouw plek bekeken" in audit_of(app, code)


def test_it_refuses_a_time_the_activity_does_not_have_and_keeps_the_choice(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner
) -> None:
    person = make_person(app, "consulent", team=TEAM)
    code, referral_id = referred(app, runner, person)
    client = client_of(app, person)
    path = f"/casussen/{code}/verwijzingen/{referral_id}/tijden"
    client.post(path, data={"tijd": "ma 10:00-12:00"})
    client.post(path, data={"tijd": ["ma 10:00-12:00", "za 10:00-12:00"]})
    page = client.get(f"/casussen/{code}/plan").get_data(as_text=True)
    assert "kies tijden van de activiteit zelf" in page
    with app.app_context():
        referral = db.session().get(Referral, referral_id)
        assert referral is not None and referral.chosen_slots == ["ma 10:00-12:00"]


def test_the_organisation_sees_who_referred_and_can_undo_what_it_confirmed(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner
) -> None:
    person = make_person(app, "consulent", team=TEAM)
    _, referral_id = referred(app, runner, person)
    organisation = client_of(
        app, make_person(app, "aanbieder", organisation="Herstelnetwerk IJssel")
    )
    page = organisation.get("/aanbieder/verwijzingen").get_data(as_text=True)
    monday = dt.date.today() - dt.timedelta(days=dt.date.today().weekday())
    assert f"door {TEAM}" in page and TEAM_PHONE in page and "Deze week:" in page
    assert "Verwezen op" in page and str(monday.year) in page and " u " not in page

    organisation.post(f"/aanbieder/verwijzingen/{referral_id}/eerste-bezoek")
    page = organisation.get("/aanbieder/verwijzingen").get_data(as_text=True)
    assert "Eerste bezoek bevestigd." in page and "Het eerste bezoek is bevestigd." in page
    organisation.post(f"/aanbieder/verwijzingen/{referral_id}/eerste-bezoek/terug")
    with app.app_context():
        referral = db.session().get(Referral, referral_id)
        assert (
            referral is not None and referral.step == "contact_gelegd" and not referral.attendance
        )

    organisation.post(f"/aanbieder/verwijzingen/{referral_id}/eerste-bezoek")
    with app.app_context():  # a week on
        session = db.session()
        referral = session.get(Referral, referral_id)
        assert referral is not None
        referral.attendance[0].week -= dt.timedelta(weeks=1)
        session.commit()
    assert "Was er deze week" in organisation.get("/aanbieder/verwijzingen").get_data(as_text=True)
    organisation.post(f"/aanbieder/verwijzingen/{referral_id}/aanwezig")
    page = organisation.get("/aanbieder/verwijzingen").get_data(as_text=True)
    assert "Deze week was de persoon er." in page and "Ongedaan maken" in page
    organisation.post(f"/aanbieder/verwijzingen/{referral_id}/aanwezig/terug")
    page = organisation.get("/aanbieder/verwijzingen").get_data(as_text=True)
    assert "De aanwezigheid van deze week is teruggedraaid." in page and "Was er deze week" in page
    with app.app_context():
        referral = db.session().get(Referral, referral_id)
        assert referral is not None and [a.week for a in referral.attendance] == [
            monday - dt.timedelta(weeks=1)
        ]


def test_team_phone_needs_a_known_team(app: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["team-phone", "Geen team", "038-1"])
    assert result.exit_code == 1 and "onbekend team" in result.output
