"""'Klopt dit nog?': the freshness rules on a fixed day, at their boundaries."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher.catalogue.freshness import (
    Audience,
    State,
    due,
    limits,
    months_before,
    shown_to,
    state,
)
from matcher.catalogue.records import parse_record
from tests.conftest import row

TODAY = dt.date(2026, 6, 15)


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (dt.date(2026, 6, 15), 11, dt.date(2025, 7, 15)),
        (dt.date(2026, 6, 15), 18, dt.date(2024, 12, 15)),
        (dt.date(2026, 3, 31), 1, dt.date(2026, 2, 28)),  # a shorter month: its last day
        (dt.date(2024, 3, 31), 1, dt.date(2024, 2, 29)),  # a leap year
        (dt.date(2026, 1, 31), 11, dt.date(2025, 2, 28)),
        (dt.date(2026, 12, 1), 12, dt.date(2025, 12, 1)),
        (dt.date(2026, 1, 1), 1, dt.date(2025, 12, 1)),
    ],
)
def test_it_counts_calendar_months(day: dt.date, months: int, expected: dt.date) -> None:
    assert months_before(day, months) == expected


@pytest.mark.parametrize(
    ("confirmed", "expected"),
    [
        (TODAY, State.CURRENT),
        (dt.date(2025, 7, 15), State.CURRENT),  # exactly 11 months: not more
        (dt.date(2025, 7, 14), State.DUE),  # a day more
        (dt.date(2025, 6, 15), State.DUE),  # exactly 12 months
        (dt.date(2025, 6, 14), State.STALE),
        (dt.date(2024, 12, 15), State.STALE),  # exactly 18 months
        (dt.date(2024, 12, 14), State.VERY_STALE),
        (dt.date(2015, 1, 1), State.VERY_STALE),
        (None, State.STALE),  # never confirmed: shown with the label, not left out
    ],
)
def test_it_tells_the_state_at_each_boundary(confirmed: dt.date | None, expected: State) -> None:
    assert state(confirmed, TODAY) is expected


def test_its_limits_are_the_days_the_states_begin_after() -> None:
    found = limits(TODAY)
    assert (found.due, found.stale, found.very_stale) == (
        dt.date(2025, 7, 15),
        dt.date(2025, 6, 15),
        dt.date(2024, 12, 15),
    )


def test_only_the_very_stale_are_left_out_and_only_for_residents() -> None:
    assert [s for s in State if not shown_to(Audience.RESIDENTS, s)] == [State.VERY_STALE]
    assert all(shown_to(Audience.PROFESSIONALS, s) for s in State)
    assert [s for s in State if s.flagged] == [State.STALE, State.VERY_STALE]


def test_it_lists_what_is_due_never_confirmed_and_oldest_first() -> None:
    records = [
        parse_record(row(id="vers", last_verified="2026-06-01")),
        parse_record(row(id="bijna", last_verified="2025-07-01")),
        parse_record(row(id="oud", last_verified="2024-01-01")),
        parse_record(row(id="nooit")),
        parse_record(row(id="gestopt", last_verified="2020-01-01", status="gestopt")),
    ]
    found = due(records, TODAY)
    assert [(e.record.id, e.state) for e in found] == [
        ("nooit", State.STALE),
        ("oud", State.VERY_STALE),
        ("bijna", State.DUE),
    ]
