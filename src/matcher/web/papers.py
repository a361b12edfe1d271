"""The person's own papers: "Jouw week" to print, and "Jouw plek" for one referral in Dutch or
English; and the times chosen with the person, which are all these papers show."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db, plan
from matcher.errors import ValidationError
from matcher.roles import Permission
from matcher.services import cases, papers, unit_of_work
from matcher.services.audit import Action, Actor
from matcher.web.access import allow
from matcher.web.i18n import LANGUAGES, translate

bp = Blueprint("papers", __name__)


def _actor() -> Actor:
    return Actor(current_user.account, request.remote_addr, "begeleiding")


@bp.post("/casussen/<code>/verwijzingen/<int:referral_id>/tijden")
@allow(Permission.CASES)
def choose_times(code: str, referral_id: int) -> WerkzeugResponse:
    """The weekly times chosen with the person, and what to bring."""
    case = cases.find(db.session(), code, current_user.account)
    referral = cases.referral_of(case, referral_id)
    form = request.form
    try:
        papers.choose(
            db.session(), referral, form.getlist("tijd"), form.get("meenemen", ""), _actor()
        )
    except ValidationError as error:
        unit_of_work.refuse(db.session())
        flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    else:
        flash(_("De tijden en wat de persoon meeneemt zijn opgeslagen."))
    return redirect(url_for("cases.week_plan", code=code) + f"#tijden-{referral_id}")


@bp.get("/casussen/<code>/jouw-week")
@allow(Permission.CASES)
def week(code: str) -> str:
    """The week as the person keeps it: only the times chosen together, whom to call; no flags,
    notes or messages for staff."""
    session = db.session()
    case = cases.find(session, code, current_user.account)
    blocks = cases.week(session, case, for_person=True)
    cases.viewed(session, case, _actor(), Action.PLAN_VIEWED)
    return render_template(
        "papers/week.html", case=case, days=plan.by_day(blocks), places=papers.places(session, case)
    )


@bp.get("/casussen/<code>/verwijzingen/<int:referral_id>/jouw-plek")
@allow(Permission.CASES)
def sheet(code: str, referral_id: int) -> str:
    """One page for one referral: where, when, who meets you, whom to call, what to bring."""
    session = db.session()
    case = cases.find(session, code, current_user.account)
    referral = cases.referral_of(case, referral_id)
    found = papers.sheet(session, case, referral, _actor())
    language = request.args.get("taal", "nl")
    with force_locale(language if language in LANGUAGES else "nl"):
        return render_template("papers/sheet.html", case=case, place=found)
