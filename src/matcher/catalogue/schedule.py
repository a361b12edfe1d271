"""Weekly schedules: 'di 10:00-12:00; do 19:30-21:30' <-> structured slots."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from matcher.vocabulary import DAY_CODES

_SLOT = re.compile(
    r"^(?P<day>[a-z]{2})\s+(?P<sh>\d{1,2})[:.](?P<sm>\d{2})\s*-\s*(?P<eh>\d{1,2})[:.](?P<em>\d{2})$"
)


@dataclass(frozen=True, slots=True)
class Slot:
    """A weekly time slot."""

    day: str
    start: dt.time
    end: dt.time

    def __str__(self) -> str:
        return f"{self.day} {self.start:%H:%M}-{self.end:%H:%M}"


class ScheduleError(ValueError):
    """A schedule that cannot be read."""


def parse_schedule(text: str) -> tuple[Slot, ...]:
    """Parse a schedule; empty means by appointment or flexible."""
    parts = [part.strip() for part in text.split(";")]
    if parts == [""]:
        return ()
    return tuple(_parse_slot(part) for part in parts)


def _parse_slot(part: str) -> Slot:
    match = _SLOT.match(part.lower())
    if match is None:
        raise ScheduleError(f"'{part}' is geen tijdvak (verwacht bijvoorbeeld 'di 10:00-12:00')")
    if match["day"] not in DAY_CODES:
        raise ScheduleError(f"onbekende dag '{match['day']}' in '{part}' (ma di wo do vr za zo)")
    try:
        start = dt.time(int(match["sh"]), int(match["sm"]))
        end = dt.time(int(match["eh"]), int(match["em"]))
    except ValueError:
        raise ScheduleError(f"onmogelijke tijd in '{part}'") from None
    if start >= end:
        raise ScheduleError(f"in '{part}' ligt de begintijd niet voor de eindtijd")
    return Slot(match["day"], start, end)


def format_schedule(slots: tuple[Slot, ...]) -> str:
    """The catalogue's text form of a schedule."""
    return "; ".join(str(slot) for slot in slots)
