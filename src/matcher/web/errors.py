"""One error handler: JSON in the contract's shape for the API, a friendly page for people."""

from __future__ import annotations

import uuid
from typing import Any

from flask import Flask, Response, current_app, flash, jsonify, render_template, request
from flask_babel import gettext as _
from flask_login import current_user
from flask_wtf.csrf import CSRFError
from werkzeug.exceptions import HTTPException

from matcher import roles
from matcher.errors import MatcherError
from matcher.roles import Permission
from matcher.web.i18n import translate


def _wants_json() -> bool:
    return request.path.startswith("/api/")


def _json_error(field: str | None, message: str, status: int) -> tuple[Response, int]:
    return jsonify({"error": {"field": field, "message": message}}), status


def _page_message(status: int) -> str:
    messages = {
        404: _("Deze pagina bestaat niet (meer). Misschien is de link oud."),
        401: _("Log eerst in."),
        403: _("Deze pagina is niet voor jou. Log in met een account dat er toegang toe heeft."),
        405: _("Zo kun je deze pagina niet openen."),
        413: _("Wat je stuurde is te groot."),
        429: _("Je vroeg heel veel in korte tijd. Wacht even en probeer het opnieuw."),
    }
    return str(messages.get(status) or _("Er ging iets mis. Probeer het later nog eens."))


def too_large_message() -> str:
    """Dutch for 'the body is over the limit', with the limit."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    return f"het verzoek is te groot: hoogstens {limit // 1024} kB"


def _api_message(error: HTTPException, status: int) -> str:
    # Werkzeug's and Flask-Limiter's own descriptions are English; a description the app set
    # itself (on the instance, e.g. UnsupportedMediaType("stuur ...")) is already Dutch.
    if error.description and error.description != type(error).description and status != 429:
        return error.description
    messages = {
        400: "het verzoek kan niet gelezen worden",
        404: "dit adres bestaat niet in de API; zie /api/v1/openapi.json",
        405: "deze methode kan niet op dit adres; zie /api/v1/openapi.json",
        413: too_large_message(),
        415: "stuur de inhoud als application/json",
        429: "te veel verzoeken in korte tijd; wacht zo lang als Retry-After zegt",
    }
    return messages.get(status) or f"het verzoek kan niet worden afgehandeld (HTTP {status})"


def handle_matcher_error(error: MatcherError) -> tuple[Response | str, int]:
    """A domain error names the field; the API says so in JSON, a page in words."""
    if _wants_json():
        return _json_error(error.field, error.message, error.status)
    message = translate(error.message)  # a Phrase in the page's language; the API keeps Dutch
    return render_template("error.html", status=error.status, message=message), error.status


def handle_http_error(error: HTTPException) -> tuple[Response | str, int]:
    """Errors like 404 and 415: JSON for the API, a page in plain words for people."""
    status = error.code or 500
    if _wants_json():
        return _json_error(None, _api_message(error, status), status)
    return render_template("error.html", status=status, message=_page_message(status)), status


def handle_unexpected(error: Exception) -> tuple[Response | str, int]:
    """A bug: log it with an incident id, show only the id (never a stack trace)."""
    incident = uuid.uuid4().hex[:12]
    current_app.logger.error("incident %s", incident, exc_info=error)
    if _wants_json():
        return _json_error(None, f"interne fout, incident {incident}", 500)
    message = _page_message(500)
    return render_template("error.html", status=500, message=message, incident=incident), 500


def handle_csrf_error(error: CSRFError) -> Any:
    """A form sent without a valid token: show it again with what was typed, when we can."""
    view = current_app.view_functions.get(request.endpoint or "")
    show_again = getattr(view, "shown_again", None)
    allowed = getattr(view, "allowed", None)
    # Only for someone who may use the view anyway: this handler runs before the access check.
    if (
        show_again is not None
        and isinstance(allowed, Permission)
        and current_user.is_authenticated
        and roles.may(current_user.role, allowed)
    ):
        flash(_("Je formulier was verlopen. Controleer het en verstuur het opnieuw."))
        return show_again()
    return handle_http_error(error)


def init_app(app: Flask) -> None:
    """Register the handlers."""
    app.register_error_handler(MatcherError, handle_matcher_error)
    app.register_error_handler(CSRFError, handle_csrf_error)
    app.register_error_handler(HTTPException, handle_http_error)
    app.register_error_handler(Exception, handle_unexpected)
