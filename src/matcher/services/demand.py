"""Anonymous demand: every search by a person adds one to counters, and the gaps they show.

A counter is a number per ISO week and combination of codes (wijk, interest, required support,
answer fit, near-miss support, part of the day); there is no row per search, no time finer than
the week and nothing the person typed. Reports leave this module only as counts through
`matcher.insight.suppress` (under 5 is "<5", complements hidden too). docs/insight.md defines
every figure, docs/privacy.md why the counters are no personal data.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import logging
from collections import defaultdict
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import asdict, astuple, dataclass, field
from typing import Any

from sqlalchemy import Engine, Row, Select, Table, delete, func, select
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from matcher import geo, vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.db import upsert
from matcher.errors import ValidationError
from matcher.insight import suppress
from matcher.models import DemandCount, Referral
from matcher.phrases import N_
from matcher.profile import Profile
from matcher.ranking.index import daypart
from matcher.ranking.query import DAYPARTS, Query
from matcher.ranking.rank import Answer
from matcher.services import indicators, matching

logger = logging.getLogger(__name__)

UNKNOWN = "onbekend"  # the wijk of a search without a place
NONE = ""  # no interest code, no required support, no near miss, no part of the day
GEEN = "geen"
# In `near_miss`: the cost limit left out everything that would otherwise have fitted.
COST = "kosten"
FITS = ("goed", "deels", GEEN)
RETENTION_YEARS = 5
DIMENSIONS = ("week", "wijk", "interest", "support", "fit", "near_miss", "dagdeel")


@dataclass(frozen=True, order=True, slots=True)
class Combination:
    """What one counter counts, but the week."""

    wijk: str
    interest: str
    support: str
    fit: str
    near_miss: str
    dagdeel: str


def iso_week(day: dt.date) -> str:
    """'2026-W48' for a day in that ISO week."""
    year, week, _ = day.isocalendar()
    return f"{year}-W{week:02d}"


def thursday(week: str) -> dt.date:
    """The Thursday of an ISO week: the day that decides its year and quarter."""
    year, number = week.split("-W")
    return dt.date.fromisocalendar(int(year), int(number), 4)


def wijk_of(profile: Profile) -> str:
    """The wijk a profile names, or the one its postcode lies in; else 'onbekend'."""
    try:
        if "wijk" in profile.location:
            return geo.canonical_wijk(str(profile.location["wijk"]))
        if "postcode" in profile.location:
            return geo.postcode_area(str(profile.location["postcode"])).wijk
    except ValidationError:
        return UNKNOWN
    return UNKNOWN


def dagdeel_of(parts: Iterable[str]) -> str:
    """The parts of the day asked for as one code ('ochtend+middag'); '' for any."""
    asked = [p for p in DAYPARTS if p in set(parts)]
    return "+".join(asked) if 0 < len(asked) < len(DAYPARTS) else NONE


def combinations(
    profile: Profile, answer: Answer, cost_excluded: bool = False
) -> list[Combination]:
    """The counters one search adds one to: each of its interests with each required support.

    The interests are the codes the person's named words stand for (none: ''); the fit is the
    answer's; the near miss is the row's support when an ordinary activity about the interest
    lacks only that support, or 'kosten' when the cost limit left out all that would fit; the
    part of the day comes from the wishes, as the ranking reads it.
    """
    query = Query.from_profile(profile, matching.resolver())
    interests = sorted({s.interest for a in query.deciding for s in a.senses if s.interest})
    wijk, dagdeel = wijk_of(profile), dagdeel_of(query.dayparts)
    found = []
    for interest in interests or [NONE]:
        for support in profile.required or (NONE,):
            near = any(
                n.would_fit_with == [support]
                and n.record.aanbod in indicators.ALGEMEEN
                and (interest == NONE or interest in n.record.interests)
                for n in answer.near_misses
            )
            near_miss = COST if cost_excluded else support if near else NONE
            found.append(Combination(wijk, interest, support, answer.fit, near_miss, dagdeel))
    return found


def count(engine: Engine, day: dt.date, searched: Iterable[Combination]) -> bool:
    """Add one to each counter, in a transaction of its own; a failure is logged, never raised.

    One upsert per counter, in a fixed order: two searches at once both count (the database
    adds, not the program) and never wait for each other in a circle.
    """
    table = DemandCount.__table__
    assert isinstance(table, Table)
    week = iso_week(day)
    rows = [
        dict(zip(DIMENSIONS, (week, *astuple(c)), strict=True), count=1)
        for c in sorted(set(searched))
    ]
    statement = upsert(engine, table)
    try:
        statement = statement.on_conflict_do_update(
            index_elements=list(DIMENSIONS),
            set_={"count": table.c.count + statement.excluded.count},
        )
        with engine.begin() as connection:
            connection.execute(statement, rows)
    except SQLAlchemyError as error:
        # The error's text would carry the codes of the search: only its kind is logged.
        logger.error("a search was not counted: %s", type(error).__name__)
        return False
    return True


def purge(db: Session, today: dt.date) -> int:
    """Delete the counters of weeks more than RETENTION_YEARS before today; how many went."""
    try:
        then = today.replace(year=today.year - RETENTION_YEARS)
    except ValueError:  # 29 February
        then = today.replace(year=today.year - RETENTION_YEARS, day=28)
    oldest = iso_week(then)
    result = db.execute(
        delete(DemandCount).where(DemandCount.week < oldest).returning(DemandCount.week)
    )
    return len(result.all())


# --- The weekly report (contract §5) ---


@dataclass(frozen=True, slots=True)
class WeekRow:
    """Searches in one ISO week for one wijk, interest, required support and fit, as shown."""

    week: str
    wijk: str
    interest: str
    support: str
    fit: str
    searches: str


COLUMNS = {
    "week": N_("De ISO-week van de zoekopdrachten, zoals 2026-W48."),
    "wijk": N_(
        "De wijk van de plek in de zoekopdracht (of van de postcode); 'onbekend' zonder plek."
    ),
    "interesse": N_(
        "De code van een interesse waar de woorden van de zoeker voor staan; leeg als er geen"
        " is. Een zoekopdracht met twee interesses telt bij elk van beide."
    ),
    "steun": N_(
        "Een steun die de zoeker nodig had (harde eis); leeg als er geen was. Een zoekopdracht"
        " met twee eisen telt bij elk van beide."
    ),
    "passend": N_("Hoe goed het antwoord paste: goed, deels of geen (niets passends gevonden)."),
    "zoekopdrachten": N_(
        "Het aantal zoekopdrachten. '<5' is 1 tot 4, nooit precies, om mensen te beschermen."
    ),
}


def _counters(db: Session, first: str | None, last: str | None) -> Iterator[Row[Any]]:
    """The counters of the weeks from `first` to `last`, as plain rows (a year holds tens of
    thousands: as ORM objects, reading them took most of a second)."""
    # 'count' would be the tuple's own method on a row
    columns = [*(getattr(DemandCount, name) for name in DIMENSIONS), DemandCount.count.label("n")]
    return iter(db.execute(_weeks(select(*columns), first, last)))


def _weeks(query: Select[Any], first: str | None, last: str | None) -> Select[Any]:
    if first is not None:
        query = query.where(DemandCount.week >= first)
    if last is not None:
        query = query.where(DemandCount.week <= last)
    return query


def weekly(db: Session, start: dt.date | None = None, end: dt.date | None = None) -> list[WeekRow]:
    """One row per ISO week, wijk, interest, required support and fit, from the week of `start`
    to the week of `end`; counts under 5 as '<5'. The database adds the counters up."""
    key = [getattr(DemandCount, name) for name in ("week", "wijk", "interest", "support", "fit")]
    query = select(*key, func.sum(DemandCount.count)).group_by(*key)
    totals = db.execute(
        _weeks(query, iso_week(start) if start else None, iso_week(end) if end else None)
    )
    return [
        WeekRow(week, wijk, interest, support, fit, suppress.shown(n))
        for week, wijk, interest, support, fit, n in sorted(
            totals.tuples(), key=lambda row: (*row[:4], FITS.index(row[4]))
        )
    ]


def to_csv(rows: Sequence[WeekRow]) -> str:
    """The weekly rows as CSV (RFC 4180)."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    writer.writerows(astuple(r) for r in rows)
    return out.getvalue()


def to_json(rows: Sequence[WeekRow]) -> dict[str, object]:
    """The weekly rows and what each column means, as one JSON document."""
    return {
        "columns": dict(COLUMNS),
        "rows": [dict(zip(COLUMNS, astuple(r), strict=True)) for r in rows],
    }


def to_xlsx(rows: Sequence[WeekRow]) -> bytes:
    """A workbook: the weekly rows, and a sheet that explains every column."""
    from matcher.insight.workbook import workbook

    return workbook(
        list(COLUMNS),
        [list(astuple(r)) for r in rows],
        ["kolom", "uitleg"],
        [[name, text] for name, text in COLUMNS.items()],
    )


# --- Demand next to supply for one year or quarter (/inzicht/vraag-en-aanbod) ---

Cell = tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Supply:
    """The activities a resident can join: not full, paused or stopped, and not maatwerk."""

    records: list[ActivityRecord]

    @classmethod
    def of(cls, db: Session) -> Supply:
        """The joinable activities of the current catalogue."""
        return cls(
            [
                r
                for r in matching.current_index(db).records
                if r.status not in vocabulary.NOT_JOINABLE and r.aanbod != "maatwerk"
            ]
        )

    def count(
        self, wijk: str, interest: str = NONE, support: str = NONE, dagdeel: str = NONE
    ) -> int:
        """Activities in the wijk about the interest, with the support, at that part of the day
        (an activity without a schedule is by appointment: any part)."""
        parts = set(dagdeel.split("+")) if dagdeel else set()
        return sum(
            (r.area or UNKNOWN) == wijk
            and (not interest or interest in r.interests)
            and (not support or support in r.support)
            and (not parts or not r.schedule or bool(parts & {daypart(s) for s in r.schedule}))
            for r in self.records
        )

    def lacking(self, wijk: str, interest: str, support: str) -> int:
        """Ordinary (regulier or opgeplust) activities in the wijk about the interest that lack
        the support: where adding it would open them."""
        return sum(
            (r.area or UNKNOWN) == wijk
            and (not interest or interest in r.interests)
            and r.aanbod in indicators.ALGEMEEN
            and support not in r.support
            for r in self.records
        )


@dataclass(frozen=True, slots=True)
class WijkRow:
    """Demand and supply in one wijk."""

    wijk: str
    searches: str
    nothing: str
    near: str
    supply: int
    unreferred: int
    cost: str = "0"  # searches where the cost limit left out all that would fit


@dataclass(frozen=True, slots=True)
class GapRow:
    """Searches that found nothing that fits, for one wijk, interest, support and part of the
    day ('' in `dagdeel` with `total`: all parts together)."""

    wijk: str
    interest: str
    support: str
    dagdeel: str
    searches: str
    supply: int
    total: bool


@dataclass(frozen=True, slots=True)
class NearRow:
    """Searches where one support added would open an ordinary activity."""

    wijk: str
    interest: str
    support: str
    searches: str
    lacking: int


@dataclass(frozen=True, slots=True)
class UnreferredRow:
    """Per interest, the activities in a wijk that nobody searched for nor was referred to in
    the period: (interest, how many)."""

    wijk: str
    interests: list[tuple[str, int]]


@dataclass(slots=True)
class Gaps:
    """Demand next to supply for one period ('2026' or '2026-K3')."""

    period: str
    start: dt.date
    end: dt.date
    wijken: list[WijkRow] = field(default_factory=list)
    nothing: list[GapRow] = field(default_factory=list)
    near: list[NearRow] = field(default_factory=list)
    unreferred: list[UnreferredRow] = field(default_factory=list)


def periods(db: Session, today: dt.date) -> list[str]:
    """The years and quarters from the first counter to today, oldest first."""
    first = db.scalar(select(DemandCount.week).order_by(DemandCount.week).limit(1))
    day = indicators.quarter_start(min(thursday(first), today) if first else today)
    found: list[str] = []
    while day <= today:
        found += [p for p in (str(day.year), indicators.quarter_of(day)) if p not in found]
        day = indicators.quarter_end(day) + dt.timedelta(days=1)
    return found


def bounds(period: str) -> tuple[dt.date, dt.date]:
    """The first and last day of a year ('2026') or quarter ('2026-K3')."""
    if "-K" not in period:
        return dt.date(int(period), 1, 1), dt.date(int(period), 12, 31)
    year, quarter = period.split("-K")
    start = dt.date(int(year), 3 * int(quarter) - 2, 1)
    return start, indicators.quarter_end(start)


def gaps(db: Session, period: str) -> Gaps:
    """Demand and supply in a period: per wijk, the searches that found nothing, the near
    misses by support, and the activities nobody searched for nor was referred to.

    The figures of the whole year and its quarters are suppressed together, with the weekly
    counts that `matcher report demand` prints, so that no page and no report gives a small
    count back by subtraction.
    """
    return _year_gaps(db, period[:4], [period], Supply.of(db))[period]


def every_gap(db: Session, today: dt.date) -> dict[str, Gaps]:
    """`gaps` of every period from the first counter to today, oldest first; each year's
    figures are suppressed once for the year and its quarters (the most costly part)."""
    found: dict[str, Gaps] = {}
    supply = Supply.of(db)
    chosen = periods(db, today)
    for year in dict.fromkeys(p[:4] for p in chosen):
        found |= _year_gaps(db, year, [p for p in chosen if p[:4] == year], supply)
    return found


def _year_gaps(db: Session, year: str, chosen: list[str], supply: Supply) -> dict[str, Gaps]:
    counts = _period_counts(db, year)
    secret = _secret(counts)
    return {period: _gaps(db, period, counts, secret, supply) for period in chosen}


def _gaps(
    db: Session, period: str, counts: dict[Cell, int], secret: set[Cell], supply: Supply
) -> Gaps:
    def shown(*cell: str) -> str:
        key = (period, *cell)
        return suppress.shown_or_hidden(counts.get(key, 0), key in secret)

    start, end = bounds(period)
    referred = set(
        db.scalars(
            select(Referral.activity_id).where(
                Referral.created_at >= dt.datetime.combine(start, dt.time(), dt.UTC),
                Referral.created_at
                < dt.datetime.combine(end, dt.time(), dt.UTC) + dt.timedelta(days=1),
            )
        )
    )
    result = Gaps(period, start, end)
    mine = {k[1:] for k in counts if k[0] == period}
    wijken = [*geo.wijken(), UNKNOWN]
    for wijk in wijken:
        here = [r for r in supply.records if (r.area or UNKNOWN) == wijk]
        unreferred = [r for r in here if r.id not in referred]
        if ("totaal", wijk) in mine or here:
            result.wijken.append(
                WijkRow(
                    wijk,
                    shown("totaal", wijk),
                    shown("geen", wijk),
                    shown("bijna", wijk),
                    len(here),
                    len(unreferred),
                    shown("kosten", wijk),
                )
            )
        idle = [
            (interest, sum(interest in r.interests for r in unreferred))
            for interest in _ordered({r.interests for r in unreferred})
            if not counts.get((period, "interesse", wijk, interest))
        ]
        if idle:
            result.unreferred.append(UnreferredRow(wijk, idle))
    for _, wijk, interest, support in sorted(k for k in mine if k[0] == "gat"):
        result.nothing.append(
            GapRow(
                wijk,
                interest,
                support,
                NONE,
                shown("gat", wijk, interest, support),
                supply.count(wijk, interest, support),
                True,
            )
        )
        parts = sorted(
            k[4] for k in mine if k[:4] == ("gat_dagdeel", wijk, interest, support) and k[4]
        )
        for dagdeel in parts:
            result.nothing.append(
                GapRow(
                    wijk,
                    interest,
                    support,
                    dagdeel,
                    shown("gat_dagdeel", wijk, interest, support, dagdeel),
                    supply.count(wijk, interest, support, dagdeel),
                    False,
                )
            )
    for _, wijk, interest, support in sorted(k for k in mine if k[0] == "bijna_steun"):
        result.near.append(
            NearRow(
                wijk,
                interest,
                support,
                shown("bijna_steun", wijk, interest, support),
                supply.lacking(wijk, interest, support),
            )
        )
    order = {w: n for n, w in enumerate(wijken)}
    for rows in (result.nothing, result.near):
        rows.sort(key=lambda r: order[r.wijk])
    return result


def gaps_to_json(found: Gaps) -> dict[str, Any]:
    """A period's figures as stored (services/insight.py): everything in them is already as
    shown."""
    data = asdict(found)
    data["start"], data["end"] = found.start.isoformat(), found.end.isoformat()
    return data


def gaps_from_json(data: dict[str, Any]) -> Gaps:
    """The figures `gaps_to_json` stored."""
    return Gaps(
        data["period"],
        dt.date.fromisoformat(data["start"]),
        dt.date.fromisoformat(data["end"]),
        wijken=[WijkRow(**r) for r in data["wijken"]],
        nothing=[GapRow(**r) for r in data["nothing"]],
        near=[NearRow(**r) for r in data["near"]],
        unreferred=[
            UnreferredRow(r["wijk"], [(i, n) for i, n in r["interests"]])
            for r in data["unreferred"]
        ],
    )


def _ordered(groups: Iterable[tuple[str, ...]]) -> list[str]:
    found = {code for group in groups for code in group}
    return [code for code in vocabulary.INTERESTS if code in found]


def _period_counts(db: Session, year: str) -> dict[Cell, int]:
    """The year's and its quarters' figures per wijk, and the weekly counts of the report."""
    first, last = iso_week(dt.date(int(year), 1, 4)), iso_week(dt.date(int(year), 12, 28))
    counts: dict[Cell, int] = defaultdict(int)
    for c in _counters(db, first, last):
        quarter = indicators.quarter_of(thursday(c.week))
        w, i, s = c.wijk, c.interest, c.support
        for p in (year, quarter):
            counts[p, "totaal", w] += c.n
            counts[p, "interesse", w, i] += c.n
            if c.fit == GEEN:
                counts[p, "geen", w] += c.n
                counts[p, "gat", w, i, s] += c.n
                counts[p, "gat_dagdeel", w, i, s, c.dagdeel] += c.n
            if c.near_miss == COST:
                counts[p, "kosten", w] += c.n
            elif c.near_miss:
                counts[p, "bijna", w] += c.n
                counts[p, "bijna_steun", w, i, s] += c.n
        counts["week", c.week, w, i, s, c.fit] += c.n
    return dict(counts)


def _wijk(cell: Cell) -> str:
    return cell[2]


def _families(counts: dict[Cell, int]) -> list[list[Cell]]:
    """The sums that tie the cells: a total and its parts, a year and its quarters, and a
    quarter's figure and the weekly counts of the report it adds up."""
    parts: dict[Cell, list[Cell]] = defaultdict(list)
    for cell in counts:
        if cell[0] == "week":
            week, w, i, s, fit = cell[1:]
            quarter = indicators.quarter_of(thursday(week))
            parts[quarter, "interesse", w, i].append(cell)
            if fit == GEEN:
                parts[quarter, "gat", w, i, s].append(cell)
            continue
        p, kind, w, *rest = cell
        if "-K" in p:
            parts[(p[:4], *cell[1:])].append(cell)
        if kind == "interesse":
            parts[p, "totaal", w].append(cell)
        elif kind == "gat":
            parts[p, "geen", w].append(cell)
        elif kind == "gat_dagdeel":
            parts[p, "gat", w, *rest[:2]].append(cell)
        elif kind == "bijna_steun":
            parts[p, "bijna", w].append(cell)
    return [[total, *cells] for total, cells in parts.items()]


def _secret(counts: dict[Cell, int]) -> set[Cell]:
    """The cells not to show, worked out per wijk (no figure adds up wijken).

    The weekly counts are printed by the report for anyone who runs it: hiding one of them here
    would not hide it there, so they are hidden last; should the page still give one back, every
    figure of that wijk is hidden.
    """
    by_wijk: dict[str, list[Cell]] = defaultdict(list)
    for cell in counts:
        by_wijk[_wijk(cell)].append(cell)
    families = _families(counts)
    secret: set[Cell] = set()
    for cells in by_wijk.values():
        mine = {c: counts[c] for c in cells}
        hidden = suppress.hidden(
            mine,
            [f for f in families if f[0] in mine],
            keep=lambda c: c[0] == "week",
        )
        if any(c[0] == "week" and not suppress.is_small(mine[c]) for c in hidden):
            hidden = set(mine)
        secret |= hidden
    return secret
