"""Pages for beheerders: accounts (create, re-role, deactivate), the access review, the audit log."""

from __future__ import annotations

import csv
import io

from flask import Blueprint, Response, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, select
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db
from matcher.errors import ValidationError
from matcher.models import ROLES, AuditEntry, Organisation, Team, UserAccount
from matcher.services import accounts, audit
from matcher.services.accounts import Actor
from matcher.web.access import allow
from matcher.web.consult import spreadsheet_safe
from matcher.web.numbers import whole_number

bp = Blueprint("admin", __name__, url_prefix="/beheer")
AUDIT_PAGE = 50


def _actor() -> Actor:
    return Actor(current_user.account.id, request.remote_addr)


def _choices() -> dict[str, list[str]]:
    session = db.session()
    return {
        "roles": list(ROLES),
        "teams": list(session.scalars(select(Team.name).order_by(Team.name))),
        "organisations": list(
            session.scalars(select(Organisation.name).order_by(Organisation.name))
        ),
    }


@bp.get("/gebruikers")
@allow("beheerder")
def users() -> str:
    """The access review: every account with role, team or organisation, MFA, last login."""
    rows = db.session().scalars(select(UserAccount).order_by(UserAccount.email)).all()
    return render_template("admin/users.html", users=rows)


@bp.route("/gebruikers/nieuw", methods=["GET", "POST"])
@allow("beheerder")
def new_user() -> str | tuple[str, int]:
    """Create an account; its one-time password is shown once."""
    form = {key: request.form.get(key, "") for key in ("email", "role", "team", "organisation")}
    if request.method == "GET":
        return render_template("admin/user_form.html", form=form, errors={}, **_choices())
    try:
        user, password = accounts.create_user(db.session(), form["email"], form["role"], _actor(),
                                              form["team"], form["organisation"])  # fmt: skip
    except ValidationError as error:
        db.session().rollback()
        errors = {error.field or "email": error.message}
        return render_template("admin/user_form.html", form=form, errors=errors, **_choices()), 422
    db.session().commit()
    return render_template("admin/user_created.html", user=user, password=password)


def _user(user_id: int) -> UserAccount:
    user = db.session().get(UserAccount, user_id)
    if user is None:
        abort(404)
    return user


@bp.route("/gebruikers/<int:user_id>", methods=["GET", "POST"])
@allow("beheerder")
def edit_user(user_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Change an account's role, team or organisation (its sessions end)."""
    user = _user(user_id)
    form = {"role": user.role, "team": user.team.name if user.team else "",
            "organisation": user.organisation.name if user.organisation else ""}  # fmt: skip
    if request.method == "POST":
        form = {key: request.form.get(key, "") for key in ("role", "team", "organisation")}
        try:
            accounts.change_role(db.session(), user, form["role"], _actor(), form["team"],
                                 form["organisation"])  # fmt: skip
        except ValidationError as error:
            db.session().rollback()
            errors = {error.field or "role": error.message}
            return render_template("admin/user_edit.html", user=user, form=form, errors=errors,
                                   **_choices()), 422  # fmt: skip
        db.session().commit()
        flash(_("De rol is gewijzigd. De sessies van dit account zijn beëindigd."))
        return redirect(url_for("admin.users"))
    return render_template("admin/user_edit.html", user=user, form=form, errors={}, **_choices())


@bp.post("/gebruikers/<int:user_id>/actief")
@allow("beheerder")
def set_active(user_id: int) -> WerkzeugResponse:
    """Deactivate (ending every session) or reactivate an account."""
    user = _user(user_id)
    if user.id == current_user.account.id:
        flash(_("Je kunt je eigen account niet uitzetten."))
        return redirect(url_for("admin.users"))
    accounts.set_active(db.session(), user, request.form.get("actief") == "ja", _actor())
    db.session().commit()
    flash(_("Het account is gewijzigd."))
    return redirect(url_for("admin.users"))


@bp.get("/audit")
@allow("beheerder")
def audit_log() -> str:
    """The audit log, newest first, with whether the hash chain is intact."""
    session = db.session()
    total = session.scalar(select(func.count()).select_from(AuditEntry)) or 0
    pages = max(1, -(-total // AUDIT_PAGE))
    # Past the last page (or beyond what the database's OFFSET takes) shows the last page.
    page = min(max(whole_number(request.args.get("pagina")) or 1, 1), pages)
    rows = session.scalars(select(AuditEntry).order_by(AuditEntry.id.desc())
                           .offset((page - 1) * AUDIT_PAGE).limit(AUDIT_PAGE)).all()  # fmt: skip
    broken = audit.verify(session)
    audit.record(session, audit.Event("auditlog bekeken", "auditlog", purpose="toezicht",
                                      actor_id=current_user.account.id, origin=request.remote_addr))  # fmt: skip
    session.commit()
    return render_template("admin/audit.html", rows=rows, page=page, pages=pages, broken=broken)


AUDIT_COLUMNS = ("id", "occurred_at", "actor_id", "action", "object_type", "object_id", "result",
                 "origin", "purpose", "previous_hash", "hash")  # fmt: skip


@bp.get("/audit.csv")
@allow("beheerder")
def audit_export() -> Response:
    """The whole audit log as CSV."""
    session = db.session()
    audit.record(session, audit.Event("auditlog geëxporteerd", "auditlog", purpose="toezicht",
                                      actor_id=current_user.account.id, origin=request.remote_addr))  # fmt: skip
    session.commit()
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(AUDIT_COLUMNS)
    for entry in audit.entries(session):
        writer.writerow(spreadsheet_safe(str(getattr(entry, c) or "")) for c in AUDIT_COLUMNS)
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="auditlog.csv"'})  # fmt: skip
