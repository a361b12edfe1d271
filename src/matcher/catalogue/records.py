"""One activity of the catalogue, validated: a row of text in, a typed record out, and back."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from typing import TypeVar

from matcher import geo, vocabulary
from matcher.catalogue.schedule import ScheduleError, Slot, format_schedule, parse_schedule
from matcher.errors import ValidationError
from matcher.geo import Point

COLUMNS: tuple[str, ...] = (
    "id",
    "title",
    "description",
    "organisation",
    "address",
    "postcode",
    "wijk",
    "lat",
    "lon",
    "interests",
    "support",
    "expertise",
    "vorm",
    "aanbod",
    "schedule",
    "cost_eur",
    "min_age",
    "max_age",
    "languages",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "status",
    "last_verified",
)
REQUIRED_COLUMNS: tuple[str, ...] = ("id", "title", "description", "organisation", "interests")

T = TypeVar("T")

_ID = re.compile(r"^[A-Za-z0-9_.-]+$")
_LANGUAGE = re.compile(r"^[a-z]{2}$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")
_WEBSITE = re.compile(r"^https?://\S+$")
_PHONE = re.compile(r"^\+?[0-9][0-9 ()-]{5,}$")
# A spreadsheet runs a cell that starts with one of these as a formula (=HYPERLINK(...),
# =cmd|..., +SUM, @SUM); the export writes values verbatim so that it stays a lossless round
# trip, so the import refuses them in free-text columns, after trimming (a leading space that
# would have kept the cell text is trimmed). contact_phone may start with '+' (+31 38 ...): its
# own pattern allows only digits, spaces and + - ( ), which no spreadsheet can run; the coded,
# numeric and date columns are checked by their own rules.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
_FREE_TEXT = frozenset(
    {"id", "title", "description", "organisation", "address", "contact_name", "contact_email"}
)
_MAX_LENGTH = {
    "id": 100,
    "title": 200,
    "organisation": 200,
    "address": 200,
    "contact_name": 200,
    "contact_phone": 40,
    "contact_email": 200,
    "website": 300,
}


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


@dataclass(frozen=True, slots=True)
class ActivityRecord:
    """A validated activity exactly as the catalogue gives it (nothing derived is stored here)."""

    id: str
    title: str
    description: str
    organisation: str
    interests: tuple[str, ...]
    address: str | None = None
    postcode: str | None = None
    wijk: str | None = None
    lat: float | None = None
    lon: float | None = None
    support: tuple[str, ...] = ()
    expertise: tuple[str, ...] = ()
    vorm: tuple[str, ...] = (vocabulary.DEFAULT_VORM,)
    aanbod: str = vocabulary.DEFAULT_AANBOD
    schedule: tuple[Slot, ...] = ()
    cost_eur: Decimal | None = None
    min_age: int | None = None
    max_age: int | None = None
    languages: tuple[str, ...] = (vocabulary.DEFAULT_LANGUAGE,)
    contact_name: str | None = None
    contact_phone: str | None = None
    contact_email: str | None = None
    website: str | None = None
    status: str = vocabulary.DEFAULT_STATUS
    last_verified: dt.date | None = None

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


def parse_row(row: Mapping[str, str | None]) -> ActivityRecord:
    """Validate one row of text (CSV columns); raise RowInvalid with every problem found."""
    reader = _RowReader(row)
    record = reader.read()
    if reader.errors:
        raise RowInvalid(reader.errors)
    assert record is not None
    return record


def to_row(record: ActivityRecord) -> dict[str, str]:
    """The catalogue's text form of a record; parse_row(to_row(r)) == r."""
    return {
        "id": record.id,
        "title": record.title,
        "description": record.description,
        "organisation": record.organisation,
        "address": record.address or "",
        "postcode": record.postcode or "",
        "wijk": record.wijk or "",
        "lat": _number(record.lat),
        "lon": _number(record.lon),
        "interests": ";".join(record.interests),
        "support": ";".join(record.support),
        "expertise": ";".join(record.expertise),
        "vorm": ";".join(record.vorm),
        "aanbod": record.aanbod,
        "schedule": format_schedule(record.schedule),
        "cost_eur": _number(record.cost_eur),
        "min_age": _number(record.min_age),
        "max_age": _number(record.max_age),
        "languages": ";".join(record.languages),
        "contact_name": record.contact_name or "",
        "contact_phone": record.contact_phone or "",
        "contact_email": record.contact_email or "",
        "website": record.website or "",
        "status": record.status,
        "last_verified": record.last_verified.isoformat() if record.last_verified else "",
    }


def _number(value: float | Decimal | int | None) -> str:
    if value is None:
        return ""
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return repr(value) if isinstance(value, float) else str(value)


class _RowReader:
    """Reads the columns of one row, collecting every error instead of stopping at the first."""

    def __init__(self, row: Mapping[str, str | None]) -> None:
        self.row = row
        self.errors: list[FieldError] = []

    def text(self, column: str) -> str:
        return (self.row.get(column) or "").strip()

    def error(self, column: str, message: str) -> None:
        self.errors.append(FieldError(column, message))

    def required(self, column: str) -> str:
        value = self.text(column)
        if not value:
            self.error(column, "verplicht veld is leeg")
        return self.checked(column, value)

    def optional(self, column: str) -> str | None:
        return self.checked(column, self.text(column)) or None

    def checked(self, column: str, value: str) -> str:
        limit = _MAX_LENGTH.get(column)
        if limit is not None and len(value) > limit:
            self.error(column, f"te lang ({len(value)} tekens, hooguit {limit})")
        if column in _FREE_TEXT and value.startswith(FORMULA_START):
            self.error(
                column,
                f"begint met '{value[0]}', wat een spreadsheet als formule uitvoert; "
                "begin met een letter of cijfer",
            )
        return value

    def matching(self, column: str, pattern: re.Pattern[str], what: str) -> str | None:
        value = self.optional(column)
        if value is not None and not pattern.match(value):
            self.error(column, f"'{value}' is geen geldig {what}")
        return value

    def codes(
        self, column: str, allowed: Mapping[str, object], default: tuple[str, ...] = ()
    ) -> tuple[str, ...]:
        values = tuple(dict.fromkeys(v.strip().lower() for v in self.text(column).split(";")))
        values = tuple(v for v in values if v)
        unknown = [v for v in values if v not in allowed]
        if unknown:
            self.error(column, f"onbekende code {', '.join(repr(v) for v in unknown)}")
        return values or default

    def code(self, column: str, allowed: Mapping[str, object], default: str) -> str:
        value = self.text(column).lower()
        if value and value not in allowed:
            self.error(column, f"onbekende code '{value}' (kies uit {', '.join(allowed)})")
        return value or default

    def converted(self, column: str, convert: Callable[[str], T]) -> T | None:
        value = self.text(column)
        if not value:
            return None
        try:
            return convert(value)
        except (ValueError, ValidationError, ScheduleError, InvalidOperation) as exc:
            message = exc.message if isinstance(exc, ValidationError) else str(exc)
            self.error(column, message)
            return None

    def read(self) -> ActivityRecord | None:
        record_id = self.required("id")
        if record_id and not _ID.match(record_id):
            self.error("id", f"'{record_id}' mag alleen letters, cijfers, '_', '.' en '-' bevatten")
        title, description = self.required("title"), self.required("description")
        organisation = self.required("organisation")
        interests = self.codes("interests", vocabulary.INTERESTS)
        if not interests and not any(e.column == "interests" for e in self.errors):
            self.error("interests", "verplicht veld is leeg: geef minstens één interesse")
        lat, lon = self.coordinates()
        min_age = self.converted("min_age", _age)
        max_age = self.converted("max_age", _age)
        if min_age is not None and max_age is not None and min_age > max_age:
            self.error("max_age", f"max_age {max_age} is lager dan min_age {min_age}")
        languages = self.codes_matching("languages", _LANGUAGE)
        record = ActivityRecord(
            id=record_id,
            title=title,
            description=description,
            organisation=organisation,
            interests=interests,
            address=self.optional("address"),
            postcode=self.converted("postcode", geo.normalise_postcode),
            wijk=self.converted("wijk", geo.canonical_wijk),
            lat=lat,
            lon=lon,
            support=self.codes("support", vocabulary.SUPPORTS),
            expertise=self.codes("expertise", vocabulary.EXPERTISE),
            vorm=self.codes("vorm", vocabulary.VORMEN, (vocabulary.DEFAULT_VORM,)),
            aanbod=self.code("aanbod", vocabulary.AANBOD, vocabulary.DEFAULT_AANBOD),
            schedule=self.converted("schedule", parse_schedule) or (),
            cost_eur=self.converted("cost_eur", _cost),
            min_age=min_age,
            max_age=max_age,
            languages=languages or (vocabulary.DEFAULT_LANGUAGE,),
            contact_name=self.optional("contact_name"),
            contact_phone=self.matching("contact_phone", _PHONE, "telefoonnummer"),
            contact_email=self.matching("contact_email", _EMAIL, "e-mailadres"),
            website=self.matching("website", _WEBSITE, "webadres (begin met https://)"),
            status=self.code("status", vocabulary.STATUSES, vocabulary.DEFAULT_STATUS),
            last_verified=self.converted("last_verified", _date),
        )
        return None if self.errors else record

    def codes_matching(self, column: str, pattern: re.Pattern[str]) -> tuple[str, ...]:
        values = tuple(dict.fromkeys(v.strip().lower() for v in self.text(column).split(";")))
        values = tuple(v for v in values if v)
        bad = [v for v in values if not pattern.match(v)]
        if bad:
            self.error(column, f"geen ISO 639-1 taalcode: {', '.join(repr(v) for v in bad)}")
        return values

    def coordinates(self) -> tuple[float | None, float | None]:
        lat = self.converted("lat", _float)
        lon = self.converted("lon", _float)
        if (lat is None) != (lon is None) and not self.errors:
            missing = "lon" if lon is None else "lat"
            self.error(missing, "lat en lon horen bij elkaar: vul beide in of geen van beide")
            return None, None
        if lat is not None and lon is not None:
            try:
                geo.check_coordinates(lat, lon)
            except ValidationError as exc:
                self.error("lat", exc.message)
        return lat, lon


def _float(text: str) -> float:
    try:
        value = float(text)
    except ValueError:
        raise ValueError(f"'{text}' is geen getal (gebruik een punt als decimaalteken)") from None
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError(f"'{text}' is geen getal")
    return value


def _cost(text: str) -> Decimal:
    try:
        value = Decimal(text)
    except InvalidOperation:
        raise ValueError(
            f"'{text}' is geen bedrag (euro's per maand, met een punt: 2.50; leeg = onbekend)"
        ) from None
    if not value.is_finite() or value < 0:
        raise ValueError(f"'{text}' is geen geldig bedrag (0 of meer)")
    if value != value.quantize(Decimal("0.01")) or value >= Decimal("100000000"):
        raise ValueError(f"'{text}' is geen geldig bedrag (hooguit twee decimalen)")
    return value


def _age(text: str) -> int:
    if not text.isdigit():
        raise ValueError(f"'{text}' is geen leeftijd in hele jaren")
    value = int(text)
    if value > 120:
        raise ValueError(f"leeftijd {value} is niet mogelijk")
    return value


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(f"'{text}' is geen datum (verwacht JJJJ-MM-DD)") from None
