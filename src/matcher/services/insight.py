"""The figures of /inzicht as they were last worked out, so the page answers at once.

Working them out reads every referral, step and attendance and hides small counts with their
complements (matcher.insight.suppress): tens of seconds at 100,000 referrals (docs/performance.md).
What comes out holds only what may be shown, so it is stored (`inzicht_stand`, one row per report)
and read back:

- a report that took less than INSIGHT_LIVE_SECONDS to work out (a small instance) is worked out
  again on every visit, so it is always current;
- a longer one is worked out each night by `matcher report refresh` (docs/deploy.md) and read
  from storage for the rest of the day; the page says when it was counted;
- when the night's run did not happen, the last stored figures are shown with their date, rather
  than keep a browser waiting minutes (and a worker past its timeout) on every visit.

Every worker reads the same stored cells, so no two pages can hide different cells of one report.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from sqlalchemy import Engine, Table
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from matcher import clock
from matcher.db import upsert
from matcher.models import InsightSnapshot
from matcher.services import demand as demand_figures
from matcher.services import indicators as indicator_figures

logger = logging.getLogger(__name__)

INDICATORS = "indicators"
DEMAND = "demand"

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Stand(Generic[T]):
    """Figures with the moment they were counted; `stored` when read back rather than worked
    out for this visit, and `late` when they were counted before today (the night's run did not
    happen)."""

    figures: T
    counted_on: dt.date
    computed_at: dt.datetime
    stored: bool = False
    late: bool = False


@dataclass(frozen=True, slots=True)
class _Report(Generic[T]):
    name: str
    work_out: Callable[[], dict[str, Any]]
    read: Callable[[dict[str, Any]], T]


def indicators(
    db: Session, engine: Engine, today: dt.date, signal_weeks: int, live_seconds: float
) -> Stand[indicator_figures.Report]:
    """The indicators over every quarter up to today's, as last worked out."""
    return _stand(db, engine, _indicators(db, today, signal_weeks), today, live_seconds)


def demand(db: Session, engine: Engine, today: dt.date, live_seconds: float) -> Stand[GapsByPeriod]:
    """Demand next to supply for every year and quarter up to today's, as last worked out."""
    return _stand(db, engine, _demand(db, today), today, live_seconds)


def refresh(db: Session, engine: Engine, today: dt.date, signal_weeks: int) -> dict[str, float]:
    """Work out every report again and store it (the nightly job); seconds taken per report."""
    taken = {}
    for report in (_indicators(db, today, signal_weeks), _demand(db, today)):
        content, seconds = _timed(report.work_out)
        _store(engine, report.name, today, seconds, content)
        taken[report.name] = seconds
    return taken


def _indicators(
    db: Session, today: dt.date, signal_weeks: int
) -> _Report[indicator_figures.Report]:
    return _Report(
        INDICATORS,
        lambda: indicator_figures.to_json(
            indicator_figures.compute(db, today, signal_weeks=signal_weeks)
        ),
        indicator_figures.from_json,
    )


class GapsByPeriod(Mapping[str, demand_figures.Gaps]):
    """Every period's demand and supply, oldest first; a period is read from its stored form
    only when asked for (a page shows one of them, and a year of counters makes thousands of
    rows per period)."""

    def __init__(self, content: dict[str, Any]) -> None:
        self._content = content

    def __getitem__(self, period: str) -> demand_figures.Gaps:
        return demand_figures.gaps_from_json(self._content[period])

    def __iter__(self) -> Iterator[str]:
        return iter(self._content)

    def __len__(self) -> int:
        return len(self._content)


def _demand(db: Session, today: dt.date) -> _Report[GapsByPeriod]:
    return _Report(
        DEMAND,
        lambda: {
            period: demand_figures.gaps_to_json(found)
            for period, found in demand_figures.every_gap(db, today).items()
        },
        GapsByPeriod,
    )


def _stand(
    db: Session, engine: Engine, report: _Report[T], today: dt.date, live_seconds: float
) -> Stand[T]:
    stored = db.get(InsightSnapshot, report.name)
    if stored is not None and stored.seconds >= live_seconds and stored.counted_on <= today:
        return Stand(
            report.read(stored.content),
            stored.counted_on,
            clock.utc(stored.computed_at),
            stored=True,
            late=stored.counted_on < today,
        )
    content, seconds = _timed(report.work_out)
    return Stand(report.read(content), today, _store(engine, report.name, today, seconds, content))


def _timed(work_out: Callable[[], dict[str, Any]]) -> tuple[dict[str, Any], float]:
    started = time.perf_counter()
    content = work_out()
    return content, time.perf_counter() - started


def _store(
    engine: Engine, name: str, today: dt.date, seconds: float, content: dict[str, Any]
) -> dt.datetime:
    """Keep a report, in a transaction of its own (a page that reads only may store it); two
    workers storing at once both succeed, the later one's figures stay. A failure is logged:
    the figures are shown anyway, and worked out again next time."""
    table = InsightSnapshot.__table__
    assert isinstance(table, Table)
    at = clock.now()
    row = {"report": name, "counted_on": today, "computed_at": at, "seconds": seconds}
    statement = upsert(engine, table).values(**row, content=content)
    statement = statement.on_conflict_do_update(
        index_elements=["report"], set_={**row, "content": statement.excluded.content}
    )
    try:
        with engine.begin() as connection:
            connection.execute(statement)
    except SQLAlchemyError as error:
        logger.error("insight figures not stored: %s", type(error).__name__)
    return at
