"""A seeded database of cases and referrals, built through the services on a fixed clock, and the
indicators computed for it by hand (docs/insight.md has the definitions)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
from flask import Flask

from matcher import db
from matcher.catalogue.schedule import parse_schedule
from matcher.models import Case, UserAccount
from matcher.services import cases
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from tests.conftest import make_person

TODAY = dt.date(2026, 11, 30)  # a Monday
REGULIER, REGULIER_2 = "taalcafe-binnenstad", "aa-groep-binnenstad"
OPGEPLUST, AANVULLEND = "buurtkamer-kamperpoort", "herstelacademie-binnenstad"
MAATWERK = "dagbesteding-atelier-veerallee"


def _monday(year: int, month: int, day: int) -> dt.date:
    return dt.date(year, month, day)


def _mondays(first: dt.date, last: dt.date) -> list[dt.date]:
    return [first + dt.timedelta(weeks=n) for n in range((last - first).days // 7 + 1)]


class Clock:
    """The moment the services see (matcher.services.cases.now)."""

    def __init__(self) -> None:
        self.moment = dt.datetime(2026, 7, 6, 10, tzinfo=dt.UTC)

    def at(self, day: dt.date) -> None:
        self.moment = dt.datetime.combine(day, dt.time(10), tzinfo=dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.moment


def seed(app: Flask, monkeypatch: pytest.MonkeyPatch) -> None:
    """36 referrals of 30 cases in two teams, in the third and fourth quarter of 2026.

    Q3, Team Noord: A (7 cases, psychisch, Assendorp) and D (2, psychisch, no location) go to a
    regular activity and come every week until today; the first A case has dagbesteding in its
    plan. B (5, psychisch, Assendorp) take part from 13 July, come once more, and stop on 10 August
    (a signal on 3 August, followed up by the stop). C (5, lvb, postcode 8031 = Holtenbroek) are
    referred to an opgeplust activity, contact is made, and they stop on 20 July.
    Q4, Team Zuid: E (6, nah, Stadshagen) each take part in maatwerk and in a regular activity
    from 12 October, every week; F (5, nah, Stadshagen) take part in an aanvullend activity from
    12 October and are not seen again (a signal on 26 October, not followed up).
    """
    clock = Clock()
    monkeypatch.setattr(cases, "now", clock)
    noord = make_person(app, "consulent", team="Team Noord")
    zuid = make_person(app, "consulent", team="Team Zuid")
    with app.app_context():
        session = db.session()

        def actor_of(person_id: int) -> Actor:
            user = session.get(UserAccount, person_id)
            assert user is not None
            return Actor(user, "127.0.0.1", "begeleiding")

        def new_case(actor: Actor, profile: dict[str, Any]) -> Case:
            case = cases.create(session, actor)
            cases.set_profile(session, case, profile, actor)
            return case

        def taking_part(
            case: Case, activity: str, actor: Actor, created: dt.date, first_visit: dt.date
        ) -> Any:
            clock.at(created)
            record = get_record(session, activity)
            assert record is not None
            referral = cases.refer(session, case, record, actor)
            clock.at(created + dt.timedelta(days=1))
            cases.move(session, referral, "contact_gelegd", actor)
            clock.at(created + dt.timedelta(days=2))
            cases.move(session, referral, "kennismaking", actor)
            clock.at(first_visit)
            cases.confirm_first_visit(session, referral, actor, first_visit)
            return referral

        a_actor, z_actor = actor_of(noord.id), actor_of(zuid.id)
        assendorp = {"expertise": ["psychisch"], "location": {"wijk": "assendorp"}}
        july6, july13 = _monday(2026, 7, 6), _monday(2026, 7, 13)
        for n in range(9):  # A and D
            profile = assendorp if n < 7 else {"expertise": ["psychisch"]}
            case = new_case(a_actor, profile)
            referral = taking_part(case, REGULIER, a_actor, july6, july13)
            for week in _mondays(july13, TODAY):
                cases.record_attendance(session, referral, week, a_actor)
            if n == 0:
                slot = parse_schedule("ma 09:00-12:00")[0]
                cases.add_plan_item(session, case, "Dagbesteding", slot, a_actor)
        for _ in range(5):  # B
            case = new_case(a_actor, assendorp)
            referral = taking_part(case, REGULIER_2, a_actor, july6, july13)
            cases.record_attendance(session, referral, _monday(2026, 7, 20), a_actor)
            clock.at(_monday(2026, 8, 10))
            cases.move(session, referral, "gestopt", a_actor, "past niet")
        for _ in range(5):  # C
            case = new_case(a_actor, {"expertise": ["lvb"], "location": {"postcode": "8031"}})
            clock.at(july6)
            record = get_record(session, OPGEPLUST)
            assert record is not None
            referral = cases.refer(session, case, record, a_actor)
            clock.at(_monday(2026, 7, 7))
            cases.move(session, referral, "contact_gelegd", a_actor)
            clock.at(_monday(2026, 7, 20))
            cases.move(session, referral, "gestopt", a_actor)
        stadshagen = {"expertise": ["nah"], "location": {"wijk": "Stadshagen"}}
        oct5, oct12 = _monday(2026, 10, 5), _monday(2026, 10, 12)
        for _ in range(6):  # E
            case = new_case(z_actor, stadshagen)
            for activity in (MAATWERK, REGULIER):
                referral = taking_part(case, activity, z_actor, oct5, oct12)
                for week in _mondays(oct12, TODAY):
                    cases.record_attendance(session, referral, week, z_actor)
        for _ in range(5):  # F
            case = new_case(z_actor, stadshagen)
            taking_part(case, AANVULLEND, z_actor, oct5, oct12)
        session.commit()


# By hand, from the story above (shares in whole percents, Python's round).
BY_HAND: dict[tuple[str, str, str, str], str] = {}


def _put(period: str, dimension: str, group: str, **values: str | int) -> None:
    for code, value in values.items():
        BY_HAND[period, dimension, group, code] = str(value)


_put(
    "2026-K3", "totaal", "alle",
    verwijzingen=19, contact_gelegd=19, kennismaking=14, deelnemend=14, deelnemend_12_weken=9,
    gestopt=10, gestopt_na_voorgesteld=0, gestopt_na_contact_gelegd=5, gestopt_na_kennismaking=0,
    gestopt_na_deelnemend=5, aandeel_gestopt="53%", plaatsing_regulier=14, plaatsing_opgeplust=0,
    plaatsing_aanvullend=0, plaatsing_maatwerk=0, plaatsing_onbekend=0, plaatsing_gewoon=14,
    van_apart_naar_gewoon="100%", casussen=19, combinatie="<5", signalen=5,
    signalen_opgevolgd=5, signalen_niet_opgevolgd=0,
)  # fmt: skip
_put(
    "2026-K4", "totaal", "alle",
    verwijzingen=17, contact_gelegd=17, kennismaking=17, deelnemend=17, deelnemend_12_weken=0,
    gestopt=0, aandeel_gestopt="0%", plaatsing_regulier=6, plaatsing_opgeplust=0,
    plaatsing_aanvullend=5, plaatsing_maatwerk=6, plaatsing_onbekend=0, plaatsing_gewoon=6,
    van_apart_naar_gewoon="35%", casussen=11, combinatie="x", signalen=5,
    signalen_opgevolgd=0, signalen_niet_opgevolgd=5,
)  # fmt: skip
_put(
    "2026", "totaal", "alle",
    verwijzingen=36, contact_gelegd=36, kennismaking=31, deelnemend=31, deelnemend_12_weken=9,
    gestopt=10, gestopt_na_contact_gelegd=5, gestopt_na_deelnemend=5, aandeel_gestopt="28%",
    plaatsing_regulier=20, plaatsing_opgeplust=0, plaatsing_aanvullend=5, plaatsing_maatwerk=6,
    plaatsing_gewoon=20, van_apart_naar_gewoon="65%", casussen=30, combinatie=7, signalen=10,
    signalen_opgevolgd=5, signalen_niet_opgevolgd=5,
)  # fmt: skip
# The small group (2 cases without a location) is "<5"; the next smallest part above zero
# (Holtenbroek's 5 referrals, Assendorp's 12 taking part) is hidden with it ("x"); which
# complements are chosen is the algorithm's (tests/insight/test_suppress.py checks it is enough).
_put("2026-K3", "wijk", "Assendorp", verwijzingen="x", deelnemend="x", casussen=12)
_put("2026-K3", "wijk", "Holtenbroek", verwijzingen="x", gestopt=5, casussen="x")
_put("2026-K3", "wijk", "onbekend", verwijzingen="<5", deelnemend="<5", casussen="<5")
_put("2026-K3", "doelgroep", "psychisch", verwijzingen=14, deelnemend=14, gestopt=5)
_put("2026-K3", "doelgroep", "lvb", verwijzingen=5, deelnemend=0, gestopt=5)
_put("2026-K3", "team", "Team Noord", verwijzingen=19, casussen=19, combinatie="<5")
_put("2026-K4", "team", "Team Zuid", verwijzingen=17, casussen=11, combinatie="x")
_put("2026-K4", "wijk", "Stadshagen", combinatie="x", signalen=5)
_put("2026", "team", "Team Noord", verwijzingen=19)
_put("2026", "team", "Team Zuid", verwijzingen=17)
