"""Response headers on every page, and access logs that keep no query strings or full addresses."""

from __future__ import annotations

import logging
import re

from flask import Flask, Response, current_app, request

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Pages and answers about a person's needs, and staff pages, must not stay in any cache.
NO_STORE_PREFIXES = ("/consult", "/api/", "/beheer", "/aanbieder", "/login", "/logout",
                     "/wachtwoord", "/sessie", "/casussen", "/signalen")  # fmt: skip
HSTS = "max-age=31536000; includeSubDomains"


def add_headers(response: Response) -> Response:
    """The headers every response carries."""
    response.headers["Content-Security-Policy"] = CONTENT_SECURITY_POLICY
    response.headers["X-Content-Type-Options"] = "nosniff"
    response.headers["Referrer-Policy"] = "same-origin"
    if request.path.startswith(NO_STORE_PREFIXES):
        response.headers["Cache-Control"] = "no-store"
    if current_app.config["PRODUCTION"]:
        response.headers["Strict-Transport-Security"] = HSTS
    return response


def is_local_path(target: str) -> bool:
    """A path on this site ('/x'), not another host: '//host' and '/\\host' lead elsewhere."""
    return target.startswith("/") and not target.startswith(("//", "/\\")) and "\\" not in target


_REQUEST_LINE = re.compile(r"^(\S+ [^?\s]*)\?\S*")
_IPV4 = re.compile(r"^(\d+\.\d+\.\d+)\.\d+")


class PrivateAccessLog(logging.Filter):
    """Drop query strings (they can say what support someone needs) and the last part of IPs."""

    def filter(self, record: logging.LogRecord) -> bool:
        if isinstance(record.msg, str):
            record.msg = _IPV4.sub(r"\1.0", record.msg)
        if record.args and isinstance(record.args, tuple) and isinstance(record.args[0], str):
            record.args = (_REQUEST_LINE.sub(r"\1", record.args[0]), *record.args[1:])
        return True


def init_app(app: Flask) -> None:
    """Install the headers and the access-log filter."""
    app.after_request(add_headers)
    access_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, PrivateAccessLog) for f in access_log.filters):
        access_log.addFilter(PrivateAccessLog())
