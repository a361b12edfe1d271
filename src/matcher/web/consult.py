"""Pages for professionals: search a plek together with someone, compare a shortlist, export it."""

from __future__ import annotations

import csv
import io
from typing import Any

from flask import Blueprint, Response, render_template, request
from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.validators import Length, NumberRange, Optional

from matcher import db, geo, vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.errors import ValidationError
from matcher.profile import Profile, parse_profile
from matcher.ranking.rank import Answer
from matcher.services import matching
from matcher.web.access import allow, kept_form
from matcher.web.i18n import current_language
from matcher.web.numbers import PlainDecimalField, PlainIntegerField

bp = Blueprint("consult", __name__, url_prefix="/consult")

LANGUAGES = {"nl": "Nederlands", "en": "English", "ar": "العربية", "tr": "Türkçe", "pl": "Polski",
             "ti": "ትግርኛ", "uk": "Українська", "so": "Soomaali"}  # fmt: skip


PROFESSIONALS = ("consulent", "swt")


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _codes(table: dict[str, vocabulary.Term]) -> list[SelectChoice]:
    return _choices({code: term.label for code, term in table.items()})


class ProfileForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type hints
    """Every field of the profile (contract §3)."""

    interests = StringField(_l("Interesses"), validators=[Length(max=500)])
    wishes = TextAreaField(_l("Wensen in eigen woorden"), validators=[Length(max=1000)])
    required = SelectMultipleField(_l("Nodig (harde eis)"), choices=_codes(vocabulary.SUPPORTS))
    preferred = SelectMultipleField(_l("Liever wel"), choices=_codes(vocabulary.SUPPORTS))
    expertise = SelectMultipleField(_l("Deskundigheid"), choices=_codes(vocabulary.EXPERTISE))
    vorm = SelectMultipleField(_l("Vorm van meedoen"), choices=_codes(vocabulary.VORMEN))
    postcode = StringField(_l("Postcode"), validators=[Length(max=10)])
    # The profile validates the wijk (and names it when unknown); the form only offers them.
    wijk = SelectField(_l("Of wijk"), choices=_choices({"": "—"} | {w: w for w in geo.wijken()}),
                       default="", validate_choice=False)  # fmt: skip
    max_km = PlainDecimalField(_l("Hoogstens km"), places=None,
                          validators=[Optional(), NumberRange(min=0, max=100)])  # fmt: skip
    days = SelectMultipleField(_l("Dagen"), choices=_codes(vocabulary.DAYS))
    max_cost_eur = PlainDecimalField(_l("Hoogstens euro per maand"), places=None,
                                validators=[Optional(), NumberRange(min=0, max=1000)])  # fmt: skip
    age = PlainIntegerField(_l("Leeftijd"), validators=[Optional(), NumberRange(min=0, max=120)])
    language = SelectField(
        _l("Taal"), choices=_choices(LANGUAGES), default="nl", validate_choice=False
    )
    include_maatwerk = BooleanField(_l("Ook maatwerk (dagbesteding met beschikking)"))
    top = PlainIntegerField(_l("Aantal resultaten"), default=10,
                       validators=[Optional(), NumberRange(min=1, max=50)])  # fmt: skip

    def profile(self) -> dict[str, Any]:
        """The contract's profile of what was filled in."""
        words = [w.strip() for w in (self.interests.data or "").split(",") if w.strip()]
        profile: dict[str, Any] = {
            "interests": words, "wishes": self.wishes.data or "",
            "required": self.required.data or [], "preferred": self.preferred.data or [],
            "expertise": self.expertise.data or [], "vorm": self.vorm.data or [],
            "days": self.days.data or [], "language": self.language.data or "nl",
            "include_maatwerk": bool(self.include_maatwerk.data),
        }  # fmt: skip
        if self.postcode.data and self.postcode.data.strip():
            profile["location"] = {"postcode": self.postcode.data.strip()}
        elif self.wijk.data:
            profile["location"] = {"wijk": self.wijk.data}
        for name in ("max_km", "max_cost_eur"):
            value = getattr(self, name).data
            if value is not None:
                profile[name] = float(value)
        if self.age.data is not None:
            profile["age"] = self.age.data
        return profile


# A profile error names a field of the contract; this is the form field the consultant sees.
_FORM_FIELD = {"location.postcode": "postcode", "location.wijk": "wijk", "location": "postcode"}


def field_of(error: ValidationError) -> str:
    name = error.field or "interests"
    return _FORM_FIELD.get(name, name.split(".")[0])


@bp.route("", methods=["GET", "POST"])
@allow(*PROFESSIONALS)
def search(resubmit: bool = False) -> tuple[str, int] | str:
    """The search form; on submit the results, the score per component, and the near misses.

    With `resubmit` (an expired CSRF token) or after logging in again (an expired session) the
    form is shown filled in as it was typed, to be checked and sent again.
    """
    kept = kept_form(request.path)
    if resubmit:
        form = ProfileForm()  # what was posted, with a fresh token
        return render_template("consult/search.html", form=form, answer=None, failed=False), 400
    form = ProfileForm(formdata=MultiDict(kept)) if kept else ProfileForm()
    submitted = submitted_profile(form)
    answer = None if submitted is None else ranked(form, submitted[1])
    failed = request.method == "POST" and answer is None
    page = render_template("consult/search.html", form=form, answer=answer, failed=failed)
    return (page, 422) if failed else page


def submitted_profile(form: ProfileForm) -> tuple[dict[str, Any], Profile] | None:
    """The profile as filled in and as validated; None (errors shown at the field) when invalid."""
    if not form.validate_on_submit():
        return None
    raw = form.profile()
    try:
        return raw, parse_profile(raw)
    except ValidationError as error:
        getattr(form, field_of(error)).errors = [error.message]
        return None


def ranked(form: ProfileForm, profile: Profile) -> Answer:
    """The engine's answer for the form's profile, with reasons in the page's language."""
    return matching.match(db.session(), profile, form.top.data or 10, language=current_language())


def _chosen() -> list[ActivityRecord]:
    catalogue = matching.current_index(db.session())
    ids = list(dict.fromkeys(request.args.getlist("id")))[:6]
    return [catalogue.records[catalogue.position[i]] for i in ids if i in catalogue.position]


@bp.get("/vergelijk")
@allow(*PROFESSIONALS)
def compare() -> str:
    """A shortlist side by side, ready to print."""
    return render_template("consult/compare.html", activities=_chosen())


CSV_COLUMNS = ("id", "title", "organisation", "wijk", "address", "schedule", "cost_eur",
               "support", "contact_name", "contact_phone", "contact_email", "website", "status")  # fmt: skip


def spreadsheet_safe(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (=, +, -, @, tab, return)."""
    return "'" + value if value[:1] in ("=", "+", "-", "@", "\t", "\r") else value


@bp.get("/vergelijk.csv")
@allow(*PROFESSIONALS)
def compare_csv() -> Response:
    """The shortlist as CSV (RFC 4180), as a download."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(CSV_COLUMNS)
    for record in _chosen():
        values = {"wijk": record.area or "", "schedule": "; ".join(str(s) for s in record.schedule),
                  "support": ";".join(record.support),
                  "cost_eur": "" if record.cost_eur is None else str(record.cost_eur)}  # fmt: skip
        writer.writerow(
            spreadsheet_safe(str(values.get(c, getattr(record, c, "")) or "")) for c in CSV_COLUMNS
        )
    return Response(out.getvalue(), mimetype="text/csv",
                    headers={"Content-Disposition": 'attachment; filename="vergelijking.csv"'})  # fmt: skip
