"""Insight for the municipality (`beleid`): the policy's indicators and the anonymous demand next
to supply, aggregated and suppressed.

Nothing here shows a case, a name, a note, a single referral or a single search: the pages get
their figures from `services.indicators` and `services.demand`, which hand out only counts per
period and group, with counts under 5 as "<5" and their complements hidden.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from flask import Blueprint, current_app, render_template, request
from flask_babel import gettext as _

from matcher import clock, db, geo, vocabulary, welcome
from matcher.insight import suppress
from matcher.roles import Permission
from matcher.services import demand, indicators, insight
from matcher.services.indicators import ALL, FUNNEL, INDICATORS, Report
from matcher.web.access import allow, reads_only

bp = Blueprint("insight", __name__, url_prefix="/inzicht")

# The columns of the tables by doelgroep, wijk and team.
BREAKDOWN = (
    "verwijzingen",
    "deelnemend",
    "deelnemend_12_weken",
    "gestopt",
    "aandeel_gestopt",
    "plaatsing_gewoon",
    "plaatsing_maatwerk",
    "van_apart_naar_gewoon",
    "casussen",
    "combinatie",
    "signalen",
    "signalen_opgevolgd",
)
KINDS = ("regulier", "opgeplust", "aanvullend", "maatwerk", "onbekend")


def period_label(period: str) -> str:
    """'2026-K3' -> '2026, kwartaal 3'; '2026' -> '2026 (heel jaar)'."""
    if "-K" in period:
        year, quarter = period.split("-K")
        return str(_("%(year)s, kwartaal %(quarter)s", year=year, quarter=quarter))
    return str(_("%(year)s (heel jaar)", year=period))


def number(value: str) -> int | None:
    """A shown figure as a number, or None when it is hidden ("<5", "x") or a share."""
    return int(value) if value.isdigit() else None


@dataclass(frozen=True, slots=True)
class Bar:
    """One step of the funnel as drawn: its label, shown value and bar width (0 when hidden)."""

    label: str
    value: str
    width: float
    y: int


@dataclass(frozen=True, slots=True)
class Line:
    """One line of the trend: its points (x, y) and the points left out (hidden values)."""

    points: list[tuple[float, float]]


def funnel_bars(report: Report, period: str, width: float = 400) -> list[Bar]:
    """The funnel's bars: the widest is the number of referrals; a hidden value has no bar."""
    values = [report.value(period, "totaal", ALL, code) for code in FUNNEL]
    top = max((n for v in values if (n := number(v)) is not None), default=0)
    return [
        Bar(
            INDICATORS[code].label,
            value,
            0 if not top or number(value) is None else width * (number(value) or 0) / top,
            10 + 44 * position,
        )
        for position, (code, value) in enumerate(zip(FUNNEL, values, strict=True))
    ]


def trend_lines(report: Report, width: float = 480, height: float = 160) -> dict[str, Line]:
    """Placements in regulier+opgeplust and in maatwerk per quarter, scaled to the chart."""
    quarters = report.quarters()
    series = {
        code: [number(report.value(q, "totaal", ALL, code)) for q in quarters]
        for code in ("plaatsing_gewoon", "plaatsing_maatwerk")
    }
    top = max((n for values in series.values() for n in values if n is not None), default=0)
    step = width / max(len(quarters) - 1, 1)
    return {
        code: Line(
            [
                (40 + step * i, 10 + height - (height * n / top if top else 0))
                for i, n in enumerate(values)
                if n is not None
            ]
        )
        for code, values in series.items()
    }


@bp.get("", endpoint="indicators")
@allow(Permission.INSIGHT)
@reads_only
def indicators_page() -> str:
    """The indicators of one year or quarter, as tables with a funnel and a trend beside them."""
    stand = insight.indicators(
        db.session(),
        db.engine(),
        clock.today(),
        current_app.config["SIGNAL_WEEKS"],
        current_app.config["INSIGHT_LIVE_SECONDS"],
    )
    report = stand.figures
    chosen = request.args.get("periode", "")
    period = chosen if chosen in report.periods else report.periods[-1]
    return render_template(
        "insight/indicators.html",
        stand=stand,
        report=report,
        period=period,
        funnel=funnel_bars(report, period),
        trend=trend_lines(report),
        indicators=INDICATORS,
        dimensions=indicators.DIMENSIONS,
        breakdown=BREAKDOWN,
        kinds=KINDS,
        flow=FUNNEL,
        period_label=period_label,
        welcome=welcome,
    )


@dataclass(frozen=True, slots=True)
class Place:
    """One wijk on the map: its centre in the drawing, and the marks for demand and supply."""

    wijk: str
    x: float
    y: float
    demand: str
    demand_r: float
    supply: int
    supply_side: float
    label_x: float = 0.0
    label_y: float = 0.0


MAP_WIDTH, MAP_HEIGHT, MAP_MARGIN = 640, 520, 60


def wijk_map(rows: list[demand.WijkRow]) -> list[Place]:
    """The wijken with a centre, projected into the drawing (north up, distances true to scale).

    A circle's area grows with the searches; a hidden count ('<5', 'x') gets the smallest circle
    that stands for it. A square's area grows with the activities.
    """
    centres = geo.wijken()
    shown = [r for r in rows if r.wijk in centres]
    lats = [p.lat for p in centres.values()]
    lons = [p.lon for p in centres.values()]
    squeeze = math.cos(math.radians(sum(lats) / len(lats)))  # a degree east is shorter
    width, height = (max(lons) - min(lons)) * squeeze, max(lats) - min(lats)
    scale = min((MAP_WIDTH - 2 * MAP_MARGIN) / width, (MAP_HEIGHT - 2 * MAP_MARGIN) / height)
    searches = {r.wijk: number(r.searches) for r in shown}
    most = max([n for n in searches.values() if n] + [suppress.SMALL])
    supplied = max([r.supply for r in shown] + [1])

    def radius(row: demand.WijkRow) -> float:
        found = searches[row.wijk]
        if found is None:  # '<5' is at least 1, 'x' at least 5
            found = 1 if row.searches == suppress.HIDDEN else suppress.SMALL
        return 0.0 if not found else 4 + 22 * math.sqrt(found / most)

    places = [
        Place(
            r.wijk,
            MAP_MARGIN + (centres[r.wijk].lon - min(lons)) * squeeze * scale,
            MAP_MARGIN + (max(lats) - centres[r.wijk].lat) * scale,
            r.searches,
            radius(r),
            r.supply,
            0.0 if not r.supply else 4 + 14 * math.sqrt(r.supply / supplied),
        )
        for r in shown
    ]
    return _labelled(places)


def _labelled(places: list[Place]) -> list[Place]:
    """Each wijk's name below its marks, else above, right or left: where it overlaps no name
    placed before it (the wijken in the centre lie close together)."""
    taken: list[tuple[float, float, float, float]] = []
    done = []
    for p in places:
        reach = max(p.demand_r, p.supply_side / 2, 2) + 4
        width = 7.0 * len(p.wijk)
        tries = [
            (p.x, p.y + reach + 12),
            (p.x, p.y - reach - 4),
            (p.x + reach + width / 2, p.y + 4),
            (p.x - reach - width / 2, p.y + 4),
        ]
        for x, y in tries:
            box = (x - width / 2, y - 12, x + width / 2, y + 2)
            if not any(_overlap(box, other) for other in taken):
                break
        else:
            x, y = tries[0]
            box = (x - width / 2, y - 12, x + width / 2, y + 2)
        taken.append(box)
        done.append(replace(p, label_x=x, label_y=y))
    return done


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


@bp.get("/vraag-en-aanbod", endpoint="demand")
@allow(Permission.INSIGHT)
@reads_only
def demand_page() -> str:
    """Anonymous demand next to supply: where people find nothing, where one support would open
    an ordinary activity, and where nobody is referred; with a map of the wijken."""
    stand = insight.demand(
        db.session(), db.engine(), clock.today(), current_app.config["INSIGHT_LIVE_SECONDS"]
    )
    periods = list(stand.figures)
    chosen = request.args.get("periode", "")
    period = chosen if chosen in periods else periods[-1]
    found = stand.figures[period]
    return render_template(
        "insight/demand.html",
        stand=stand,
        gaps=found,
        periods=periods,
        period=period,
        places=wijk_map(found.wijken),
        map_size=(MAP_WIDTH, MAP_HEIGHT),
        interests=vocabulary.INTERESTS,
        supports=vocabulary.SUPPORTS,
        period_label=period_label,
    )
