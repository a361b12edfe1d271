"""The profile of contract §3: what a person looks for, validated strictly in one place."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Annotated, Any

import pydantic
from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator

from matcher import geo, vocabulary
from matcher.errors import ValidationError
from matcher.frozen import quick_init
from matcher.geo import Point
from matcher.phrases import N_, Phrase

Word = Annotated[str, StringConstraints(strip_whitespace=True, min_length=1, max_length=80)]


def _known(values: list[str], allowed: Mapping[str, object]) -> list[str]:
    unknown = [v for v in values if v not in allowed]
    if unknown:
        codes = {"codes": ", ".join(repr(u) for u in unknown), "allowed": ", ".join(allowed)}
        raise ValueError(Phrase(N_("onbekende code %(codes)s; kies uit %(allowed)s"), codes))
    return list(dict.fromkeys(values))


class _Location(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    postcode: str | None = None
    wijk: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90, allow_inf_nan=False)
    lon: float | None = Field(default=None, ge=-180, le=180, allow_inf_nan=False)

    @field_validator("postcode")
    @classmethod
    def _postcode(cls, value: str | None) -> str | None:
        return None if value is None else _domain(geo.normalise_postcode, value)

    @field_validator("wijk")
    @classmethod
    def _wijk(cls, value: str | None) -> str | None:
        return None if value is None else _domain(geo.canonical_wijk, value)


def _domain(check: Any, value: str) -> Any:
    try:
        return check(value)
    except ValidationError as exc:
        raise ValueError(exc.message) from None  # the message may be a Phrase: _first_error


class _Profile(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)

    interests: list[Word] = Field(default_factory=list, max_length=30)
    wishes: str = Field(default="", max_length=1000)
    required: list[str] = Field(default_factory=list)
    preferred: list[str] = Field(default_factory=list)
    expertise: list[str] = Field(default_factory=list)
    vorm: list[str] = Field(default_factory=list)
    location: _Location | None = None
    max_km: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    days: list[str] = Field(default_factory=list)
    max_cost_eur: float | None = Field(default=None, ge=0, allow_inf_nan=False)
    age: int | None = Field(default=None, ge=0, le=120)
    language: str = Field(default=vocabulary.DEFAULT_LANGUAGE, pattern=r"^[a-z]{2}$")
    include_maatwerk: bool = False

    @field_validator("required", "preferred")
    @classmethod
    def _supports(cls, values: list[str]) -> list[str]:
        return _known(values, vocabulary.SUPPORTS)

    @field_validator("expertise")
    @classmethod
    def _expertise(cls, values: list[str]) -> list[str]:
        return _known(values, vocabulary.EXPERTISE)

    @field_validator("vorm")
    @classmethod
    def _vorm(cls, values: list[str]) -> list[str]:
        return _known(values, vocabulary.VORMEN)

    @field_validator("days")
    @classmethod
    def _days(cls, values: list[str]) -> list[str]:
        return _known(values, vocabulary.DAYS)


@quick_init
@dataclass(frozen=True, slots=True)
class Profile:
    """A validated profile; the location is resolved to a point."""

    interests: tuple[str, ...] = ()
    wishes: str = ""
    required: tuple[str, ...] = ()
    preferred: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    vorm: tuple[str, ...] = ()
    point: Point | None = None
    location: dict[str, Any] = field(default_factory=dict)  # as given, canonicalised
    max_km: float | None = None
    days: tuple[str, ...] = ()
    max_cost_eur: float | None = None
    age: int | None = None
    language: str = vocabulary.DEFAULT_LANGUAGE
    include_maatwerk: bool = False
    # Not in the JSON profile: a resident who says money is a problem. What costs at most this
    # a month (free, or paid by help the person may get) goes first; nothing is left out.
    affordable_eur: float | None = None


_MESSAGES = {
    "list_type": N_("verwacht een lijst"),
    "string_type": N_("verwacht tekst"),
    "int_type": N_("verwacht een heel getal"),
    "float_type": N_("verwacht een getal"),
    "finite_number": N_("verwacht een eindig getal"),
    "bool_type": N_("verwacht true of false"),
    "model_type": N_("verwacht een object"),
    "dict_type": N_("verwacht een object"),
    "extra_forbidden": N_("onbekend veld"),
    "greater_than_equal": N_("mag niet negatief zijn"),
    "less_than_equal": N_("is te groot"),
    "string_too_short": N_("mag niet leeg zijn"),
    "string_too_long": N_("is te lang"),
    "too_long": N_("bevat te veel waarden"),
    "string_pattern_mismatch": N_("verwacht een taalcode van twee letters, zoals 'nl' of 'en'"),
    "string_unicode": N_("bevat een teken dat geen Unicode is (een losse surrogaat zoals \\ud800)"),
}
# For an error type not mapped above: pydantic's own messages are English.
_FALLBACK_MESSAGE = N_("ongeldige waarde")


def parse_profile(data: Any) -> Profile:
    """Validate a profile (parsed JSON); a bad one raises ValidationError naming the field."""
    if not isinstance(data, dict):
        raise ValidationError(None, "een profiel is een JSON-object {...}")
    try:
        raw = _Profile.model_validate(data)
    except pydantic.ValidationError as exc:
        raise _first_error(exc) from None
    return Profile(
        interests=tuple(dict.fromkeys(raw.interests)),
        wishes=raw.wishes.strip(),
        required=tuple(raw.required),
        preferred=tuple(raw.preferred),
        expertise=tuple(raw.expertise),
        vorm=tuple(raw.vorm),
        point=_point(raw.location),
        location=raw.location.model_dump(exclude_none=True) if raw.location else {},
        max_km=raw.max_km,
        days=tuple(raw.days),
        max_cost_eur=raw.max_cost_eur,
        age=raw.age,
        language=raw.language,
        include_maatwerk=raw.include_maatwerk,
    )


def _point(location: _Location | None) -> Point | None:
    if location is None:
        return None
    given = [name for name in ("postcode", "wijk") if getattr(location, name) is not None]
    has_coordinates = location.lat is not None or location.lon is not None
    if len(given) + has_coordinates != 1:
        raise ValidationError(
            "location", 'geef één van: {"postcode": ...}, {"wijk": ...} of {"lat": ..., "lon": ...}'
        )
    if location.postcode:
        return geo.postcode_area(location.postcode, "location.postcode").point
    if location.wijk:
        return geo.wijk_centre(location.wijk, "location.wijk")
    if location.lat is None or location.lon is None:
        raise ValidationError("location", "lat en lon horen bij elkaar: geef beide")
    return Point(location.lat, location.lon)


def _first_error(exc: pydantic.ValidationError) -> ValidationError:
    error = exc.errors()[0]
    field_name = ".".join(str(part) for part in error["loc"]) or None
    if error["type"] == "value_error":  # raised by the validators above, in Dutch
        raised = error.get("ctx", {}).get("error")
        if isinstance(raised, ValueError) and raised.args and isinstance(raised.args[0], str):
            return ValidationError(field_name, raised.args[0])  # the Phrase, not only its text
        return ValidationError(field_name, str(error["msg"]).removeprefix("Value error, "))
    return ValidationError(field_name, Phrase(_MESSAGES.get(error["type"], _FALLBACK_MESSAGE)))
