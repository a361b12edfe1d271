"""Household pages over real HTTP: members, network, goals linked to a referral and maatwerk,
results from the worklist, the printed plan, export, erasure and team scoping."""

from __future__ import annotations

import datetime as dt
import json
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import Case, Goal, GoalReview, Household, HouseholdMember, NetworkContact
from tests.conftest import Person, log_in, make_person

HOUSEHOLD_CODE = re.compile(r"H-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}")


def _household(client: FlaskClient) -> str:
    response = client.post("/huishoudens")
    assert response.status_code == 302
    return HOUSEHOLD_CODE.search(response.headers["Location"]).group(0)  # type: ignore[union-attr]


def _member(client: FlaskClient, code: str, name: str, role: str) -> str:
    response = client.post(
        f"/huishoudens/{code}/leden", data={"voornaam": name, "rol": role, "casus": "nieuw"}
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    with client.application.app_context():
        member = (
            db.session()
            .scalars(select(HouseholdMember).where(HouseholdMember.first_name == name))
            .one()
        )
        assert member.case is not None
        return member.case.code


def _ids(app: Flask, name: str) -> tuple[int, int, int]:
    """The member's id, the first referral's id and the first maatwerk item's id of its case."""
    with app.app_context():
        member = (
            db.session()
            .scalars(select(HouseholdMember).where(HouseholdMember.first_name == name))
            .one()
        )
        case = member.case
        assert case is not None
        return member.id, case.referrals[0].id, case.plan_items[0].id


def _swt(app: Flask, team: str = "SWT Zuid") -> tuple[FlaskClient, Person]:
    person = make_person(app, "swt", team=team)
    client = app.test_client()
    log_in(client, person)
    return client, person


def _a_household_of_two(app: Flask, client: FlaskClient) -> str:
    code = _household(client)
    case_code = _member(client, code, "Anna", "ouder")
    _member(client, code, "Sem", "kind")
    client.post(f"/casussen/{case_code}/verwijzingen", data={"activity_id": "taalcafe-binnenstad"})
    client.post(
        f"/casussen/{case_code}/plan",
        data={"titel": "Dagbesteding De Werkplaats", "dag": "ma", "van": "09:00", "tot": "12:00"},
    )
    response = client.post(
        f"/huishoudens/{code}/netwerk",
        data={
            "voornaam": "Fatima",
            "relatie": "buurvrouw",
            "kan": ["meegaan", "vervoer"],
            "telefoon": "06-12345678",
            "akkoord": "ja",
        },
    )
    assert response.status_code == 302
    member_id, referral_id, item_id = _ids(app, "Anna")
    with app.app_context():
        contact = db.session().scalars(select(NetworkContact)).one()
    response = client.post(
        f"/huishoudens/{code}/doelen",
        data={
            "lid": str(member_id),
            "gebied": "daginvulling",
            "doel": "Ik wil twee ochtenden per week iets doen buiten huis.",
            "helper": "netwerk",
            "netwerk": str(contact.id),
            "bespreken-dag": "1",
            "bespreken-maand": "1",
            "bespreken-jaar": "2020",
            "verwijzing": str(referral_id),
            "maatwerk": str(item_id),
        },
    )
    assert response.status_code == 302, response.get_data(as_text=True)
    return code


def test_it_records_a_household_plan_with_goals_linked_to_a_referral_and_maatwerk(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    page = client.get(f"/huishoudens/{code}").get_data(as_text=True)
    assert "Anna" in page and "Sem" in page
    assert "Ik wil twee ochtenden per week iets doen buiten huis." in page
    assert "Fatima (buurvrouw)" in page
    with app.app_context():
        goal = db.session().scalars(select(Goal)).one()
        assert [r.activity_id for r in goal.referrals] == ["taalcafe-binnenstad"]
        assert [i.title for i in goal.plan_items] == ["Dagbesteding De Werkplaats"]


def test_it_asks_for_the_result_on_the_worklist_and_keeps_the_history(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    worklist = client.get("/signalen").get_data(as_text=True)
    link = re.search(rf"/huishoudens/{code}/doelen/(\d+)/resultaat", worklist)
    assert link is not None
    refused = client.post(link.group(0), data={"resultaat": "deels", "zin": ""})
    assert refused.status_code == 422
    assert 'id="zin-fout"' in refused.get_data(as_text=True)
    response = client.post(
        link.group(0),
        data={
            "resultaat": "deels",
            "zin": "Eén ochtend lukt al.",
            "volgende-dag": "1",
            "volgende-maand": "1",
            "volgende-jaar": str(dt.date.today().year + 1),
        },
    )
    assert response.status_code == 302
    assert code not in client.get("/signalen").get_data(as_text=True)
    page = client.get(f"/huishoudens/{code}").get_data(as_text=True)
    assert "Deels bereikt. Eén ochtend lukt al." in page


def test_it_proposes_the_network_where_a_near_miss_asks_for_someone_to_come_along(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    with app.app_context():
        case = (
            db.session()
            .scalars(select(Case).join(HouseholdMember).where(HouseholdMember.first_name == "Anna"))
            .one()
        )
        case_code = case.code
    page = client.post(
        f"/casussen/{case_code}/zoeken",
        data={"interests": "taal", "steun_kennismaken_met_maatje": "moet"},
    ).get_data(as_text=True)
    assert "Fatima (buurvrouw) kan meegaan naar de eerste keer" in page
    assert code  # the household the network belongs to


def test_it_prints_the_plan_without_anything_for_staff(
    app: Flask, imported: FlaskCliRunner
) -> None:
    import io

    from pypdf import PdfReader

    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    client.post(f"/casussen/{_case_of(app, 'Anna')}/notities", data={"notitie": "KANARIE-NOTITIE"})
    response = client.get(f"/huishoudens/{code}/plan.pdf?taal=nl")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    text = " ".join(p.extract_text() for p in PdfReader(io.BytesIO(response.data)).pages)
    text = " ".join(text.split())
    assert "twee ochtenden per week" in text and "Fatima" in text and "06-12345678" in text
    assert "KANARIE" not in text and code not in text and "K-" not in text


def _case_of(app: Flask, name: str) -> str:
    with app.app_context():
        return (
            db.session()
            .scalars(
                select(Case.code).join(HouseholdMember).where(HouseholdMember.first_name == name)
            )
            .one()
        )


def test_another_team_finds_no_household(app: Flask, imported: FlaskCliRunner) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    other, _ = _swt(app, "SWT Noord")
    for path in ("", "/leden", "/netwerk", "/doelen", "/plan.pdf", "/export.json", "/wissen"):
        assert other.get(f"/huishoudens/{code}{path}").status_code == 404, path
    assert other.post(f"/huishoudens/{code}/wissen", data={"bevestig": "ja"}).status_code == 404
    assert code not in other.get("/huishoudens").get_data(as_text=True)


def test_erasing_a_household_erases_every_members_case(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    exported = json.loads(client.get(f"/huishoudens/{code}/export.json").data)
    assert [m["first_name"] for m in exported["members"]] == ["Anna", "Sem"]
    assert exported["members"][0]["goals"][0]["maatwerk"] == ["Dagbesteding De Werkplaats"]
    case_export = json.loads(client.get(f"/casussen/{_case_of(app, 'Anna')}/export.json").data)
    assert case_export["household"]["code"] == code
    assert case_export["household"]["goals"][0]["area"] == "daginvulling"
    response = client.post(f"/huishoudens/{code}/wissen", data={"bevestig": "ja"})
    assert response.status_code == 302
    with app.app_context():
        session = db.session()
        for model in (Household, HouseholdMember, NetworkContact, Goal, GoalReview, Case):
            assert session.scalars(select(model)).first() is None, model


@pytest.mark.parametrize(
    ("text", "direction"),
    [("Ik wil werken.", "ltr"), ("أريد أن أعمل.", "rtl"), ("12. Ik wil", "ltr"), ("", "ltr")],
)
def test_it_prints_a_goal_in_the_direction_it_was_written(text: str, direction: str) -> None:
    from matcher.web.templating import writing_direction

    assert writing_direction(text) == direction


def test_it_refuses_to_link_what_serves_another_member_and_keeps_the_input(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    _, referral_of_anna, _ = _ids(app, "Anna")
    with app.app_context():
        sem = (
            db.session()
            .scalars(select(HouseholdMember).where(HouseholdMember.first_name == "Sem"))
            .one()
        )
    refused = client.post(
        f"/huishoudens/{code}/doelen",
        data={
            "lid": str(sem.id),
            "gebied": "sociaal_netwerk",
            "doel": "Een vriend om mee te voetballen.",
            "helper": "swt",
            "verwijzing": str(referral_of_anna),
        },
    )
    page = refused.get_data(as_text=True)
    assert refused.status_code == 422
    assert 'id="koppel-fout"' in page and "Een vriend om mee te voetballen." in page
    with app.app_context():
        assert db.session().scalars(select(Goal)).all()[-1].member.first_name == "Anna"


def test_it_links_only_a_case_of_the_own_team_once(app: Flask, imported: FlaskCliRunner) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    other, _ = _swt(app, "SWT Noord")
    other_code = other.post("/casussen").headers["Location"].rsplit("/", 2)[-2]
    for case_code in (other_code, _case_of(app, "Anna")):
        refused = client.post(
            f"/huishoudens/{code}/leden",
            data={
                "voornaam": "Kim",
                "rol": "huisgenoot",
                "casus": "bestaand",
                "casuscode": case_code,
            },
        )
        assert refused.status_code == 422
        assert 'id="casuscode-fout"' in refused.get_data(as_text=True)


def test_someone_who_no_longer_wants_to_be_named_leaves_the_network_at_once(
    app: Flask, imported: FlaskCliRunner
) -> None:
    client, _ = _swt(app)
    code = _a_household_of_two(app, client)
    with app.app_context():
        contact_id = db.session().scalars(select(NetworkContact.id)).one()
    response = client.post(f"/huishoudens/{code}/netwerk/{contact_id}/verwijderen")
    assert response.status_code == 302
    with app.app_context():
        assert db.session().scalars(select(NetworkContact)).first() is None
        goal = db.session().scalars(select(Goal)).one()
        assert goal.helper == "netwerk" and goal.network_contact is None
    client.get(f"/huishoudens/{code}")  # shows the messages of the steps ("Fatima staat ...")
    page = client.get(f"/huishoudens/{code}").get_data(as_text=True)
    assert "Fatima" not in page and "Iemand uit het eigen netwerk" in page
