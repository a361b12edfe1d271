"""The 'voel je je welkom?' check-in: recorded with the person at 4 and 12 weeks of taking part,
corrected by recording it again, refused before it is due or for a referral that never took part."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from matcher import db
from matcher.errors import ValidationError
from matcher.models import AuditEntry, Referral, UserAccount, WelcomeCheckin
from matcher.services import cases, welcome
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from tests.conftest import make_person
from tests.insight.seeded import Clock

STARTED = dt.date(2026, 9, 7)  # the day of the first visit: 'doet mee'
AT_4, AT_12 = dt.date(2026, 10, 5), dt.date(2026, 11, 30)


@pytest.fixture
def session(
    app: Flask, imported: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Session]:
    clock = Clock()
    monkeypatch.setattr(cases, "now", clock)
    clock.at(STARTED)
    make_person(app, "consulent")
    with app.app_context():
        yield db.session()


def actor_in(session: Session) -> Actor:
    user = session.scalars(select(UserAccount)).one()
    return Actor(user, "127.0.0.1", "begeleiding")


def referral_in(session: Session, taking_part: bool = True) -> Referral:
    actor = actor_in(session)
    case = cases.create(session, actor)
    record = get_record(session, "taalcafe-binnenstad")
    assert record is not None
    referral = cases.refer(session, case, record, actor)
    if taking_part:
        cases.confirm_first_visit(session, referral, actor, STARTED)
    session.commit()
    return referral


def audit_actions(session: Session) -> list[str]:
    return list(session.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


def test_it_records_the_answer_from_four_weeks_after_taking_part(session: Session) -> None:
    referral = referral_in(session)
    assert welcome.due_on(referral, 4) == AT_4 and welcome.due_on(referral, 12) == AT_12
    found = welcome.record(session, referral, 4, "beetje", AT_4, actor_in(session), AT_4)
    session.commit()
    stored = session.scalars(select(WelcomeCheckin)).one()
    assert stored is found
    assert (stored.moment, stored.answer, stored.recorded_on) == (4, "beetje", AT_4)
    assert stored.recorded_by == actor_in(session).id
    assert audit_actions(session)[-1] == "welkom-check-in vastgelegd"
    lines = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
    assert lines is not None and lines.object_id == referral.case.code
    assert "beetje" not in f"{lines.action} {lines.object_id} {lines.purpose}"


def test_recording_a_moment_again_corrects_it(session: Session) -> None:
    referral = referral_in(session)
    actor = actor_in(session)
    welcome.record(session, referral, 4, "nee", AT_4, actor, AT_4)
    later = AT_4 + dt.timedelta(days=3)
    welcome.record(session, referral, 4, "ja", later, actor, later)
    welcome.record(session, referral, 12, "ja", AT_12, actor, AT_12)
    session.commit()
    stored = session.scalars(select(WelcomeCheckin).order_by(WelcomeCheckin.moment)).all()
    assert [(c.moment, c.answer, c.recorded_on) for c in stored] == [
        (4, "ja", later),
        (12, "ja", AT_12),
    ]
    assert audit_actions(session)[-3:] == [
        "welkom-check-in vastgelegd",
        "welkom-check-in gecorrigeerd",
        "welkom-check-in vastgelegd",
    ]


@pytest.mark.parametrize(
    ("moment", "answer", "day", "today", "field"),
    [
        (4, "ja", AT_4 - dt.timedelta(days=1), AT_4, "datum"),  # not yet due
        (12, "ja", AT_4, AT_4, "datum"),  # the 4 weeks are due, the 12 not
        (4, "ja", AT_4 + dt.timedelta(days=1), AT_4, "datum"),  # in the future
        (8, "ja", AT_12, AT_12, "moment"),
        (4, "misschien", AT_4, AT_4, "antwoord"),
        (4, "", AT_4, AT_4, "antwoord"),
    ],
)
def test_it_refuses_a_check_in_before_it_is_due_or_with_a_bad_value(
    session: Session, moment: int, answer: str, day: dt.date, today: dt.date, field: str
) -> None:
    referral = referral_in(session)
    with pytest.raises(ValidationError) as refused:
        welcome.record(session, referral, moment, answer, day, actor_in(session), today)
    assert refused.value.field == field
    assert session.scalar(select(func.count()).select_from(WelcomeCheckin)) == 0


def test_it_refuses_a_check_in_for_a_referral_that_never_took_part(session: Session) -> None:
    referral = referral_in(session, taking_part=False)
    actor = actor_in(session)
    cases.move(session, referral, "contact_gelegd", actor)
    cases.move(session, referral, "gestopt", actor)
    assert welcome.due_on(referral, 4) is None
    with pytest.raises(ValidationError) as refused:
        welcome.record(session, referral, 4, "ja", AT_12, actor, AT_12)
    assert refused.value.field == "moment"
    assert welcome.to_do(referral, AT_12) == []


def test_the_reminder_shows_a_due_moment_until_it_is_recorded(session: Session) -> None:
    referral = referral_in(session)
    actor = actor_in(session)
    assert welcome.to_do(referral, AT_4 - dt.timedelta(days=1)) == []
    assert welcome.to_do(referral, AT_4) == [4]
    welcome.record(session, referral, 4, "ja", AT_4, actor, AT_4)
    assert welcome.to_do(referral, AT_12 - dt.timedelta(days=1)) == []
    assert welcome.to_do(referral, AT_12) == [12]
    reminders = welcome.reminders([referral.case], AT_12)
    assert [(r.referral, r.moment) for r in reminders] == [(referral, 12)]
    cases.move(session, referral, "gestopt", actor)  # no reminder once someone stopped
    assert welcome.to_do(referral, AT_12) == []


def test_a_closed_case_has_no_reminder_but_a_late_answer_may_still_be_recorded(
    session: Session,
) -> None:
    referral = referral_in(session)
    actor = actor_in(session)
    cases.close(session, referral.case, actor)
    assert welcome.to_do(referral, AT_12) == []
    welcome.record(session, referral, 12, "nee", AT_12, actor, AT_12)
    assert [c.answer for c in referral.checkins] == ["nee"]
