"""Benchmark of the municipality's insight over three years of Zwolle's referrals.

Seeds a fresh database (by default its own schema in PostgreSQL, dropped at the end) with the
sample catalogue and a synthetic city: 20 teams, about 40,000 cases over three years with every
doelgroep and wijk, 100,000 referrals to every kind of offer with their step history (steps with
dates: contact, kennismaking, taking part, stopped, ended, a few reopened), weekly attendance
confirmations with gaps that raise signals, dagbesteding in some weekly plans, and a year of
demand counters. It counts the figures once as the nightly job does (`matcher report refresh`,
timed), then times, several times each, what a beleid user waits for (a function per part in
`PARTS`; `--part` picks some): the `/inzicht` pages through the test client with a `beleid`
login and the two report commands. The cold parts, the figures worked out as the nightly job
does, run only when named with --part. It prints the median and the slowest of each. Run with `make insight-benchmark`; the
figures go into docs/performance.md by hand, with the machine they were taken on.

    python benchmarks/insight.py [--referrals 100000] [--repeat 5] [--sqlite] [--profile PART]
                                 [--part PART ...]

DATABASE_URL (default postgresql://postgres@127.0.0.1:5432/test) names the server; `--sqlite`
runs the same on a temporary SQLite file for comparison.
"""

from __future__ import annotations

import argparse
import cProfile
import datetime as dt
import os
import platform
import pstats
import random
import statistics
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyotp
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import Table, insert, select, text

from databases import postgresql_schema
from matcher import clock, create_app, db, geo, vocabulary
from matcher.models import (
    Activity,
    Attendance,
    Case,
    DemandCount,
    PlanItem,
    Referral,
    ReferralStep,
    Team,
)
from matcher.services import accounts, demand, indicators, insight, passwords
from matcher.services.audit import Actor

ROOT = Path(__file__).resolve().parents[1]
CATALOGUE = ROOT / "data" / "catalogue" / "zwolle-voorbeeld.csv"
TODAY = dt.date(2026, 11, 30)
YEARS = 3
TEAMS = 20
REFERRALS_PER_CASE = 2.5
PASSWORD = "een lange zin als wachtwoord"
BATCH = 20_000  # rows per INSERT: big enough to be quick, small enough for SQLite's limits


@dataclass(frozen=True, slots=True)
class Part:
    """One thing a beleid user waits for: what it does, timed, on an app with the data seeded
    and counted by the nightly job. A `cold` part works the figures out itself, as the nightly
    job does: it runs only when named with --part."""

    name: str
    run: Callable[[Flask, FlaskClient], object]
    cold: bool = False


def _page(path: str) -> Callable[[Flask, FlaskClient], object]:
    def run(_app: Flask, client: FlaskClient) -> object:
        response = client.get(path)
        assert response.status_code == 200, response.status_code
        assert b"Stand van" in response.data
        return response.data

    return run


def _indicators_command(app: Flask, _client: FlaskClient) -> object:
    result = app.test_cli_runner().invoke(args=["report", "indicators"])
    assert result.exit_code == 0, result.output
    return result.output


def _demand_command(app: Flask, _client: FlaskClient) -> object:
    result = app.test_cli_runner().invoke(args=["report", "demand"])
    assert result.exit_code == 0, result.output
    return result.output


def _indicators_cold(app: Flask, _client: FlaskClient) -> object:
    with app.app_context():
        report = indicators.compute(db.session(), TODAY, signal_weeks=app.config["SIGNAL_WEEKS"])
        return indicators.to_csv(report)


def _demand_cold(app: Flask, _client: FlaskClient) -> object:
    with app.app_context():
        return demand.every_gap(db.session(), TODAY)


PARTS = [
    Part("/inzicht page", _page("/inzicht")),
    Part("/inzicht/vraag-en-aanbod page", _page("/inzicht/vraag-en-aanbod")),
    Part("report indicators (CSV)", _indicators_command),
    Part("report demand (weekly CSV)", _demand_command),
    Part("indicators worked out + CSV", _indicators_cold, cold=True),
    Part("demand worked out, every period", _demand_cold, cold=True),
]


def count(app: Flask) -> dict[str, float]:
    """What the nightly `matcher report refresh` does; the seconds each report took."""
    with app.app_context():
        return insight.refresh(db.reader_session(), db.engine(), TODAY, app.config["SIGNAL_WEEKS"])


@contextmanager
def database(sqlite: bool) -> Iterator[str]:
    """An empty database: a temporary SQLite file, or a new schema in PostgreSQL, gone after."""
    if sqlite:
        with tempfile.TemporaryDirectory() as folder:
            yield f"sqlite:///{Path(folder) / 'insight.sqlite'}"
        return
    with postgresql_schema("bench") as url:
        yield url


def _moment(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randint(8, 17), rng.randint(0, 59)), dt.UTC)


def _monday(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def _profile(rng: random.Random, wijken: list[str], postcodes: list[str]) -> dict[str, object]:
    """What a consultant records: the expertise asked for (often one, sometimes none or two) and
    where the person lives (a wijk, a postcode, or not said)."""
    expertise = rng.choices(list(vocabulary.EXPERTISE), weights=[40, 12, 14, 16, 10, 8])[0]
    codes = rng.choices([[], [expertise], [expertise, "herstel"]], weights=[10, 80, 10])[0]
    place = rng.random()
    location: dict[str, str] | None = (
        {"wijk": rng.choice(wijken)}
        if place < 0.7
        else {"postcode": rng.choice(postcodes)}
        if place < 0.9
        else None
    )
    profile: dict[str, object] = {"expertise": sorted(set(codes)), "interests": ["koken"]}
    if location is not None:
        profile["location"] = location
    return profile


@dataclass
class Rows:
    """The rows to insert, per table."""

    teams: list[dict[str, Any]]
    cases: list[dict[str, Any]]
    plan: list[dict[str, Any]]
    referrals: list[dict[str, Any]]
    steps: list[dict[str, Any]]
    attendance: list[dict[str, Any]]


def _story(
    rng: random.Random, referral: int, created: dt.date, steps: list[dict[str, Any]]
) -> tuple[str, dt.date | None, dt.date | None]:
    """A referral's steps (appended to `steps`): how far it gets and when it stops or ends.

    Returns its step now, the day it went to 'deelnemend' (or None) and the day it left (or None).
    """
    day = created
    steps.append({"referral_id": referral, "step": "voorgesteld", "at": _moment(day, rng)})
    step, started = "voorgesteld", None
    for following, chance in (
        ("contact_gelegd", 0.85),
        ("kennismaking", 0.8),
        ("deelnemend", 0.75),
    ):
        day += dt.timedelta(days=rng.randint(1, 14))
        if day > TODAY:
            return step, started, None
        if rng.random() > chance:
            if rng.random() < 0.6:  # the rest just stay where they are
                steps.append({"referral_id": referral, "step": "gestopt", "at": _moment(day, rng)})
                if rng.random() < 0.05:  # reopened once and then it went on
                    day += dt.timedelta(days=rng.randint(1, 14))
                    steps.append({"referral_id": referral, "step": step, "at": _moment(day, rng)})
                    continue
                return "gestopt", started, day
            return step, started, None
        step = following
        steps.append({"referral_id": referral, "step": step, "at": _moment(day, rng)})
    started = day
    weeks = int(rng.expovariate(1 / 20)) + 1
    left = day + dt.timedelta(weeks=weeks)
    if left > TODAY:
        return step, started, None
    ending = "afgerond" if rng.random() < 0.5 else "gestopt"
    steps.append({"referral_id": referral, "step": ending, "at": _moment(left, rng)})
    return ending, started, left


def _attendance(
    rng: random.Random, referral: int, started: dt.date, left: dt.date | None
) -> list[dict[str, Any]]:
    """The weeks the organisation confirmed: most weeks, a missed week now and then, and now and
    then two or more weeks in a row (which raises a signal)."""
    rows = []
    week, last = _monday(started), _monday(min(left or TODAY, TODAY))
    while week <= last:
        if rng.random() < 0.85:
            rows.append({"referral_id": referral, "week": week})
        week += dt.timedelta(weeks=1 + (rng.random() < 0.04) * rng.randint(1, 4))
    return rows


def synthetic_city(size: int, activities: list[tuple[str, str]], seed: int = 12) -> Rows:
    """Cases, referrals, their steps and attendance, drawn to look like three years of Zwolle."""
    rng = random.Random(seed)
    wijken = list(geo.wijken())
    postcodes = list(geo.postcodes())
    first = TODAY - dt.timedelta(days=365 * YEARS)
    teams = [{"id": n, "name": f"Team {n:02d}"} for n in range(1, TEAMS + 1)]
    rows = Rows(teams, [], [], [], [], [])
    kinds: dict[str, list[tuple[str, str]]] = {}
    for activity in activities:
        kinds.setdefault(activity[1], []).append(activity)
    case_id = referral_id = 0
    while referral_id < size:
        case_id += 1
        opened = first + dt.timedelta(days=rng.randint(0, 365 * YEARS - 1))
        rows.cases.append(
            {
                "id": case_id,
                "code": f"{rng.getrandbits(48):012x}",
                "team_id": rng.randint(1, TEAMS),
                "profile": _profile(rng, wijken, postcodes),
                "status": "gesloten" if opened < TODAY - dt.timedelta(days=365) else "open",
                "created_at": _moment(opened, rng),
            }
        )
        if rng.random() < 0.08:
            rows.plan.append(
                {
                    "case_id": case_id,
                    "title": "Dagbesteding",
                    "day": rng.choice(vocabulary.DAY_CODES[:5]),
                    "starts_at": dt.time(9),
                    "ends_at": dt.time(12),
                }
            )
        for _ in range(min(int(rng.expovariate(1 / REFERRALS_PER_CASE)) + 1, 8)):
            referral_id += 1
            created = min(opened + dt.timedelta(days=rng.randint(0, 90)), TODAY)
            kind = rng.choices(list(vocabulary.AANBOD), weights=[55, 20, 15, 10])[0]
            activity, title = (
                rng.choice(kinds[kind])
                if rng.random() < 0.99 or not kinds
                else (f"verdwenen-{rng.randint(1, 50)}", "Niet meer in de catalogus")
            )
            step, started, left = _story(rng, referral_id, created, rows.steps)
            rows.referrals.append(
                {
                    "id": referral_id,
                    "case_id": case_id,
                    "activity_id": activity,
                    "activity_title": title,
                    "step": step,
                    "created_at": _moment(created, rng),
                }
            )
            if started is not None:
                rows.attendance += _attendance(rng, referral_id, started, left)
    return rows


def demand_year(seed: int = 13) -> list[dict[str, object]]:
    """A year of demand counters up to TODAY: every week, in every wijk (and 'onbekend'), about
    25 different searches (interest, required support, fit, near miss, part of the day), most of
    them made once or twice: about 25,000 counters for about 50,000 searches."""
    rng = random.Random(seed)
    wijken = [*geo.wijken(), demand.UNKNOWN]
    interests = [demand.NONE, *vocabulary.INTERESTS]
    supports = [demand.NONE, *vocabulary.SUPPORTS]
    dagdelen = [demand.NONE, "ochtend", "middag", "avond", "ochtend+middag"]
    found: dict[tuple[str, ...], int] = {}
    for weeks_back in range(52):
        week = demand.iso_week(TODAY - dt.timedelta(weeks=weeks_back))
        for wijk in wijken:
            for _ in range(25):
                support = rng.choice(supports) if rng.random() < 0.5 else demand.NONE
                fit = rng.choices(demand.FITS, weights=(6, 3, 1))[0]
                near = rng.choice(supports[1:]) if fit != "goed" and rng.random() < 0.3 else ""
                key = (week, wijk, rng.choice(interests), support, fit, near, rng.choice(dagdelen))
                found[key] = found.get(key, 0) + min(int(rng.expovariate(0.7)) + 1, 30)
    return [dict(zip(demand.DIMENSIONS, key, strict=True), count=n) for key, n in found.items()]


def seed(app: Flask, size: int) -> Rows:
    """The sample catalogue through the import command, then the city in bulk inserts."""
    result = app.test_cli_runner().invoke(args=["import", str(CATALOGUE)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        session = db.session()
        activities = [(a.id, a.title, a.aanbod) for a in session.scalars(select(Activity)).all()]
    for_kinds = [(id_, kind) for id_, _title, kind in activities]
    titles = {id_: title for id_, title, _kind in activities}
    rows = synthetic_city(size, for_kinds)
    for referral in rows.referrals:
        referral["activity_title"] = titles.get(referral["activity_id"], referral["activity_title"])
    with app.app_context():
        engine = db.engine()
        with engine.begin() as connection:
            for model, values in (
                (Team, rows.teams),
                (Case, rows.cases),
                (PlanItem, rows.plan),
                (Referral, rows.referrals),
                (ReferralStep, rows.steps),
                (Attendance, rows.attendance),
                (DemandCount, demand_year()),
            ):
                table = model.__table__
                assert isinstance(table, Table)
                for start in range(0, len(values), BATCH):
                    connection.execute(insert(table), values[start : start + BATCH])
            if engine.dialect.name == "postgresql":
                connection.execute(text("ANALYZE"))
    return rows


def beleid_client(app: Flask) -> FlaskClient:
    """A test client logged in as a beleid user, through the real login pages."""
    with app.app_context():
        session = db.session()
        user, _ = accounts.create_user(
            session, "beleid@zwolle.example", "beleid", Actor(None, "benchmark")
        )
        user.password_hash = passwords.hash_password(PASSWORD)
        user.must_change_password = False
        user.totp_secret = pyotp.random_base32()
        session.commit()
        email, secret = user.email, user.totp_secret
    client = app.test_client()
    response = client.post("/login", data={"email": email, "password": PASSWORD})
    assert response.status_code == 302, response.status_code
    response = client.post("/login/code", data={"code": pyotp.TOTP(secret).now()})
    assert response.status_code == 302, response.status_code
    return client


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--referrals", type=int, default=100_000)
    parser.add_argument("--repeat", type=int, default=5)
    parser.add_argument("--sqlite", action="store_true", help="a temporary SQLite file instead")
    parser.add_argument("--profile", choices=[p.name for p in PARTS], help="cProfile one run")
    parser.add_argument(
        "--part",
        action="append",
        default=[],
        choices=[p.name for p in PARTS],
        help="only these parts (the cold ones run only when named)",
    )
    args = parser.parse_args()
    # The pages count on the day the nightly job counted, whatever the machine's date.
    clock.today = lambda: TODAY
    with database(args.sqlite) as url:
        app = create_app(
            {
                "DATABASE_URL": url,
                "SECRET_KEY": "benchmark",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        started = time.perf_counter()
        rows = seed(app, args.referrals)
        seeded_s = time.perf_counter() - started
        client = beleid_client(app)
        with app.app_context():
            engine = db.engine()
            print(
                f"# {platform.processor() or platform.machine()}, {os.cpu_count()} cores, "
                f"Python {platform.python_version()}, {engine.dialect.name} "
                f"{'.'.join(map(str, engine.dialect.server_version_info or ()))}, "
                f"today {TODAY}"
            )
        print(
            f"# {len(rows.teams)} teams, {len(rows.cases):,} cases, {len(rows.plan):,} plan items, "
            f"{len(rows.referrals):,} referrals, {len(rows.steps):,} steps, "
            f"{len(rows.attendance):,} attendance weeks; seeded in {seeded_s:.0f} s"
        )
        taken = count(app)
        print(
            "# counted as the nightly job does (matcher report refresh): indicators in "
            f"{taken[insight.INDICATORS]:.1f} s, demand in {taken[insight.DEMAND]:.1f} s"
        )
        if args.profile:
            part = next(p for p in PARTS if p.name == args.profile)
            profiler = cProfile.Profile()
            profiler.runcall(part.run, app, client)
            pstats.Stats(profiler).sort_stats("cumulative").print_stats(40)
            return
        # CPU seconds of this process beside the wall clock: on a machine others keep busy the
        # wall clock says more about them than about the matcher (the database's own work is
        # not in the CPU column).
        print("| part | runs | median | slowest | median CPU |")
        print("|---|---:|---:|---:|---:|")
        for part in [p for p in PARTS if p.name in args.part or not (args.part or p.cold)]:
            part.run(app, client)  # warm up: templates, the catalogue index, connections
            timings, cpu = [], []
            for _ in range(args.repeat):
                began, began_cpu = time.perf_counter(), time.process_time()
                part.run(app, client)
                timings.append(time.perf_counter() - began)
                cpu.append(time.process_time() - began_cpu)
            print(
                f"| {part.name} | {args.repeat} | {statistics.median(timings):.2f} s | "
                f"{max(timings):.2f} s | {statistics.median(cpu):.2f} s |"
            )
        app.extensions["matcher.engine"].dispose()


if __name__ == "__main__":
    main()
