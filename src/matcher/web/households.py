"""Household pages for SWT generalists and consulenten: one household, one plan, one regisseur.

Every form has its own page; a refused form comes back (422) with what was typed and the error
beside its field. The printed plan is a PDF (WeasyPrint) in the resident languages.
"""

from __future__ import annotations

import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import force_locale
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import clock, dates, db, plan, vocabulary
from matcher.errors import ValidationError
from matcher.models import GOAL_MAX, RESULT_SENTENCE_MAX, Goal, Household
from matcher.roles import Permission
from matcher.services import cases, households, papers, unit_of_work
from matcher.services.audit import Action, Actor
from matcher.web.access import allow
from matcher.web.downloads import attachment
from matcher.web.folder import language_of, picture
from matcher.web.i18n import LANGUAGES, translate

bp = Blueprint("households", __name__, url_prefix="/huishoudens")

Given = dict[str, str]
Errors = dict[str, str]
DATE_PARTS = ("dag", "maand", "jaar")


def _actor(purpose: str = "begeleiding") -> Actor:
    return Actor(current_user.account, request.remote_addr, purpose)


def _household(household_code: str) -> Household:
    return households.find(db.session(), household_code, current_user.account)


def _seen(household: Household) -> None:
    households.viewed(db.session(), household, _actor(), Action.HOUSEHOLD_VIEWED)


def _back(household: Household, message: str, anchor: str = "") -> WerkzeugResponse:
    flash(message)
    return redirect(url_for("households.show", household_code=household.code) + anchor)


def _form_page(
    template: str, household: Household, given: Given, errors: Errors, **extra: object
) -> str | tuple[str, int]:
    if errors:
        unit_of_work.refuse(db.session())
    page = render_template(template, household=household, given=given, errors=errors, **extra)
    return (page, 422) if errors else page


@bp.get("")
@allow(Permission.CASES)
def index() -> str:
    """The households of my team."""
    found = households.team_households(db.session(), current_user.account)
    return render_template("households/list.html", households=found)


@bp.post("")
@allow(Permission.CASES)
def create() -> WerkzeugResponse:
    """A new household with a random code; its first member is added next."""
    household = households.create(db.session(), _actor())
    return redirect(url_for("households.add_member", household_code=household.code))


@bp.get("/<household_code>")
@allow(Permission.CASES)
def show(household_code: str) -> str:
    """The household's plan: every member's goals and week side by side, the network, results."""
    session, household = db.session(), _household(household_code)
    _seen(household)
    weeks = {
        m.id: plan.by_day(cases.week(session, m.case, for_person=True))
        for m in household.members
        if m.case is not None
    }
    return render_template(
        "households/household.html",
        household=household,
        weeks=weeks,
        regisseurs=households.regisseurs(session, household),
        languages=LANGUAGES,
        today=clock.today(),
    )


MEMBER_FIELDS = ("voornaam", "rol", "casus", "casuscode")


@bp.route("/<household_code>/leden", methods=["GET", "POST"])
@allow(Permission.CASES)
def add_member(household_code: str) -> str | tuple[str, int] | WerkzeugResponse:
    """A member by first name and role, with a new case, an existing case, or none."""
    household = _household(household_code)
    if request.method == "GET":
        _seen(household)
        return _form_page("households/member.html", household, {"casus": "nieuw"}, {})
    given = {name: request.form.get(name, "") for name in MEMBER_FIELDS}
    case_code = {"nieuw": "nieuw", "bestaand": given["casuscode"]}.get(given["casus"], "")
    try:
        member = households.add_member(
            db.session(), household, given["voornaam"], given["rol"], case_code, _actor()
        )
    except ValidationError as error:
        field = "casuscode" if error.field == "casus" else error.field or "voornaam"
        return _form_page("households/member.html", household, given, {field: error.message})
    return _back(household, _("%(name)s hoort nu bij het huishouden.", name=member.first_name))


@bp.post("/<household_code>/regisseur")
@allow(Permission.CASES)
def set_regisseur(household_code: str) -> WerkzeugResponse:
    """One regisseur per household, chosen from the team."""
    household = _household(household_code)
    chosen = request.form.get("regisseur", "")
    try:
        households.set_regisseur(
            db.session(), household, int(chosen) if chosen.isdigit() else 0, _actor()
        )
    except ValidationError as error:
        unit_of_work.refuse(db.session())
        return _back(household, _("Dat lukte niet: %(message)s", message=translate(error.message)))
    return _back(household, _("De regisseur is opgeslagen."))


CONTACT_FIELDS = ("voornaam", "relatie", "telefoon", "akkoord")


@bp.route("/<household_code>/netwerk", methods=["GET", "POST"])
@allow(Permission.CASES)
def add_contact(household_code: str) -> str | tuple[str, int] | WerkzeugResponse:
    """Someone of the household's own network: who, what they can do, and their agreement."""
    household = _household(household_code)
    if request.method == "GET":
        _seen(household)
        return _form_page("households/contact.html", household, {}, {}, can=[])
    given = {name: request.form.get(name, "") for name in CONTACT_FIELDS}
    can = request.form.getlist("kan")
    form = households.ContactForm(
        given["voornaam"], given["relatie"], can, given["telefoon"], given["akkoord"] == "ja"
    )
    try:
        contact = households.add_contact(db.session(), household, form, clock.today(), _actor())
    except ValidationError as error:
        errors = {error.field or "voornaam": error.message}
        return _form_page("households/contact.html", household, given, errors, can=can)
    return _back(
        household, _("%(name)s staat in het netwerk.", name=contact.first_name), "#netwerk"
    )


@bp.post("/<household_code>/netwerk/<int:contact_id>/verwijderen")
@allow(Permission.CASES)
def remove_contact(household_code: str, contact_id: int) -> WerkzeugResponse:
    """Someone no longer wants to be on the plan: gone from the network at once."""
    household = _household(household_code)
    name = households.remove_contact(db.session(), household, contact_id, _actor())
    return _back(household, _("%(name)s staat niet meer in het netwerk.", name=name), "#netwerk")


GOAL_FIELDS = ("lid", "gebied", "doel", "helper", "netwerk", "organisatie")


@bp.route("/<household_code>/doelen", methods=["GET", "POST"], defaults={"goal_id": None})
@bp.route("/<household_code>/doelen/<int:goal_id>", methods=["GET", "POST"])
@allow(Permission.CASES)
def goal(household_code: str, goal_id: int | None) -> str | tuple[str, int] | WerkzeugResponse:
    """A goal agreed with a member (new, or changed): area, own words, who helps, review date,
    and the referrals, maatwerk and opplus requests that serve it."""
    household = _household(household_code)
    found = households.goal_of(household, goal_id) if goal_id is not None else None
    if request.method == "GET":
        _seen(household)
        member = request.args.get("lid", "")
        return _goal_page(household, found, _goal_given(found, member), {})
    given = {name: request.form.get(name, "") for name in GOAL_FIELDS}
    given |= {f"bespreken-{k}": request.form.get(f"bespreken-{k}", "") for k in DATE_PARTS}
    links = {name: request.form.getlist(name) for name in ("verwijzing", "maatwerk", "opplus")}
    try:
        form = households.GoalForm(
            _number(given["lid"]),
            given["gebied"],
            given["doel"],
            given["helper"],
            _number(given["netwerk"]) or None,
            given["organisatie"],
            dates.parse("bespreken", *(given[f"bespreken-{k}"] for k in DATE_PARTS)),
            [_number(i) for i in links["verwijzing"]],
            [_number(i) for i in links["maatwerk"]],
            [_number(i) for i in links["opplus"]],
        )
        households.save_goal(db.session(), household, form, _actor(), found)
    except ValidationError as error:
        return _goal_page(household, found, given, {error.field or "doel": error.message}, links)
    return _back(household, _("Het doel is opgeslagen."), f"#lid-{given['lid']}")


def _number(text: str) -> int:
    return int(text) if text.isdigit() else 0


def _goal_given(found: Goal | None, member: str) -> Given:
    if found is None:
        return {"lid": member, "helper": "netwerk"}
    given = {
        "lid": str(found.member_id),
        "gebied": found.area,
        "doel": found.text or "",
        "helper": found.helper,
        "netwerk": str(found.network_contact_id or ""),
        "organisatie": found.organisation or "",
    }
    return given | {f"bespreken-{k}": v for k, v in dates.typed(found.review_on).items()}


def _goal_page(
    household: Household,
    found: Goal | None,
    given: Given,
    errors: Errors,
    links: dict[str, list[str]] | None = None,
) -> str | tuple[str, int]:
    if links is None:
        links = {
            "verwijzing": [str(r.id) for r in found.referrals] if found else [],
            "maatwerk": [str(i.id) for i in found.plan_items] if found else [],
            "opplus": [str(s.id) for s in found.support_requests] if found else [],
        }
    return _form_page(
        "households/goal.html",
        household,
        given,
        errors,
        goal=found,
        links=links,
        areas=vocabulary.AREAS,
        helpers=vocabulary.HELPERS,
        goal_max=GOAL_MAX,
    )


@bp.route("/<household_code>/doelen/<int:goal_id>/resultaat", methods=["GET", "POST"])
@allow(Permission.CASES)
def review(household_code: str, goal_id: int) -> str | tuple[str, int] | WerkzeugResponse:
    """The result of a goal at its review date (bereikt, deels, niet, with a sentence)."""
    household = _household(household_code)
    found = households.goal_of(household, goal_id)
    extra = {"goal": found, "results": vocabulary.RESULTS, "sentence_max": RESULT_SENTENCE_MAX}
    if request.method == "GET":
        _seen(household)
        return _form_page("households/review.html", household, {}, {}, **extra)
    names = ("resultaat", "zin", *(f"volgende-{k}" for k in DATE_PARTS))
    given = {name: request.form.get(name, "") for name in names}
    try:
        following = dates.parse("volgende", *(given[f"volgende-{k}"] for k in DATE_PARTS))
        households.review(
            db.session(),
            found,
            given["resultaat"],
            given["zin"],
            following,
            clock.today(),
            _actor(),
        )
    except ValidationError as error:
        errors = {error.field or "resultaat": error.message}
        return _form_page("households/review.html", household, given, errors, **extra)
    return _back(household, _("Het resultaat is opgeslagen."), f"#doel-{goal_id}")


def render_plan_pdf(household: Household, language: str) -> bytes:
    """The household's plan for the fridge as PDF bytes, in the language given."""
    from weasyprint import HTML  # loaded only when a plan is printed: it brings pango

    session = db.session()
    members = [
        (m, plan.by_day(cases.week(session, m.case, for_person=True)) if m.case else {})
        for m in household.members
    ]
    places = [p for m in household.members if m.case for p in papers.places(session, m.case)]
    with force_locale(language_of(language)):
        page = render_template(
            "households/plan_pdf.html",
            household=household,
            members=members,
            places=places,
            picture=picture,
            made=clock.today(),
        )
    return bytes(HTML(string=page).write_pdf())


@bp.get("/<household_code>/plan.pdf")
@allow(Permission.CASES)
def plan_pdf(household_code: str) -> Response:
    """The printed household plan: goals, who helps, the week, whom to call; nothing for staff."""
    household = _household(household_code)
    language = request.args.get("taal", "nl")
    pdf = render_plan_pdf(household, language)
    households.viewed(db.session(), household, _actor(), Action.HOUSEHOLD_PLAN_PRINTED)
    return attachment(pdf, f"huishoudplan-{language}.pdf", "application/pdf")


@bp.get("/<household_code>/export.json")
@allow(Permission.CASES)
def export(household_code: str) -> Response:
    """Everything held about the household, as JSON (a request for access, AVG art. 15)."""
    household = _household(household_code)
    actor = _actor("inzageverzoek")
    households.viewed(db.session(), household, actor, Action.HOUSEHOLD_EXPORTED)
    body = json.dumps(households.export(db.session(), household), ensure_ascii=False, indent=2)
    return attachment(body, "huishouden.json", "application/json")


@bp.route("/<household_code>/wissen", methods=["GET", "POST"])
@allow(Permission.CASES)
def erase(household_code: str) -> str | WerkzeugResponse:
    """Erase the household and every member's case on request, after a confirmation step."""
    household = _household(household_code)
    if request.method == "GET" or request.form.get("bevestig") != "ja":
        return render_template("households/erase.html", household=household)
    households.erase(db.session(), household, _actor("recht op vergetelheid"))
    flash(_("Het huishouden en de casussen van de leden zijn gewist."))
    return redirect(url_for("households.index"))
