"""Help with costs: which funds a person may get by age, the beheerder's checks, and a ranking
that puts what someone can pay first without changing what fits or why."""

from __future__ import annotations

import dataclasses

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner

from matcher import db
from matcher.catalogue.freshness import Audience
from matcher.errors import ValidationError
from matcher.models import AuditEntry
from matcher.profile import parse_profile
from matcher.services import cost_help, matching
from matcher.services.audit import Action, Actor
from matcher.services.cost_help import HelpForm

ACTOR = Actor(None, "test")
MEEDOEN = HelpForm(
    "Meedoenregeling", "18", "65", "Laag inkomen", "Contributie", "60", "Online", "14038"
)
JEUGD = HelpForm("Jeugdfonds", "4", "17", "Weinig geld", "Lesgeld", "450", "Via school", "jf.nl")


@pytest.fixture
def funds(app: Flask) -> Flask:
    with app.app_context():
        for form in (MEEDOEN, JEUGD):
            cost_help.save(db.session(), form, ACTOR)
        db.session().commit()
    return app


def names(found: list) -> list[str]:  # type: ignore[type-arg]
    return [f.name for f in found]


@pytest.mark.parametrize(
    ("age", "expected"),
    [(40, ["Meedoenregeling"]), (65, ["Meedoenregeling"]), (12, ["Jeugdfonds"]), (70, [])],
)
def test_it_chooses_the_funds_by_age(funds: Flask, age: int, expected: list[str]) -> None:
    with funds.app_context():
        assert names(cost_help.for_age(db.session(), age)) == expected


def test_an_unknown_age_names_every_fund_but_counts_none_as_sure(funds: Flask) -> None:
    with funds.app_context():
        assert names(cost_help.for_age(db.session(), None)) == ["Jeugdfonds", "Meedoenregeling"]
        assert cost_help.affordable_eur(db.session(), None) == 0
        assert cost_help.affordable_eur(db.session(), 40) == 5  # 60 euro a year
        assert cost_help.affordable_eur(db.session(), 70) == 0


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"name": " "}, "name"),
        ({"contact": ""}, "contact"),
        ({"min_age": "achttien"}, "min_age"),
        ({"max_age": "121"}, "max_age"),
        ({"min_age": "30", "max_age": "20"}, "max_age"),
        ({"max_eur_year": "-5"}, "max_eur_year"),
        ({"pays": "x" * 301}, "pays"),
    ],
)
def test_it_refuses_a_wrong_value_naming_the_field(
    app: Flask, change: dict[str, str], field: str
) -> None:
    with app.app_context(), pytest.raises(ValidationError) as refused:
        cost_help.save(db.session(), dataclasses.replace(MEEDOEN, **change), ACTOR)
    assert refused.value.field == field


def test_saving_and_removing_are_in_the_audit_log(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        found = cost_help.save(session, MEEDOEN, ACTOR)
        cost_help.remove(session, found.id, ACTOR)
        actions = [e.action for e in session.query(AuditEntry).order_by(AuditEntry.id)]
        assert actions == [Action.COST_HELP_SAVED, Action.COST_HELP_REMOVED]
        assert cost_help.every(session) == []


def test_the_sample_funds_are_loaded_once_and_marked_as_examples(runner: FlaskCliRunner) -> None:
    first = runner.invoke(args=["load-sample"])
    assert "Voorbeeldregelingen voor hulp bij de kosten geladen: 2." in first.output
    again = runner.invoke(args=["load-sample"])
    assert "voorbeeldregelingen niet geladen" in again.output
    with runner.app.app_context():
        assert all(f.example for f in cost_help.every(db.session()))


def test_money_puts_what_someone_can_pay_first_and_changes_no_fit_or_reason(
    app: Flask, imported: FlaskCliRunner
) -> None:
    with app.app_context():
        session = db.session()
        plain = parse_profile({"interests": ["creatief"], "location": {"wijk": "Schelle"}})
        money = dataclasses.replace(plain, affordable_eur=1)
        before = matching.match(session, plain, 50, audience=Audience.RESIDENTS)
        after = matching.match(session, money, 50, audience=Audience.RESIDENTS)
    assert {r.record.id for r in before.results} == {r.record.id for r in after.results}
    told = {r.record.id: (r.fit, r.reasons, r.matched) for r in before.results}
    assert all(told[r.record.id] == (r.fit, r.reasons, r.matched) for r in after.results)
    assert (before.results[0].record.cost_eur or 0) > 1  # the best fits cost 2, 10 or 25 euro
    for result in after.results[:3]:
        assert result.record.cost_eur is not None and result.record.cost_eur <= 1
