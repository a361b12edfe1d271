"""Dates typed in three fields, or pasted whole into the first."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher import dates
from matcher.errors import ValidationError


@pytest.mark.parametrize(
    ("day", "month", "year"),
    [
        ("1", "12", "2026"),
        ("01", "12", "2026"),
        (" 1 ", "12", " 2026"),
        ("1-12-2026", "", ""),
        ("1/12/2026", "", ""),
        ("01.12.2026", "", ""),
        ("2026-12-01", "", ""),
    ],
)
def test_it_reads_a_date_typed_in_three_fields_or_whole(day: str, month: str, year: str) -> None:
    assert dates.parse("opvolgen", day, month, year) == dt.date(2026, 12, 1)


def test_it_leaves_an_empty_date_empty() -> None:
    assert dates.parse("opvolgen", " ", "", "") is None


@pytest.mark.parametrize(
    ("day", "month", "year", "message"),
    [
        ("1", "", "2026", "vul een dag, maand en jaar in, bijvoorbeeld 27 3 2026"),
        ("een", "12", "2026", "vul een dag, maand en jaar in, bijvoorbeeld 27 3 2026"),
        ("1-12-26", "", "", "vul een dag, maand en jaar in, bijvoorbeeld 27 3 2026"),
        ("1", "12", "26", "het jaar heeft 4 cijfers, bijvoorbeeld 2026"),
        ("31", "2", "2026", "deze datum bestaat niet, kijk de dag en de maand na"),
        ("1", "13", "2026", "deze datum bestaat niet, kijk de dag en de maand na"),
    ],
)
def test_it_refuses_a_date_that_is_incomplete_or_does_not_exist(
    day: str, month: str, year: str, message: str
) -> None:
    with pytest.raises(ValidationError) as refused:
        dates.parse("opvolgen", day, month, year)
    assert (refused.value.field, refused.value.message) == ("opvolgen", message)


def test_it_shows_a_stored_date_in_three_fields() -> None:
    assert dates.typed(dt.date(2026, 3, 7)) == {"dag": "7", "maand": "3", "jaar": "2026"}
    assert dates.typed(None) == {"dag": "", "maand": "", "jaar": ""}
