"""The beheerder's page for help with costs: the funds and arrangements the resident pages name
("Je kunt hulp krijgen bij de kosten: ...")."""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db
from matcher.errors import ValidationError
from matcher.models import CostHelp
from matcher.roles import Permission
from matcher.services import cost_help
from matcher.services.audit import Actor
from matcher.services.cost_help import HelpForm
from matcher.web.access import allow

bp = Blueprint("cost_help_admin", __name__, url_prefix="/beheer/kosten")


def _actor() -> Actor:
    return Actor(current_user.account, request.remote_addr, "beheer")


def _posted() -> HelpForm:
    form = request.form
    values = {name: form.get(name, "") for name in cost_help.FORM_FIELDS}
    return HelpForm(**values, example=form.get("example") == "ja")


def _page(values: HelpForm, error: ValidationError | None, editing: CostHelp | None) -> str:
    return render_template(
        "admin/cost_help.html",
        helps=cost_help.every(db.session()),
        values=values,
        error=error,
        editing=editing,
        action=url_for("cost_help_admin.edit", help_id=editing.id)
        if editing
        else url_for("cost_help_admin.index"),
    )


@bp.route("", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def index() -> str | WerkzeugResponse | tuple[str, int]:
    """Every fund, and a form to add one."""
    if request.method == "GET":
        return _page(HelpForm.of(None), None, None)
    values = _posted()
    try:
        cost_help.save(db.session(), values, _actor())
    except ValidationError as error:
        return _page(values, error, None), 422
    flash(_("De regeling is opgeslagen."))
    return redirect(url_for("cost_help_admin.index"))


@bp.route("/<int:help_id>", methods=["GET", "POST"])
@allow(Permission.ADMIN)
def edit(help_id: int) -> str | WerkzeugResponse | tuple[str, int]:
    """Change a fund."""
    session = db.session()
    found = cost_help.get(session, help_id)
    if request.method == "GET":
        return _page(HelpForm.of(found), None, found)
    values = _posted()
    try:
        cost_help.save(session, values, _actor(), found)
    except ValidationError as error:
        return _page(values, error, found), 422
    flash(_("De regeling is opgeslagen."))
    return redirect(url_for("cost_help_admin.index"))


@bp.post("/<int:help_id>/weg")
@allow(Permission.ADMIN)
def remove(help_id: int) -> WerkzeugResponse:
    """Delete a fund (it is no longer named to anyone)."""
    cost_help.remove(db.session(), help_id, _actor())
    flash(_("De regeling is verwijderd."))
    return redirect(url_for("cost_help_admin.index"))
