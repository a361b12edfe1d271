"""The one clock: the current moment in UTC, today's date, and moments read back in UTC."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

# The pages show times as a clock in Zwolle shows them (summer and winter time).
ZONE = ZoneInfo("Europe/Amsterdam")


def now() -> dt.datetime:
    """The current moment in UTC."""
    return dt.datetime.now(dt.UTC)


def today() -> dt.date:
    """Today's date where the service runs."""
    return dt.date.today()


def utc(moment: dt.datetime) -> dt.datetime:
    """A moment in UTC; SQLite hands back naive datetimes, which are UTC here."""
    return moment.replace(tzinfo=dt.UTC) if moment.tzinfo is None else moment.astimezone(dt.UTC)


def local(moment: dt.datetime) -> dt.datetime:
    """A stored moment as the time on a clock in Zwolle."""
    return utc(moment).astimezone(ZONE)
