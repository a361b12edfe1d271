"""Case pages for consulenten and SWT generalists: the case, search and refer, plan, rights."""

from __future__ import annotations

import datetime as dt
import json

from flask import (
    Blueprint,
    Response,
    current_app,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, dates, db, plan, referrals, vocabulary, welcome
from matcher import opplus as opplus_states
from matcher.catalogue.records import ActivityRecord
from matcher.errors import ValidationError
from matcher.models import NOTE_MAX, TRANSFER_REASON_MAX, Case, Referral, Team
from matcher.phrases import N_, Phrase
from matcher.profile import parse_profile
from matcher.roles import Permission
from matcher.services import cases, households, intake, matching, opplus, papers, unit_of_work
from matcher.services import welcome as checkins
from matcher.services.audit import Action, Actor
from matcher.web import intake as intake_pages
from matcher.web.access import allow
from matcher.web.downloads import attachment
from matcher.web.forms import ProfileForm, profile_formdata, ranked, submitted_profile
from matcher.web.i18n import translate

bp = Blueprint("cases", __name__)


def _actor(purpose: str = "begeleiding") -> Actor:
    return Actor(current_user.account, request.remote_addr, purpose)


def _case(code: str) -> Case:
    return cases.find(db.session(), code, current_user.account)


def _done(code: str, message: str, anchor: str = "") -> WerkzeugResponse:
    flash(message)
    return redirect(url_for("cases.show", code=code) + anchor)


def _refused(code: str, error: ValidationError, anchor: str = "") -> WerkzeugResponse:
    unit_of_work.refuse(db.session())
    flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
    return redirect(url_for("cases.show", code=code) + anchor)


@bp.get("/casussen")
@allow(Permission.CASES)
def index() -> str:
    """The cases of my team, with the welcome check-ins that are due."""
    found = cases.team_cases(db.session(), current_user.account)
    due: dict[str, list[checkins.Reminder]] = {}
    for reminder in checkins.reminders(found, clock.today()):
        due.setdefault(reminder.case.code, []).append(reminder)
    return render_template(
        "cases/list.html", cases=found, due=due, status_labels=cases.STATUS_LABELS
    )


@bp.post("/casussen")
@allow(Permission.CASES)
def create() -> WerkzeugResponse:
    """A new case with a random code."""
    case = cases.create(db.session(), _actor())
    return redirect(url_for("cases.search", code=case.code))


@bp.get("/casussen/<code>")
@allow(Permission.CASES)
def show(code: str) -> str:
    """One case: profile, notes, consents, referrals."""
    case = _case(code)
    cases.viewed(db.session(), case, _actor())
    cases.received(case, current_user.account)
    # Consent for an activity's organisation is given in its referral's steps; here it can go
    # to an organisation asked for support (opplussen) that has no referral of the case.
    referred = {r.organisation.name for r in case.referrals if r.organisation}
    organisations = sorted({r.offer.organisation.name for r in case.support_requests} - referred)
    return render_template(
        "cases/case.html",
        case=case,
        organisations=organisations,
        referrals=referrals,
        note_max=NOTE_MAX,
        today=clock.today(),
        checkins=checkins,
        welcome=welcome,
        support_states=opplus_states.LABELS,
        arranged_for=opplus.arranged_for,
        status_labels=cases.STATUS_LABELS,
        active_consent=cases.active_consent,
        member=households.member_of(db.session(), case),
    )


@bp.route("/casussen/<code>/zoeken", methods=["GET", "POST"])
@allow(Permission.CASES)
def search(code: str) -> str | tuple[str, int]:
    """The engine's search with the case's profile filled in; results can be referred to at once."""
    case = _case(code)
    answer = None
    if request.method == "POST":
        form = ProfileForm()
        submitted = submitted_profile(form)
        if submitted is not None:
            cases.set_profile(db.session(), case, submitted[0], _actor())
            answer = ranked(form, submitted[1])
    else:
        form = ProfileForm(formdata=profile_formdata(case.profile))
        cases.viewed(db.session(), case, _actor())
    failed = request.method == "POST" and answer is None
    referred = {r.activity_id for r in case.referrals}
    page = render_template(
        "consult/search.html",
        form=form,
        answer=answer,
        failed=failed,
        case=case,
        referred=referred,
        network=lambda supports: households.network_offers(db.session(), case, supports),
    )
    return (page, 422) if failed else page


@bp.post("/casussen/<code>/notities")
@allow(Permission.CASES)
def add_note(code: str) -> WerkzeugResponse:
    """A short note."""
    case = _case(code)
    try:
        cases.add_note(db.session(), case, request.form.get("notitie", ""), _actor())
    except ValidationError as error:
        return _refused(code, error, "#notities")
    return _done(code, _("De notitie is opgeslagen."), "#notities")


@bp.post("/casussen/<code>/toestemming")
@allow(Permission.CASES)
def add_consent(code: str) -> WerkzeugResponse:
    """Consent to share first name and phone with one organisation."""
    case = _case(code)
    form = request.form
    try:
        cases.record_consent(
            db.session(),
            case,
            form.get("organisatie", ""),
            form.get("voornaam", ""),
            form.get("telefoon", ""),
            _actor(),
        )
    except ValidationError as error:
        return _refused(code, error, "#toestemming")
    return _done(code, _("De toestemming is vastgelegd."), "#toestemming")


@bp.post("/casussen/<code>/toestemming/<int:consent_id>/intrekken")
@allow(Permission.CASES)
def withdraw_consent(code: str, consent_id: int) -> str | WerkzeugResponse:
    """Withdraw a consent after a confirmation step; the organisation no longer sees the details."""
    case = _case(code)
    consent = next((c for c in case.consents if c.id == consent_id), None)
    if consent is not None and request.form.get("bevestig") != "ja":
        return render_template("cases/confirm.html", case=case, action="intrekken", consent=consent)
    cases.withdraw_consent(db.session(), case, consent_id, _actor())
    return _done(code, _("De toestemming is ingetrokken."), "#toestemming")


@bp.post("/casussen/<code>/verwijzingen")
@allow(Permission.CASES)
def refer(code: str) -> WerkzeugResponse:
    """A warm referral to an activity (one click from a result or a near miss)."""
    case = _case(code)
    record = matching.record(db.session(), request.form.get("activity_id", ""))
    if record is None:
        return _refused(
            code, ValidationError("activity_id", Phrase(N_("deze activiteit bestaat niet")))
        )
    cases.refer(db.session(), case, record, _actor())
    return _done(code, _("De verwijzing is gemaakt."), "#verwijzingen")


REFERRAL_ACTIONS = ("stap", "heropenen", "afspraken")
REFERRAL_FIELDS = ("stap", "notitie", "toestemming", "voornaam", "telefoon", "meegaan")
DATE_PARTS = ("dag", "maand", "jaar")


@bp.route("/casussen/<code>/verwijzingen/<int:referral_id>", methods=["GET", "POST"])
@allow(Permission.CASES)
def update_referral(code: str, referral_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """One action on a referral, each on its own page: the next step (with the consent to share,
    when there is none yet), an explicit reopen, or who goes along and when to follow up."""
    case = _case(code)
    referral = cases.referral_of(case, referral_id)
    source = request.form if request.method == "POST" else request.args
    action = source.get("actie", "")
    if action not in REFERRAL_ACTIONS:
        action = "stap" if referrals.next_steps(referral.step) else "afspraken"
    if request.method == "GET":
        cases.viewed(db.session(), case, _actor())
        given = {"meegaan": referral.companion or ""} | {
            f"opvolgen-{k}": v for k, v in dates.typed(referral.follow_up_on).items()
        }
        return _referral_page(case, referral, action, given, {})
    given = {name: request.form.get(name, "") for name in REFERRAL_FIELDS}
    given |= {f"opvolgen-{k}": request.form.get(f"opvolgen-{k}", "") for k in DATE_PARTS}
    try:
        _referral_action(referral, action, given)
    except ValidationError as error:
        unit_of_work.refuse(db.session())
        message = {error.field or "stap": error.message}
        return _referral_page(case, referral, action, given, message), 422
    return _done(code, _("De verwijzing is bijgewerkt."), f"#verwijzing-{referral_id}")


def _referral_action(referral: Referral, action: str, given: dict[str, str]) -> None:
    session = db.session()
    if action == "afspraken":
        parts = (given[f"opvolgen-{k}"] for k in DATE_PARTS)
        day = dates.parse("opvolgen", *parts)
        cases.arrange(session, referral, given["meegaan"], day, _actor())
        return
    if action == "stap" and given["toestemming"] == "ja":
        cases.consent_for(session, referral, given["voornaam"], given["telefoon"], _actor())
    elif action == "stap" and (given["voornaam"].strip() or given["telefoon"].strip()):
        # A name or number typed without the box ticked is neither shared nor silently dropped.
        raise ValidationError(
            "toestemming",
            Phrase(
                N_("vink aan dat de persoon toestemming geeft, of maak voornaam en telefoon leeg")
            ),
        )
    cases.move(
        session,
        referral,
        given["stap"],
        _actor(),
        given["notitie"],
        reopen=action == "heropenen",
    )


def _referral_page(
    case: Case, referral: Referral, action: str, given: dict[str, str], errors: dict[str, str]
) -> str:
    return render_template(
        "cases/referral.html",
        case=case,
        referral=referral,
        action=action,
        given=given,
        errors=errors,
        referrals=referrals,
        note_max=NOTE_MAX,
        consent=cases.active_consent(referral),
    )


@bp.route("/casussen/<code>/overdragen", methods=["GET", "POST"])
@allow(Permission.CASES)
def transfer(code: str) -> str | tuple[str, int] | WerkzeugResponse:
    """Hand the case to another team (SamenZwolle or a sociaal wijkteam), with the reason."""
    case = _case(code)
    teams = cases.transfer_teams(db.session(), current_user.account)
    given = {name: request.form.get(name, "") for name in ("team", "reden")}
    if request.method == "GET":
        cases.viewed(db.session(), case, _actor())
        return _transfer_page(case, teams, given, {})
    try:
        team_id = int(given["team"]) if given["team"].isdigit() else 0
        handed = cases.transfer(db.session(), case, team_id, given["reden"], _actor())
    except ValidationError as error:
        return _transfer_page(case, teams, given, {error.field or "team": error.message}), 422
    flash(_("Casus %(code)s is overgedragen aan %(team)s.", code=code, team=handed.to_team.name))
    return redirect(url_for("cases.index"))


def _transfer_page(
    case: Case, teams: list[Team], given: dict[str, str], errors: dict[str, str]
) -> str:
    return render_template(
        "cases/transfer.html",
        case=case,
        teams=teams,
        given=given,
        errors=errors,
        reason_max=TRANSFER_REASON_MAX,
    )


@bp.route("/casussen/<code>/verwijzingen/<int:referral_id>/welkom", methods=["GET", "POST"])
@allow(Permission.CASES)
def welcome_checkin(code: str, referral_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """'Voel je je welkom?', asked with the person at 4 and 12 weeks: recorded or corrected."""
    case = _case(code)
    referral = cases.referral_of(case, referral_id)
    today = clock.today()
    if request.method == "GET":
        cases.viewed(db.session(), case, _actor())
        moment = request.args.get("moment", type=int) or checkins.suggested_moment(referral, today)
        done = checkins.answer_of(referral, moment)  # correcting starts from what was recorded
        given = {
            "moment": str(moment),
            "antwoord": done.answer if done else "",
            **{
                f"datum-{k}": v for k, v in dates.typed(done.recorded_on if done else today).items()
            },
        }
        return _welcome_page(case, referral, today, given, {})
    names = ("moment", "antwoord", *(f"datum-{k}" for k in DATE_PARTS))
    given = {name: request.form.get(name, "").strip() for name in names}
    try:
        day = dates.parse("datum", *(given[f"datum-{k}"] for k in DATE_PARTS))
        if day is None:
            raise ValidationError("datum", Phrase(N_("vul de dag in waarop je het vroeg")))
        moment = int(given["moment"]) if given["moment"].isdigit() else 0
        checkins.record(db.session(), referral, moment, given["antwoord"], day, _actor(), today)
    except ValidationError as error:
        return _welcome_page(case, referral, today, given, {error.field or "": error.message}), 422
    return _done(code, _("De check-in is opgeslagen."), f"#verwijzing-{referral_id}")


def _welcome_page(
    case: Case,
    referral: Referral,
    today: dt.date,
    given: dict[str, str],
    errors: dict[str, str],
) -> str:
    return render_template(
        "cases/welcome.html",
        case=case,
        referral=referral,
        today=today,
        given=given,
        errors=errors,
        welcome=welcome,
        checkins=checkins,
    )


def _support_choice(case: Case, record: ActivityRecord) -> tuple[list[str], list[str]]:
    """The supports and target groups chosen on the page; at first, what the person needs that
    the activity lacks, and the target groups of the case's profile."""
    source = request.form if request.method == "POST" else request.args
    if source.get("gekozen"):
        return source.getlist("steun"), source.getlist("doelgroep")
    profile = parse_profile(case.profile)
    needed = {*profile.required, *profile.preferred}
    lacking = [s for s in vocabulary.OPPLUS_SUPPORTS if s in needed and s not in record.support]
    return source.getlist("steun") or lacking, list(profile.expertise)


@bp.route("/casussen/<code>/opplussen", methods=["GET", "POST"])
@allow(Permission.CASES)
def request_support(code: str) -> str | WerkzeugResponse | tuple[str, int]:
    """ "Vraag opplussen aan": pick the supports, see the fitting offers, send the request."""
    session, case = db.session(), _case(code)
    source = request.form if request.method == "POST" else request.args
    record = matching.record(session, source.get("activiteit", ""))
    if record is None:
        return _refused(
            code, ValidationError("activiteit", Phrase(N_("deze activiteit bestaat niet")))
        )
    supports, expertise = _support_choice(case, record)
    error = None
    if request.method == "POST":
        offer = source.get("aanbod", "")
        try:
            opplus.request_support(
                session,
                case,
                record,
                int(offer) if offer.isdigit() else 0,
                supports,
                expertise,
                _actor(),
                today=clock.today(),
                override_reason=source.get("reden_voorrang", ""),
            )
        except ValidationError as failed:
            unit_of_work.refuse(session)
            error = failed
        else:
            return _done(code, _("De vraag om opplussen is verstuurd."), "#opplussen")
    else:
        cases.viewed(session, case, _actor())
    proposals = opplus.propose_offers(session, supports, record.area, expertise, clock.today())
    page = render_template(
        "cases/opplussen.html",
        case=case,
        record=record,
        supports=supports,
        expertise=expertise,
        proposals=proposals,
        error=error,
        chosen=source.get("aanbod", ""),
        override=source.get("reden_voorrang", ""),
    )
    return (page, 422) if error else page


@bp.route("/casussen/<code>/plan", methods=["GET", "POST"])
@allow(Permission.CASES)
def week_plan(code: str) -> str | WerkzeugResponse:
    """The weekly plan: maatwerk beside the activities of the referrals, clashes flagged."""
    case = _case(code)
    if request.method == "POST":
        form = request.form
        try:
            slot = cases.plan_slot(form.get("dag", ""), form.get("van", ""), form.get("tot", ""))
            cases.add_plan_item(db.session(), case, form.get("titel", ""), slot, _actor())
        except ValidationError as error:
            unit_of_work.refuse(db.session())
            flash(_("Dat lukte niet: %(message)s", message=translate(error.message)))
        else:
            flash(_("Het onderdeel staat in het weekplan."))
        return redirect(url_for("cases.week_plan", code=code))
    blocks = cases.week(db.session(), case)
    cases.viewed(db.session(), case, _actor(), Action.PLAN_VIEWED)
    arranged = [r for r in case.support_requests if r.state in opplus_states.ARRANGED]
    return render_template(
        "cases/plan.html",
        case=case,
        days=plan.by_day(blocks),
        flags=plan.flags(blocks),
        arranged=arranged,
        places=papers.places(db.session(), case),
    )


@bp.post("/casussen/<code>/plan/<int:item_id>/verwijderen")
@allow(Permission.CASES)
def remove_plan_item(code: str, item_id: int) -> WerkzeugResponse:
    """Take an item out of the plan."""
    cases.remove_plan_item(db.session(), _case(code), item_id, _actor())
    flash(_("Het onderdeel is uit het weekplan gehaald."))
    return redirect(url_for("cases.week_plan", code=code))


@bp.get("/casussen/<code>/plan.ics")
@allow(Permission.CASES)
def week_plan_ics(code: str) -> Response:
    """The person's week for a calendar app (iCalendar, weekly repeating events): as on paper,
    only the times chosen with the person."""
    case = _case(code)
    blocks = cases.week(db.session(), case, for_person=True)
    cases.viewed(db.session(), case, _actor(), Action.PLAN_DOWNLOADED)
    body = plan.ical(blocks, clock.today(), _("Weekplan"))
    return attachment(body, "weekplan.ics", "text/calendar")


@bp.get("/casussen/<code>/export.json")
@allow(Permission.CASES)
def export(code: str) -> Response:
    """Everything held about the case, as JSON (a request for access, AVG art. 15)."""
    case = _case(code)
    cases.viewed(db.session(), case, _actor("inzageverzoek"), Action.CASE_EXPORTED)
    found = cases.export(db.session(), case)
    member = households.member_of(db.session(), case)
    if member is not None:  # the goals and results of the household's plan are about the person
        found["household"] = {"code": member.household.code, **households.member_export(member)}
    body = json.dumps(found, ensure_ascii=False, indent=2)
    return attachment(body, "casus.json", "application/json")


@bp.route("/casussen/<code>/sluiten", methods=["GET", "POST"])
@allow(Permission.CASES)
def close(code: str) -> str | WerkzeugResponse:
    """Close the case, after a confirmation step."""
    case = _case(code)
    if request.method == "GET" or request.form.get("bevestig") != "ja":
        return render_template("cases/confirm.html", case=case, action="sluiten")
    cases.close(db.session(), case, _actor())
    return _done(code, _("De casus is gesloten."))


@bp.route("/casussen/<code>/wissen", methods=["GET", "POST"])
@allow(Permission.CASES)
def erase(code: str) -> str | WerkzeugResponse:
    """Erase the case on request, after a confirmation step."""
    case = _case(code)
    if request.method == "GET" or request.form.get("bevestig") != "ja":
        return render_template("cases/confirm.html", case=case, action="wissen")
    cases.erase(db.session(), case, _actor("recht op vergetelheid"))
    flash(_("De casus is gewist."))
    return redirect(url_for("cases.index"))


@bp.get("/signalen")
@allow(Permission.CASES)
def worklist() -> str:
    """New requests from outside, follow-ups due and participants not seen for a while, so
    someone calls in time."""
    weeks = current_app.config["SIGNAL_WEEKS"]
    found = cases.worklist(db.session(), _actor(), clock.today(), weeks)
    handed = cases.incoming_viewed(db.session(), _actor())
    return render_template(
        "cases/signals.html",
        signals=found,
        weeks=weeks,
        transfers=handed,
        intakes=intake.waiting(db.session(), current_user.account),
        goals=households.due_reviews_viewed(db.session(), _actor(), clock.today()),
        intake_sources=intake_pages.source_labels(),
    )
