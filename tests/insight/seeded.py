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
from matcher.services import cases, welcome
from matcher.services.audit import Actor
from matcher.services.catalogue import get_record
from matcher.services.indicators import NO_SHARE
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
    Welcome check-ins: after 4 weeks A say "ja" and B "een beetje" (10 August), D were not asked;
    after 12 weeks 4 of A say "ja" and 3 "nee" (5 October). After 4 weeks, on 9 November, E say
    "ja" about their regular activity and F "nee".
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

        def checkin(referral: Any, moment: int, answer: str, actor: Actor) -> None:
            day = welcome.due_on(referral, moment)
            assert day is not None
            welcome.record(session, referral, moment, answer, day, actor, TODAY)

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
            if n < 7:  # A
                checkin(referral, 4, "ja", a_actor)
                checkin(referral, 12, "ja" if n < 4 else "nee", a_actor)
            if n == 0:
                slot = parse_schedule("ma 09:00-12:00")[0]
                cases.add_plan_item(session, case, "Dagbesteding", slot, a_actor)
        for _ in range(5):  # B
            case = new_case(a_actor, assendorp)
            referral = taking_part(case, REGULIER_2, a_actor, july6, july13)
            cases.record_attendance(session, referral, _monday(2026, 7, 20), a_actor)
            checkin(referral, 4, "beetje", a_actor)
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
                if activity == REGULIER:
                    checkin(referral, 4, "ja", z_actor)
        for _ in range(5):  # F
            case = new_case(z_actor, stadshagen)
            referral = taking_part(case, AANVULLEND, z_actor, oct5, oct12)
            checkin(referral, 4, "nee", z_actor)
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

# Welcome check-ins. After 4 weeks: Q3 has A's 7 "ja" and B's 5 "een beetje" (7/12 = 58%,
# 5/12 = 42%); Q4 E's 6 "ja" and F's 5 "nee" (6/11 = 55%, 5/11 = 45%); the year 13, 5 and 5 of
# 23 (57%, 22%, 22%). After 12 weeks only A's 7: 4 "ja" and 3 "nee", both "<5"; since the two add
# up to 7 a reader knows only that each is 3 or 4, so nothing more is hidden. Their shares would
# give the counts back ("–"); "een beetje" is a shown 0 of 7 (0%). Q4 has no 12-week check-in
# yet: no share at all.
for _period, _counts, _shares in (
    ("2026-K3", (12, 7, 5, 0), ("58%", "42%", "0%")),
    ("2026-K4", (11, 6, 0, 5), ("55%", "0%", "45%")),
    ("2026", (23, 13, 5, 5), ("57%", "22%", "22%")),
):
    _put(
        _period, "totaal", "alle",
        welkom_4_weken=_counts[0], welkom_4_weken_ja=_counts[1],
        welkom_4_weken_beetje=_counts[2], welkom_4_weken_nee=_counts[3],
        aandeel_welkom_4_weken_ja=_shares[0], aandeel_welkom_4_weken_beetje=_shares[1],
        aandeel_welkom_4_weken_nee=_shares[2],
    )  # fmt: skip
for _period in ("2026-K3", "2026"):
    _put(
        _period, "totaal", "alle",
        welkom_12_weken=7, welkom_12_weken_ja="<5", welkom_12_weken_beetje=0,
        welkom_12_weken_nee="<5", aandeel_welkom_12_weken_ja=NO_SHARE,
        aandeel_welkom_12_weken_beetje="0%", aandeel_welkom_12_weken_nee=NO_SHARE,
    )  # fmt: skip
_put(
    "2026-K4", "totaal", "alle",
    welkom_12_weken=0, aandeel_welkom_12_weken_ja=NO_SHARE,
    aandeel_welkom_12_weken_beetje=NO_SHARE, aandeel_welkom_12_weken_nee=NO_SHARE,
)  # fmt: skip
# By group: A and B live in Assendorp, D (not asked) has no location; all of Q3 is Team Noord.
_put("2026-K3", "wijk", "Assendorp", welkom_4_weken=12, welkom_4_weken_beetje=5,
     welkom_12_weken_ja="<5", aandeel_welkom_12_weken_nee=NO_SHARE)  # fmt: skip
_put("2026-K3", "wijk", "onbekend", welkom_4_weken=0, aandeel_welkom_4_weken_ja=NO_SHARE)
_put("2026-K3", "doelgroep", "lvb", welkom_4_weken=0)
_put("2026-K4", "team", "Team Zuid", welkom_4_weken=11, aandeel_welkom_4_weken_nee="45%")
_put("2026-K4", "doelgroep", "nah", welkom_4_weken_ja=6, aandeel_welkom_4_weken_ja="55%")
