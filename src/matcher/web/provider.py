"""Pages for aanbieders: their own organisation's activities (referrals follow in a later issue)."""

from __future__ import annotations

from flask import Blueprint, render_template
from flask_login import current_user

from matcher import db
from matcher.services import matching
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
