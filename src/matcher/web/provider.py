"""Pages for aanbieders: their own activities and the referrals to them, with only what they need."""

from __future__ import annotations

import datetime as dt
from typing import cast

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, db, plain, referrals
from matcher.catalogue.duplicates import Pair
from matcher.catalogue.records import FIELDS, RowInvalid, parse_record, to_row
from matcher.errors import NotFound, ValidationError
from matcher.models import Activity, ActivityChange, Organisation, UserAccount
from matcher.phrases import N_, Phrase
from matcher.roles import Permission
from matcher.services import (
    cases,
    catalogue,
    catalogue_freshness,
    duplicates,
    matching,
    opplus,
    reports,
    unit_of_work,
)
from matcher.services.audit import Actor
from matcher.web import entry_form
from matcher.web.access import allow
from matcher.web.i18n import translate
from matcher.web.numbers import whole_number

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
    session = db.session()
    shown = cases.provider_worklist(session, _actor())
    today = clock.today()
    return render_template(
        "provider/referrals.html",
        referrals=shown,
        labels=referrals.LABELS,
        week=cases.monday_of(today),
        week_end=cases.monday_of(today) + dt.timedelta(days=6),
        attended=lambda referral: cases.attended_in_week_of(referral, today),
        just_confirmed=cases.first_visit_just_confirmed,
        supported=opplus.at_own_activities(session, current_user.account),
    )


@bp.post("/verwijzingen/<int:referral_id>/eerste-bezoek")
@allow(Permission.PROVIDER)
def first_visit(referral_id: int) -> WerkzeugResponse:
    """The person came for the first time."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.confirm_first_visit(db.session(), referral, _actor(), clock.today())
    flash(_("Het eerste bezoek is bevestigd."))
    return redirect(url_for("provider.referral_list") + f"#verwijzing-{referral_id}")


@bp.post("/verwijzingen/<int:referral_id>/aanwezig")
@allow(Permission.PROVIDER)
def attended(referral_id: int) -> WerkzeugResponse:
    """The person came this week."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.record_attendance(db.session(), referral, clock.today(), _actor())
    flash(_("De aanwezigheid van deze week is vastgelegd."))
    return redirect(url_for("provider.referral_list") + f"#verwijzing-{referral_id}")


@bp.post("/verwijzingen/<int:referral_id>/eerste-bezoek/terug")
@allow(Permission.PROVIDER)
def undo_first_visit(referral_id: int) -> WerkzeugResponse:
    """The first visit was confirmed by mistake."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    try:
        cases.undo_first_visit(db.session(), referral, _actor(), clock.today())
    except ValidationError as error:
        unit_of_work.refuse(db.session())
        flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    else:
        flash(_("Het eerste bezoek is teruggedraaid."))
    return redirect(url_for("provider.referral_list") + f"#verwijzing-{referral_id}")


@bp.post("/verwijzingen/<int:referral_id>/aanwezig/terug")
@allow(Permission.PROVIDER)
def undo_attended(referral_id: int) -> WerkzeugResponse:
    """This week's attendance was recorded by mistake."""
    referral = cases.provider_referral(db.session(), current_user.account, referral_id)
    cases.undo_attendance(db.session(), referral, clock.today(), _actor())
    flash(_("De aanwezigheid van deze week is teruggedraaid."))
    return redirect(url_for("provider.referral_list") + f"#verwijzing-{referral_id}")


# --- the organisation's own entries ------------------------------------------------------------


def _own() -> Organisation:
    organisation = current_user.account.organisation
    if organisation is None:
        raise NotFound("organisatie", Phrase(N_("je account hoort bij geen organisatie")))
    return cast(Organisation, organisation)


def _editor() -> Actor:
    return Actor(current_user.account, request.remote_addr, "sociale kaart")


@bp.get("/activiteiten")
@allow(Permission.PROVIDER)
def entries() -> str:
    """The organisation's entries: what is due, what waits for review, what was decided."""
    session, organisation = db.session(), _own()
    return render_template(
        "provider/entries.html",
        organisation=organisation,
        entries=catalogue.organisation_entries(session, organisation),
        due=catalogue_freshness.due_for(session, organisation),
        waiting=catalogue.waiting(session, organisation),
        decisions=catalogue.decisions(session, organisation),
        readable=entry_form.readable,
        labels=FIELDS,
    )


@bp.route("/activiteiten/nieuw", methods=["GET", "POST"])
@allow(Permission.PROVIDER)
def new_entry() -> str | WerkzeugResponse | tuple[str, int]:
    """Add an activity; it waits for the beheerder before residents see it."""
    session, organisation = db.session(), _own()
    if request.method == "GET":
        return _entry_page(None, {}, {})
    values = entry_form.typed(request.form)
    row = {
        **values,
        "id": catalogue.new_id(session, values["title"] or "activiteit", organisation),
        "organisation": organisation.name,
        "organisation_id": organisation.code,
    }
    try:
        record = parse_record(row)
    except RowInvalid as invalid:
        return _entry_page(None, values, _errors(invalid)), 422
    similar = duplicates.already_there(session, record)
    if similar and request.form.get("toch") != "ja":
        return _entry_page(None, values, {}, similar=similar), 422
    catalogue.save(session, record, _editor(), revision=None, reason=request.form.get("reden"))
    flash(_("Je nieuwe activiteit is bewaard. Ze wacht nu op controle door de beheerder."))
    return redirect(url_for("provider.entries"))


@bp.route("/activiteiten/<activity_id>", methods=["GET", "POST"])
@allow(Permission.PROVIDER)
def edit_entry(activity_id: str) -> str | WerkzeugResponse | tuple[str, int]:
    """Change an activity: what matters for safety and matching waits for review."""
    session, organisation = db.session(), _own()
    activity = catalogue.entry(session, activity_id, organisation)
    if request.method == "GET":
        return _entry_page(activity, to_row(catalogue.record_of(activity)), {})
    values = entry_form.typed(request.form)
    current = to_row(catalogue.record_of(activity))
    row = {**current, **values}
    revision = whole_number(request.form.get("revision"))
    try:
        record = parse_record(row)
        saved = catalogue.save(
            session, record, _editor(), revision=revision, reason=request.form.get("reden")
        )
    except RowInvalid as invalid:
        return _entry_page(activity, values, _errors(invalid)), 422
    except catalogue.Conflict as conflict:
        theirs = to_row(conflict.current)
        return _entry_page(activity, values, {}, theirs, conflict.revision), 409
    if saved.waiting is not None:
        flash(
            _(
                "Bewaard. Wat je veranderde aan steun, doelgroep, soort, leeftijd, kosten of adres wacht op controle door de beheerder."
            )
        )
    else:
        flash(_("Bewaard. Je wijziging is meteen te zien."))
    return redirect(url_for("provider.entries"))


def _entry_page(
    activity: Activity | None,
    values: dict[str, str],
    errors: dict[str, str],
    theirs: dict[str, str] | None = None,
    revision: int | None = None,
    similar: list[Pair] | None = None,
) -> str:
    return render_template(
        "provider/entry_form.html",
        activity=activity,
        fields=entry_form.form_fields(values, errors),
        errors=errors,
        theirs=theirs,
        revision=revision if revision is not None else (activity.revision if activity else None),
        reason=request.form.get("reden", ""),
        readable=entry_form.readable,
        similar=similar or [],
        plain_hints=plain.hints(values.get("description", "")),
    )


def _errors(invalid: RowInvalid) -> dict[str, str]:
    errors: dict[str, str] = {}
    for error in invalid.errors:
        errors.setdefault(error.column, error.message)
    return errors


@bp.post("/activiteiten/<activity_id>/klopt")
@allow(Permission.PROVIDER)
def confirm_entry(activity_id: str) -> WerkzeugResponse:
    """ "Klopt nog": the entry is still right, confirmed today."""
    session = db.session()
    activity = catalogue.entry(session, activity_id, _own())
    catalogue.confirm(session, activity, _editor())
    flash(_("Dank je. %(title)s is bevestigd.", title=catalogue.record_of(activity).title))
    return redirect(url_for("provider.entries"))


@bp.get("/activiteiten/<activity_id>/geschiedenis")
@allow(Permission.PROVIDER)
def entry_history(activity_id: str) -> str:
    """Every change of one of the organisation's entries."""
    session = db.session()
    activity = catalogue.entry(session, activity_id, _own())
    own = current_user.account.organisation_id

    def who(change: ActivityChange) -> str:
        if change.by_id is None:
            return str(_("een bestand van de gemeente"))
        account = session.get(UserAccount, change.by_id)
        if account is not None and account.organisation_id == own:
            return str(_("je organisatie (%(email)s)", email=account.email))
        return str(_("de beheerder"))

    return entry_form.history_page(
        catalogue.record_of(activity).title,
        catalogue.history(session, activity_id),
        who,
        url_for("provider.entries"),
    )


# --- "Klopt er iets niet?": what residents report about our entries ----------------------------


@bp.get("/meldingen")
@allow(Permission.PROVIDER)
def error_reports() -> str:
    """The open reports about the organisation's own entries."""
    organisation = current_user.account.organisation
    shown = reports.open_for(db.session(), organisation) if organisation else []
    return render_template(
        "reports.html",
        reports=shown,
        handle_endpoint="provider.handle_error_report",
        with_organisation=False,
    )


@bp.post("/meldingen/<int:report_id>/afgehandeld")
@allow(Permission.PROVIDER)
def handle_error_report(report_id: int) -> WerkzeugResponse:
    """Mark a report about one of our entries handled (another organisation's is not found)."""
    organisation = current_user.account.organisation
    if organisation is None:
        abort(404)
    actor = Actor(current_user.account, request.remote_addr, "catalogus bijhouden")
    reports.handle(db.session(), report_id, actor, organisation)
    flash(_("De melding is afgehandeld."))
    return redirect(url_for("provider.error_reports"))


# --- opplussen: support for good, and expertise on call -----------------------------------------


@bp.post("/activiteiten/<activity_id>/opgeplust")
@allow(Permission.PROVIDER)
def make_opgeplust(activity_id: str) -> WerkzeugResponse:
    """Support at our activity is there for good: propose its tags for the catalogue entry."""
    session = db.session()
    try:
        saved = opplus.make_opgeplust(
            session, activity_id, request.form.getlist("steun"), _editor()
        )
    except ValidationError as error:
        unit_of_work.refuse(session)
        flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    else:
        if saved.waiting is not None:
            flash(
                _(
                    "Voorgesteld: na controle door de beheerder staat de activiteit als opgeplust in de catalogus."
                )
            )
        else:
            flash(_("De activiteit staat als opgeplust in de catalogus."))
    return redirect(url_for("provider.referral_list") + "#opplussen")


@bp.route("/expertise", methods=["GET", "POST"])
@allow(Permission.PROVIDER)
def expertise() -> str | WerkzeugResponse | tuple[str, int]:
    """Ask an offering organisation for advice or a training about a target group."""
    session, organisation = db.session(), _own()
    error = None
    if request.method == "POST":
        form = request.form
        target = form.get("organisatie", "")
        try:
            opplus.ask_expertise(
                session,
                int(target) if target.isdigit() else 0,
                form.get("doelgroep", ""),
                form.get("vraag", ""),
                Actor(current_user.account, request.remote_addr, "opplussen"),
            )
        except ValidationError as failed:
            unit_of_work.refuse(session)
            error = failed
        else:
            flash(_("Je vraag is verstuurd."))
            return redirect(url_for("provider.expertise"))
    page = render_template(
        "provider/expertise.html",
        asked=opplus.expertise_asked_by(session, organisation.id),
        offering=opplus.offering_organisations(session),
        error=error,
        form=request.form,
    )
    return (page, 422) if error else page
