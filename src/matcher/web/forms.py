"""Forms and form helpers shared by the pages for professionals (consult and case search)."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

from flask_babel import lazy_gettext as _l
from flask_wtf import FlaskForm
from werkzeug.datastructures import MultiDict
from wtforms import (
    BooleanField,
    Field,
    SelectChoice,
    SelectField,
    SelectMultipleField,
    StringField,
    TextAreaField,
)
from wtforms.utils import unset_value
from wtforms.validators import Length, NumberRange, Optional
from wtforms.validators import ValidationError as FieldError

from matcher import db, geo, vocabulary
from matcher.errors import ValidationError
from matcher.profile import Profile, parse_profile
from matcher.ranking.rank import Answer
from matcher.services import matching
from matcher.web.numbers import PlainDecimalField, PlainIntegerField
from matcher.web.searches import counted

F = TypeVar("F", bound=Callable[..., Any])


def shown_again(show: Callable[[], Any]) -> Callable[[F], F]:
    """Declare how a view shows its form again, filled in as typed, when the form's CSRF token
    had expired (the error handler calls `show` for people who may use the view)."""

    def mark(view: F) -> F:
        view.shown_again = show  # type: ignore[attr-defined]
        return view

    return mark


LANGUAGES = {code: language.own_name for code, language in vocabulary.LANGUAGES.items()}


def _choices(labels: dict[str, str]) -> list[SelectChoice]:
    return [SelectChoice(value, label) for value, label in labels.items()]


def _codes(table: dict[str, vocabulary.Term]) -> list[SelectChoice]:
    return _choices({code: term.term for code, term in table.items()})


# How much a support matters, one choice per support: "moet" (contract: required), "liever"
# (preferred); no value is "niet nodig". One choice cannot say both, as two lists of boxes could.
LEVELS = ("moet", "liever")


class SupportLevelsField(Field):  # type: ignore[misc]  # WTForms has no type hints
    """One radio group per support, named `<field>_<code>` as on the resident's pages; its data
    maps each support given a level to that level."""

    def process(
        self,
        formdata: MultiDict[str, str] | None,
        data: Any = unset_value,
        extra_filters: Any = None,
    ) -> None:
        self.process_errors: list[str] = []
        self.object_data = data
        self.raw_data: list[str] = []
        self.data: dict[str, str] = {}
        if formdata is None:
            return
        for code in vocabulary.SUPPORTS:
            level = formdata.get(f"{self.name}_{code}", "").strip()
            if level:
                self.data[code] = level
                self.raw_data.append(level)

    def pre_validate(self, form: FlaskForm) -> None:
        if any(level not in LEVELS for level in self.data.values()):
            raise FieldError(_l("Kies per ondersteuning: moet, liever wel of niet nodig."))

    def chosen(self, level: str) -> list[str]:
        """The supports given this level, in the vocabulary's order."""
        return [code for code in vocabulary.SUPPORTS if self.data.get(code) == level]


class ProfileForm(FlaskForm):  # type: ignore[misc]  # Flask-WTF has no type hints
    """Every field of the profile (contract §3)."""

    interests = StringField(_l("Interesses"), validators=[Length(max=500)])
    wishes = TextAreaField(_l("Wensen in eigen woorden"), validators=[Length(max=1000)])
    steun = SupportLevelsField(_l("Ondersteuning"))
    expertise = SelectMultipleField(_l("Deskundigheid"), choices=_codes(vocabulary.EXPERTISE))
    vorm = SelectMultipleField(_l("Vorm van meedoen"), choices=_codes(vocabulary.VORMEN))
    postcode = StringField(_l("Postcode"), validators=[Length(max=10)])
    # The profile validates the wijk (and names it when unknown); the form only offers them.
    wijk = SelectField(
        _l("Of wijk"),
        choices=_choices({"": "—"} | {w: w for w in geo.wijken()}),
        default="",
        validate_choice=False,
    )
    max_km = PlainDecimalField(
        _l("Hoogstens km"), places=None, validators=[Optional(), NumberRange(min=0, max=100)]
    )
    days = SelectMultipleField(_l("Dagen"), choices=_codes(vocabulary.DAYS))
    max_cost_eur = PlainDecimalField(
        _l("Hoogstens euro per maand"),
        places=None,
        validators=[Optional(), NumberRange(min=0, max=1000)],
    )
    age = PlainIntegerField(_l("Leeftijd"), validators=[Optional(), NumberRange(min=0, max=120)])
    language = SelectField(
        _l("Taal"), choices=_choices(LANGUAGES), default="nl", validate_choice=False
    )
    include_maatwerk = BooleanField(_l("Ook maatwerk (dagbesteding met beschikking)"))
    top = PlainIntegerField(
        _l("Aantal resultaten"), default=10, validators=[Optional(), NumberRange(min=1, max=50)]
    )

    def profile(self) -> dict[str, Any]:
        """The contract's profile of what was filled in."""
        words = [w.strip() for w in (self.interests.data or "").split(",") if w.strip()]
        profile: dict[str, Any] = {
            "interests": words,
            "wishes": self.wishes.data or "",
            "required": self.steun.chosen("moet"),
            "preferred": self.steun.chosen("liever"),
            "expertise": self.expertise.data or [],
            "vorm": self.vorm.data or [],
            "days": self.days.data or [],
            "language": self.language.data or "nl",
            "include_maatwerk": bool(self.include_maatwerk.data),
        }
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
_FORM_FIELD = {
    "location.postcode": "postcode",
    "location.wijk": "wijk",
    "location": "postcode",
    "required": "steun",
    "preferred": "steun",
}


def profile_formdata(profile: dict[str, Any]) -> MultiDict[str, Any]:
    """The search form filled in with a stored profile."""
    data: MultiDict[str, Any] = MultiDict()
    data["interests"] = ", ".join(profile.get("interests", []))
    data["wishes"] = profile.get("wishes", "")
    for key, level in (("required", "moet"), ("preferred", "liever")):
        for code in profile.get(key, []):
            data[f"steun_{code}"] = level
    for key in ("expertise", "vorm", "days"):
        for value in profile.get(key, []):
            data.add(key, value)
    location = profile.get("location", {})
    data["postcode"], data["wijk"] = location.get("postcode", ""), location.get("wijk", "")
    for key in ("max_km", "max_cost_eur", "age"):
        if profile.get(key) is not None:
            data[key] = str(profile[key])
    data["language"] = profile.get("language", "nl")
    if profile.get("include_maatwerk"):
        data["include_maatwerk"] = "y"
    return data


def field_of(error: ValidationError) -> str:
    name = error.field or "interests"
    return _FORM_FIELD.get(name, name.split(".")[0])


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
    """The engine's answer for the form's profile (counted in the anonymous demand)."""
    return counted(profile, matching.match(db.session(), profile, form.top.data or 10))
