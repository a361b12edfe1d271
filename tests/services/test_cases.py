"""Cases in the database: no identifying columns, erasure that cascades, retention, referral steps."""

from __future__ import annotations

import datetime as dt
import logging

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, inspect, select, text

from matcher import db, referrals
from matcher.models import Case, UserAccount
from matcher.services import cases
from matcher.services.catalogue import get_record
from tests.conftest import make_person

CHILD_TABLES = ("hulpvraag_notitie", "toestemming", "verwijzing", "verwijzing_stap", "aanwezigheid",
                "plan_onderdeel")  # fmt: skip


def test_a_case_has_no_column_for_a_name_bsn_address_or_birth_date(app: Flask) -> None:
    with app.app_context():
        inspector = inspect(db.engine())
        for table in ("hulpvraag", *CHILD_TABLES):
            columns = {c["name"] for c in inspector.get_columns(table)}
            forbidden = {"name", "naam", "achternaam", "bsn", "address", "adres", "postcode",
                         "birth_date", "geboortedatum", "date_of_birth"}  # fmt: skip
            assert not columns & forbidden, (table, columns & forbidden)


def test_case_codes_are_random(app: Flask) -> None:
    codes = {cases.new_code() for _ in range(2000)}
    assert len(codes) == 2000


def full_case(app: Flask) -> tuple[str, int]:
    person = make_person(app, "consulent")
    with app.app_context():
        session = db.session()
        user = session.get(UserAccount, person.id)
        assert user is not None
        actor = cases.Actor(user, "127.0.0.1")
        case = cases.create(session, actor)
        cases.set_profile(session, case, {"interests": ["koken"]}, actor)
        cases.add_note(session, case, "notitie", actor)
        cases.record_consent(
            session, case, "Stichting Taal Verbindt Zwolle", "Sanne", "06-1", actor
        )
        record = get_record(session, "taalcafe-binnenstad")
        assert record is not None
        referral = cases.refer(session, case, record, actor)
        cases.move(session, referral, "contact_gelegd", actor, "gebeld")
        cases.confirm_first_visit(session, referral, actor, dt.date(2026, 11, 23))
        from matcher.catalogue.schedule import parse_schedule

        cases.add_plan_item(
            session, case, "Dagbesteding", parse_schedule("ma 09:00-12:00")[0], actor
        )
        session.commit()
        return case.code, person.id


def count_children(app: Flask) -> dict[str, int]:
    with app.app_context():
        session = db.session()
        return {t: session.scalar(text(f"SELECT count(*) FROM {t}")) for t in CHILD_TABLES}  # noqa: S608


def test_erasure_leaves_no_row_of_the_case_but_a_content_free_audit_line(
    app: Flask, imported: FlaskCliRunner
) -> None:
    code, person_id = full_case(app)
    assert all(count_children(app).values())
    with app.app_context():
        session = db.session()
        user = session.get(UserAccount, person_id)
        case = session.scalars(select(Case).where(Case.code == code)).one()
        cases.erase(session, case, cases.Actor(user, "127.0.0.1"))  # type: ignore[arg-type]
        session.commit()
        assert session.scalar(select(func.count()).select_from(Case)) == 0
        tombstone = session.execute(
            text("SELECT action, object_id, purpose FROM audit_entry ORDER BY id DESC LIMIT 1")
        ).one()
        assert tuple(tombstone) == ("casus gewist", code, "recht op vergetelheid")
    assert count_children(app) == dict.fromkeys(CHILD_TABLES, 0)


def test_retention_anonymises_old_closed_cases_only_and_is_idempotent(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner
) -> None:
    old_closed, person_id = full_case(app)
    recent_closed, _ = full_case(app)
    still_open, _ = full_case(app)
    with app.app_context():
        session = db.session()
        by_code = {c.code: c for c in session.scalars(select(Case))}
        for code, closed in ((old_closed, dt.datetime(2025, 1, 10, tzinfo=dt.UTC)),
                             (recent_closed, dt.datetime(2026, 10, 1, tzinfo=dt.UTC))):  # fmt: skip
            by_code[code].status, by_code[code].closed_at = "gesloten", closed
        session.commit()
    first = runner.invoke(args=["retention", "--today", "2026-11-23"])
    assert first.exit_code == 0 and first.output.startswith("1 gesloten casussen")
    with app.app_context():
        by_code = {c.code: c for c in db.session().scalars(select(Case))}
        old = by_code[old_closed]
        assert old.profile == {} and old.notes == [] and old.consents == [] and old.anonymised_at
        assert old.referrals and all(h.note is None for h in old.referrals[0].history)
        for code in (recent_closed, still_open):
            assert by_code[code].profile == {"interests": ["koken"]} and by_code[code].notes
    second = runner.invoke(args=["retention", "--today", "2026-11-23"])
    assert second.output.startswith("0 gesloten casussen")
    with app.app_context():
        actions = db.session().execute(text("SELECT action, object_id FROM audit_entry "
                                            "WHERE action = 'retentie' ORDER BY id")).all()  # fmt: skip
        assert [tuple(a) for a in actions] == [("retentie", "1"), ("retentie", "0")]


def test_no_case_content_reaches_the_application_log(
    app: Flask, imported: FlaskCliRunner, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    full_case(app)
    logged = "\n".join(r.getMessage() for r in caplog.records)
    assert "Sanne" not in logged and "06-1" not in logged and "notitie" not in logged


class ReferralSteps(RuleBasedStateMachine):
    """Random walks over the referral steps: only allowed moves succeed, reopen only goes back."""

    def __init__(self) -> None:
        super().__init__()
        self.step = "voorgesteld"
        self.path = ["voorgesteld"]

    @rule(goal=st.sampled_from(referrals.STEPS))
    def advance(self, goal: str) -> None:
        allowed = goal in referrals.next_steps(self.step)
        try:
            self.step = referrals.advance(self.step, goal)
        except referrals.StepError:
            assert not allowed
        else:
            assert allowed
            self.path.append(goal)

    @precondition(lambda self: bool(referrals.reopen_steps(self.step)))
    @rule(data=st.data())
    def reopen(self, data: st.DataObject) -> None:
        target = data.draw(st.sampled_from(referrals.reopen_steps(self.step)))
        before = self.step
        self.step = referrals.reopen(self.step, target)
        if before not in referrals.ENDS:
            assert referrals.FLOW.index(target) < referrals.FLOW.index(before)
        self.path.append(target)

    @rule(goal=st.sampled_from(referrals.STEPS))
    def reopen_forward_is_refused(self, goal: str) -> None:
        if goal not in referrals.reopen_steps(self.step):
            with pytest.raises(referrals.StepError):
                referrals.reopen(self.step, goal)

    @invariant()
    def ends_are_final_without_reopen(self) -> None:
        if self.step in referrals.ENDS:
            assert referrals.next_steps(self.step) == ()

    @invariant()
    def afgerond_only_after_taking_part(self) -> None:
        for before, after in zip(self.path, self.path[1:], strict=False):
            if after == "afgerond" and before != after:
                assert before == "deelnemend"


ReferralSteps.TestCase.settings = settings(max_examples=200, stateful_step_count=30, deadline=None)
test_referral_steps = ReferralSteps.TestCase
