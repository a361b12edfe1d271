"""One activity of the catalogue: the one definition of its fields, and the record they make.

Every field of an activity is declared once, in `ActivityRecord`, with a `Spec` that says how it
is read (from CSV text, a JSON value or a form), written back, stored, shown on the edit form, and
whether an organisation's change to it waits for review. The CSV columns, the JSON form, the
validation, the database columns (matcher.models) and the edit form all follow from it, so a new
field is one line here plus a migration (docs/catalogue.md shows one).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import StrEnum
from typing import Annotated, Any, get_args
from urllib.parse import quote

import pydantic
from pydantic import BaseModel, ConfigDict, ValidationInfo, field_validator

from matcher import geo, vocabulary
from matcher.catalogue.schedule import ScheduleError, Slot, format_schedule, parse_schedule
from matcher.errors import ValidationError
from matcher.geo import Point
from matcher.phrases import N_

_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
# A website is an http(s) URI as RFC 3986 has it (HSDS's `format: uri`), with a host: only ASCII
# letters, digits and - . _ ~ ! $ & ' ( ) * + , ; = : @ / ? # in their places, and every other
# character percent-encoded (%C3%A9 for é, %20 for a space). records.web_address makes one.
_UNRESERVED, _SUB_DELIMS, _PCT = r"A-Za-z0-9\-._~", r"!$&'()*+,;=", r"%[0-9A-Fa-f]{2}"
_PCHAR = rf"(?:[{_UNRESERVED}{_SUB_DELIMS}:@]|{_PCT})"
_WEBSITE = re.compile(
    rf"^https?://(?:(?:[{_UNRESERVED}{_SUB_DELIMS}:]|{_PCT})*@)?"  # user@, rare
    rf"(?:[{_UNRESERVED}{_SUB_DELIMS}]|{_PCT})+(?::[0-9]*)?"  # host and port
    rf"(?:/{_PCHAR}*)*(?:\?(?:{_PCHAR}|[/?])*)?(?:#(?:{_PCHAR}|[/?])*)?$"  # path ?query #part
)
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...),
# =cmd|..., +SUM, @SUM); the export writes values verbatim so that it stays a lossless round
# trip, so the import refuses them in free-text columns, after trimming (a leading space that
# would have kept the cell text is trimmed). contact_phone may start with '+' (+31 38 ...): its
# own pattern allows only digits, spaces and + - ( ), which no spreadsheet can run; the coded,
# numeric and date columns are checked by their own rules.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


class Store(StrEnum):
    """Where a field is kept in the database."""

    KEY = "key"  # the activity's own id
    ACTIVITY = "activity"  # a column of the activity table, of the same name
    LOCATION = "location"  # a column of the location table, shared by activities at one place
    ORGANISATION = "organisation"  # the organisation's name or its stable id
    SCHEDULE = "schedule"  # the weekly slots


@dataclass(frozen=True, slots=True)
class Kind:
    """How the values of a field are read, written and stored."""

    read: Callable[[Any], Any]  # text or a JSON value -> the typed value; ValueError in Dutch
    text: Callable[[Any], str]  # the typed value -> its CSV text; read(text(v)) == v
    json: Callable[[Any], Any]  # the typed value -> its JSON value (None is left out)
    column: str  # the database column's type (matcher.models maps it): text, json, euro, ...
    codes: Mapping[str, vocabulary.Term] | None = None  # the allowed codes, if coded
    many: bool = False  # a list of values
    length: int | None = None  # the longest text; None: no limit
    schema: Mapping[str, Any] = dataclasses.field(default_factory=dict)  # its JSON Schema


@dataclass(frozen=True, slots=True)
class Spec:
    """What the catalogue knows about one field besides its type."""

    label: str  # Dutch, a message id: the edit form and the review show it
    kind: Kind
    store: Store = Store.ACTIVITY
    required: str | None = None  # the message when it is empty; None: optional
    review: bool = False  # an organisation's change waits for a beheerder: safety and matching
    hint: str = ""  # Dutch, a message id: a short help text on the edit form


# --- kinds of fields ---------------------------------------------------------------------------


def _as_text(value: Any) -> str:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"verwacht tekst of een getal, niet {type(value).__name__}")
    return str(value).strip()


def _text_or_empty(value: Any) -> str:
    return "" if value is None else str(value)


def _same(value: Any) -> Any:
    return value


def text(
    max_length: int | None = None,
    *,
    free: bool = True,
    pattern: re.Pattern[str] | None = None,
    invalid: str = "'{}' is ongeldig",
) -> Kind:
    """Free text, or text of a pattern (`invalid` is the error, with the value for {})."""

    def read(value: Any) -> str:
        found = _as_text(value)
        if max_length is not None and len(found) > max_length:
            raise ValueError(f"te lang ({len(found)} tekens, hooguit {max_length})")
        if free and found.startswith(FORMULA_START):
            raise ValueError(
                f"begint met '{found[0]}', wat een spreadsheet als formule uitvoert; "
                "begin met een letter of cijfer"
            )
        if pattern is not None and not pattern.match(found):
            raise ValueError(invalid.format(found))
        return found

    schema: dict[str, Any] = {"type": "string"}
    if max_length is not None:
        schema["maxLength"] = max_length
    return Kind(read, _text_or_empty, _same, "text", length=max_length, schema=schema)


def _split(value: Any) -> list[str]:
    if isinstance(value, str):
        items = value.split(";")
    elif isinstance(value, list | tuple) and all(isinstance(v, str) for v in value):
        items = list(value)
    else:
        raise ValueError("verwacht een lijst van codes (tekst)")
    return [v for v in dict.fromkeys(v.strip().lower() for v in items) if v]


def _list(values: tuple[str, ...]) -> list[str]:
    return list(values)


def codes(allowed: Mapping[str, vocabulary.Term]) -> Kind:
    """Codes of the vocabulary, several (`a;b` in CSV, a list in JSON)."""

    def read(value: Any) -> tuple[str, ...]:
        values = _split(value)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            raise ValueError(f"onbekende code {', '.join(repr(v) for v in unknown)}")
        return tuple(values)

    schema = {"type": "array", "items": {"type": "string", "enum": list(allowed)}}
    return Kind(read, ";".join, _list, "json", allowed, many=True, schema=schema)


def code(allowed: Mapping[str, vocabulary.Term]) -> Kind:
    """One code of the vocabulary."""

    def read(value: Any) -> str:
        found = _as_text(value).lower()
        if found not in allowed:
            raise ValueError(f"onbekende code '{found}' (kies uit {', '.join(allowed)})")
        return found

    schema = {"type": "string", "enum": list(allowed)}
    return Kind(read, str, _same, "text", allowed, length=20, schema=schema)


def _read_languages(value: Any) -> tuple[str, ...]:
    values = _split(value)
    bad = [v for v in values if not _LANGUAGE.match(v)]
    if bad:
        raise ValueError(f"geen ISO 639-1 taalcode: {', '.join(repr(v) for v in bad)}")
    return tuple(values)


LANGUAGE_CODES = Kind(
    _read_languages,
    ";".join,
    _list,
    "json",
    many=True,
    schema={"type": "array", "items": {"type": "string", "pattern": _LANGUAGE.pattern}},
)


def _number_text(value: float | Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(value) if isinstance(value, float) else str(value)


def _read_float(value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, str | int | float):
        raise ValueError(f"verwacht een getal, niet {type(value).__name__}")
    try:
        found = float(value)
    except ValueError:
        raise ValueError(f"'{value}' is geen getal (gebruik een punt als decimaalteken)") from None
    if found != found or found in (float("inf"), float("-inf")):
        raise ValueError(f"'{value}' is geen getal")
    return found


COORDINATE = Kind(_read_float, _number_text, _same, "float", schema={"type": "number"})


def _read_cost(value: Any) -> Decimal:
    if isinstance(value, bool) or not isinstance(value, str | int | float | Decimal):
        raise ValueError(f"verwacht een bedrag, niet {type(value).__name__}")
    given = str(value).strip()
    try:
        found = Decimal(given)
    except InvalidOperation:
        raise ValueError(
            f"'{given}' is geen bedrag (euro's per maand, met een punt: 2.50; leeg = onbekend)"
        ) from None
    if not found.is_finite() or found < 0:
        raise ValueError(f"'{given}' is geen geldig bedrag (0 of meer)")
    if found != found.quantize(Decimal("0.01")) or found >= Decimal("100000000"):
        raise ValueError(f"'{given}' is geen geldig bedrag (hooguit twee decimalen)")
    return found


def _cost_json(value: Decimal | None) -> float | None:
    return None if value is None else float(value)


EURO = Kind(_read_cost, _number_text, _cost_json, "euro", schema={"type": "number", "minimum": 0})


def _read_age(value: Any) -> int:
    given = str(value).strip() if isinstance(value, str | int) else ""
    if isinstance(value, bool) or not given.isdigit():
        raise ValueError(f"'{value}' is geen leeftijd in hele jaren")
    found = int(given)
    if found > 120:
        raise ValueError(f"leeftijd {found} is niet mogelijk")
    return found


AGE = Kind(
    _read_age,
    _number_text,
    _same,
    "integer",
    schema={"type": "integer", "minimum": 0, "maximum": 120},
)


def _read_date(value: Any) -> dt.date:
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(_as_text(value))
    except ValueError:
        raise ValueError(f"'{value}' is geen datum (verwacht JJJJ-MM-DD)") from None


def _iso(value: dt.date | None) -> str | None:
    return None if value is None else value.isoformat()


DATE = Kind(
    _read_date, lambda v: _iso(v) or "", _iso, "date", schema={"type": "string", "format": "date"}
)


def _read_postcode(value: Any) -> str:
    return _checked(geo.normalise_postcode, _as_text(value))


def _read_wijk(value: Any) -> str:
    return _checked(geo.canonical_wijk, _as_text(value))


def _checked(convert: Callable[[str], str], value: str) -> str:
    try:
        return convert(value)
    except ValidationError as exc:
        raise ValueError(str(exc.message)) from None


def web_address(value: str) -> str | None:
    """A website in the form RFC 3986 asks: every character a web address may not hold
    percent-encoded as a browser does (a space as %20, é as %C3%A9, a host as punycode); the
    value itself when it is in that form already; None when no web address can be made of it."""
    if _WEBSITE.fullmatch(value):
        return value
    if any(ord(c) < 32 or c == "\x7f" for c in value):  # a line break pasted in: no guessing
        return None
    parts = re.fullmatch(r"(https?://)([^/?#]*)([^?#]*)(\?[^#]*)?(#.*)?", value, re.DOTALL)
    if parts is None:
        return None
    scheme, authority, path, query, fragment = parts.groups()
    user, at, host_port = authority.rpartition("@")
    host, colon, port = host_port.partition(":")
    try:  # a host in IDNA (punycode); a lone surrogate from JSON cannot be encoded at all
        encoded = (
            scheme
            + _encoded(user, ":")
            + at
            + (host if host.isascii() else host.encode("idna").decode("ascii"))
            + colon
            + port
            + _encoded(path, ":@/")
            + ("" if query is None else "?" + _encoded(query[1:], ":@/?"))
            + ("" if fragment is None else "#" + _encoded(fragment[1:], ":@/?"))
        )
    except UnicodeError:
        return None
    return encoded if _WEBSITE.fullmatch(encoded) else None


def _encoded(part: str, also_safe: str) -> str:
    # A '%' that starts no escape is itself encoded; the escapes already there are kept.
    part = re.sub(r"%(?![0-9A-Fa-f]{2})", "%25", part)
    return quote(part, safe=_SUB_DELIMS + also_safe + "%")


_WEBSITE_TEXT = text(300, free=False)


def _read_website(value: Any) -> str:
    found: str = _WEBSITE_TEXT.read(value)
    if not re.match(r"^https?://", found):
        raise ValueError(f"'{found}' is geen geldig webadres (begin met https://)")
    if _WEBSITE.fullmatch(found):
        return found
    encoded = web_address(found)
    if encoded is None or len(encoded) > 300:
        raise ValueError(
            f"'{found}' is geen geldig webadres: kopieer het uit de adresbalk van de browser"
        )
    raise ValueError(
        f"'{found}' is geen geldig webadres: {_not_literal(found)}; "
        f"schrijf het zoals de browser het kopieert: '{encoded}'"
    )


_URI_CHARACTERS = frozenset(
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~!$&'()*+,;=:@/?#[]%"
)


def _not_literal(value: str) -> str:
    # Names what is wrong: 'é' mag er niet letterlijk in staan; een spatie en 'é' mogen ...
    bad = list(
        dict.fromkeys(
            "een spatie" if c == " " else f"'{c}'" for c in value if c not in _URI_CHARACTERS
        )
    )
    if not bad:  # a '%' without two hexadecimal digits, a second '#', a '[' in the path
        return "een '%', '#', '[' of ']' staat op een plaats waar het niet letterlijk mag"
    if len(bad) == 1:
        return f"{bad[0]} mag er niet letterlijk in staan"
    return f"{', '.join(bad[:-1])} en {bad[-1]} mogen er niet letterlijk in staan"


WEBSITE = dataclasses.replace(_WEBSITE_TEXT, read=_read_website)
POSTCODE = Kind(_read_postcode, _text_or_empty, _same, "text", length=7, schema={"type": "string"})
WIJK = Kind(_read_wijk, _text_or_empty, _same, "text", length=40, schema={"type": "string"})


def _read_slot(value: Any) -> str:
    if isinstance(value, str):
        return value
    if isinstance(value, dict) and {"day", "start", "end"} <= value.keys():
        return f"{value['day']} {value['start']}-{value['end']}"
    raise ValueError('een tijdvak is {"day": "di", "start": "10:00", "end": "12:00"}')


def _read_schedule(value: Any) -> tuple[Slot, ...]:
    if isinstance(value, list | tuple):
        if all(isinstance(slot, Slot) for slot in value):
            return tuple(value)
        value = "; ".join(_read_slot(slot) for slot in value)
    try:
        return parse_schedule(_as_text(value))
    except ScheduleError as exc:
        raise ValueError(str(exc)) from None


def _schedule_json(slots: tuple[Slot, ...]) -> list[dict[str, str]]:
    return [{"day": s.day, "start": f"{s.start:%H:%M}", "end": f"{s.end:%H:%M}"} for s in slots]


_TIME = {"type": "string", "pattern": "^[0-2][0-9]:[0-5][0-9]$"}
SLOT_SCHEMA = {
    "type": "object",
    "required": ["day", "start", "end"],
    "properties": {
        "day": {"type": "string", "enum": list(vocabulary.DAYS)},
        "start": _TIME,
        "end": _TIME,
    },
}
SCHEDULE = Kind(
    _read_schedule,
    format_schedule,
    _schedule_json,
    "slots",
    many=True,
    schema={"type": "array", "items": SLOT_SCHEMA},
)


# --- the one definition ------------------------------------------------------------------------

_EMPTY = N_("verplicht veld is leeg")
_BAD_ID = "'{}' mag alleen letters, cijfers, '_', '.' en '-' bevatten"
_REVIEW = True  # readability below: the fields whose change by an organisation waits for review


class ActivityRecord(BaseModel):
    """A validated activity exactly as the catalogue gives it (nothing derived is stored here)."""

    model_config = ConfigDict(frozen=True, extra="ignore", arbitrary_types_allowed=True)

    id: Annotated[
        str, Spec(N_("Code"), text(100, pattern=_ID, invalid=_BAD_ID), Store.KEY, required=_EMPTY)
    ]
    title: Annotated[str, Spec(N_("Naam"), text(200), required=_EMPTY)]
    description: Annotated[
        str,
        Spec(
            N_("Beschrijving"),
            text(),
            required=_EMPTY,
            hint=N_("In gewone woorden: wat doe je, waar, met wie. Schrijf 'je'."),
        ),
    ]
    organisation: Annotated[
        str, Spec(N_("Organisatie"), text(200), Store.ORGANISATION, required=_EMPTY)
    ]
    organisation_id: Annotated[
        str | None,
        Spec(
            N_("Code van de organisatie"),
            text(100, pattern=_ID, invalid=_BAD_ID),
            Store.ORGANISATION,
        ),
    ] = None
    address: Annotated[str | None, Spec(N_("Adres"), text(200), Store.LOCATION, review=_REVIEW)] = (
        None
    )
    postcode: Annotated[
        str | None, Spec(N_("Postcode"), POSTCODE, Store.LOCATION, review=_REVIEW)
    ] = None
    wijk: Annotated[str | None, Spec(N_("Wijk"), WIJK, Store.LOCATION, review=_REVIEW)] = None
    lat: Annotated[
        float | None, Spec(N_("Breedtegraad"), COORDINATE, Store.LOCATION, review=_REVIEW)
    ] = None
    lon: Annotated[
        float | None, Spec(N_("Lengtegraad"), COORDINATE, Store.LOCATION, review=_REVIEW)
    ] = None
    interests: Annotated[
        tuple[str, ...],
        Spec(
            N_("Interesses"),
            codes(vocabulary.INTERESTS),
            required=N_("verplicht veld is leeg: geef minstens één interesse"),
            review=_REVIEW,
        ),
    ]
    support: Annotated[
        tuple[str, ...], Spec(N_("Steun"), codes(vocabulary.SUPPORTS), review=_REVIEW)
    ] = ()
    expertise: Annotated[
        tuple[str, ...],
        Spec(N_("Ervaring met"), codes(vocabulary.EXPERTISE), review=_REVIEW),
    ] = ()
    vorm: Annotated[tuple[str, ...], Spec(N_("Vorm"), codes(vocabulary.VORMEN))] = (
        vocabulary.DEFAULT_VORM,
    )
    aanbod: Annotated[str, Spec(N_("Soort aanbod"), code(vocabulary.AANBOD), review=_REVIEW)] = (
        vocabulary.DEFAULT_AANBOD
    )
    schedule: Annotated[
        tuple[Slot, ...],
        Spec(
            N_("Wanneer"),
            SCHEDULE,
            Store.SCHEDULE,
            hint=N_("Bijvoorbeeld: di 10:00-12:00; do 19:30-21:30. Leeg: op afspraak."),
        ),
    ] = ()
    cost_eur: Annotated[
        Decimal | None,
        Spec(
            N_("Kosten per maand (euro)"),
            EURO,
            review=_REVIEW,
            hint=N_("Met een punt: 2.50. 0 is gratis, leeg is onbekend."),
        ),
    ] = None
    min_age: Annotated[int | None, Spec(N_("Vanaf leeftijd"), AGE, review=_REVIEW)] = None
    max_age: Annotated[int | None, Spec(N_("Tot en met leeftijd"), AGE, review=_REVIEW)] = None
    languages: Annotated[
        tuple[str, ...],
        Spec(N_("Talen"), LANGUAGE_CODES, hint=N_("Taalcodes, bijvoorbeeld: nl; en")),
    ] = (vocabulary.DEFAULT_LANGUAGE,)
    contact_name: Annotated[str | None, Spec(N_("Contactpersoon"), text(200))] = None
    contact_phone: Annotated[
        str | None,
        Spec(
            N_("Telefoon"),
            text(40, free=False, pattern=_PHONE, invalid="'{}' is geen geldig telefoonnummer"),
        ),
    ] = None
    contact_email: Annotated[
        str | None,
        Spec(N_("E-mail"), text(200, pattern=_EMAIL, invalid="'{}' is geen geldig e-mailadres")),
    ] = None
    website: Annotated[
        str | None,
        Spec(N_("Website"), WEBSITE),
    ] = None
    status: Annotated[str, Spec(N_("Status"), code(vocabulary.STATUSES))] = (
        vocabulary.DEFAULT_STATUS
    )
    last_verified: Annotated[dt.date | None, Spec(N_("Laatst gecontroleerd"), DATE)] = None

    @field_validator("*", mode="before")
    @classmethod
    def _read(cls, value: Any, info: ValidationInfo) -> Any:
        assert info.field_name is not None
        return read_field(info.field_name, value)

    @property
    def point(self) -> Point | None:
        """Where the activity is: its coordinates, else its postcode's point, else its wijk's centre."""
        if self.lat is not None and self.lon is not None:
            return Point(self.lat, self.lon)
        if self.postcode:
            return geo.postcode_area(self.postcode).point
        if self.wijk:
            return geo.wijk_centre(self.wijk)
        return None

    @property
    def area(self) -> str | None:
        """The wijk the activity is in: as given, else derived from its postcode."""
        if self.wijk:
            return self.wijk
        if self.postcode:
            return geo.postcode_area(self.postcode).wijk
        return None


def _is_empty(value: Any) -> bool:
    if value is None:
        return True
    if isinstance(value, str):
        return not value.strip()
    return isinstance(value, list | tuple) and not value


def _spec_of(info: pydantic.fields.FieldInfo) -> Spec:
    return next(m for m in info.metadata if isinstance(m, Spec))


FIELDS: dict[str, Spec] = {
    name: _spec_of(info) for name, info in ActivityRecord.model_fields.items()
}
COLUMNS: tuple[str, ...] = tuple(FIELDS)
REQUIRED_COLUMNS: tuple[str, ...] = tuple(n for n, s in FIELDS.items() if s.required)
REVIEWED: frozenset[str] = frozenset(n for n, s in FIELDS.items() if s.review)


def stored_in(store: Store) -> tuple[str, ...]:
    """The fields kept in one place of the database, in the definition's order."""
    return tuple(name for name, spec in FIELDS.items() if spec.store is store)


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one activity in the project's JSON form (the API's `Activity`): a field
    that cannot be empty is always there."""
    return {
        "type": "object",
        "required": [name for name in FIELDS if not nullable(name)],
        "properties": {name: dict(spec.kind.schema) for name, spec in FIELDS.items()},
    }


def nullable(name: str) -> bool:
    """Whether a field may be empty (its type includes None)."""
    return type(None) in get_args(ActivityRecord.model_fields[name].annotation)


def single_codes(store: Store) -> list[tuple[str, tuple[str, ...]]]:
    """The fields of one code each, with their allowed codes: the database checks them too."""
    return [
        (name, tuple(spec.kind.codes))
        for name, spec in FIELDS.items()
        if spec.store is store and spec.kind.codes is not None and not spec.kind.many
    ]


# --- reading and writing -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class FieldError:
    """What is wrong with one column of one row."""

    column: str
    message: str


class RowInvalid(Exception):
    """A row with one or more field errors."""

    def __init__(self, errors: list[FieldError]) -> None:
        super().__init__("; ".join(f"{e.column}: {e.message}" for e in errors))
        self.errors = errors


def read_field(name: str, value: Any) -> Any:
    """One field's typed value from CSV text, a JSON value or a form; ValueError in Dutch."""
    spec = FIELDS[name]
    if _is_empty(value):
        if spec.required:
            raise ValueError(spec.required)
        return _DEFAULTS[name]
    return spec.kind.read(value)


# The defaults are immutable (None, text, tuples), so one of each serves every record.
_DEFAULTS = {
    name: info.get_default(call_default_factory=True)
    for name, info in ActivityRecord.model_fields.items()
    if not info.is_required()
}


def parse_record(data: Mapping[str, Any]) -> ActivityRecord:
    """Validate one activity given as CSV text, JSON values or a form; raise RowInvalid with
    every problem found."""
    values, errors = {}, []
    # Each field's reader already gives the field's type, so the record is built without
    # pydantic checking it again: an import reads 10,000 rows, and that check tripled the time.
    for name in FIELDS:
        try:
            values[name] = read_field(name, data.get(name))
        except ValueError as exc:
            errors.append(FieldError(name, str(exc.args[0]) if exc.args else "ongeldige waarde"))
    if errors:
        raise RowInvalid(errors)
    record = ActivityRecord.model_construct(**values)
    errors = _cross_checks(record)
    if errors:
        raise RowInvalid(errors)
    return record


def _cross_checks(record: ActivityRecord) -> list[FieldError]:
    errors = []
    low, high = record.min_age, record.max_age
    if low is not None and high is not None and low > high:
        errors.append(FieldError("max_age", f"max_age {high} is lager dan min_age {low}"))
    if (record.lat is None) != (record.lon is None):
        missing = "lon" if record.lon is None else "lat"
        message = "lat en lon horen bij elkaar: vul beide in of geen van beide"
        errors.append(FieldError(missing, message))
    elif record.lat is not None and record.lon is not None:
        try:
            geo.check_coordinates(record.lat, record.lon)
        except ValidationError as exc:
            errors.append(FieldError("lat", str(exc.message)))
    return errors


def to_row(record: ActivityRecord) -> dict[str, str]:
    """The catalogue's text form of a record; parse_record(to_row(r)) == r."""
    return {name: spec.kind.text(getattr(record, name)) for name, spec in FIELDS.items()}


# The organisation's name is kept by the organisation, shared by its entries: a rename through
# one of them changes the text of all, so their fingerprints leave it out (and an import checks
# the name against the organisation's).
_FINGERPRINTED = tuple(name for name in COLUMNS if name != "organisation")


def fingerprint(row: Mapping[str, str]) -> str:
    """A digest of an entry's text form (as `to_row` gives it), but for its organisation's name:
    a file's row with the fingerprint of a stored entry (and its organisation's name) is that
    entry unchanged, found without reading the row or the stored entry."""
    # The repr of a tuple of strings tells every tuple apart, and costs a third of json.dumps.
    texts = repr(tuple([row.get(name, "") for name in _FINGERPRINTED]))
    return hashlib.blake2b(texts.encode(), digest_size=16).hexdigest()


def record_to_json(record: ActivityRecord) -> dict[str, Any]:
    """One activity in the project's JSON form: lists for codes, slots as objects, numbers as
    numbers; empty single values are left out."""
    item = {name: spec.kind.json(getattr(record, name)) for name, spec in FIELDS.items()}
    return {name: value for name, value in item.items() if value is not None and value != ""}
