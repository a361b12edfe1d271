"""Pages for beheerders: accounts (create, name, re-role, deactivate), the access review, the audit log,
the review of organisations' changes, probable duplicates and merging them, and residents'
reports about entries."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db
from matcher.catalogue.records import FIELDS, to_row
from matcher.errors import MatcherError, NotFound, ValidationError
from matcher.models import ActivityChange, UserAccount
from matcher.phrases import N_, Phrase
from matcher.roles import Permission
from matcher.services import (
    accounts,
    audit,
    catalogue,
    duplicates,
    exports,
    reports,
    unit_of_work,
)
from matcher.services.audit import Action, Actor, Event
from matcher.web import entry_form
from matcher.web.access import allow
from matcher.web.downloads import attachment
from matcher.web.i18n import translate
from matcher.web.numbers import whole_number

bp = Blueprint("admin", __name__, url_prefix="/beheer")
AUDIT_PAGE = 50


def _actor(purpose: str = "beheer") -> Actor:
    return Actor(current_user.account, request.remote_addr, purpose)


def _choices() -> dict[str, list[str]]:
    found = accounts.memberships(db.session())
    return {"roles": found.roles, "teams": found.teams, "organisations": found.organisations}


@bp.get("/gebruikers")
@allow(Permission.ADMIN)
def users() -> str:
    """The access review: every account with role, team or organisation, MFA, last login."""
    return render_template("admin/users.html", users=accounts.all_accounts(db.session()))


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def new_user() -> str | tuple[str, int]:
    """Create an account; its one-time password is shown once."""
    keys = ("email", "name", "role", "team", "organisation")
    form = {key: request.form.get(key, "") for key in keys}
    if request.method == "GET":
        return render_template("admin/user_form.html", form=form, errors={}, **_choices())
    try:
        user, password = accounts.create_user(
            db.session(),
            form["email"],
            form["role"],
            _actor(),
            form["team"],
            form["organisation"],
            form["name"],
        )
    except ValidationError as error:
        errors = {error.field or "email": error.message}
        page = render_template("admin/user_form.html", form=form, errors=errors, **_choices())
        return page, 422
    return render_template("admin/user_created.html", user=user, password=password)


def _stored(user: UserAccount) -> dict[str, str]:
    """The edit page's fields as the account has them now."""
    return {
        "name": user.name or "",
        "role": user.role,
        "team": user.team.name if user.team else "",
        "organisation": user.organisation.name if user.organisation else "",
    }


def _edit_page(user: UserAccount, form: dict[str, str], errors: dict[str, str]) -> str:
    return render_template(
        "admin/user_edit.html", user=user, form=form, errors=errors, **_choices()
    )


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def edit_user(user_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """The account's name, and its role, team or organisation (changing those ends its sessions)."""
    user = accounts.get(db.session(), user_id)
    if request.method == "GET":
        return _edit_page(user, _stored(user), {})
    form = _stored(user) | {
        key: request.form.get(key, "") for key in ("role", "team", "organisation")
    }
    try:
        accounts.change_role(
            db.session(), user, form["role"], _actor(), form["team"], form["organisation"]
        )
    except ValidationError as error:
        return _edit_page(user, form, {error.field or "role": error.message}), 422
    flash(_("De rol is gewijzigd. De sessies van dit account zijn beëindigd."))
    return redirect(url_for("admin.users"))


@bp.post("/gebruikers/<int:user_id>/naam")
@allow(Permission.ADMIN)
def rename_user(user_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Change the account's work name; its sessions go on (nothing about access changes)."""
    user = accounts.get(db.session(), user_id)
    form = _stored(user) | {"name": request.form.get("name", "")}
    try:
        accounts.set_name(db.session(), user, form["name"], _actor())
    except ValidationError as error:
        return _edit_page(user, form, {error.field or "name": error.message}), 422
    flash(_("De naam is gewijzigd."))
    return redirect(url_for("admin.users"))


@bp.post("/gebruikers/<int:user_id>/actief")
@allow(Permission.ADMIN)
def set_active(user_id: int) -> WerkzeugResponse:
    """Deactivate (ending every session) or reactivate an account."""
    user = accounts.get(db.session(), user_id)
    if user.id == current_user.account.id:
        flash(_("Je kunt je eigen account niet uitzetten."))
        return redirect(url_for("admin.users"))
    accounts.set_active(db.session(), user, request.form.get("actief") == "ja", _actor())
    flash(_("Het account is gewijzigd."))
    return redirect(url_for("admin.users"))


@bp.get("/audit")
@allow(Permission.ADMIN)
def audit_log() -> str:
    """The audit log, newest first, with whether the hash chain is intact."""
    session = db.session()
    shown = audit.page(session, whole_number(request.args.get("pagina")) or 1, AUDIT_PAGE)
    broken = audit.verify(session)
    audit.record(session, Event.by(_actor("toezicht"), Action.AUDIT_VIEWED, "auditlog"))
    return render_template(
        "admin/audit.html", rows=shown.rows, page=shown.number, pages=shown.pages, broken=broken
    )


@bp.get("/audit.csv")
@allow(Permission.ADMIN)
def audit_export() -> Response:
    """The whole audit log as CSV."""
    session = db.session()
    audit.record(session, Event.by(_actor("toezicht"), Action.AUDIT_EXPORTED, "auditlog"))
    return attachment(exports.audit_csv(session), "auditlog.csv", "text/csv")


# --- the review queue of the sociale kaart ------------------------------------------------------


def _review_page(
    errors: dict[int, str] | None = None, reasons: dict[int, str] | None = None
) -> str:
    session = db.session()
    waiting = catalogue.waiting(session)
    current = {}
    for change in waiting:
        record = catalogue.get_record(session, change.activity_id)
        current[change.id] = to_row(record) if record is not None else None
    unseen = catalogue.unseen(session)
    titles = {
        change.activity_id: record.title
        for change in unseen
        if (record := catalogue.get_record(session, change.activity_id)) is not None
    }
    return render_template(
        "admin/changes.html",
        waiting=waiting,
        current=current,
        unseen=unseen,
        titles=titles,
        errors=errors or {},
        reasons=reasons or {},
        readable=entry_form.readable,
        labels=FIELDS,
    )


@bp.get("/wijzigingen")
@allow(Permission.ADMIN)
def changes() -> str:
    """What organisations changed: what waits for review, side by side, and what went live."""
    return _review_page()


@bp.post("/wijzigingen/<int:change_id>/goedkeuren")
@allow(Permission.ADMIN)
def approve_change(change_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Put a proposed change live."""
    try:
        catalogue.approve(db.session(), change_id, _actor("sociale kaart"))
    except ValidationError as error:
        return _review_page(errors={change_id: translate(error.message)}), 422
    flash(_("De wijziging is goedgekeurd en nu te zien."))
    return redirect(url_for("admin.changes"))


@bp.post("/wijzigingen/<int:change_id>/afwijzen")
@allow(Permission.ADMIN)
def reject_change(change_id: int) -> WerkzeugResponse | tuple[str, int]:
    """Turn a proposed change down, with a reason the organisation sees."""
    reason = request.form.get("reden", "")
    try:
        catalogue.reject(db.session(), change_id, reason, _actor("sociale kaart"))
    except ValidationError as error:
        page = _review_page({change_id: translate(error.message)}, {change_id: reason})
        return page, 422
    flash(_("De wijziging is afgewezen. De organisatie ziet je reden."))
    return redirect(url_for("admin.changes"))


@bp.post("/wijzigingen/<int:change_id>/gezien")
@allow(Permission.ADMIN)
def seen_change(change_id: int) -> WerkzeugResponse:
    """A change that went live at once has been looked at."""
    catalogue.mark_seen(db.session(), change_id, _actor("sociale kaart"))
    return redirect(url_for("admin.changes"))


@bp.get("/activiteiten/<activity_id>/geschiedenis")
@allow(Permission.ADMIN)
def entry_history(activity_id: str) -> str:
    """Every change of one entry, with who made it."""
    session = db.session()
    record = catalogue.get_record(session, activity_id)
    changes = catalogue.history(session, activity_id)
    if record is None and not changes:
        raise NotFound("activiteit", Phrase(N_("deze activiteit bestaat niet")))

    def who(change: ActivityChange) -> str:
        account = session.get(UserAccount, change.by_id) if change.by_id else None
        return account.email if account else str(_("een bestand (import)"))

    title = record.title if record else activity_id
    return entry_form.history_page(title, changes, who, url_for("admin.changes"))


@bp.get("/dubbelingen")
@allow(Permission.ADMIN)
def duplicate_list() -> str:
    """Entries that are probably one activity, side by side, each pair with a form to merge it."""
    return render_template("admin/duplicates.html", pairs=duplicates.probable(db.session()))


@bp.post("/dubbelingen/samenvoegen")
@allow(Permission.ADMIN)
def merge_duplicates() -> str | WerkzeugResponse:
    """Merge two entries, after a step that shows what will happen: one stays, the other goes."""
    session = db.session()
    first, second = request.form.get("a", ""), request.form.get("b", "")
    survivor = request.form.get("blijft", "")
    if not survivor or survivor not in (first, second):
        return _not_merged(_("Kies welke activiteit blijft."))
    duplicate = second if survivor == first else first
    try:
        if request.form.get("bevestig") != "ja":
            shown = duplicates.preview(session, survivor, duplicate)
            return render_template("admin/duplicate_confirm.html", merge=shown, a=first, b=second)
        done = duplicates.merge(session, survivor, duplicate, _actor("sociale kaart"))
    except MatcherError as error:
        return _not_merged(translate(error.message))
    flash(
        _(
            "Samengevoegd: %(gone)s is opgegaan in %(kept)s.",
            gone=done.duplicate.title,
            kept=done.survivor.title,
        )
    )
    return redirect(url_for("admin.duplicate_list"))


def _not_merged(message: str) -> WerkzeugResponse:
    unit_of_work.refuse(db.session())
    flash(message)
    return redirect(url_for("admin.duplicate_list"))


@bp.get("/meldingen")
@allow(Permission.ADMIN)
def error_reports() -> str:
    """Every open report that an entry is wrong, with its organisation."""
    return render_template(
        "reports.html",
        reports=reports.open_all(db.session()),
        handle_endpoint="admin.handle_error_report",
        with_organisation=True,
    )


@bp.post("/meldingen/<int:report_id>/afgehandeld")
@allow(Permission.ADMIN)
def handle_error_report(report_id: int) -> WerkzeugResponse:
    """Mark any report handled."""
    reports.handle(db.session(), report_id, _actor("catalogus bijhouden"))
    flash(_("De melding is afgehandeld."))
    return redirect(url_for("admin.error_reports"))
