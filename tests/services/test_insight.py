"""The figures of /inzicht as last worked out: worked out again on every visit while that is
cheap, read back from storage when it is costly, and stored only as they may be shown."""

from __future__ import annotations

import json
import threading

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from matcher import clock, db
from matcher.models import Case, InsightSnapshot, UserAccount
from matcher.services import cases, demand, indicators, insight
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from tests.insight.seeded import REGULIER_2, TODAY, seed

TOTAL = ("2026", "totaal", "alle", "verwijzingen")


@pytest.fixture
def seeded(app: Flask, imported: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch) -> Flask:
    seed(app, monkeypatch)
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    return app


def stand(app: Flask, live_seconds: float) -> insight.Stand[indicators.Report]:
    with app.app_context():
        return insight.indicators(db.reader_session(), db.engine(), TODAY, 2, live_seconds)


def refer_once_more(app: Flask) -> None:
    """One more referral in 2026, so the year's total goes up by one."""
    with app.app_context():
        session = db.session()
        case = session.scalars(select(Case).order_by(Case.id)).first()
        user = session.scalars(select(UserAccount).order_by(UserAccount.id)).first()
        record = get_record(session, REGULIER_2)
        assert case and user and record
        cases.refer(session, case, record, Actor(user, "127.0.0.1", "begeleiding"))
        session.commit()


def test_a_cheap_report_is_worked_out_again_on_every_visit(seeded: Flask) -> None:
    before = stand(seeded, live_seconds=3600)  # anything stored counts as cheap
    refer_once_more(seeded)
    after = stand(seeded, live_seconds=3600)
    assert not after.stored and not after.late
    assert int(after.figures.value(*TOTAL)) == int(before.figures.value(*TOTAL)) + 1


def test_a_costly_report_is_read_back_until_the_next_count(
    seeded: Flask, runner: FlaskCliRunner
) -> None:
    first = stand(seeded, live_seconds=0)  # anything stored counts as costly
    assert not first.stored  # nothing was stored yet: worked out now
    refer_once_more(seeded)
    again = stand(seeded, live_seconds=0)
    assert again.stored and not again.late
    assert again.figures.rows == first.figures.rows  # as counted, not as now
    assert again.computed_at == first.computed_at

    result = runner.invoke(args=["report", "refresh", "--today", TODAY.isoformat()])
    assert result.exit_code == 0, result.output
    assert "Indicatoren geteld in" in result.output and "bewaard" in result.output
    counted = stand(seeded, live_seconds=0)
    assert counted.stored and counted.computed_at > first.computed_at
    assert int(counted.figures.value(*TOTAL)) == int(first.figures.value(*TOTAL)) + 1


def test_figures_counted_before_today_are_shown_as_late(seeded: Flask) -> None:
    with seeded.app_context():
        session = db.reader_session()
        yesterday = TODAY.replace(day=TODAY.day - 1)
        insight.refresh(session, db.engine(), yesterday, 2)
    late = stand(seeded, live_seconds=0)
    assert late.stored and late.late and late.counted_on == yesterday
    assert late.figures.today == yesterday


def test_only_shown_figures_are_stored(seeded: Flask) -> None:
    with seeded.app_context():
        session = db.reader_session()
        expected = indicators.to_json(indicators.compute(session, TODAY))
        insight.refresh(session, db.engine(), TODAY, 2)
        session.rollback()  # end the read: the figures were stored by a transaction of their own
        stored = {s.report: s.content for s in session.scalars(select(InsightSnapshot))}
        codes = set(session.scalars(select(Case.code)))
    assert stored[insight.INDICATORS] == expected
    values = {r["waarde"] for r in stored[insight.INDICATORS]["rows"]}
    assert "<5" in values and values & {"1", "2", "3", "4"} == set()
    text = json.dumps(stored)
    assert codes and not any(code in text for code in codes)


def test_two_workers_storing_at_once_both_succeed(
    seeded: Flask, caplog: pytest.LogCaptureFixture
) -> None:
    failures: list[BaseException] = []

    def worker() -> None:
        try:
            with seeded.app_context():
                insight.refresh(db.reader_session(), db.engine(), TODAY, 2)
        except BaseException as error:  # noqa: BLE001 (reported by the assertion below)
            failures.append(error)

    threads = [threading.Thread(target=worker) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert failures == []
    assert "not stored" not in caplog.text
    with seeded.app_context():
        session = db.session()
        assert session.scalar(select(func.count()).select_from(InsightSnapshot)) == 2
        stored = session.get(InsightSnapshot, insight.DEMAND)
        assert stored is not None
        assert list(stored.content) == demand.periods(session, TODAY)
