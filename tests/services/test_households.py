"""Households in the services: erasure across cases, retention, and results in the indicators."""

from __future__ import annotations

import datetime as dt

import pytest
from flask import Flask
from sqlalchemy import select

from matcher import db
from matcher.errors import ValidationError
from matcher.models import (
    AuditEntry,
    Case,
    Consent,
    Goal,
    GoalReview,
    Household,
    HouseholdMember,
    NetworkContact,
    UserAccount,
)
from matcher.services import cases, households, indicators
from matcher.services.audit import Actor
from tests.conftest import make_person


def _actor(app: Flask, team: str = "SWT Zuid") -> Actor:
    person = make_person(app, "swt", team=team)
    return Actor(db.session().get(UserAccount, person.id), "test", "begeleiding")


def _two_teams(app: Flask) -> tuple[Actor, Actor]:
    """An SWT generalist of SWT Zuid and one of SWT Noord (both made before anything is read:
    every transaction takes SQLite's write lock)."""
    people = [make_person(app, "swt", team=team) for team in ("SWT Zuid", "SWT Noord")]
    zuid, noord = (db.session().get(UserAccount, p.id) for p in people)
    return Actor(zuid, "test", "begeleiding"), Actor(noord, "test", "begeleiding")


def _household(actor: Actor, names: tuple[str, ...] = ("Anna", "Sem")) -> Household:
    session = db.session()
    found = households.create(session, actor)
    for name in names:
        member = households.add_member(session, found, name, "bewoner", "nieuw", actor)
        assert member.case is not None
    contact = households.add_contact(
        session,
        found,
        households.ContactForm("Fatima", "buurvrouw", ["meegaan"], "06-1", True),
        dt.date(2026, 11, 1),
        actor,
    )
    for member in found.members:
        form = households.GoalForm(
            member.id,
            "daginvulling",
            f"Doel van {member.first_name}",
            "netwerk",
            contact.id,
            "",
            dt.date(2026, 12, 1),
        )
        households.save_goal(session, found, form, actor)
    session.flush()
    return found


def test_it_refuses_another_teams_household_as_not_found(app: Flask) -> None:
    with app.app_context():
        actor, other = _two_teams(app)
        found = _household(actor)
        assert other.account is not None
        with pytest.raises(Exception) as refused:
            households.find(db.session(), found.code, other.account)
        assert getattr(refused.value, "status", None) == 404


def test_erasing_a_household_removes_the_members_personal_data_across_their_cases(
    app: Flask,
) -> None:
    with app.app_context():
        session = db.session()
        actor = _actor(app)
        found = _household(actor)
        for member in found.members:
            assert member.case is not None
            cases.add_note(session, member.case, "een notitie", actor)
        session.commit()
        households.erase(session, found, actor)
        session.commit()
        for model in (Household, HouseholdMember, NetworkContact, Goal, GoalReview, Case, Consent):
            assert session.scalars(select(model)).first() is None, model


def test_erasing_one_members_case_takes_that_member_and_goals_along(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        actor = _actor(app)
        found = _household(actor)
        anna = found.members[0]
        assert anna.case is not None
        cases.erase(session, anna.case, actor)
        session.commit()
        session.expire_all()
        names = session.scalars(select(HouseholdMember.first_name)).all()
        assert names == ["Sem"]
        assert session.scalars(select(Goal.text)).all() == ["Doel van Sem"]


def test_a_case_of_a_household_does_not_move_to_another_team_alone(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        actor, other = _two_teams(app)
        found = _household(actor)
        assert other.account is not None and other.account.team_id is not None
        case = found.members[0].case
        assert case is not None
        with pytest.raises(ValidationError):
            cases.transfer(session, case, other.account.team_id, "verhuisd", actor)


def test_retention_waits_for_the_cases_then_keeps_only_what_counts(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        actor = _actor(app)
        found = _household(actor)
        goal = found.members[0].goals[0]
        households.review(session, goal, "deels", "Het gaat", None, dt.date(2026, 12, 1), actor)
        session.commit()
        later = dt.date.today() + dt.timedelta(days=800)
        assert households.retention(session, later, 12) == 0  # the cases are still open
        for member in found.members:
            assert member.case is not None
            cases.close(session, member.case, actor)
            member.case.closed_at = dt.datetime(2020, 1, 1, tzinfo=dt.UTC)
        cases.retention(session, later, 12)
        assert households.retention(session, later, 12) == 1
        assert households.retention(session, later, 12) == 0  # a second run changes nothing
        session.commit()
        assert session.scalars(select(HouseholdMember.first_name)).all() == [None, None]
        assert session.scalars(select(NetworkContact)).first() is None
        assert session.scalars(select(Goal.text)).all() == [None, None]
        assert session.scalars(
            select(
                GoalReview.result,
            )
        ).all() == ["deels"]
        assert session.scalars(select(GoalReview.sentence)).all() == [None]
        runs = session.scalars(
            select(AuditEntry.object_id)
            .where(AuditEntry.action == "retentie", AuditEntry.object_type == "huishoudens")
            .order_by(AuditEntry.id)
        ).all()
        assert runs == ["0", "1", "0"]


def test_results_are_counted_for_the_indicators_with_small_counts_hidden(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        actor = _actor(app)
        day = dt.date(2026, 11, 20)
        outcomes = ["bereikt"] * 6 + ["niet"] * 2
        for outcome in outcomes:
            goal = _household(actor, ("Anna",)).members[0].goals[0]
            households.review(session, goal, outcome, "Zo ging het.", None, day, actor)
        session.commit()
        report = indicators.compute(session, dt.date(2026, 11, 30))

        def shown(code: str) -> str:
            return report.value("2026-K4", "totaal", indicators.ALL, code)

        assert shown("doelresultaten") == "8"
        assert shown("doel_niet") == "<5"
        # 8 = bereikt + deels + niet: with niet hidden, bereikt must be hidden too.
        assert shown("doel_bereikt") == "x"
        assert shown("aandeel_doel_bereikt") == indicators.NO_SHARE
        team = report.groups("2026-K4", "team")
        assert team == ["SWT Zuid"]
        assert all(
            not v.isdigit() or int(v) == 0 or int(v) >= 5
            for r in report.rows
            if (v := r.value) and r.indicator in indicators.GOAL_RESULTS
        )
