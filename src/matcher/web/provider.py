"""Pages for aanbieders: their own activities and the referrals to them, with only what they need."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, db, referrals
from matcher.roles import Permission
from matcher.services import cases, matching
from matcher.services.audit import Actor
from matcher.web.access import allow

bp = Blueprint("provider", __name__, url_prefix="/aanbieder")


@bp.get("")
@allow(Permission.PROVIDER)
def home() -> str:
    """The activities of the aanbieder's own organisation."""
    organisation = current_user.account.organisation
    own = matching.organisation_records(db.session(), organisation.name) if organisation else []
    return render_template("provider/home.html", organisation=organisation, activities=own)


def _actor() -> Actor:
    return Actor(current_user.account, request.remote_addr, "warme overdracht")


@bp.get("/verwijzingen")
@allow(Permission.PROVIDER)
def referral_list() -> str:
    """Referrals to our activities: first name and phone only while the person consents."""
    shown = cases.provider_worklist(db.session(), _actor())
    return render_template("provider/referrals.html", referrals=shown, labels=referrals.LABELS)


@bp.post("/verwijzingen/<int:referral_id>/eerste-bezoek")
@allow(Permission.PROVIDER)
def first_visit(referral_id: int) -> WerkzeugResponse:
    """The person came for the first time."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.confirm_first_visit(db.session(), referral, _actor(), clock.today())
    flash(_("Het eerste bezoek is bevestigd."))
    return redirect(url_for("provider.referral_list"))


@bp.post("/verwijzingen/<int:referral_id>/aanwezig")
@allow(Permission.PROVIDER)
def attended(referral_id: int) -> WerkzeugResponse:
    """The person came this week."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.record_attendance(db.session(), referral, clock.today(), _actor())
    flash(_("De aanwezigheid van deze week is vastgelegd."))
    return redirect(url_for("provider.referral_list"))
