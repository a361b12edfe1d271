"""Rate limits on login, the public search, the API and residents' reports and requests: 429 with Retry-After."""

from __future__ import annotations

from flask import Flask, current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def login_limit() -> str:
    """Per address, on top of the per-account lock-out."""
    return str(current_app.config["RATELIMIT_LOGIN"])


def search_limit() -> str:
    """Per address, for public searching and the API."""
    return str(current_app.config["RATELIMIT_SEARCH"])


def report_limit() -> str:
    """Per address, for sending a report that an entry is wrong."""
    return str(current_app.config["RATELIMIT_REPORT"])


def intake_limit() -> str:
    """Per address, for asking to search together and for passing someone on."""
    return str(current_app.config["RATELIMIT_INTAKE"])


def init_app(app: Flask) -> None:
    """Bind the limiter and put the limits on their views."""
    limiter.init_app(app)
    for endpoint, limit, methods in (
        ("auth.login", login_limit, ["POST"]),
        ("auth.code", login_limit, ["POST"]),
        ("public.results", search_limit, None),
        ("api.match", search_limit, None),
        # The open data is read by other directories' harvesters: the same limit as searching.
        ("hsds_api.about", search_limit, None),
        ("hsds_api.services", search_limit, None),
        ("hsds_api.service", search_limit, None),
        ("hsds_api.taxonomies", search_limit, None),
        ("hsds_api.taxonomy_terms", search_limit, None),
        ("public.report_error", report_limit, ["POST"]),
        ("intake.resident", intake_limit, ["POST"]),
        ("intake.partner", intake_limit, ["POST"]),
    ):
        view = app.view_functions[endpoint]
        app.view_functions[endpoint] = limiter.limit(limit, methods=methods)(view)  # type: ignore[assignment]
