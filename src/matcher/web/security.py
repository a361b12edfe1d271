"""Response headers on every page, access logs that keep no query strings or full addresses, and
the token of forms that anyone may send."""

from __future__ import annotations

import logging
import re
from typing import TypeGuard
from urllib.parse import unquote, urlsplit

from flask import Flask, Response, current_app, request
from flask_wtf.csrf import CSRFProtect
from itsdangerous import BadData, URLSafeTimedSerializer
from werkzeug.middleware.proxy_fix import ProxyFix

CONTENT_SECURITY_POLICY = (
    "default-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; "
    "form-action 'self'"
)
# Pages and answers about a person's needs (a resident's own search too: its address holds
# the answers), and staff pages, must not stay in any cache.
NO_STORE_PREFIXES = (
    "/consult",
    "/api/",
    "/beheer",
    "/aanbieder",
    "/login",
    "/logout",
    "/wachtwoord",
    "/sessie",
    "/casussen",
    "/signalen",
    "/zoeken",
    "/resultaten",
    "/healthz",
    "/metrics",
)
HSTS = "max-age=31536000; includeSubDomains"

# Made here, not when `matcher` is imported: `matcher --help` then does not load Flask-WTF.
csrf = CSRFProtect()


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


# C0 controls (tab, newline, CR, NUL, ...) and DEL: a browser strips or refuses them.
_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def is_local_path(target: str | None) -> TypeGuard[str]:
    """Whether a redirect target is a path on this site, read the way a browser reads it.

    A browser drops tabs and newlines ('/\\t/host' becomes '//host'), turns backslashes into
    slashes ('/\\host') and takes '//host' as another host; a newline also breaks the header.
    So: a path starting with one '/', without control characters or backslashes, also after
    percent-decoding (a proxy or the next hop may decode what the browser left alone).
    """
    if not target:
        return False
    return all(_plainly_local(form) for form in _decodings(target))


def _decodings(target: str) -> list[str]:
    # '%250A' decodes to '%0A' and then to a newline: check every step until nothing changes.
    forms = [target]
    while (decoded := unquote(forms[-1])) != forms[-1]:
        forms.append(decoded)
    return forms


def _plainly_local(target: str) -> bool:
    return (
        target.startswith("/")
        and not target.startswith("//")
        and "\\" not in target
        and _CONTROL.search(target) is None
    )


# A form anyone may send (a resident's report) gets no session, so no cookie and no Flask-WTF
# token: its token is signed with the secret key instead, names the form it belongs to and
# expires. Nothing rides on such a form (it acts for nobody); the token and the Origin check keep
# other sites from having visitors' browsers send it, the rate limit keeps the rest in bounds.
ANONYMOUS_FORM_SECONDS = 4 * 60 * 60


def _signer() -> URLSafeTimedSerializer:
    return URLSafeTimedSerializer(current_app.config["SECRET_KEY"], salt="anoniem-formulier")


def anonymous_form_token(form: str) -> str:
    """A token for a form anyone may send, valid for that form for ANONYMOUS_FORM_SECONDS."""
    return _signer().dumps(form)


def anonymous_form_ok(form: str, token: str | None) -> bool:
    """Whether a form anyone may send came from this site: not sent from another site, with a
    recent token of this form. CSRF protection off (tests) accepts every form."""
    if not current_app.config.get("WTF_CSRF_ENABLED", True):
        return True
    if request.headers.get("Sec-Fetch-Site") in ("cross-site", "same-site"):
        return False
    origin = request.headers.get("Origin")
    if origin is not None and urlsplit(origin).netloc != request.host:
        return False  # also "null": an opaque origin is not this site's page
    if not token:
        return False
    try:
        return bool(_signer().loads(token, max_age=ANONYMOUS_FORM_SECONDS) == form)
    except BadData:
        return False


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
    """Install the headers and the access-log filter; believe the configured proxies."""
    hops = app.config["PROXY_HOPS"]
    if hops:
        # Only as many X-Forwarded-For entries as there are proxies are believed, from the
        # right: what a visitor wrote there themselves stays to the left, unused.
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops)  # type: ignore[method-assign]
    app.after_request(add_headers)
    access_log = logging.getLogger("werkzeug")
    if not any(isinstance(f, PrivateAccessLog) for f in access_log.filters):
        access_log.addFilter(PrivateAccessLog())
