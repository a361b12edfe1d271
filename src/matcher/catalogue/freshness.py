"""'Klopt dit nog?': how long ago an organisation confirmed an entry, and what follows from it.

The one place of the rules (pure: no Flask, no database); the ranking, the pages, the services and
`matcher freshness` all read them here. Months are calendar months: an entry confirmed on 15 March
is 11 months old on 15 February and "more than 11 months" from 16 February; from 31 March one
month back is the last day of February.

| not confirmed for       | state            | what follows                                          |
|-------------------------|------------------|-------------------------------------------------------|
| 11 months or less       | `actueel`        | nothing                                               |
| more than 11 months     | `bevestigen`     | the organisation is asked to confirm (or change) it   |
| more than 12, or never  | `verouderd`      | residents read "niet recent gecontroleerd"; ranks lower |
| more than 18 months     | `zeer_verouderd` | left out of what residents find; professionals keep it, flagged |

An entry that was never confirmed counts as `verouderd`, not `zeer_verouderd`: nothing says how
old it is, and a new catalogue without dates must not vanish from the residents' pages.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import StrEnum
from functools import lru_cache

from matcher.catalogue.records import ActivityRecord

DUE_MONTHS = 11
STALE_MONTHS = 12
VERY_STALE_MONTHS = 18
ENDED = "gestopt"


class State(StrEnum):
    """How fresh an entry is; the value is the code the API and `matcher freshness` show."""

    CURRENT = "actueel"
    DUE = "bevestigen"
    STALE = "verouderd"
    VERY_STALE = "zeer_verouderd"

    @property
    def flagged(self) -> bool:
        """Whether people who read the entry are told it was not checked recently."""
        return self in (State.STALE, State.VERY_STALE)


class Audience(StrEnum):
    """Who looks: residents do not see very stale entries; professionals see them, flagged."""

    RESIDENTS = "inwoners"
    PROFESSIONALS = "professionals"


def months_before(day: dt.date, months: int) -> dt.date:
    """The same day `months` calendar months earlier (the month's last day when it is shorter)."""
    index = day.year * 12 + day.month - 1 - months
    year, month = divmod(index, 12)
    last = calendar.monthrange(year, month + 1)[1]
    return dt.date(year, month + 1, min(day.day, last))


@dataclass(frozen=True, slots=True)
class Limits:
    """On one day: an entry last confirmed before a date is past that state's months."""

    due: dt.date
    stale: dt.date
    very_stale: dt.date


@lru_cache(maxsize=16)  # a ranking asks it for every result, always of the same day
def limits(today: dt.date) -> Limits:
    """The dates that divide the states on a day."""
    return Limits(
        due=months_before(today, DUE_MONTHS),
        stale=months_before(today, STALE_MONTHS),
        very_stale=months_before(today, VERY_STALE_MONTHS),
    )


def state(last_verified: dt.date | None, today: dt.date) -> State:
    """How fresh an entry confirmed on `last_verified` (None: never) is on `today`."""
    if last_verified is None:
        return State.STALE
    found = limits(today)
    if last_verified < found.very_stale:
        return State.VERY_STALE
    if last_verified < found.stale:
        return State.STALE
    if last_verified < found.due:
        return State.DUE
    return State.CURRENT


def flag(found: State) -> dict[str, str]:
    """The optional `freshness` field of an answer's result or an API entry: only when flagged."""
    return {"freshness": found.value} if found.flagged else {}


def shown_to(audience: Audience, found: State) -> bool:
    """Whether an entry in this state is among what this audience finds."""
    return not (audience is Audience.RESIDENTS and found is State.VERY_STALE)


@dataclass(frozen=True, slots=True)
class DueEntry:
    """An entry its organisation should confirm, and how fresh it is."""

    record: ActivityRecord
    state: State


def due(records: Iterable[ActivityRecord], today: dt.date) -> list[DueEntry]:
    """The entries that are due (or past it): never confirmed first, then the oldest first.

    An activity that has ended (`gestopt`) is not asked about: there is nothing to confirm.
    """
    found = [DueEntry(r, state(r.last_verified, today)) for r in records if r.status != ENDED]
    waiting = [entry for entry in found if entry.state is not State.CURRENT]
    return sorted(waiting, key=_oldest_first)


def _oldest_first(entry: DueEntry) -> tuple[dt.date, str, str]:
    return (entry.record.last_verified or dt.date.min, entry.record.title.lower(), entry.record.id)
