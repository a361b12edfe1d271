"""The welcome check-in over HTTP, with CSRF protection on: the reminder on the case pages, the
form with its token, an error that re-shows what was chosen, recording and correcting."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import AuditEntry, UserAccount, WelcomeCheckin
from matcher.services import cases
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from tests.conftest import Person, make_person
from tests.web.test_csrf import log_in_with_tokens, token

TODAY = dt.date.today()  # the pages use the real clock: the referral is dated back from it
STARTED = TODAY - dt.timedelta(weeks=5)


@pytest.fixture
def protected(app: Flask, imported: FlaskCliRunner) -> Flask:
    app.config["WTF_CSRF_ENABLED"] = True
    return app


def taking_part(app: Flask, person: Person, monkeypatch: pytest.MonkeyPatch) -> tuple[str, int]:
    """A case whose referral to the taalcafé started taking part five weeks ago."""
    moment = dt.datetime.combine(STARTED, dt.time(10), tzinfo=dt.UTC)
    with monkeypatch.context() as patched, app.app_context():
        patched.setattr(cases, "now", lambda: moment)
        session = db.session()
        actor = Actor(session.get(UserAccount, person.id), "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        record = get_record(session, "taalcafe-binnenstad")
        assert record is not None
        referral = cases.refer(session, case, record, actor)
        cases.confirm_first_visit(session, referral, actor, STARTED)
        session.commit()
        return case.code, referral.id


def signed_in(app: Flask, person: Person) -> FlaskClient:
    client = app.test_client()
    log_in_with_tokens(client, person)
    return client


def checked(page: str, name: str) -> list[str]:
    """The values of the chosen radio buttons of a field."""
    return re.findall(rf'<input type="radio" name="{name}" value="([^"]+)"[^>]*\bchecked', page)


def stored(app: Flask) -> list[tuple[int, str, dt.date]]:
    with app.app_context():
        found = db.session().scalars(select(WelcomeCheckin).order_by(WelcomeCheckin.moment))
        return [(c.moment, c.answer, c.recorded_on) for c in found]


def test_the_consultant_records_and_corrects_a_check_in(
    protected: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_person(protected, "consulent", team="Team Noord")
    code, referral_id = taking_part(protected, person, monkeypatch)
    client = signed_in(protected, person)
    path = f"/casussen/{code}/verwijzingen/{referral_id}/welkom"

    listed = client.get("/casussen").get_data(as_text=True)
    assert "Check-in na 4 weken: nog doen" in listed and f"{path}?moment=4" in listed
    case_page = client.get(f"/casussen/{code}").get_data(as_text=True)
    assert "nog doen" in case_page and path in case_page

    page = client.get(path).get_data(as_text=True)
    assert re.search(r'name="csrf_token" value="[^"]+"', page)
    assert checked(page, "moment") == ["4"] and checked(page, "antwoord") == []  # the one due
    for words in ("Ja, ik voel me welkom", "Een beetje", "Nee, (nog) niet"):
        assert words in page
    assert page.count('<use href="/static/icons.svg#') >= 3  # a face beside each answer

    without = client.post(path, data={"moment": "4", "antwoord": "ja", "datum-dag": str(TODAY)})
    assert without.status_code == 400 and stored(protected) == []

    too_early = str(TODAY - dt.timedelta(weeks=2))
    refused = client.post(
        path,
        data={
            "moment": "4",
            "antwoord": "beetje",
            "datum-dag": too_early,
            "csrf_token": token(client, path),
        },
    )
    shown = refused.get_data(as_text=True)
    assert refused.status_code == 422 and stored(protected) == []
    assert "Er is een probleem" in shown and 'aria-describedby="datum-hint datum-fout"' in shown
    assert f'value="{too_early}"' in shown  # what was typed and chosen is still there
    assert checked(shown, "antwoord") == ["beetje"] and checked(shown, "moment") == ["4"]

    saved = client.post(
        path,
        data={
            "moment": "4",
            "antwoord": "beetje",
            **{f"datum-{k}": str(v) for k, v in (("dag", TODAY.day), ("maand", TODAY.month))},
            "datum-jaar": str(TODAY.year),  # the day asked, in three boxes as most people type it
            "csrf_token": token(client, path),
        },
    )
    assert saved.status_code == 302 and saved.headers["Location"].endswith(
        f"/casussen/{code}#verwijzing-{referral_id}"
    )
    assert stored(protected) == [(4, "beetje", TODAY)]
    assert "Een beetje" in client.get(f"/casussen/{code}").get_data(as_text=True)
    assert "nog doen" not in client.get("/casussen").get_data(as_text=True)
    again = client.get(path).get_data(as_text=True)  # correcting starts from the answer given
    assert checked(again, "moment") == ["4"] and checked(again, "antwoord") == ["beetje"]
    assert f'name="datum-jaar" value="{TODAY.year}"' in again

    client.post(
        path,
        data={
            "moment": "4",
            "antwoord": "ja",
            "datum-dag": str(TODAY),
            "csrf_token": token(client, path),
        },
    )
    assert stored(protected) == [(4, "ja", TODAY)]
    with protected.app_context():
        actions = list(
            db.session().scalars(select(AuditEntry.action).where(AuditEntry.object_id == code))
        )
    assert actions.count("welkom-check-in vastgelegd") == 1
    assert actions.count("welkom-check-in gecorrigeerd") == 1


def test_the_twelve_weeks_are_not_due_yet_and_another_team_finds_nothing(
    protected: Flask, monkeypatch: pytest.MonkeyPatch
) -> None:
    person = make_person(protected, "consulent", team="Team Noord")
    code, referral_id = taking_part(protected, person, monkeypatch)
    client = signed_in(protected, person)
    path = f"/casussen/{code}/verwijzingen/{referral_id}/welkom"
    refused = client.post(
        path,
        data={
            "moment": "12",
            "antwoord": "ja",
            "datum-dag": str(TODAY),
            "csrf_token": token(client, path),
        },
    )
    due = (STARTED + dt.timedelta(weeks=12)).strftime("%d-%m-%Y")
    assert refused.status_code == 422 and f"kan vanaf {due}" in refused.get_data(as_text=True)
    assert stored(protected) == []

    other = signed_in(protected, make_person(protected, "consulent", team="Team Zuid"))
    assert other.get(path).status_code == 404
