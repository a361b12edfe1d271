"""Configuration: defaults, then the environment, then the test's overrides."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from flask import Flask

DEFAULT_SECRET_KEY = "dev-only-not-secret"  # noqa: S105  (development only; refused in production)


def configure(app: Flask, test_config: dict[str, Any] | None) -> None:
    """Fill app.config from defaults, the environment (MATCHER_*, DATABASE_URL) and test_config."""
    app.config.from_mapping(
        SECRET_KEY=DEFAULT_SECRET_KEY,
        DATABASE_URL=f"sqlite:///{Path(app.instance_path) / 'matcher.sqlite'}",
        AUTO_MIGRATE=True,
        MAX_CONTENT_LENGTH=2 * 1024 * 1024,
        PAGE_SIZE=12,
        # The consult pages are for professionals; until accounts exist they are open only
        # when this is set (make run sets it for development).
        CONSULT_OPEN=False,
        # The CSRF token lives as long as the session, not Flask-WTF's default hour.
        WTF_CSRF_TIME_LIMIT=None,
        SESSION_COOKIE_HTTPONLY=True,
        SESSION_COOKIE_SAMESITE="Lax",
        API_PAGE_SIZE=100,
        JSON_SORT_KEYS=False,
    )
    app.config.from_prefixed_env("MATCHER")
    if os.environ.get("DATABASE_URL"):
        app.config["DATABASE_URL"] = os.environ["DATABASE_URL"]
    if test_config:
        app.config.from_mapping(test_config)
    app.config["DATABASE_URL"] = normalise_database_url(app.config["DATABASE_URL"])


def normalise_database_url(url: str) -> str:
    """Use psycopg 3 for PostgreSQL URLs written the usual way ('postgresql://' or 'postgres://')."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url.removeprefix(prefix)
    return url
