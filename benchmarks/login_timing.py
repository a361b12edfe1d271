"""Timing of refused logins: an unknown address, a wrong password, a locked and an inactive account.

Each refusal must cost the same (one Argon2 verification), or the answer time tells which
addresses have an account and which accounts are locked. Runs the real app on a fresh SQLite
database through Flask's test client, the paths taken in turn, and prints the median per path.
Exits 1 when the slowest median is more than SPREAD_LIMIT times the fastest.

    python benchmarks/login_timing.py [--rounds 25]
"""

from __future__ import annotations

import argparse
import datetime as dt
import statistics
import tempfile
import time
from pathlib import Path

from flask import Flask
from sqlalchemy import select

from matcher import create_app, db
from matcher.models import UserAccount
from matcher.services import accounts, passwords

PASSWORD = "een lange zin als wachtwoord"
WRONG = "niet het goede wachtwoord"
SPREAD_LIMIT = 1.5
# Path name, e-mail address, password.
PATHS = [
    ("onbekend adres", "niemand@zwolle.example", PASSWORD),
    ("fout wachtwoord", "gewoon@zwolle.example", WRONG),
    ("geblokkeerd, goed wachtwoord", "geblokkeerd@zwolle.example", PASSWORD),
    ("inactief, goed wachtwoord", "inactief@zwolle.example", PASSWORD),
]


def make_accounts(app: Flask) -> None:
    with app.app_context():
        session = db.session()
        for email in ("gewoon", "geblokkeerd", "inactief"):
            user, _ = accounts.create_user(
                session,
                f"{email}@zwolle.example",
                "consulent",
                accounts.Actor(None, "benchmark"),
                "Team Noord",
            )
            user.password_hash = passwords.hash_password(PASSWORD)
            user.active = email != "inactief"
        session.commit()


def reset(app: Flask) -> None:
    """Between attempts: the ordinary account unlocked, the locked one locked (outside the timing)."""
    with app.app_context():
        session = db.session()
        for user in session.scalars(select(UserAccount)):
            locked = user.email.startswith("geblokkeerd")
            user.failed_logins = 0
            user.locked_until = accounts.now() + dt.timedelta(hours=1) if locked else None
        session.commit()


def measure(app: Flask, rounds: int) -> dict[str, list[float]]:
    client = app.test_client()
    times: dict[str, list[float]] = {name: [] for name, _, _ in PATHS}
    for _ in range(rounds):
        for name, email, password in PATHS:
            reset(app)
            started = time.perf_counter()
            response = client.post("/login", data={"email": email, "password": password})
            times[name].append((time.perf_counter() - started) * 1000)
            assert response.status_code == 401, (name, response.status_code)
    return times


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=25)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        app = create_app(
            {
                "DATABASE_URL": f"sqlite:///{Path(folder) / 'timing.sqlite'}",
                "WTF_CSRF_ENABLED": False,
                "RATELIMIT_ENABLED": False,
            }
        )
        make_accounts(app)
        measure(app, 2)  # warm up: the dummy hash, the templates, the database connection
        medians = {name: statistics.median(t) for name, t in measure(app, args.rounds).items()}
        app.extensions["matcher.engine"].dispose()
    for name, median in medians.items():
        print(f"{name:32} median {median:7.1f} ms")
    spread = max(medians.values()) / min(medians.values())
    print(f"slowest / fastest: {spread:.2f} (limit {SPREAD_LIMIT})")
    return 0 if spread <= SPREAD_LIMIT else 1


if __name__ == "__main__":
    raise SystemExit(main())
