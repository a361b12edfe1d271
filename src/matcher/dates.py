"""Dates as people type them: day, month and year in three fields (the GOV.UK pattern), or a
whole date pasted into the day field ('1-12-2026', '1/12/2026', '2026-12-01'). Pure rules."""

from __future__ import annotations

import datetime as dt
import re

from matcher.errors import ValidationError
from matcher.phrases import N_, Phrase

# A whole date in one box, day first as people in the Netherlands write it, or ISO.
_DAY_FIRST = re.compile(r"(\d{1,2})[-/. ](\d{1,2})[-/. ](\d{4})")
_ISO = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
EXAMPLE = "27 3 2026"


def _parts(day: str, month: str, year: str) -> tuple[str, str, str]:
    """The three parts, taking a whole date typed into the day field apart."""
    if month or year:
        return day, month, year
    if found := _DAY_FIRST.fullmatch(day):
        return found[1], found[2], found[3]
    if found := _ISO.fullmatch(day):
        return found[3], found[2], found[1]
    return day, month, year


def parse(field: str, day: str, month: str, year: str) -> dt.date | None:
    """The date of three typed parts; None when all three are empty. A missing part, a year not
    of four digits or a day that does not exist is refused, naming the field."""
    day, month, year = _parts(day.strip(), month.strip(), year.strip())
    if not (day or month or year):
        return None
    if not (day.isdigit() and month.isdigit() and year.isdigit()):
        raise ValidationError(
            field,
            Phrase(
                N_("vul een dag, maand en jaar in, bijvoorbeeld %(example)s"), {"example": EXAMPLE}
            ),
        )
    if len(year) != 4:
        raise ValidationError(field, Phrase(N_("het jaar heeft 4 cijfers, bijvoorbeeld 2026")))
    try:
        return dt.date(int(year), int(month), int(day))
    except ValueError:
        raise ValidationError(
            field, Phrase(N_("deze datum bestaat niet, kijk de dag en de maand na"))
        ) from None


def typed(date: dt.date | None) -> dict[str, str]:
    """A stored date as the three fields show it."""
    if date is None:
        return {"dag": "", "maand": "", "jaar": ""}
    return {"dag": str(date.day), "maand": str(date.month), "jaar": str(date.year)}
