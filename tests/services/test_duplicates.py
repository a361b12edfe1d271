"""Probable duplicates in the stored catalogue, and merging two entries into one, on every database."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from matcher import db
from matcher.clock import now
from matcher.errors import NotFound, ValidationError
from matcher.models import (
    Activity,
    ActivityChange,
    AuditEntry,
    ErrorReport,
    Referral,
    ScheduleSlot,
    UserAccount,
)
from matcher.services import cases, catalogue, duplicates
from matcher.services.audit import Actor
from tests.catalogue.planted import PLANTED, planted_pairs, planted_rows, sample_rows, write_rows
from tests.conftest import make_person

SURVIVOR, DUPLICATE = "repaircafe-kamperpoort", "repaircafe-kamperpoort-kopie"


@pytest.fixture
def stored(runner: FlaskCliRunner, tmp_path: Path) -> FlaskCliRunner:
    """The sample catalogue with one planted copy of the Kamperpoort repair café."""
    rows = sample_rows()
    copy = {**rows[SURVIVOR], **PLANTED[SURVIVOR], "id": DUPLICATE}
    path = tmp_path / "catalogus.csv"
    path.write_text(write_rows([*rows.values(), copy]), encoding="utf-8")
    result = runner.invoke(args=["import", str(path)])
    assert result.exit_code == 0, result.output
    return runner


def actor_of(app: Flask, role: str, **membership: str) -> int:
    return make_person(app, role, **membership).id


def test_it_finds_the_planted_pair_in_the_stored_catalogue(app: Flask, stored: object) -> None:
    with app.app_context():
        [pair] = duplicates.probable(db.session())
        new = catalogue.get_record(db.session(), DUPLICATE)
        assert new is not None
        [warning] = duplicates.already_there(db.session(), new)
    assert pair.ids == (SURVIVOR, DUPLICATE)
    assert warning.second.id == SURVIVOR


def test_a_merge_moves_everything_to_the_survivor_and_removes_the_duplicate(
    app: Flask, stored: object
) -> None:
    consulent = actor_of(app, "consulent", team="Team Noord")
    # The copy's organisation ("Stichting Heel en Handig") proposes a change that waits.
    aanbieder = actor_of(app, "aanbieder", organisation="Stichting Heel en Handig")
    beheerder = actor_of(app, "beheerder")
    with app.app_context():
        session = db.session()
        professional = Actor(session.get(UserAccount, consulent), "test", "begeleiding")
        case = cases.create(session, professional)
        referral = cases.refer(
            session, case, catalogue.get_record(session, DUPLICATE), professional
        )  # type: ignore[arg-type]
        cases.move(session, referral, "contact_gelegd", professional)
        session.add(
            ErrorReport(
                activity_id=DUPLICATE, text="Het telefoonnummer klopt niet.", created_at=now()
            )
        )
        copy = catalogue.entry(session, DUPLICATE)
        proposed = catalogue.record_of(copy).model_copy(update={"support": ("inloop",)})
        provider = Actor(session.get(UserAccount, aanbieder), "test")
        waiting = catalogue.save(session, proposed, provider, revision=copy.revision).waiting
        assert waiting is not None
        session.commit()
        case_code, waiting_id = case.code, waiting.id
        version = catalogue.catalogue_version(session)

        done = duplicates.merge(
            session, SURVIVOR, DUPLICATE, Actor(session.get(UserAccount, beheerder), "test")
        )
        session.commit()

        assert (done.referrals, done.reports, done.rejected) == (1, 1, 1)
        assert session.get(Activity, DUPLICATE) is None
        assert (
            session.scalar(select(func.count()).where(ScheduleSlot.activity_id == DUPLICATE)) == 0
        )
        [moved] = session.scalars(select(Referral)).all()
        assert moved.activity_id == SURVIVOR
        assert moved.activity_title == "Repaircafé Kamperpoort"  # what was referred to, as it was
        assert session.scalars(select(ErrorReport.activity_id)).all() == [SURVIVOR]
        rejected = session.get(ActivityChange, waiting_id)
        assert rejected is not None and rejected.state == "afgewezen"
        assert rejected.decision == f"samengevoegd met {SURVIVOR}"
        [line, *_] = catalogue.history(session, SURVIVOR)
        assert (line.kind, line.state, line.fields) == (
            "samengevoegd",
            "live",
            {"id": [DUPLICATE, SURVIVOR]},
        )
        assert DUPLICATE in (line.reason or "")
        assert catalogue.history(session, DUPLICATE)[0].kind == "samengevoegd"
        assert catalogue.catalogue_version(session) == version + 1
        last = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())).first()
        assert last is not None and (last.action, last.object_id) == (
            "activiteiten samengevoegd",
            SURVIVOR,
        )
        # The case sees the survivor: in its week, and in what it exports.
        found = cases.find(session, case_code, session.get(UserAccount, consulent))  # type: ignore[arg-type]
        week = cases.week(session, found)
        assert [(b.day, b.title) for b in week] == [("za", "Repair Café Kamperpoort")]
        assert cases.export(session, found)["referrals"][0]["activity_id"] == SURVIVOR
        assert duplicates.probable(session) == []


def test_a_second_identical_merge_says_the_duplicate_is_gone(app: Flask, stored: object) -> None:
    with app.app_context():
        session = db.session()
        duplicates.merge(session, SURVIVOR, DUPLICATE, Actor(None, "test"))
        session.commit()
        version = catalogue.catalogue_version(session)
        with pytest.raises(NotFound) as error:
            duplicates.merge(session, SURVIVOR, DUPLICATE, Actor(None, "test"))
        assert error.value.field == "gaat"
        assert "bestaat niet (meer); misschien is ze al samengevoegd" in error.value.message
        session.rollback()
        assert catalogue.catalogue_version(session) == version


@pytest.mark.parametrize(
    ("survivor", "duplicate", "error", "field"),
    [
        (SURVIVOR, SURVIVOR, ValidationError, "blijft"),
        ("bestaat-niet", DUPLICATE, NotFound, "blijft"),
    ],
    ids=["the same entry twice", "an unknown survivor"],
)
def test_it_refuses_a_merge_that_cannot_be(
    app: Flask, stored: object, survivor: str, duplicate: str, error: type[Exception], field: str
) -> None:
    with app.app_context():
        session = db.session()
        with pytest.raises(error) as raised:
            duplicates.preview(session, survivor, duplicate)
        assert raised.value.field == field  # type: ignore[attr-defined]
        assert session.get(Activity, DUPLICATE) is not None


def test_a_preview_changes_nothing(app: Flask, stored: object) -> None:
    with app.app_context():
        session = db.session()
        version = catalogue.catalogue_version(session)
        shown = duplicates.preview(session, DUPLICATE, SURVIVOR)
        assert (shown.survivor.id, shown.duplicate.id, shown.referrals) == (DUPLICATE, SURVIVOR, 0)
        assert catalogue.catalogue_version(session) == version
        assert session.get(Activity, SURVIVOR) is not None


def test_the_command_prints_each_pair_with_why(runner: FlaskCliRunner, tmp_path: Path) -> None:
    path = tmp_path / "geplant.csv"
    path.write_text(write_rows(planted_rows()), encoding="utf-8")
    assert runner.invoke(args=["import", str(path)]).exit_code == 0
    result = runner.invoke(args=["duplicates"])
    assert result.exit_code == 0
    lines = result.output.splitlines()
    first = lines.index(f"      {DUPLICATE}  Repaircafé Kamperpoort") - 1
    assert lines[first].endswith(f"  {SURVIVOR}  Repair Café Kamperpoort")
    assert float(lines[first].split()[0]) >= 0.6
    assert (
        lines[first + 2]
        == "      zelfde naam; zelfde adres; bijna dezelfde organisatie; zelfde tijd: za 10:00-13:00"
    )
    assert lines[-1] == (
        f"{len(PLANTED)} paren die waarschijnlijk dezelfde activiteit zijn, uit "
        f"{len(planted_rows())} activiteiten."
    )

    answer = json.loads(runner.invoke(args=["duplicates", "--format", "json"]).output)
    assert {frozenset(a["id"] for a in p["activities"]) for p in answer["pairs"]} == planted_pairs()
    pair = answer["pairs"][0]
    assert set(pair) == {"score", "reasons", "activities"}
    assert set(pair["activities"][0]) == {"id", "title", "organisation"}


def test_the_command_says_so_when_there_are_none(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["duplicates"])
    assert result.exit_code == 0
    assert (
        result.output
        == "0 paren die waarschijnlijk dezelfde activiteit zijn, uit 0 activiteiten.\n"
    )
