"""The weekly plan: indicated care and activities side by side, with clashes and tight changes."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from icalendar import Calendar, Event, vRecur

from matcher.vocabulary import DAY_CODES

TIGHT_MINUTES = 30  # less than this between two parts of the day is too tight a change
ICAL_DAYS = dict(zip(DAY_CODES, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True))


@dataclass(frozen=True, slots=True)
class Block:
    """Something in the week: a day, a start and end time, what it is."""

    day: str
    start: dt.time
    end: dt.time
    title: str
    kind: str  # "maatwerk" or "activiteit"
    where: str = ""
    chosen: bool = True  # False: an activity's time not (yet) chosen with the person


@dataclass(frozen=True, slots=True)
class Flag:
    """Two blocks on one day that overlap ("overlap") or follow too closely ("krap")."""

    kind: str
    day: str
    first: Block
    second: Block


def _minutes(moment: dt.time) -> int:
    return moment.hour * 60 + moment.minute


def flags(blocks: list[Block], tight: int = TIGHT_MINUTES) -> list[Flag]:
    """Every overlap and every too-tight change between blocks of the same day."""
    found = []
    for day in DAY_CODES:
        today = sorted((b for b in blocks if b.day == day), key=lambda b: (b.start, b.end))
        for i, first in enumerate(today):
            for second in today[i + 1 :]:
                gap = _minutes(second.start) - _minutes(first.end)
                if gap < 0:
                    found.append(Flag("overlap", day, first, second))
                elif gap < tight:
                    found.append(Flag("krap", day, first, second))
    return found


def by_day(blocks: list[Block]) -> dict[str, list[Block]]:
    """The blocks of each day, in order of time."""
    return {
        day: sorted((b for b in blocks if b.day == day), key=lambda b: b.start) for day in DAY_CODES
    }


def ical(blocks: list[Block], week_of: dt.date, name: str) -> bytes:
    """The plan as an iCalendar file: each block a weekly event from the week of `week_of`."""
    calendar = Calendar()
    calendar.add("prodid", "-//matcher//weekplan//NL")
    calendar.add("version", "2.0")
    calendar.add("x-wr-calname", name)
    monday = week_of - dt.timedelta(days=week_of.weekday())
    for number, block in enumerate(blocks):
        date = monday + dt.timedelta(days=DAY_CODES.index(block.day))
        event = Event()
        event.add("uid", f"{monday.isoformat()}-{number}@matcher")
        event.add("dtstamp", dt.datetime.now(dt.UTC).replace(microsecond=0))
        event.add("summary", block.title)
        if block.where:
            event.add("location", block.where)
        event.add("dtstart", dt.datetime.combine(date, block.start))
        event.add("dtend", dt.datetime.combine(date, block.end))
        event.add("rrule", vRecur(freq="weekly", byday=ICAL_DAYS[block.day]))
        calendar.add_component(event)
    return bytes(calendar.to_ical())
