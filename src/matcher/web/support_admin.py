"""The beheerder's pages for opplussen: every organisation's support offers, and making an
activity opgeplust for everyone once support there is arranged for good."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import select
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, db, geo, opplus
from matcher.errors import ValidationError
from matcher.models import Organisation, SupportOffer, SupportRequest
from matcher.roles import Permission
from matcher.services import cases, unit_of_work
from matcher.services import opplus as service
from matcher.services.audit import Actor
from matcher.web.access import allow
from matcher.web.i18n import translate
from matcher.web.support import offer_form, offer_values

bp = Blueprint("support_admin", __name__, url_prefix="/beheer/opplussen")


def _actor(purpose: str = "opplussen") -> Actor:
    return Actor(current_user.account, request.remote_addr, purpose)


def _arranged() -> list[SupportRequest]:
    return list(
        db.session().scalars(
            select(SupportRequest)
            .where(SupportRequest.state.in_(opplus.ARRANGED))
            .order_by(SupportRequest.activity_title)
        )
    )


def _page(
    values: service.OfferForm,
    error: ValidationError | None,
    editing: SupportOffer | None = None,
    organisation: str | None = None,
) -> str:
    session = db.session()
    return render_template(
        "opplussen/admin_offers.html",
        offers=[
            (o, service.capacity_left(session, o, clock.today())) for o in service.offers(session)
        ],
        values=values,
        error=error,
        editing=editing,
        action=url_for("support_admin.edit_offer", offer_id=editing.id)
        if editing
        else url_for("support_admin.offers"),
        organisations=list(session.scalars(select(Organisation).order_by(Organisation.name))),
        chosen_organisation=organisation,
        edit_endpoint="support_admin.edit_offer",
        wijken=list(geo.wijken()),
        arranged=_arranged(),
    )


@bp.route("", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def offers() -> str | WerkzeugResponse | tuple[str, int]:
    """Every support offer with its places left this month; add one for an organisation."""
    if request.method == "GET":
        return _page(offer_values(None), None)
    values, name = offer_form(), request.form.get("organisatie", "")
    try:
        organisation = cases.organisation_named(db.session(), name)
        service.save_offer(db.session(), values, organisation, _actor())
    except ValidationError as error:
        return _page(values, error, organisation=name), 422
    flash(_("Het aanbod is opgeslagen."))
    return redirect(url_for("support_admin.offers"))


@bp.route("/<int:offer_id>", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def edit_offer(offer_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Change an offer (the organisation stays)."""
    session = db.session()
    found = service.offer(session, offer_id)
    if request.method == "GET":
        return _page(offer_values(found), None, found, found.organisation.name)
    values = offer_form()
    try:
        service.save_offer(session, values, found.organisation, _actor(), found)
    except ValidationError as error:
        return _page(values, error, found, found.organisation.name), 422
    flash(_("Het aanbod is opgeslagen."))
    return redirect(url_for("support_admin.offers"))


@bp.post("/activiteiten/<activity_id>/opgeplust")
@allow(Permission.ADMIN)
def make_opgeplust(activity_id: str) -> WerkzeugResponse:
    """Add the arranged support's tags to the catalogue entry at once (the beheerder decides)."""
    session = db.session()
    try:
        service.make_opgeplust(
            session, activity_id, request.form.getlist("steun"), _actor("sociale kaart")
        )
    except ValidationError as error:
        unit_of_work.refuse(session)
        flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    else:
        flash(_("De activiteit staat als opgeplust in de catalogus."))
    return redirect(url_for("support_admin.offers") + "#geregeld")
