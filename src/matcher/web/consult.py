"""Pages for professionals: search a plek together with someone, compare a shortlist, export it."""

from __future__ import annotations

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import ngettext
from werkzeug.datastructures import MultiDict
from werkzeug.wrappers import Response as WerkzeugResponse

from matcher import db
from matcher.catalogue.records import ActivityRecord
from matcher.roles import Permission
from matcher.services import exports, matching
from matcher.web import shortlist
from matcher.web.access import allow, kept_form
from matcher.web.downloads import attachment
from matcher.web.forms import ProfileForm, ranked, shown_again, submitted_profile

bp = Blueprint("consult", __name__, url_prefix="/consult")


def _search_again() -> tuple[str, int]:
    form = ProfileForm()  # what was posted, with a fresh token
    return render_template("consult/search.html", form=form, answer=None, failed=False), 400


@bp.route("", methods=["GET", "POST"])
@allow(Permission.SEARCH)
@shown_again(_search_again)
def search() -> tuple[str, int] | str:
    """The search form; on submit the results, the score per component, and the near misses.

    After logging in again (an expired session) the form is shown filled in as it was typed,
    to be checked and sent again; the same after an expired CSRF token (`_search_again`).
    """
    kept = kept_form(request.path)
    form = ProfileForm(formdata=MultiDict(kept)) if kept else ProfileForm()
    submitted = submitted_profile(form)
    answer = None if submitted is None else ranked(form, submitted[1])
    failed = request.method == "POST" and answer is None
    page = render_template("consult/search.html", form=form, answer=answer, failed=failed)
    return (page, 422) if failed else page


@bp.app_template_global("shortlisted")
def shortlisted() -> list[ActivityRecord]:
    """The activities on the shortlist that are still in the catalogue, in the order chosen."""
    return matching.records(db.session(), shortlist.chosen())


@bp.app_template_global("shortlist_ids")
def shortlist_ids() -> list[str]:
    """The ids on the shortlist (a results page ticks them)."""
    return shortlist.chosen()


@bp.post("/shortlist")
@allow(Permission.SEARCH)
def keep_shortlist() -> WerkzeugResponse:
    """The ticks of a results page kept on the shortlist, then the comparison."""
    over = shortlist.keep(request.form)
    if over:
        flash(
            ngettext(
                "De shortlist is vol (%(most)s activiteiten): %(num)s activiteit staat er niet op.",
                "De shortlist is vol (%(most)s activiteiten): %(num)s activiteiten staan er niet op.",
                over,
                most=shortlist.MOST,
            )
        )
    return redirect(url_for("consult.compare"), 303)


@bp.post("/shortlist/weg")
@allow(Permission.SEARCH)
def drop_from_shortlist() -> WerkzeugResponse:
    """One activity off the shortlist."""
    activity_id = request.form.get("id", "")
    record = matching.record(db.session(), activity_id)
    shortlist.drop(activity_id)
    if record is not None:
        flash(_("%(title)s staat niet meer op de shortlist.", title=record.title))
    return redirect(url_for("consult.compare"), 303)


@bp.get("/vergelijk")
@allow(Permission.SEARCH)
def compare() -> str:
    """The shortlist side by side, ready to print."""
    return render_template("consult/compare.html", activities=shortlisted())


@bp.get("/vergelijk.csv")
@allow(Permission.SEARCH)
def compare_csv() -> Response:
    """The shortlist as CSV (RFC 4180), as a download."""
    return attachment(exports.shortlist_csv(shortlisted()), "vergelijking.csv", "text/csv")


@bp.get("/vergelijk.xlsx")
@allow(Permission.SEARCH)
def compare_xlsx() -> Response:
    """The shortlist as an Excel workbook, as a download."""
    return attachment(
        exports.shortlist_xlsx(shortlisted()),
        "vergelijking.xlsx",
        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    )
