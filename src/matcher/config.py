"""Configuration: defaults, then the environment, then the test's overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from argon2 import PasswordHasher
from flask import Flask

from matcher import roles
from matcher.db import LOCK_TIMEOUT_SECONDS
from matcher.services.passwords import DEFAULT_HASHER

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105  (development only; refused in production)


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, the environment (MATCHER_*, DATABASE_URL) and test_config."""
    app.config.from_mapping(
        SECRET_KEY=DEFAULT_SECRET_KEY,
        DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'matcher.sqlite'}",
        # Where `matcher match` keeps the ranking index of the catalogue version between calls.
        INDEX_FOLDER=str(Path(app.instance_path) / "ranking"),
        AUTO_MIGRATE=True,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        PAGE_SIZE=12,
        # The CSRF token lives as long as the session, not Flask-WTF's default hour.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        SESSION_IDLE_SECONDS=30 * 60,
        SESSION_LIFETIME_SECONDS=12 * 60 * 60,
        MFA_REQUIRED_ROLES=tuple(c for c, role in roles.ROLES.items() if role.second_factor),
        PRODUCTION=False,
        SIGNAL_WEEKS=2,  # a participant not confirmed for this many weeks raises a signal
        # /inzicht works its figures out on every visit while that takes less than this many
        # seconds; beyond it they come from the nightly `matcher report refresh` (docs/insight.md).
        INSIGHT_LIVE_SECONDS=1.0,
        RETENTION_MONTHS=12,  # closed cases are anonymised after this long
        SECURITY_CONTACT="mailto:security@matcher.example",
        SECURITY_POLICY_URL="https://matcher.example/kwetsbaarheid-melden",
        # Rate limits share their counts through this store; give every worker the same one
        # (e.g. redis://...) in production.
        RATELIMIT_STORAGE_URI="memory://",
        # While that store is down, each worker counts in its own memory rather than answer 500.
        RATELIMIT_IN_MEMORY_FALLBACK_ENABLED=True,
        RATELIMIT_HEADERS_ENABLED=True,
        RATELIMIT_LOGIN="10 per minute",
        RATELIMIT_SEARCH="120 per minute",
        RATELIMIT_REPORT="5 per minute;30 per day",
        RATELIMIT_INTAKE="5 per minute;20 per day",
        # The team a resident's or partner's request lands with as a new case (teams have no
        # kind, so the name says which).
        INTAKE_TEAM="SamenZwolle",
        API_PAGE_SIZE=100,
        # Where residents find the site: the wijk folder's QR code made by `matcher folder`
        # points here (a page uses the address it was asked on).
        PUBLIC_URL="http://127.0.0.1:5000",
        # How long a writer waits for another one before it gives up: SQLite's busy timeout,
        # and on PostgreSQL the wait for the catalogue lock (see matcher/db.py).
        LOCK_TIMEOUT_SECONDS=LOCK_TIMEOUT_SECONDS,
        PASSWORD_HASHER=DEFAULT_HASHER,
        # How many reverse proxies stand in front (docs/deploy.md): their X-Forwarded-For and
        # -Proto are believed, so rate limits and the audit see the visitor's address. 0: none,
        # and a visitor cannot pretend another address with a header of their own.
        PROXY_HOPS=0,
        # The bearer token a metrics scraper sends to /metrics; without one /metrics is off.
        METRICS_TOKEN=None,
    )
    app.config.from_prefixed_env("MATCHER")
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])
    if isinstance(app.config["MFA_REQUIRED_ROLES"], str):
        app.config["MFA_REQUIRED_ROLES"] = tuple(app.config["MFA_REQUIRED_ROLES"].split(","))
    if not isinstance(app.config["PASSWORD_HASHER"], PasswordHasher):
        raise RuntimeError("PASSWORD_HASHER must be an argon2.PasswordHasher")
    check_lock_timeout(app.config["LOCK_TIMEOUT_SECONDS"])
    check_edge(app.config["PROXY_HOPS"], app.config["METRICS_TOKEN"])
    if app.config["PRODUCTION"]:
        check_production(app)


def check_lock_timeout(value: object) -> None:
    """Refuse to start with a lock timeout that is no number of seconds from 0.01 to 600."""
    if isinstance(value, bool) or not isinstance(value, int | float) or not 0.01 <= value <= 600:
        raise RuntimeError(
            f"MATCHER_LOCK_TIMEOUT_SECONDS must be seconds from 0.01 to 600, not {value!r}"
        )


def check_edge(hops: object, token: object) -> None:
    """Refuse to start with a number of proxies that is no small whole number, or a metrics
    token short enough to guess."""
    if isinstance(hops, bool) or not isinstance(hops, int) or not 0 <= hops <= 5:
        raise RuntimeError(f"MATCHER_PROXY_HOPS must be a whole number from 0 to 5, not {hops!r}")
    if token is not None and (not isinstance(token, str) or len(token) < 32):
        raise RuntimeError("MATCHER_METRICS_TOKEN must be a random value of 32+ characters")


def check_production(app: Flask) -> None:
    """Refuse to start in production with debug on or without a real secret key."""
    key = app.config.get("SECRET_KEY") or ""
    if app.debug:
        raise RuntimeError("production refuses to start with debug on")
    if key == DEFAULT_SECRET_KEY or len(key) < 32:
        raise RuntimeError("production needs MATCHER_SECRET_KEY: a random value of 32+ characters")
    # __Host- cookies are only sent over HTTPS, to this host, for the whole site.
    app.config.update(SESSION_COOKIE_SECURE=True, SESSION_COOKIE_NAME="__Host-session")


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way ('postgresql://' or 'postgres://')."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
