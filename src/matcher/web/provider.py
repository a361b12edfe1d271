"""Pages for aanbieders: their own activities and the referrals to them, with only what they need."""

from __future__ import annotations

import datetime as dt

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db, referrals
from matcher.services import cases, matching
from matcher.web.access import allow

bp = Blueprint("provider", __name__, url_prefix="/aanbieder")


@bp.get("")
@allow("aanbieder")
def home() -> str:
    """The activities of the aanbieder's own organisation."""
    organisation = current_user.account.organisation
    catalogue = matching.current_index(db.session())
    own = [r for r in catalogue.records if organisation and r.organisation == organisation.name]
    return render_template("provider/home.html", organisation=organisation, activities=own)


def _actor() -> cases.Actor:
    return cases.Actor(current_user.account, request.remote_addr, "warme overdracht")


@bp.get("/verwijzingen")
@allow("aanbieder")
def referral_list() -> str:
    """Referrals to our activities: first name and phone only while the person consents."""
    found = cases.provider_referrals(db.session(), current_user.account)
    for referral in found:
        cases.viewed(db.session(), referral.case, _actor(), "verwijzing bekeken door aanbieder")
    db.session().commit()
    shown = [(r, cases.active_consent(r)) for r in found]
    return render_template("provider/referrals.html", referrals=shown, labels=referrals.LABELS)


@bp.post("/verwijzingen/<int:referral_id>/eerste-bezoek")
@allow("aanbieder")
def first_visit(referral_id: int) -> WerkzeugResponse:
    """The person came for the first time."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.confirm_first_visit(db.session(), referral, _actor(), dt.date.today())
    db.session().commit()
    flash(_("Het eerste bezoek is bevestigd."))
    return redirect(url_for("provider.referral_list"))


@bp.post("/verwijzingen/<int:referral_id>/aanwezig")
@allow("aanbieder")
def attended(referral_id: int) -> WerkzeugResponse:
    """The person came this week."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.record_attendance(db.session(), referral, dt.date.today(), _actor())
    db.session().commit()
    flash(_("De aanwezigheid van deze week is vastgelegd."))
    return redirect(url_for("provider.referral_list"))
