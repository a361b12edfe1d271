"""Pages for professionals: search a plek together with someone, compare a shortlist, export it."""

from __future__ import annotations

from flask import Blueprint, Response, render_template, request
from werkzeug.datastructures import MultiDict

from matcher import db
from matcher.catalogue.records import ActivityRecord
from matcher.roles import Permission
from matcher.services import exports, matching
from matcher.web.access import allow, kept_form
from matcher.web.forms import ProfileForm, ranked, shown_again, submitted_profile

bp = Blueprint("consult", __name__, url_prefix="/consult")
SHORTLIST_MAX = 6


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


def _chosen() -> list[ActivityRecord]:
    ids = list(dict.fromkeys(request.args.getlist("id")))[:SHORTLIST_MAX]
    return matching.records(db.session(), ids)


@bp.get("/vergelijk")
@allow(Permission.SEARCH)
def compare() -> str:
    """A shortlist side by side, ready to print."""
    return render_template("consult/compare.html", activities=_chosen())


@bp.get("/vergelijk.csv")
@allow(Permission.SEARCH)
def compare_csv() -> Response:
    """The shortlist as CSV (RFC 4180), as a download."""
    return Response(
        exports.shortlist_csv(_chosen()),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="vergelijking.csv"'},
    )
