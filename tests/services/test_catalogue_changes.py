"""Writing one catalogue entry at a time: review of what matters, history, conflicts, renames."""

from __future__ import annotations

import threading
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.catalogue.records import REVIEWED, ActivityRecord, parse_record, to_row
from matcher.errors import NotFound, TryAgain, ValidationError
from matcher.models import ActivityChange, AuditEntry, Organisation, Referral, UserAccount
from matcher.services import cases, catalogue
from matcher.services.audit import Actor
from tests.conftest import make_person, row
from tests.services.test_catalogue import write_csv


def choir() -> dict[str, str]:
    """The second organisation's entry."""
    return row(
        id="koor-test",
        title="Buurtkoor",
        organisation="Muziekvereniging Zang",
        organisation_id="zang",
        interests="muziek",
    )


@pytest.fixture
def two_organisations(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> Flask:
    """Two entries of two organisations, imported with stable organisation ids."""
    file = write_csv(
        tmp_path / "kaart.csv",
        row(organisation_id="samen-eten"),
        choir(),
    )
    assert runner.invoke(args=["import", str(file)]).exit_code == 0
    return app


def actor_of(app: Flask, role: str, organisation: str | None = None) -> Actor:
    person = make_person(app, role, organisation=organisation)
    account = db.session().get(UserAccount, person.id)
    db.session().commit()  # end the transaction: the next make_person writes in its own
    return Actor(account, "127.0.0.1", "sociale kaart")


def changed(record: ActivityRecord, **values: object) -> ActivityRecord:
    return parse_record({**to_row(record), **{k: str(v) for k, v in values.items()}})


def current(activity_id: str) -> tuple[ActivityRecord, int]:
    activity = catalogue.entry(db.session(), activity_id)
    return catalogue.record_of(activity), activity.revision


def test_it_lets_a_beheerder_change_any_field_at_once(two_organisations: Flask) -> None:
    with two_organisations.app_context():
        beheerder = actor_of(two_organisations, "beheerder")
        version = catalogue.catalogue_version(db.session())
        record, revision = current("kookgroep-test")
        saved = catalogue.save(
            db.session(), changed(record, support="prikkelarm"), beheerder, revision=revision
        )
        db.session().commit()
        assert saved.waiting is None and saved.live is not None
        assert saved.live.fields == {"support": ["kleine_groep", "prikkelarm"]}
        assert current("kookgroep-test")[0].support == ("prikkelarm",)
        assert catalogue.catalogue_version(db.session()) == version + 1


def test_it_holds_an_organisations_change_of_what_matters_for_review(
    two_organisations: Flask,
) -> None:
    with two_organisations.app_context():
        aanbieder = actor_of(two_organisations, "aanbieder", "Stichting Samen Eten")
        record, revision = current("kookgroep-test")
        new = changed(record, support="prikkelarm", contact_phone="038-1234567")
        saved = catalogue.save(db.session(), new, aanbieder, revision=revision)
        db.session().commit()
        assert saved.live is not None and saved.waiting is not None
        assert saved.live.fields == {"contact_phone": ["", "038-1234567"]}
        assert saved.live.seen_at is None  # listed for the beheerder
        assert saved.waiting.fields == {"support": ["kleine_groep", "prikkelarm"]}
        now = current("kookgroep-test")[0]
        assert now.contact_phone == "038-1234567" and now.support == ("kleine_groep",)
        assert [c.id for c in catalogue.unseen(db.session())] == [saved.live.id]


def test_every_field_that_matters_for_safety_or_matching_waits() -> None:
    assert {"support", "expertise", "aanbod", "min_age", "max_age", "cost_eur", "address"} <= (
        REVIEWED
    )
    assert "description" not in REVIEWED and "contact_phone" not in REVIEWED


def test_it_puts_an_approved_change_live_and_keeps_a_rejected_one_out(
    two_organisations: Flask,
) -> None:
    with two_organisations.app_context():
        session = db.session()
        aanbieder = actor_of(two_organisations, "aanbieder", "Stichting Samen Eten")
        beheerder = actor_of(two_organisations, "beheerder")
        record, revision = current("kookgroep-test")
        first = catalogue.save(session, changed(record, cost_eur="0"), aanbieder, revision=revision)
        record, revision = current("kookgroep-test")
        second = catalogue.save(
            session, changed(record, expertise="nah"), aanbieder, revision=revision
        )
        session.commit()
        assert first.waiting and second.waiting
        catalogue.approve(session, first.waiting.id, beheerder)
        catalogue.reject(session, second.waiting.id, "Daar is geen begeleiding voor.", beheerder)
        session.commit()
        now = current("kookgroep-test")[0]
        assert now.cost_eur == 0 and now.expertise == ()
        decided = {c.id: c for c in catalogue.decisions(session, organisation("samen-eten"))}
        assert decided[second.waiting.id].decision == "Daar is geen begeleiding voor."
        assert decided[first.waiting.id].state == catalogue.APPROVED
        with pytest.raises(ValidationError):
            catalogue.approve(session, second.waiting.id, beheerder)  # already decided
        kinds = [(c.kind, c.state) for c in catalogue.history(session, "kookgroep-test")]
        assert (catalogue.CHANGED, catalogue.LIVE) in kinds  # the approval went live
        actions = set(session.scalars(select(AuditEntry.action)))
        assert {"wijziging voorgesteld", "wijziging goedgekeurd", "wijziging afgewezen"} <= actions


def test_it_refuses_a_rejection_without_a_reason(two_organisations: Flask) -> None:
    with two_organisations.app_context():
        session = db.session()
        aanbieder = actor_of(two_organisations, "aanbieder", "Stichting Samen Eten")
        beheerder = actor_of(two_organisations, "beheerder")
        record, revision = current("kookgroep-test")
        saved = catalogue.save(session, changed(record, aanbod="opgeplust"), aanbieder, revision=1)
        assert saved.waiting is not None
        with pytest.raises(ValidationError) as refused:
            catalogue.reject(session, saved.waiting.id, "  ", beheerder)
        assert refused.value.field == "reden"


def test_a_new_activity_of_an_organisation_waits_until_approved(two_organisations: Flask) -> None:
    with two_organisations.app_context():
        session = db.session()
        aanbieder = actor_of(two_organisations, "aanbieder", "Muziekvereniging Zang")
        beheerder = actor_of(two_organisations, "beheerder")
        new = parse_record(row(id="nieuw-koor", title="Nieuw koor", organisation="Wie dan ook"))
        saved = catalogue.save(session, new, aanbieder, revision=None)
        session.commit()
        assert saved.waiting is not None and catalogue.get_record(session, "nieuw-koor") is None
        assert saved.waiting.fields["organisation"] == ["", "Muziekvereniging Zang"]  # own, always
        catalogue.approve(session, saved.waiting.id, beheerder)
        session.commit()
        added = catalogue.get_record(session, "nieuw-koor")
        assert added is not None and added.organisation_id == "zang"


def test_an_organisation_can_never_change_another_organisations_entry(
    two_organisations: Flask,
) -> None:
    with two_organisations.app_context():
        session = db.session()
        aanbieder = actor_of(two_organisations, "aanbieder", "Muziekvereniging Zang")
        record, revision = current("kookgroep-test")
        with pytest.raises(NotFound):
            catalogue.save(session, changed(record, title="Overgenomen"), aanbieder, revision=1)
        session.rollback()
        assert current("kookgroep-test")[0].title == "Kookgroep De Pan"
        assert catalogue.waiting(session, organisation("zang")) == []


def test_the_second_of_two_saves_from_one_revision_is_refused_and_loses_nothing(
    two_organisations: Flask,
) -> None:
    with two_organisations.app_context():
        session = db.session()
        beheerder = actor_of(two_organisations, "beheerder")
        record, revision = current("kookgroep-test")
        catalogue.save(session, changed(record, title="Kookgroep A"), beheerder, revision=revision)
        session.commit()
        with pytest.raises(catalogue.Conflict) as conflict:
            catalogue.save(
                session, changed(record, title="Kookgroep B"), beheerder, revision=revision
            )
        session.rollback()
        assert conflict.value.current.title == "Kookgroep A"  # shown beside the refused one
        assert conflict.value.revision == revision + 1
        assert current("kookgroep-test")[0].title == "Kookgroep A"


def test_two_workers_saving_one_entry_at_once_leave_one_save_and_one_conflict(
    two_organisations: Flask,
) -> None:
    app = two_organisations
    person = make_person(app, "beheerder")
    with app.app_context():
        record, revision = current("kookgroep-test")
    barrier, outcomes = threading.Barrier(2, timeout=60), []  # a failure never hangs

    def edit(title: str) -> None:
        with app.app_context():
            session = db.session()
            actor = Actor(session.get(UserAccount, person.id), None, "test")
            session.commit()  # hold no lock while waiting for the other worker
            barrier.wait()
            try:
                catalogue.save(session, changed(record, title=title), actor, revision=revision)
                session.commit()
                outcomes.append(title)
            except (catalogue.Conflict, TryAgain) as refused:
                session.rollback()
                outcomes.append(type(refused).__name__)

    threads = [threading.Thread(target=edit, args=(t,)) for t in ("Titel A", "Titel B")]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    saved = [o for o in outcomes if o.startswith("Titel")]
    assert len(saved) == 1 and len(outcomes) == 2, outcomes
    with app.app_context():
        assert current("kookgroep-test")[0].title == saved[0]


def test_a_rename_of_an_organisation_keeps_its_accounts_and_referrals(
    two_organisations: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    app = two_organisations
    aanbieder = make_person(app, "aanbieder", organisation="Stichting Samen Eten")
    with app.app_context():
        session = db.session()
        consulent = actor_of(app, "consulent")
        case = cases.create(session, consulent)
        record = catalogue.get_record(session, "kookgroep-test")
        assert record is not None
        cases.refer(session, case, record, consulent)
        session.commit()
        before = organisation("samen-eten").id
    renamed = write_csv(
        tmp_path / "hernoemd.csv",
        row(organisation="Stichting Samen Koken", organisation_id="samen-eten"),
    )
    result = runner.invoke(args=["import", str(renamed)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        session = db.session()
        renamed_org = organisation("samen-eten")
        assert renamed_org.id == before and renamed_org.name == "Stichting Samen Koken"
        assert session.get(UserAccount, aanbieder.id).organisation_id == before
        assert session.scalars(select(Referral.organisation_id)).all() == [before]
        assert session.scalars(select(Organisation.name).order_by(Organisation.name)).all() == [
            "Muziekvereniging Zang",
            "Stichting Samen Koken",
        ]


def test_a_file_that_names_one_organisation_two_ways_is_refused(
    two_organisations: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "twee.csv",
        row(organisation_id="samen-eten"),
        row(id="ander", organisation="Andere naam", organisation_id="samen-eten"),
    )
    result = runner.invoke(args=["import", str(file)])
    assert result.exit_code == 1
    assert "organisatie 'samen-eten' heet op regel 2 'Stichting Samen Eten'" in result.output


def test_an_import_leaves_a_line_of_history_per_changed_entry(
    two_organisations: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    file = write_csv(
        tmp_path / "nieuw.csv",
        row(organisation_id="samen-eten", title="Kookgroep De Grote Pan"),
        choir(),
    )
    assert runner.invoke(args=["import", str(file)]).exit_code == 0
    with two_organisations.app_context():
        lines = db.session().scalars(select(ActivityChange).order_by(ActivityChange.id)).all()
        assert [(c.activity_id, c.kind) for c in lines][-1] == ("kookgroep-test", "import")
        assert lines[-1].fields == {"title": ["Kookgroep De Pan", "Kookgroep De Grote Pan"]}
        assert len([c for c in lines if c.activity_id == "koor-test"]) == 1  # unchanged: none


def organisation(code: str) -> Organisation:
    return db.session().scalars(select(Organisation).where(Organisation.code == code)).one()


def test_approving_a_change_that_no_longer_fits_is_refused_clearly(
    two_organisations: Flask,
) -> None:
    with two_organisations.app_context():
        session = db.session()
        aanbieder = actor_of(two_organisations, "aanbieder", "Stichting Samen Eten")
        beheerder = actor_of(two_organisations, "beheerder")
        record, revision = current("kookgroep-test")
        young = catalogue.save(session, changed(record, max_age=30), aanbieder, revision=revision)
        old = catalogue.save(session, changed(record, min_age=65), aanbieder, revision=revision)
        assert young.waiting and old.waiting
        catalogue.approve(session, young.waiting.id, beheerder)
        with pytest.raises(ValidationError) as refused:
            catalogue.approve(session, old.waiting.id, beheerder)
        assert refused.value.field == "max_age"
