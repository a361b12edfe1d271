"""'Klopt er iets niet?': residents' reports, who sees them, handling them, and how long they stay."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher import db
from matcher.errors import NotFound, ValidationError
from matcher.models import AuditEntry, ErrorReport, Organisation, UserAccount
from matcher.services import reports
from matcher.services.audit import Action, Actor
from tests.conftest import make_person

X, Y = "Stichting Taal Verbindt Zwolle", "AA-groep Zwolle Centrum"
OF_X, OF_Y = "taalcafe-binnenstad", "aa-groep-binnenstad"


def organisation(session: Session, name: str) -> Organisation:
    return session.scalars(select(Organisation).where(Organisation.name == name)).one()


@pytest.fixture
def session(app: Flask, imported: FlaskCliRunner) -> Iterator[Session]:
    with app.app_context():
        yield db.session()


def test_it_keeps_only_the_entry_the_text_and_when(session: Session) -> None:
    kept = reports.report(session, OF_X, "  Het telefoonnummer is veranderd.\n")
    assert (kept.activity_id, kept.text, kept.handled_at, kept.handled_by) == (
        OF_X,
        "Het telefoonnummer is veranderd.",
        None,
        None,
    )
    assert kept.created_at is not None


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "Schrijf op wat er niet klopt."),
        (" \n\t ", "Schrijf op wat er niet klopt."),
        ("x" * 501, "Dit is te lang: 501 tekens. Hooguit 500 tekens."),
    ],
)
def test_it_refuses_an_empty_or_too_long_text(session: Session, text: str, message: str) -> None:
    with pytest.raises(ValidationError) as refused:
        reports.report(session, OF_X, text)
    assert (refused.value.field, refused.value.message) == ("tekst", message)
    assert session.scalars(select(ErrorReport)).all() == []


def test_it_takes_500_characters(session: Session) -> None:
    assert len(reports.report(session, OF_X, "x" * 500).text) == 500


def test_it_refuses_a_report_about_an_entry_that_does_not_exist(session: Session) -> None:
    with pytest.raises(NotFound):
        reports.report(session, "bestaat-niet", "Klopt niet.")


def test_an_organisation_sees_the_reports_about_its_own_entries_the_beheerder_all(
    session: Session,
) -> None:
    about_x = reports.report(session, OF_X, "Over X")
    about_y = reports.report(session, OF_Y, "Over Y")
    x, y = organisation(session, X), organisation(session, Y)
    assert [o.report for o in reports.open_for(session, x)] == [about_x]
    assert [o.report for o in reports.open_for(session, y)] == [about_y]
    everything = reports.open_all(session)
    assert {o.report.text: o.organisation for o in everything} == {"Over X": X, "Over Y": Y}


def test_an_organisation_handles_only_its_own_reports(app: Flask, session: Session) -> None:
    person = make_person(app, "aanbieder", organisation=X)  # before this session writes
    about_y = reports.report(session, OF_Y, "Over Y")
    actor = Actor(session.get(UserAccount, person.id), "test", "catalogus bijhouden")
    with pytest.raises(NotFound):
        reports.handle(session, about_y.id, actor, organisation(session, X))
    assert about_y.handled_at is None
    reports.handle(session, about_y.id, actor, organisation(session, Y))  # as if it were Y's
    assert about_y.handled_at is not None and about_y.handled_by == person.id
    assert reports.open_all(session) == []
    lines = session.scalars(
        select(AuditEntry).where(AuditEntry.action == Action.ERROR_REPORT_HANDLED.value)
    ).all()
    assert [(a.actor_id, a.object_type, a.object_id) for a in lines] == [
        (person.id, "melding", str(about_y.id))
    ]
    reports.handle(session, about_y.id, actor)  # a second time: nothing changes
    assert (
        len(session.scalars(select(AuditEntry).where(AuditEntry.object_type == "melding")).all())
        == 1
    )


def test_a_report_about_an_entry_that_is_gone_is_for_the_beheerder_only(session: Session) -> None:
    orphan = ErrorReport(activity_id="weg", text="Weg", created_at=dt.datetime.now(dt.UTC))
    session.add(orphan)
    session.flush()
    assert [o.report for o in reports.open_all(session)] == [orphan]
    assert reports.open_all(session)[0].organisation is None
    with pytest.raises(NotFound):
        reports.handle(session, orphan.id, Actor(None, "test"), organisation(session, X))
    with pytest.raises(NotFound):
        reports.handle(session, orphan.id + 1, Actor(None, "test"))


def test_retention_removes_reports_90_days_after_they_were_handled(
    app: Flask, runner: FlaskCliRunner, session: Session
) -> None:
    handled = dt.datetime(2026, 1, 1, 18, 30, tzinfo=dt.UTC)
    for text, when in (
        ("Op tijd", handled),
        ("Later", handled + dt.timedelta(days=1)),
        ("Open", None),
    ):
        found = reports.report(session, OF_X, text)
        found.handled_at = when
    session.commit()
    day_90 = runner.invoke(args=["retention", "--today", "2026-04-01"])  # 1 January + 90 days
    assert day_90.exit_code == 0 and "0 afgehandelde meldingen verwijderd" in day_90.output
    day_91 = runner.invoke(args=["retention", "--today", "2026-04-02"])
    assert "1 afgehandelde meldingen verwijderd" in day_91.output
    with app.app_context():
        left = db.session().scalars(select(ErrorReport.text).order_by(ErrorReport.text)).all()
    assert left == ["Later", "Open"]
    again = runner.invoke(args=["retention", "--today", "2026-04-02"])
    assert "0 afgehandelde meldingen verwijderd" in again.output
