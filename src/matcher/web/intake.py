"""Ways in: "Liever samen zoeken?" for residents, and a form for a huisarts, POH or
wijkverpleging to pass someone on. Both are public, rate-limited forms with a token that needs
no session (no cookie); each lands in the intake team's worklist as a new case. Staff open a
request from the worklist; that is audited."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db
from matcher.phrases import Phrase
from matcher.roles import Permission
from matcher.services import cases, intake
from matcher.services.audit import Actor
from matcher.web.access import EVERYONE, allow
from matcher.web.security import anonymous_form_ok, anonymous_form_token

bp = Blueprint("intake", __name__)

RESIDENT_FORM, PARTNER_FORM = "samen-zoeken", "doorverwijzen"
RESIDENT_FIELDS = ("voornaam", "contact", "wanneer", "waarover", "toestemming")
PARTNER_FIELDS = ("wie", "praktijk", "telefoon_praktijk", *RESIDENT_FIELDS)


def _typed(fields: tuple[str, ...]) -> dict[str, str]:
    return {name: request.form.get(name, "")[:1000] for name in fields}


def _page(template: str, form: str, typed: dict[str, str], errors: dict[str, Phrase]) -> str:
    return render_template(
        template,
        typed=typed,
        errors=errors,
        token=anonymous_form_token(form),
        limits=intake.LIMITS | intake.PARTNER_LIMITS,
        consent=intake.RESIDENT_CONSENT if form == RESIDENT_FORM else intake.PARTNER_CONSENT,
    )


def _handle(
    template: str, form: str, fields: tuple[str, ...], partner: bool, sent: str
) -> str | tuple[str, int] | WerkzeugResponse:
    if request.method == "GET":
        return _page(template, form, {}, {})
    typed = _typed(fields)
    if not anonymous_form_ok(form, request.form.get("csrf_token")):
        expired = _("Je formulier was verlopen. Kijk of alles klopt en verstuur het opnieuw.")
        return _page(template, form, typed, {"formulier": Phrase(expired)}), 400
    sent_request = intake.Request(typed, partner)
    errors = intake.problems(sent_request)
    if errors:
        return _page(template, form, typed, errors), 422
    intake.submit(db.session(), sent_request, current_app.config["INTAKE_TEAM"])
    return redirect(url_for(sent), code=303)


def source_labels() -> dict[str, str]:
    """Who sent a request, in the page's language."""
    return {code: _(text) for code, text in intake.SOURCES.items()}


@bp.route("/samen-zoeken", methods=["GET", "POST"])
@allow(EVERYONE)
def resident() -> str | tuple[str, int] | WerkzeugResponse:
    """'Liever samen zoeken?': a resident asks SamenZwolle to get in touch."""
    return _handle(
        "intake/resident.html", RESIDENT_FORM, RESIDENT_FIELDS, False, "intake.resident_sent"
    )


@bp.get("/samen-zoeken/verstuurd")
@allow(EVERYONE)
def resident_sent() -> str:
    """Thanks, and what happens next."""
    return render_template("intake/sent.html", partner=False)


@bp.route("/doorverwijzen", methods=["GET", "POST"])
@allow(EVERYONE)
def partner() -> str | tuple[str, int] | WerkzeugResponse:
    """A huisarts, POH or wijkverpleging passes someone on, with that person's consent."""
    return _handle("intake/partner.html", PARTNER_FORM, PARTNER_FIELDS, True, "intake.partner_sent")


@bp.get("/doorverwijzen/verstuurd")
@allow(EVERYONE)
def partner_sent() -> str:
    """Thanks, and what happens next."""
    return render_template("intake/sent.html", partner=True)


@bp.get("/casussen/<code>/aanmelding")
@allow(Permission.CASES)
def show(code: str) -> str:
    """The request a case came in with: who to contact, how, and what about (audited)."""
    case = cases.find(db.session(), code, current_user.account)
    found = intake.opened(db.session(), case, Actor(current_user.account, request.remote_addr))
    if found is None:
        abort(404)
    return render_template("intake/show.html", case=case, intake=found, sources=source_labels())
