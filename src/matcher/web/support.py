"""Pages for an offering organisation (ondersteuner): requests for support, the volunteer pool,
expertise asked of it, and its own support offers."""

from __future__ import annotations

from typing import cast

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, db, geo, opplus, vocabulary
from matcher.errors import NotFound, ValidationError
from matcher.models import Organisation, SupportOffer, Volunteer
from matcher.phrases import N_, Phrase
from matcher.roles import Permission
from matcher.services import matching, unit_of_work
from matcher.services import opplus as service
from matcher.services.audit import Actor
from matcher.web.access import allow
from matcher.web.i18n import translate

bp = Blueprint("support", __name__, url_prefix="/opplussen")


def _actor() -> Actor:
    return Actor(current_user.account, request.remote_addr, "opplussen")


def _own() -> Organisation:
    organisation = current_user.account.organisation
    if organisation is None:
        raise NotFound("organisatie", Phrase(N_("je account hoort bij geen organisatie")))
    return cast(Organisation, organisation)


def _refused(error: ValidationError, endpoint: str, anchor: str = "") -> WerkzeugResponse:
    unit_of_work.refuse(db.session())
    flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    return redirect(url_for(endpoint) + anchor)


@bp.get("")
@allow(Permission.SUPPORT)
def requests() -> str:
    """The requests to our offers: the activity, what is asked, and the person only by consent."""
    session = db.session()
    shown = service.worklist(session, _actor())
    records = {r.activity_id: matching.record(session, r.activity_id) for r, _c in shown}
    proposals = {
        r.id: service.propose_volunteers(session, r, records[r.activity_id])
        for r, _c in shown
        if r.state == "aangevraagd"
    }
    return render_template(
        "opplussen/requests.html",
        requests=shown,
        records=records,
        proposals=proposals,
        labels=opplus.LABELS,
    )


@bp.post("/<int:request_id>")
@allow(Permission.SUPPORT)
def update_request(request_id: int) -> WerkzeugResponse:
    """Promise (naming a volunteer or a first name, and a phone), arranged, done, or not possible."""
    session = db.session()
    found = service.incoming_request(session, current_user.account, request_id)
    form = request.form
    volunteer = form.get("vrijwilliger", "")
    try:
        service.move(
            session,
            found,
            form.get("stap", ""),
            _actor(),
            contact=opplus.Contact(form.get("voornaam", ""), form.get("telefoon", "")),
            volunteer_id=int(volunteer) if volunteer.isdigit() else None,
            reason=form.get("reden", ""),
        )
    except ValidationError as error:
        return _refused(error, "support.requests", f"#vraag-{request_id}")
    flash(_("De vraag is bijgewerkt."))
    return redirect(url_for("support.requests") + f"#vraag-{request_id}")


# --- the volunteer pool -------------------------------------------------------------------------


def _volunteer_form() -> service.VolunteerForm:
    form = request.form
    return service.VolunteerForm(
        form.get("voornaam", ""),
        form.getlist("steun"),
        form.get("wijk", ""),
        form.getlist("dagen"),
        form.getlist("trainingen"),
    )


def _pool_page(
    values: service.VolunteerForm, error: ValidationError | None, editing: Volunteer | None = None
) -> str:
    return render_template(
        "opplussen/volunteers.html",
        pool=service.volunteers(db.session(), _own().id),
        values=values,
        error=error,
        editing=editing,
        wijken=list(geo.wijken()),
        supports=vocabulary.OPPLUS_SUPPORTS,
    )


@bp.route("/vrijwilligers", methods=["GET", "POST"])
@allow(Permission.SUPPORT)
def volunteers() -> str | WerkzeugResponse | tuple[str, int]:
    """Our pool: first name, what they can do, wijk, days, trainings. No more."""
    if request.method == "GET":
        return _pool_page(service.VolunteerForm(""), None)
    values = _volunteer_form()
    try:
        service.save_volunteer(db.session(), values, _actor())
    except ValidationError as error:
        return _pool_page(values, error), 422
    flash(_("%(name)s staat in de lijst.", name=values.first_name.strip()))
    return redirect(url_for("support.volunteers"))


@bp.route("/vrijwilligers/<int:volunteer_id>", methods=["GET", "POST"])
@allow(Permission.SUPPORT)
def edit_volunteer(volunteer_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Change what the pool holds about someone."""
    session = db.session()
    person = service.volunteer(session, current_user.account, volunteer_id)
    if request.method == "GET":
        current = service.VolunteerForm(
            person.first_name, person.supports, person.wijk or "", person.days, person.trainings
        )
        return _pool_page(current, None, person)
    values = _volunteer_form()
    try:
        service.save_volunteer(session, values, _actor(), person)
    except ValidationError as error:
        return _pool_page(values, error, person), 422
    flash(_("%(name)s is bijgewerkt.", name=person.first_name))
    return redirect(url_for("support.volunteers"))


@bp.post("/vrijwilligers/<int:volunteer_id>/verwijderen")
@allow(Permission.SUPPORT)
def remove_volunteer(volunteer_id: int) -> WerkzeugResponse:
    """Take someone out of the pool (their first name goes from the requests too)."""
    session = db.session()
    person = service.volunteer(session, current_user.account, volunteer_id)
    name = person.first_name
    service.remove_volunteer(session, person, _actor())
    flash(_("%(name)s is uit de lijst gehaald.", name=name))
    return redirect(url_for("support.volunteers"))


# --- expertise asked of us ----------------------------------------------------------------------


@bp.get("/expertise")
@allow(Permission.SUPPORT)
def expertise() -> str:
    """Questions from activities' organisations: advice or a training about a target group."""
    return render_template(
        "opplussen/expertise.html", asked=service.expertise_asked_of(db.session(), _own().id)
    )


@bp.post("/expertise/<int:expertise_id>")
@allow(Permission.SUPPORT)
def answer_expertise(expertise_id: int) -> WerkzeugResponse:
    """Record what we gave: advice or a training, in a few words."""
    form = request.form
    try:
        service.answer_expertise(
            db.session(),
            current_user.account,
            expertise_id,
            form.get("soort", ""),
            form.get("antwoord", ""),
            _actor(),
        )
    except ValidationError as error:
        return _refused(error, "support.expertise", f"#expertise-{expertise_id}")
    flash(_("Vastgelegd wat je gaf."))
    return redirect(url_for("support.expertise"))


# --- our own offers -----------------------------------------------------------------------------


def offer_form() -> service.OfferForm:
    """The offer form as posted (also the beheerder's)."""
    form = request.form
    return service.OfferForm(
        form.get("titel", ""),
        form.getlist("steun"),
        form.getlist("wijken"),
        form.getlist("doelgroepen"),
        form.get("contactpersoon", ""),
        form.get("telefoon", ""),
        form.get("email", ""),
        form.get("capaciteit", ""),
        form.get("actief") == "ja",
    )


def offer_values(offer: SupportOffer | None) -> service.OfferForm:
    """An offer's values for its form (an empty, active form for a new one)."""
    if offer is None:
        return service.OfferForm("", [], [], [], "", "", "", "", True)
    return service.OfferForm(
        offer.title,
        offer.supports,
        offer.wijken,
        offer.expertise,
        offer.contact_name,
        offer.contact_phone,
        offer.contact_email or "",
        str(offer.capacity),
        offer.active,
    )


def _offers_page(
    values: service.OfferForm, error: ValidationError | None, editing: SupportOffer | None = None
) -> str:
    session = db.session()
    own = service.offers(session, _own().id)
    return render_template(
        "opplussen/offers.html",
        offers=[(o, service.capacity_left(session, o, clock.today())) for o in own],
        values=values,
        error=error,
        editing=editing,
        action=url_for("support.edit_offer", offer_id=editing.id)
        if editing
        else url_for("support.offers"),
        organisations=None,
        chosen_organisation=None,
        edit_endpoint="support.edit_offer",
        wijken=list(geo.wijken()),
    )


@bp.route("/aanbod", methods=["GET", "POST"])
@allow(Permission.SUPPORT)
def offers() -> str | WerkzeugResponse | tuple[str, int]:
    """Our support offers, with the places left this month; add one."""
    if request.method == "GET":
        return _offers_page(offer_values(None), None)
    values = offer_form()
    try:
        service.save_offer(db.session(), values, _own(), _actor())
    except ValidationError as error:
        return _offers_page(values, error), 422
    flash(_("Het aanbod is opgeslagen."))
    return redirect(url_for("support.offers"))


@bp.route("/aanbod/<int:offer_id>", methods=["GET", "POST"])
@allow(Permission.SUPPORT)
def edit_offer(offer_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Change one of our offers (its capacity, say)."""
    session = db.session()
    found = service.offer(session, offer_id, _own().id)
    if request.method == "GET":
        return _offers_page(offer_values(found), None, found)
    values = offer_form()
    try:
        service.save_offer(session, values, _own(), _actor(), found)
    except ValidationError as error:
        return _offers_page(values, error, found), 422
    flash(_("Het aanbod is opgeslagen."))
    return redirect(url_for("support.offers"))
