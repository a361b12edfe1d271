"""Cases in the database: no identifying columns, erasure that cascades, retention, referral steps."""

from __future__ import annotations

import datetime as dt
import itertools
import logging
import re
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from hypothesis import settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, precondition, rule
from sqlalchemy import func, inspect, select, text
from sqlalchemy.orm import Session

from matcher import db, referrals
from matcher.catalogue.records import ActivityRecord
from matcher.db import Base
from matcher.errors import NotFound, ValidationError
from matcher.models import Case, Intake, KeptForm, UserAccount
from matcher.services import cases, kept_forms, opplus, papers, welcome
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from tests.conftest import make_person

CHILD_TABLES = (
    "hulpvraag_notitie",
    "toestemming",
    "verwijzing",
    "verwijzing_stap",
    "aanwezigheid",
    "welkom_checkin",
    "plan_onderdeel",
    "opplusvraag",
    "overdracht",
)


def test_a_case_has_no_column_for_a_name_bsn_address_or_birth_date(app: Flask) -> None:
    with app.app_context():
        inspector = inspect(db.engine())
        for table in ("hulpvraag", *CHILD_TABLES):
            columns = {c["name"] for c in inspector.get_columns(table)}
            forbidden = {
                "name",
                "naam",
                "achternaam",
                "bsn",
                "address",
                "adres",
                "postcode",
                "birth_date",
                "geboortedatum",
                "date_of_birth",
            }
            assert not columns & forbidden, (table, columns & forbidden)


def test_case_codes_are_drawn_from_a_large_space_in_no_order() -> None:
    codes = [cases.new_code() for _ in range(2000)]
    assert all(re.fullmatch(r"K-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", c) for c in codes)
    assert len(set(codes)) == 2000 and len(cases.CODE_ALPHABET) ** 8 >= 2**40
    letters = [c[2:6] + c[7:] for c in codes]
    # A counter changes only its last places; random codes use every letter in every place
    # (that a letter is missing anywhere in 2000 codes has a chance below 1 in 10^25).
    full = set(cases.CODE_ALPHABET)
    assert [place for place in range(8) if {w[place] for w in letters} != full] == []
    # A counter goes up every time; random codes go up about half the time (1000 ± 22).
    rises = sum(a < b for a, b in itertools.pairwise(codes))
    assert 850 < rises < 1150


def full_case(app: Flask) -> tuple[str, int]:
    person = make_person(app, "consulent")
    make_person(app, "swt", team="SWT Zuid")
    helper = make_person(app, "ondersteuner", organisation="Stichting Taal Verbindt Zwolle")
    with app.app_context():
        session = db.session()
        user = session.get(UserAccount, person.id)
        assert user is not None
        actor = Actor(user, "127.0.0.1", "begeleiding")
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
        cases.arrange(session, referral, "maatje Piet", dt.date(2026, 12, 1), actor)
        cases.confirm_first_visit(session, referral, actor, dt.date(2026, 11, 23))
        papers.choose(session, referral, [str(record.schedule[0])], "een pen", actor)
        due = welcome.due_on(referral, 4)
        assert due is not None
        welcome.record(session, referral, 4, "beetje", due, actor, due)
        from matcher.catalogue.schedule import parse_schedule

        cases.add_plan_item(
            session, case, "Dagbesteding", parse_schedule("ma 09:00-12:00")[0], actor
        )
        helper_actor = Actor(session.get(UserAccount, helper.id), "127.0.0.1", "opplussen")
        support_requests(session, case, record, actor, helper_actor)
        case.intake = Intake(  # as a POH passes someone on (services/intake.py)
            source="poh",
            first_name="Sanne",
            contact="06 12345678",
            best_time="ochtend",
            about="zoekt gezelschap",
            consent="De persoon weet ervan",
            referrer="Praktijk Assendorp",
            referrer_phone="038 1234567",
            created_at=dt.datetime(2026, 11, 2, tzinfo=dt.UTC),
            opened_at=dt.datetime(2026, 11, 3, tzinfo=dt.UTC),
        )
        [elsewhere] = cases.transfer_teams(session, user)
        cases.transfer(session, case, elsewhere.id, "woont in de wijk van het SWT", actor)
        session.commit()
        return case.code, person.id


def support_requests(
    session: Session, case: Case, record: ActivityRecord, actor: Actor, helper_actor: Actor
) -> None:
    """One request promised with a volunteer of the pool (over capacity, with a reason), one
    refused with a reason."""
    org = cases.organisation_named(session, "Stichting Taal Verbindt Zwolle")
    form = opplus.OfferForm("Maatjes", ["kennismaken_met_maatje"], [], [], "Ria", "038-1", "", "0")
    offer = opplus.save_offer(session, form, org, actor)
    pool = opplus.save_volunteer(
        session, opplus.VolunteerForm("Kees", ["kennismaken_met_maatje"]), helper_actor
    )
    made = [
        opplus.request_support(
            session,
            case,
            record,
            offer.id,
            ["kennismaken_met_maatje"],
            ["nah"],
            actor,
            today=dt.date.today(),
            override_reason="alleen zij kennen het taalcafé",
        )
        for _ in range(2)
    ]
    opplus.move(session, made[0], "toegezegd", helper_actor, volunteer_id=pool.id)
    opplus.move(session, made[1], "niet_mogelijk", helper_actor, reason="geen maatje vrij")


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
        cases.erase(session, case, Actor(user, "127.0.0.1", "begeleiding"))  # type: ignore[arg-type]
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
        for code, closed in (
            (old_closed, dt.datetime(2025, 1, 10, tzinfo=dt.UTC)),
            (recent_closed, dt.datetime(2026, 10, 1, tzinfo=dt.UTC)),
        ):
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
        actions = (
            db.session()
            .execute(
                text(
                    "SELECT action, object_id FROM audit_entry "  # households have their own
                    "WHERE action = 'retentie' AND object_type = 'casussen' ORDER BY id"
                )
            )
            .all()
        )
        assert [tuple(a) for a in actions] == [("retentie", "1"), ("retentie", "0")]


PRIVACY = Path(__file__).resolve().parents[2] / "docs" / "privacy.md"
RULES = ("removed", "cleared", "kept", "set", "expires")


def table_under(heading: str) -> list[list[str]]:
    """The cells of the table that follows a heading of docs/privacy.md, without its header."""
    lines = PRIVACY.read_text(encoding="utf-8").split(f"\n{heading}\n", 1)[1].splitlines()
    start = next(i for i, line in enumerate(lines) if line.startswith("|"))
    rows = itertools.takewhile(lambda line: line.startswith("|"), lines[start:])
    return [[cell.strip() for cell in row.strip("|").split("|")] for row in rows][2:]


def quoted(cell: str) -> list[str]:
    return re.findall(r"`([^`]+)`", cell)


def client_tables() -> set[str]:
    """The tables the data inventory lists as holding data about a client."""
    return {
        name
        for row in table_under("## Data inventory")
        if row[2].startswith("client")
        for name in quoted(row[1])
    }


def retention_rules() -> dict[tuple[str, str], str]:
    """(table, column) -> what retention does to it, from the field-by-field table."""
    rows = table_under("### What `matcher retention` does, field by field")
    return {
        (table, column): row[2].split(":")[0]
        for row in rows
        for table in quoted(row[0])
        for column in quoted(row[1])
    }


def test_the_data_inventory_names_every_table() -> None:
    named = {name for row in table_under("## Data inventory") for name in quoted(row[1])}
    assert named == set(Base.metadata.tables)


def test_every_field_about_a_client_has_a_retention_rule() -> None:
    fields = {(t, c.name) for t in client_tables() for c in Base.metadata.tables[t].columns}
    rules = retention_rules()
    assert set(rules) == fields
    assert set(rules.values()) <= set(RULES)


def rows_of(session: Session, code: str) -> dict[str, dict[Any, dict[str, Any]]]:
    """Every row of the client tables that belongs to one case (by case_id or referral_id)."""
    case_id = session.scalars(select(Case.id).where(Case.code == code)).one()
    referral_ids = set(
        session.scalars(text("SELECT id FROM verwijzing WHERE case_id = :c"), {"c": case_id})
    )
    found: dict[str, dict[Any, dict[str, Any]]] = {}
    for name in sorted(client_tables()):
        table = Base.metadata.tables[name]
        if name == "kept_form":  # an account's, not a case's: checked on its own
            belongs = table.c.expires_at < dt.datetime.now(dt.UTC)
        elif name == "hulpvraag":
            belongs = table.c.id == case_id
        elif "case_id" in table.c:
            belongs = table.c.case_id == case_id
        else:
            belongs = table.c.referral_id.in_(referral_ids)
        rows = session.execute(select(table).where(belongs))
        key = table.primary_key.columns.values()[0].name
        found[name] = {getattr(row, key): dict(row._mapping) for row in rows}
    return found


def empty(value: Any) -> bool:
    return value in (None, "", {}, [])


def obeys(rule: str, was: list[Any], now: list[Any]) -> bool:
    """Whether a field's values before and after retention follow its rule (not 'removed')."""
    if rule == "kept":
        return now == was
    if rule == "cleared":
        return not all(map(empty, was)) and all(map(empty, now))
    return all(map(empty, was)) and not any(map(empty, now))  # "set"


def test_retention_treats_every_field_as_the_data_inventory_says(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner
) -> None:
    old, _ = full_case(app)
    still_open, _ = full_case(app)
    with app.app_context():
        session = db.session()
        case = session.scalars(select(Case).where(Case.code == old)).one()
        case.status, case.closed_at = "gesloten", dt.datetime(2025, 1, 10, tzinfo=dt.UTC)
        owner = session.scalars(select(UserAccount)).first()
        assert owner is not None
        key = kept_forms.keep(session, owner.id, "/casussen", {"notitie": ["vergeten"]})
        expired = session.get(KeptForm, key)
        assert expired is not None
        expired.expires_at = dt.datetime.now(dt.UTC) - dt.timedelta(minutes=1)
        session.commit()
        before, open_before = rows_of(session, old), rows_of(session, still_open)
    assert runner.invoke(args=["retention", "--today", "2026-11-23"]).exit_code == 0
    with app.app_context():
        after, open_after = rows_of(db.session(), old), rows_of(db.session(), still_open)
    open_after.pop("kept_form"), open_before.pop("kept_form")  # not a case's: checked below
    assert open_after == open_before  # an open case keeps every field
    assert [table for table, rows in before.items() if not rows] == []  # something to check
    broken = []
    for (table, column), treatment in retention_rules().items():
        if treatment in ("removed", "expires"):
            ok = after[table] == {}
        else:
            now = [after[table].get(id_, {}).get(column) for id_ in before[table]]
            ok = obeys(treatment, [row[column] for row in before[table].values()], now)
            ok = ok and after[table].keys() == before[table].keys()
        if not ok:
            broken.append(f"{table}.{column} is not {treatment}")
    assert broken == []


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


def team_member(app: Flask, role: str, team: str) -> int:
    return make_person(app, role, team=team).id


def test_a_transfer_hands_the_case_to_the_other_team_and_its_worklist(
    app: Flask, imported: FlaskCliRunner
) -> None:
    samen, swt = (
        team_member(app, "consulent", "SamenZwolle Noord"),
        team_member(app, "swt", "SWT Holtenbroek"),
    )
    with app.app_context():
        session = db.session()
        old, new = session.get(UserAccount, samen), session.get(UserAccount, swt)
        assert old is not None and new is not None
        actor = Actor(old, "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        assert [t.name for t in cases.transfer_teams(session, old)] == ["SWT Holtenbroek"]
        cases.transfer(session, case, new.team_id or 0, "  zorg thuis nodig  ", actor)
        session.commit()
        with pytest.raises(NotFound):
            cases.find(session, case.code, old)
        assert cases.find(session, case.code, new) is case and case.owner is None
        [waiting] = cases.incoming(session, new)
        assert (waiting.from_team.name, waiting.reason) == ("SamenZwolle Noord", "zorg thuis nodig")
        assert cases.incoming(session, old) == []
        cases.received(case, old)  # the old team cannot take it off the new team's list
        assert cases.incoming(session, new) == [waiting]
        cases.received(case, new)
        assert cases.incoming(session, new) == [] and waiting.received_at is not None
        logged = session.scalars(
            text("SELECT action FROM audit_entry WHERE object_id = :c ORDER BY id"),
            {"c": case.code},
        ).all()
        assert logged == ["casus aangemaakt", "casus overgedragen"]
        assert cases.export(session, case)["transfers"][0]["to_team"] == "SWT Holtenbroek"


@pytest.mark.parametrize(
    ("to", "reason", "closed", "field"),
    [
        ("own", "reden", False, "team"),
        ("none", "reden", False, "team"),
        ("other", "   ", False, "reden"),
        ("other", "x" * 301, False, "reden"),
        ("other", "reden", True, "team"),
    ],
)
def test_a_transfer_needs_another_team_a_reason_and_an_open_case(
    app: Flask, to: str, reason: str, closed: bool, field: str
) -> None:
    samen = team_member(app, "consulent", "SamenZwolle Zuid")
    team_member(app, "swt", "SWT Zuid")
    with app.app_context():
        session = db.session()
        user = session.get(UserAccount, samen)
        assert user is not None
        actor = Actor(user, "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        if closed:
            cases.close(session, case, actor)
        [other] = cases.transfer_teams(session, user)
        team_id = {"own": case.team_id, "none": 0, "other": other.id}[to]
        with pytest.raises(ValidationError) as refused:
            cases.transfer(session, case, team_id, reason, actor)
        assert refused.value.field == field and case.team_id == user.team_id


def test_consent_in_the_referral_flow_goes_to_the_referral_s_own_organisation(
    app: Flask, imported: FlaskCliRunner
) -> None:
    person = make_person(app, "consulent")
    with app.app_context():
        session = db.session()
        actor = Actor(session.get(UserAccount, person.id), "127.0.0.1", "begeleiding")
        case = cases.create(session, actor)
        record = get_record(session, "taalcafe-binnenstad")
        assert record is not None
        referral = cases.refer(session, case, record, actor)
        with pytest.raises(ValidationError) as refused:
            cases.consent_for(session, referral, "Sanne", " ", actor)
        assert refused.value.field == "telefoon"
        consent = cases.consent_for(session, referral, " Sanne ", "06-1", actor)
        assert consent.organisation is referral.organisation and consent.first_name == "Sanne"
        assert cases.active_consent(referral) is consent
