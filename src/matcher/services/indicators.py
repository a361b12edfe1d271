"""The policy's indicators (nota Sociale activatie en herstel), counted from cases and referrals.

Everything is counted per quarter and per year of the referral's creation date, in total and by
doelgroep (the expertise asked for in the case's profile), wijk (of the profile's location) and
team. Only aggregates leave this module: every count goes through `matcher.insight.suppress`
(under 5 is "<5", complements hidden too), and no case code, name, note or single referral is
in the result. docs/insight.md defines each figure; `INDICATORS` says it in one sentence each.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import itertools
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from sqlalchemy import select
from sqlalchemy.orm import Session

from matcher import geo, referrals, vocabulary, welcome
from matcher.clock import utc
from matcher.errors import ValidationError
from matcher.insight import suppress
from matcher.models import (
    Activity,
    Attendance,
    Case,
    Goal,
    GoalReview,
    Household,
    HouseholdMember,
    PlanItem,
    Referral,
    ReferralStep,
    Team,
    WelcomeCheckin,
)
from matcher.phrases import N_

WEEKS_STILL_TAKING_PART = 12
ALGEMEEN = ("regulier", "opgeplust")  # the algemene voorzieningen ("gewoon")
AANBOD = ("regulier", "opgeplust", "aanvullend", "maatwerk", "onbekend")
UNKNOWN = "onbekend"
NO_SHARE = "–"  # a share that would give a hidden count back


@dataclass(frozen=True, slots=True)
class Indicator:
    """One figure: its code (a column of the exports), its label, and how it is computed."""

    code: str
    label: str
    how: str
    share: bool = False


INDICATORS = {
    i.code: i
    for i in (
        Indicator(
            "verwijzingen",
            N_("Verwijzingen (voorgesteld)"),
            N_("Het aantal warme verwijzingen dat in de periode is gemaakt."),
        ),
        Indicator(
            "contact_gelegd",
            N_("Contact gelegd"),
            N_("Verwijzingen uit de periode die ooit de stap 'contact gelegd' hebben gehad."),
        ),
        Indicator(
            "kennismaking",
            N_("Kennismaking"),
            N_("Verwijzingen uit de periode die ooit de stap 'kennismaking' hebben gehad."),
        ),
        Indicator(
            "deelnemend",
            N_("Doet mee (geplaatst)"),
            N_("Verwijzingen uit de periode die ooit de stap 'doet mee' hebben gehad."),
        ),
        Indicator(
            "deelnemend_12_weken",
            N_("Doet na 12 weken nog mee"),
            N_(
                "Verwijzingen die meedoen en waarvan de organisatie aanwezigheid bevestigde in een"
                " week 12 weken of later na de week waarin ze gingen meedoen."
            ),
        ),
        Indicator(
            "gestopt",
            N_("Gestopt"),
            N_("Verwijzingen uit de periode die nu op 'gestopt' staan."),
        ),
        *(
            Indicator(
                f"gestopt_na_{step}",
                f"Gestopt na '{referrals.LABELS[step]}'",
                N_("Gestopte verwijzingen waarvan dit de laatste stap was voor 'gestopt'."),
            )
            for step in referrals.FLOW
        ),
        Indicator(
            "aandeel_gestopt",
            N_("Aandeel gestopt"),
            N_("Gestopt gedeeld door verwijzingen, in hele procenten."),
            share=True,
        ),
        *(
            Indicator(
                f"plaatsing_{kind}",
                f"Geplaatst: {kind}",
                N_(
                    "Verwijzingen die meedoen, naar het soort aanbod van de activiteit in de"
                    " catalogus ('onbekend' als de activiteit er niet meer is)."
                ),
            )
            for kind in AANBOD
        ),
        Indicator(
            "plaatsing_gewoon",
            N_("Geplaatst: regulier of opgeplust"),
            N_("Plaatsingen bij regulier en opgeplust aanbod samen."),
        ),
        Indicator(
            "van_apart_naar_gewoon",
            N_("Van apart naar gewoon"),
            N_(
                "Plaatsingen bij regulier of opgeplust aanbod gedeeld door alle plaatsingen, in"
                " hele procenten."
            ),
            share=True,
        ),
        Indicator(
            "casussen",
            N_("Hulpvragen met een verwijzing"),
            N_("Hulpvragen met minstens één verwijzing uit de periode."),
        ),
        Indicator(
            "combinatie",
            N_("Maatwerk plus algemene voorziening"),
            N_(
                "Hulpvragen met een verwijzing uit de periode waarvan het weekplan nu maatwerk"
                " (een onderdeel in het plan of een lopende verwijzing naar maatwerk) én een"
                " lopende verwijzing naar regulier of opgeplust aanbod heeft."
            ),
        ),
        Indicator(
            "signalen",
            N_("Signalen 'niet gezien'"),
            N_(
                "Keren dat iemand die meedoet 2 weken of langer geen bevestigde aanwezigheid had"
                " (zoals de signalenlijst ze toont)."
            ),
        ),
        Indicator(
            "signalen_opgevolgd",
            N_("Signalen opgevolgd"),
            N_(
                "Signalen waarna de organisatie weer aanwezigheid bevestigde of de verwijzing een"
                " nieuwe stap kreeg (gestopt, afgerond of heropend)."
            ),
        ),
        Indicator(
            "signalen_niet_opgevolgd",
            N_("Signalen nog niet opgevolgd"),
            N_("Signalen waarna tot de peildatum nog niets is vastgelegd."),
        ),
        *(
            indicator
            for moment in welcome.MOMENTS
            for indicator in (
                Indicator(
                    f"welkom_{moment}_weken",
                    f"Welkom na {moment} weken: check-ins",
                    N_(
                        "Check-ins 'voel je je welkom?' op dit moment (4 of 12 weken na 'doet"
                        " mee'), vastgelegd bij verwijzingen uit de periode."
                    ),
                ),
                *(
                    Indicator(
                        f"welkom_{moment}_weken_{answer}",
                        f"Welkom na {moment} weken: {welcome.SHORT_LABELS[answer]}",
                        N_("Check-ins op dit moment met dit antwoord."),
                    )
                    for answer in welcome.ANSWERS
                ),
                *(
                    Indicator(
                        f"aandeel_welkom_{moment}_weken_{answer}",
                        f"Welkom na {moment} weken: aandeel {welcome.SHORT_LABELS[answer]}",
                        N_(
                            "Check-ins met dit antwoord gedeeld door alle check-ins op dit"
                            " moment, in hele procenten."
                        ),
                        share=True,
                    )
                    for answer in welcome.ANSWERS
                ),
            )
        ),
        Indicator(
            "doelresultaten",
            N_("Doelen besproken"),
            N_(
                "Keren dat het resultaat van een doel uit een huishoudplan is vastgelegd, in de"
                " periode waarin het is besproken."
            ),
        ),
        *(
            Indicator(
                f"doel_{result}",
                f"Doel: {term.label.lower()}",
                N_("Besproken doelen met dit resultaat."),
            )
            for result, term in vocabulary.RESULTS.items()
        ),
        Indicator(
            "aandeel_doel_bereikt",
            N_("Aandeel doelen bereikt"),
            N_("Doelen bereikt gedeeld door doelen besproken, in hele procenten."),
            share=True,
        ),
    )
}
GOAL_RESULTS = ("doelresultaten", *(f"doel_{r}" for r in vocabulary.RESULTS))
# The shares of the welcome check-in: each answer's count over the moment's check-ins.
_WELCOME_SHARES = {
    f"aandeel_welkom_{m}_weken_{a}": (f"welkom_{m}_weken_{a}", f"welkom_{m}_weken")
    for m in welcome.MOMENTS
    for a in welcome.ANSWERS
}
# The funnel's steps and the figures the trend shows.
FUNNEL = ("verwijzingen", "contact_gelegd", "kennismaking", "deelnemend", "deelnemend_12_weken")
DIMENSIONS = {
    "totaal": N_("Totaal"),
    "doelgroep": N_("Doelgroep"),
    "wijk": N_("Wijk"),
    "team": N_("Team"),
}
ALL = "alle"
# Not shown, only counted, so that a funnel step can not be subtracted back to a small count.
_NOT_FURTHER = {s: f"niet_verder_dan_{s}" for s in FUNNEL[:-1]}

Key = tuple[str, str, str, str]  # period, dimension, group, indicator


class Row(NamedTuple):
    """One figure as it may be shown: a count ("<5" when small) or a share ("62%", or "–").

    A named tuple: a stored report (services/insight.py) makes tens of thousands of them on each
    visit of /inzicht, and a tuple is made several times faster than a frozen dataclass."""

    period: str
    dimension: str
    group: str
    indicator: str
    value: str


@dataclass(slots=True)
class Report:
    """The indicators over whole quarters from `start` to `end`, counted on `today`."""

    start: dt.date
    end: dt.date
    today: dt.date
    periods: list[str]
    rows: list[Row]
    _index: dict[Key, str] = field(default_factory=dict)
    _groups: dict[tuple[str, str], set[str]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self._index = {(r.period, r.dimension, r.group, r.indicator): r.value for r in self.rows}
        self._groups = defaultdict(set)
        for period, dimension, group, _ in self._index:
            self._groups[period, dimension].add(group)

    def value(self, period: str, dimension: str, group: str, indicator: str) -> str:
        """A figure as shown ("0" when nothing was counted)."""
        return self._index.get((period, dimension, group, indicator), "0")

    def groups(self, period: str, dimension: str) -> list[str]:
        """The groups of a dimension that have a figure in the period, in name order."""
        found = self._groups.get((period, dimension), set())
        return sorted(found, key=lambda g: (g == UNKNOWN, g.lower()))

    def quarters(self) -> list[str]:
        """The quarters of the report, oldest first."""
        return [p for p in self.periods if "-K" in p]


def quarter_of(day: dt.date) -> str:
    """'2026-K4' for a day in October to December 2026."""
    return f"{day.year}-K{(day.month - 1) // 3 + 1}"


def quarter_start(day: dt.date) -> dt.date:
    """The first day of a day's quarter."""
    return dt.date(day.year, 3 * ((day.month - 1) // 3) + 1, 1)


def quarter_end(day: dt.date) -> dt.date:
    """The last day of a day's quarter."""
    start = quarter_start(day)
    following = dt.date(start.year + (start.month == 10), (start.month + 2) % 12 + 1, 1)
    return following - dt.timedelta(days=1)


def _periods(start: dt.date, end: dt.date) -> list[str]:
    found: list[str] = []
    day = quarter_start(start)
    while day <= end:
        if str(day.year) not in found:
            found.append(str(day.year))
        found.append(quarter_of(day))
        day = quarter_end(day) + dt.timedelta(days=1)
    return found


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _wijk(profile: dict[str, object]) -> str:
    location = profile.get("location")
    if not isinstance(location, dict):
        return UNKNOWN
    try:
        if isinstance(location.get("wijk"), str):
            return geo.canonical_wijk(location["wijk"])
        if isinstance(location.get("postcode"), str):
            return geo.postcode_area(location["postcode"]).wijk
    except ValidationError:
        return UNKNOWN
    return UNKNOWN


def _doelgroepen(profile: dict[str, object]) -> list[str]:
    expertise = profile.get("expertise")
    codes = (
        sorted({e for e in expertise if isinstance(e, str)}) if isinstance(expertise, list) else []
    )
    return codes or ["geen"]


@dataclass(slots=True)
class _Trail:
    """What the indicators need of one referral: its steps with their days and the weeks
    attendance was confirmed, read as plain rows rather than ORM objects (a report reads
    hundreds of thousands)."""

    id: int
    case_id: int
    activity_id: str
    step: str
    created: dt.date
    history: list[tuple[str, dt.date]] = field(default_factory=list)  # in the order recorded
    attendance: list[dt.date] = field(default_factory=list)


def _reached(referral: _Trail) -> int:
    """How far along the flow a referral ever got (an index of FLOW; afgerond is after taking part)."""
    steps = [step for step, _ in referral.history] + [referral.step]
    return max(
        referrals.FLOW.index("deelnemend") if s == "afgerond" else referrals.FLOW.index(s)
        for s in steps
        if s in referrals.FLOW or s == "afgerond"
    )


def _started(referral: _Trail) -> dt.date | None:
    """The Monday of the week the referral first went to 'deelnemend'."""
    day = next((day for step, day in referral.history if step == "deelnemend"), None)
    return None if day is None else _monday(day)


def _stopped_after(referral: _Trail) -> str | None:
    """For a referral that is now 'gestopt': the flow step it was in before it stopped."""
    if referral.step != "gestopt":
        return None
    before = last_stop = "voorgesteld"
    for step, _ in referral.history:
        if step == "gestopt":
            last_stop = before
        elif step in referrals.FLOW:
            before = step
    return last_stop


@dataclass(frozen=True, slots=True)
class _Signal:
    raised: dt.date
    followed_up: bool


def signals_of(referral: _Trail, today: dt.date, weeks: int) -> list[_Signal]:
    """The 'niet gezien' signals a referral raised, by the worklist's rule, and if they were
    followed up.

    From the week it went to 'deelnemend' (or the last week attendance was confirmed), `weeks`
    weeks without confirmed attendance raise a signal (services/cases.py: `signals`). It is
    followed up when attendance is confirmed again later, or the referral gets a new step after
    the signal (it stopped, ended or was reopened).
    """
    start = _started(referral)
    if start is None:
        return []
    gap = dt.timedelta(days=7 * weeks)
    seen = sorted({start, *(week for week in referral.attendance if week >= start)})
    steps = [step for step, _ in referral.history]
    later_steps = sorted(
        _monday(day) for _, day in referral.history[steps.index("deelnemend") + 1 :]
    )
    found = []
    for last, following in zip(seen, [*seen[1:], None], strict=True):
        raised = last + gap
        if following is not None and following >= raised:
            found.append(_Signal(raised, True))
        elif following is None:
            ended = next((s for s in later_steps if s >= last), None)
            until = ended if ended is not None else _monday(today)
            if until >= raised:
                found.append(_Signal(raised, ended is not None))
    return found


def _trails(db: Session) -> list[_Trail]:
    """Every referral with its steps and attendance, in three plain queries."""
    found = {
        id_: _Trail(id_, case_id, activity_id, step, utc(created).date())
        for id_, case_id, activity_id, step, created in db.execute(
            select(
                Referral.id,
                Referral.case_id,
                Referral.activity_id,
                Referral.step,
                Referral.created_at,
            ).order_by(Referral.id)
        )
    }
    for referral_id, step, at in db.execute(
        select(ReferralStep.referral_id, ReferralStep.step, ReferralStep.at).order_by(
            ReferralStep.id
        )
    ):
        found[referral_id].history.append((step, utc(at).date()))
    for referral_id, week in db.execute(
        select(Attendance.referral_id, Attendance.week).order_by(Attendance.week)
    ):
        found[referral_id].attendance.append(week)
    return list(found.values())


def compute(
    db: Session,
    today: dt.date,
    start: dt.date | None = None,
    end: dt.date | None = None,
    signal_weeks: int = 2,
) -> Report:
    """The indicators of the referrals created from `start` to `end` (whole quarters; by default
    from the first referral's quarter to today's), counted as on `today`."""
    kinds = dict(db.execute(select(Activity.id, Activity.__table__.c.aanbod)).tuples().all())
    found = _trails(db)
    groups = {
        case_id: _groups(profile, team)
        for case_id, profile, team in db.execute(
            select(Case.id, Case.profile, Team.name).join(Team, Case.team_id == Team.id)
        )
    }
    planned = set(db.scalars(select(PlanItem.case_id).distinct()))
    running: dict[int, list[str]] = defaultdict(list)  # per case: the kinds of offer in its plan
    for referral in found:
        if referral.step in referrals.ACTIVE_IN_PLAN:
            running[referral.case_id].append(kinds.get(referral.activity_id) or UNKNOWN)
    answers: dict[int, list[tuple[int, str]]] = defaultdict(list)
    for referral_id, moment, answer in db.execute(
        select(WelcomeCheckin.referral_id, WelcomeCheckin.moment, WelcomeCheckin.answer)
    ):
        answers[referral_id].append((moment, answer))
    results = _goal_results(db)
    first = min([*(r.created for r in found), *(day for day, *_ in results)], default=today)
    start = quarter_start(start or first)
    end = quarter_end(end or today)
    counts: dict[Key, int] = defaultdict(int)
    case_periods: set[tuple[str, int]] = set()

    def add(periods: Iterable[str], case_id: int, indicator: str, amount: int = 1) -> None:
        for period in periods:
            for dimension, group in groups[case_id]:
                counts[period, dimension, group, indicator] += amount

    for referral in found:
        created = referral.created
        if not start <= created <= end:
            continue
        periods = (str(created.year), quarter_of(created))
        case = referral.case_id
        for period in periods:
            case_periods.add((period, case))
        reached = _reached(referral)
        for position, step in enumerate(FUNNEL[:4]):
            if reached >= position:
                add(periods, case, step)
        if reached >= 3:
            kind = kinds.get(referral.activity_id) or UNKNOWN
            add(periods, case, f"plaatsing_{kind}")
            if kind in ALGEMEEN:
                add(periods, case, "plaatsing_gewoon")
            started = _started(referral)
            twelve = started + dt.timedelta(weeks=WEEKS_STILL_TAKING_PART) if started else None
            if twelve is not None and any(week >= twelve for week in referral.attendance):
                add(periods, case, "deelnemend_12_weken")
        stopped_after = _stopped_after(referral)
        if stopped_after is not None:
            add(periods, case, "gestopt")
            add(periods, case, f"gestopt_na_{stopped_after}")
        raised = signals_of(referral, today, signal_weeks)
        if raised:
            followed = sum(s.followed_up for s in raised)
            add(periods, case, "signalen", len(raised))
            add(periods, case, "signalen_opgevolgd", followed)
            add(periods, case, "signalen_niet_opgevolgd", len(raised) - followed)
        for moment, answer in answers.get(referral.id, ()):
            add(periods, case, f"welkom_{moment}_weken")
            add(periods, case, f"welkom_{moment}_weken_{answer}")
    for day, result, case_id, fallback in results:
        if not start <= day <= end:
            continue
        where = fallback if case_id is None else groups.get(case_id, fallback)
        for period in (str(day.year), quarter_of(day)):
            for dimension, group in where:
                counts[period, dimension, group, "doelresultaten"] += 1
                counts[period, dimension, group, f"doel_{result}"] += 1
    for period, case in case_periods:
        add((period,), case, "casussen")
        if _combines(case in planned, running[case]):
            add((period,), case, "combinatie")
    for (period, dimension, group, code), count in list(counts.items()):
        if code in FUNNEL[:-1]:
            after = counts.get((period, dimension, group, FUNNEL[FUNNEL.index(code) + 1]), 0)
            counts[period, dimension, group, _NOT_FURTHER[code]] = count - after
    chosen = _periods(start, end)
    # In a fixed order (not the order rows came from the database): the complements chosen follow
    # the order of the cells and families, and two workers, or the page and the CSV, that hid
    # different cells would together give a small count away.
    return Report(start, end, today, chosen, _rows(dict(sorted(counts.items())), chosen))


def _goal_results(db: Session) -> list[tuple[dt.date, str, int | None, list[tuple[str, str]]]]:
    """Every result of a household goal: its day, the result, and whom it counts for (the
    member's case, or for a member who is no case only the total and the household's team)."""
    query = (
        select(GoalReview.reviewed_on, GoalReview.result, HouseholdMember.case_id, Team.name)
        .join(Goal, GoalReview.goal_id == Goal.id)
        .join(HouseholdMember, Goal.member_id == HouseholdMember.id)
        .join(Household, HouseholdMember.household_id == Household.id)
        .join(Team, Household.team_id == Team.id)
    )
    return [
        (day, result, case_id, _groups({}, team))
        for day, result, case_id, team in db.execute(query)
    ]


def _groups(profile: dict[str, object], team: str) -> list[tuple[str, str]]:
    return [
        ("totaal", ALL),
        *(("doelgroep", d) for d in _doelgroepen(profile)),
        ("wijk", _wijk(profile)),
        ("team", team),
    ]


def _combines(planned: bool, running: list[str]) -> bool:
    """Whether a case's plan has maatwerk (a plan item, or a running referral to maatwerk) and a
    running referral to an algemene voorziening."""
    maatwerk = planned or "maatwerk" in running
    return maatwerk and any(kind in ALGEMEEN for kind in running)


def _families(counts: dict[Key, int], periods: list[str]) -> list[list[Key]]:
    """The cells tied by a sum: a total and its parts (by wijk, team, and doelgroep, which is a
    partition for most people), a year and its quarters, a funnel step and the next plus those who
    went no further, placements and stops by kind, signals followed up or not."""
    families: list[list[Key]] = []
    for period, dimension, group in sorted({(p, d, g) for p, d, g, _ in counts}):

        def key(indicator: str, at: tuple[str, str, str] = (period, dimension, group)) -> Key:
            return (*at, indicator)

        families += [
            [key("deelnemend"), key("plaatsing_gewoon")]
            + [key(f"plaatsing_{kind}") for kind in AANBOD if kind not in ALGEMEEN],
            [key("plaatsing_gewoon"), *(key(f"plaatsing_{kind}") for kind in ALGEMEEN)],
            [key("gestopt"), *(key(f"gestopt_na_{step}") for step in referrals.FLOW)],
            [key("signalen"), key("signalen_opgevolgd"), key("signalen_niet_opgevolgd")],
            *(
                [key(step), key(following), key(_NOT_FURTHER[step])]
                for step, following in itertools.pairwise(FUNNEL)
            ),
            *(
                [key(f"welkom_{m}_weken"), *(key(f"welkom_{m}_weken_{a}") for a in welcome.ANSWERS)]
                for m in welcome.MOMENTS
            ),
            [key(code) for code in GOAL_RESULTS],
        ]
    parts: dict[tuple[str, str, str], list[Key]] = defaultdict(list)
    quarters: dict[tuple[str, str, str, str], list[Key]] = defaultdict(list)
    for cell in counts:
        if cell[1] != "totaal":
            parts[cell[0], cell[1], cell[3]].append(cell)
        if "-K" in cell[0]:
            quarters[cell[0][:4], cell[1], cell[2], cell[3]].append(cell)
    families += [[(p, "totaal", ALL, i), *cells] for (p, _, i), cells in parts.items()]
    families += [[year, *cells] for year, cells in quarters.items()]
    return families


def _rows(counts: dict[Key, int], periods: list[str]) -> list[Row]:
    displayed = {k for k in counts if k[3] not in _NOT_FURTHER.values()}
    secret = suppress.hidden(
        counts, _families(counts, periods), displayed, keep=lambda k: k[1] == "totaal"
    )

    def shown(key: Key) -> str:
        return suppress.shown_or_hidden(counts.get(key, 0), key in secret)

    rows = []
    order = {p: n for n, p in enumerate(periods)}
    dims = list(DIMENSIONS)
    codes = list(INDICATORS)
    cells = sorted(
        {(p, d, g) for p, d, g, _ in counts},
        key=lambda c: (order[c[0]], dims.index(c[1]), c[2].lower()),
    )
    for period, dimension, group in cells:
        for code, indicator in INDICATORS.items():
            key = (period, dimension, group, code)
            value = _share(code, counts, secret, key) if indicator.share else shown(key)
            rows.append(Row(period, dimension, group, code, value))
    rows.sort(
        key=lambda r: (
            order[r.period],
            dims.index(r.dimension),
            r.group.lower(),
            codes.index(r.indicator),
        )
    )
    return rows


def _share(code: str, counts: dict[Key, int], secret: set[Key], key: Key) -> str:
    period, dimension, group, _ = key
    part, whole = {
        "aandeel_gestopt": ("gestopt", "verwijzingen"),
        "van_apart_naar_gewoon": ("plaatsing_gewoon", "deelnemend"),
        **_WELCOME_SHARES,
        "aandeel_doel_bereikt": ("doel_bereikt", "doelresultaten"),
    }[code]
    top, bottom = (period, dimension, group, part), (period, dimension, group, whole)
    if top in secret or bottom in secret or not counts.get(bottom):
        return NO_SHARE
    return f"{round(100 * counts.get(top, 0) / counts[bottom])}%"


# The columns of the exports, each with what it holds (the XLSX's second sheet says the same).
COLUMNS = {
    "periode": N_("Het jaar (2026) of kwartaal (2026-K3) waarin de verwijzingen zijn gemaakt."),
    "indeling": N_(
        "Waarnaar is uitgesplitst: totaal, doelgroep (deskundigheid in het profiel van de"
        " hulpvraag), wijk (van de plek in het profiel) of team (van de hulpvraag)."
    ),
    "groep": N_(
        "De groep binnen de indeling: 'alle' bij totaal, anders de doelgroep, wijk of het team;"
        " 'geen' of 'onbekend' als het profiel het niet zegt."
    ),
    "indicator": N_("Welk cijfer: de code uit de lijst hieronder."),
    "waarde": N_(
        "Het aantal, of een aandeel in hele procenten. '<5' is 1 tot 4; 'x' is 5 of meer,"
        " verborgen zodat een klein aantal niet terug te rekenen is; '–' is een aandeel dat"
        " daarom niet getoond wordt."
    ),
}


def to_csv(report: Report) -> str:
    """The figures as CSV (RFC 4180): one row per period, group and indicator."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(COLUMNS)
    for row in report.rows:
        writer.writerow([row.period, row.dimension, row.group, row.indicator, row.value])
    return out.getvalue()


def to_json(report: Report) -> dict[str, object]:
    """The figures and what each one means, as one JSON document."""
    return {
        "from": report.start.isoformat(),
        "to": report.end.isoformat(),
        "today": report.today.isoformat(),
        "periods": report.periods,
        "indicators": {i.code: {"label": i.label, "how": i.how} for i in INDICATORS.values()},
        "rows": [
            {
                "periode": r.period,
                "indeling": r.dimension,
                "groep": r.group,
                "indicator": r.indicator,
                "waarde": r.value,
            }
            for r in report.rows
        ],
    }


def from_json(data: dict[str, Any]) -> Report:
    """The report `to_json` wrote (services/insight.py stores it that way)."""
    return Report(
        dt.date.fromisoformat(data["from"]),
        dt.date.fromisoformat(data["to"]),
        dt.date.fromisoformat(data["today"]),
        list(data["periods"]),
        [
            Row(r["periode"], r["indeling"], r["groep"], r["indicator"], r["waarde"])
            for r in data["rows"]
        ],
    )


def to_xlsx(report: Report) -> bytes:
    """A workbook for the Trendrapportage: the figures, and a sheet explaining every column and
    every indicator."""
    from matcher.insight.workbook import workbook

    explained = [[name, name, text] for name, text in COLUMNS.items()]
    explained += [[i.code, i.label, i.how] for i in INDICATORS.values()]
    explained.append(
        [
            "peildatum",
            report.today.isoformat(),
            f"Geteld op deze dag, over de verwijzingen van {report.start} tot en met {report.end}.",
        ]
    )
    return workbook(
        list(COLUMNS),
        [[r.period, r.dimension, r.group, r.indicator, r.value] for r in report.rows],
        ["kolom of indicator", "naam", "uitleg"],
        explained,
    )
