"""Reading Open Referral HSDS into the catalogue: services mapped onto the one set of activity fields.

An HSDS file is a JSON list of `service_full` objects (also one service, or a page of the HSDS
API: `{"contents": [...]}`), or the tabular package: a folder of CSV files (services.csv,
organizations.csv, ...) or the same tables in one JSON object (hsds_tables.py). Each service becomes a row for `records.parse_record`, so it is checked
exactly as a CSV row is, and the result is a `ParsedCatalogue` for the catalogue service's
all-or-nothing import. What a service holds that the catalogue has no place for is not guessed
at: it is listed, service by service, as not taken over.
"""

from __future__ import annotations

import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher import geo, jsoninput
from matcher.catalogue import hsds, records
from matcher.catalogue.formats import ParsedCatalogue, RowError, add_record, check_not_empty
from matcher.catalogue.records import RowInvalid
from matcher.errors import MatcherError, ValidationError

UNIT = "dienst"
NO_INTEREST = (
    "geen interesse uit de taxonomie 'matcher: interesses'; geef er een per dienst, "
    "of één voor alle diensten zonder met --interest CODE"
)
NOT_A_SERVICE = (
    "geen HSDS-dienst: een dienst (service) is een object met ten minste id en status; "
    "een organisatie telt met haar diensten (services), een service_at_location met zijn service"
)
# The HSDS field each activity field comes from, to name it in an error.
SOURCE = {
    "id": "id",
    "title": "name",
    "description": "description",
    "organisation": "organization.name",
    "organisation_id": "organization.organization_identifiers",
    "address": "location.addresses.address_1",
    "postcode": "location.addresses.postal_code",
    "wijk": "attributes (matcher: wijk)",
    "lat": "location.latitude",
    "lon": "location.longitude",
    "interests": "attributes (matcher: interesses)",
    "schedule": "schedules",
    "cost_eur": "cost_options.amount",
    "min_age": "minimum_age",
    "max_age": "maximum_age",
    "languages": "languages.code",
    "contact_name": "contacts.name",
    "contact_phone": "phones.number",
    "contact_email": "email",
    "website": "url",
    "status": "status",
    "last_verified": "assured_date",
}
# Service fields this reader maps (in part, perhaps: the rest of them is reported on its own).
MAPPED = frozenset(
    {
        "id",
        "name",
        "description",
        "url",
        "email",
        "status",
        "minimum_age",
        "maximum_age",
        "assured_date",
        "organization_id",
        "organization",
        "service_at_locations",
        "schedules",
        "cost_options",
        "languages",
        "contacts",
        "phones",
        "attributes",
    }
)
_TIME = re.compile(r"^\s*(\d{1,2})(?::(\d{2}))?(?::\d{2})?\s*([ap]\.?m\.?)?\s*$", re.IGNORECASE)
_WEEKDAYS = {
    name: day
    for day, names in {
        "ma": ("monday", "maandag"),
        "di": ("tuesday", "dinsdag"),
        "wo": ("wednesday", "woensdag"),
        "do": ("thursday", "donderdag"),
        "vr": ("friday", "vrijdag"),
        "za": ("saturday", "zaterdag"),
        "zo": ("sunday", "zondag"),
    }.items()
    for name in names
}


@dataclass(slots=True)
class Mapped:
    """One service as activity fields, with what could not be taken over and hard errors."""

    row: dict[str, Any] = field(default_factory=dict)
    errors: list[tuple[str, str]] = field(default_factory=list)  # (HSDS field, message)
    left: list[str] = field(default_factory=list)  # what was not taken over, in words

    def leave(self, what: str) -> None:
        """Note something the catalogue has no place for."""
        self.left.append(what)


# --- the whole file ------------------------------------------------------------------------------


# A key of an HSDS object that is no service (an API's details, from GET /), so that it is
# refused as HSDS ("geen HSDS-dienst"), not as the matcher's own JSON.
_HSDS_KEYS = ("openapi_url",)
TABLE_SUFFIX = ".csv"  # the tabular package as JSON names each table by its file


def looks_like_hsds(document: Any) -> bool:
    """Whether a JSON document is HSDS (services with `name`) rather than the matcher's own form."""
    if isinstance(document, dict):
        if "contents" in document or _at_location(document):
            return True
        if "activities" in document or "title" in document:
            return False
        return (
            "name" in document or any(key in document for key in _HSDS_KEYS) or _tabular(document)
        )
    items = (
        [item for item in document if isinstance(item, dict)] if isinstance(document, list) else []
    )
    return bool(items) and all(
        ("name" in item and "title" not in item) or _at_location(item) for item in items
    )


def _at_location(item: Mapping[str, Any]) -> bool:
    # A service_at_location with its service (examples/service_at_location_full.json)
    return isinstance(item.get("service"), dict) and "status" not in item


def is_hsds(data: bytes) -> bool:
    """Whether a file is HSDS JSON (its content decides, as for the matcher's own forms)."""
    try:
        return looks_like_hsds(jsoninput.loads(data))
    except MatcherError:
        return False


def read_json(text: str | bytes, default_interest: str | None = None) -> ParsedCatalogue:
    """Read an HSDS JSON file: a list of service_full objects, one, or an API page of them; or
    the tabular package as one object of tables."""
    try:
        document = jsoninput.loads(text)
    except MatcherError as exc:
        parsed = ParsedCatalogue(unit=UNIT)
        parsed.errors.append(RowError(0, exc.field, exc.message))
        return parsed
    if _tabular(document):
        from matcher.catalogue import hsds_tables  # it reads its services with this module

        return hsds_tables.read_tabular(document, default_interest)
    return read_services(_services_of(document), default_interest)


def _tabular(document: Any) -> bool:
    # {"services.csv": [...], "organizations.csv": [...], ...}: HSDS's examples/tabular.json
    return (
        isinstance(document, dict)
        and bool(document)
        and all(isinstance(key, str) and key.endswith(TABLE_SUFFIX) for key in document)
    )


def _services_of(document: Any) -> Any:
    if isinstance(document, dict) and isinstance(document.get("contents"), list):
        document = document["contents"]
    items = [document] if isinstance(document, dict) else document
    if not isinstance(items, list):
        return items
    return [service for item in items for service in _unwrapped(item)]


def _unwrapped(item: Any) -> list[Any]:
    """The services an HSDS object holds: a service is itself; an organization (organization_full)
    holds its `services`, each of which gets that organization when it has none of its own; a
    service_at_location (service_at_location_full) holds its `service`, at its location."""
    if not isinstance(item, dict) or "status" in item:  # a service: status is required
        return [item]
    if _at_location(item):
        return [_at_its_location(item)]
    services = item.get("services")
    if isinstance(services, list) and services:
        organization = {key: value for key, value in item.items() if key != "services"}
        return [_of_organization(service, organization) for service in services]
    return [item]


def _of_organization(service: Any, organization: dict[str, Any]) -> Any:
    if not isinstance(service, dict) or isinstance(service.get("organization"), dict):
        return service
    return {**service, "organization": organization}


def _at_its_location(at: Mapping[str, Any]) -> dict[str, Any]:
    service: dict[str, Any] = at["service"]
    here = {key: value for key, value in at.items() if key != "service"}
    # The service_at_location comes first: its location is the service's place, its times and
    # phones count as the service's; the service's own list keeps the others.
    others = [
        other
        for other in service.get("service_at_locations") or []
        if not (isinstance(other, dict) and other.get("id") == here.get("id"))
    ]
    return {**service, "service_at_locations": [here, *others]}


def read_services(
    services: Any, default_interest: str | None = None, unit: str = UNIT
) -> ParsedCatalogue:
    """Map HSDS services onto activities, validating each as a catalogue row."""
    parsed = ParsedCatalogue(unit=unit)
    if not isinstance(services, list):
        parsed.errors.append(RowError(0, None, "verwacht een lijst van HSDS-diensten (service)"))
        return parsed
    for number, service in enumerate(services, start=1):
        parsed.rows_read += 1
        _add_service(parsed, number, service, default_interest)
    check_not_empty(parsed)
    return parsed


def _add_service(
    parsed: ParsedCatalogue, number: int, service: Any, default_interest: str | None
) -> None:
    if not isinstance(service, dict) or not {"id", "status"} <= service.keys():
        parsed.errors.append(RowError(number, None, NOT_A_SERVICE))
        return
    mapped = map_service(service, default_interest)
    errors = [RowError(number, where, message) for where, message in mapped.errors]
    try:
        records.parse_record(mapped.row)
    except RowInvalid as invalid:
        # The report names the HSDS field a data officer can find in the file.
        errors += [
            RowError(number, SOURCE.get(e.column, e.column), e.message)
            for e in invalid.errors
            if not (e.column == "interests" and "interests" not in mapped.row)
        ]
    if errors:
        parsed.errors.extend(errors)
        return
    add_record(parsed, number, mapped.row)
    if mapped.left:
        name = service.get("name") or service["id"]
        parsed.warnings.append(
            f"{UNIT} {number} ({name}): niet overgenomen: {'; '.join(mapped.left)}"
        )


# --- one service ---------------------------------------------------------------------------------


def map_service(service: Mapping[str, Any], default_interest: str | None = None) -> Mapped:
    """One HSDS service as the activity fields it can fill; the rest is noted, not guessed."""
    mapped = Mapped()
    row = mapped.row
    row["title"], row["description"] = service.get("name"), service.get("description")
    row["website"], row["contact_email"] = service.get("url"), service.get("email")
    row["min_age"] = _whole(service.get("minimum_age"))
    row["max_age"] = _whole(service.get("maximum_age"))
    row["last_verified"] = _date(service.get("assured_date"))
    for step in (
        _organisation,
        _vocabulary,
        _place,
        _schedule,
        _cost,
        _languages,
        _contact,
        _phone,
        _status,
    ):
        step(service, mapped)
    if not row.get("interests") and default_interest:
        row["interests"] = [default_interest]
        mapped.leave(f"geen interesse uit de matcher-taxonomie: '{default_interest}' gegeven")
    elif not row.get("interests"):
        mapped.errors.append((SOURCE["interests"], NO_INTEREST))
    row.setdefault("id", service["id"])
    extra = sorted(key for key, value in service.items() if key not in MAPPED and _has(value))
    if extra:
        mapped.leave(", ".join(extra))
    return mapped


def _has(value: Any) -> bool:
    return value not in (None, "", [], {})


def _whole(value: Any) -> Any:
    # HSDS ages are numbers; 12.0 is the whole year 12, 12.5 stays and is refused as an age.
    if isinstance(value, float) and value.is_integer():
        return int(value)
    return value


def _date(value: Any) -> Any:
    # assured_date is a date, sometimes written as a date-time.
    if isinstance(value, str) and re.match(r"^\d{4}-\d{2}-\d{2}T", value):
        return value[:10]
    return value


def _organisation(service: Mapping[str, Any], mapped: Mapped) -> None:
    organization = service.get("organization")
    if not isinstance(organization, dict):
        return
    mapped.row["organisation"] = organization.get("name")
    for identifier in organization.get("organization_identifiers") or []:
        if isinstance(identifier, dict) and identifier.get("identifier_scheme") == "matcher":
            mapped.row["organisation_id"] = identifier.get("identifier")


def _our_term(attribute: Any) -> tuple[hsds.Taxonomy, str] | None:
    """The matcher's taxonomy and code an attribute names, by term id or by taxonomy and code."""
    if not isinstance(attribute, dict):
        return None
    given = attribute.get("taxonomy_term")
    term: dict[str, Any] = given if isinstance(given, dict) else {}
    term_id = attribute.get("taxonomy_term_id") or term.get("id")
    found = hsds.terms_by_id().get(str(term_id))
    if found is not None:
        return found
    detail = term.get("taxonomy_detail")
    taxonomy_name = term.get("taxonomy") or (
        detail.get("name") if isinstance(detail, dict) else None
    )
    code = str(term.get("code"))
    for taxonomy in hsds.taxonomies():
        if taxonomy.name == taxonomy_name and code in taxonomy.terms:
            return taxonomy, code
    return None


def _vocabulary(service: Mapping[str, Any], mapped: Mapped) -> None:
    others = 0
    for attribute in service.get("attributes") or []:
        found = _our_term(attribute)
        if found is None:
            others += 1
            continue
        taxonomy, code = found
        if taxonomy.field == hsds.ID_FIELD:
            mapped.row["id"] = attribute.get("value")
        elif taxonomy.field == "wijk":
            if attribute.get("value") != hsds.DERIVED_FROM_POSTCODE:
                mapped.row["wijk"] = code
        elif taxonomy.field in ("aanbod", "status"):
            mapped.row[taxonomy.field] = code
        else:
            mapped.row.setdefault(taxonomy.field, []).append(code)
    if others:
        mapped.leave(f"{others} attribuut/attributen van andere taxonomieën")


def _status(service: Mapping[str, Any], mapped: Mapped) -> None:
    if "status" in mapped.row:  # the matcher's own word, from its taxonomy
        return
    given = service.get("status")
    if given is None:
        return
    status = hsds.STATUS_FROM_HSDS.get(str(given))
    if status is None:
        choices = ", ".join(hsds.STATUS_FROM_HSDS)
        mapped.errors.append(("status", f"onbekende status '{given}' (kies uit {choices})"))
        return
    mapped.row["status"] = status


# --- where ---------------------------------------------------------------------------------------


def _locations(service: Mapping[str, Any]) -> list[dict[str, Any]]:
    at = [a for a in service.get("service_at_locations") or [] if isinstance(a, dict)]
    return [a["location"] for a in at if isinstance(a.get("location"), dict)]


def _place(service: Mapping[str, Any], mapped: Mapped) -> None:
    locations = [loc for loc in _locations(service) if loc.get("location_type") != "virtual"]
    if len(_locations(service)) > len(locations):
        mapped.leave("een online locatie (location_type virtual)")
    if not locations:
        return
    if len(locations) > 1:
        mapped.leave(f"{len(locations) - 1} locatie(s) na de eerste: de matcher kent één plek")
    location = locations[0]
    point = _coordinates(location, mapped)
    address = _address(location)
    if point is None and not address:
        return
    if not _in_zwolle(point, address):
        mapped.leave(
            f"de locatie '{location.get('name') or location.get('id')}' ligt niet in Zwolle"
        )
        return
    if address:
        street = " ".join(p for p in (address.get("address_1"), address.get("address_2")) if p)
        mapped.row["address"] = street or None
        mapped.row["postcode"] = address.get("postal_code") or None
    if point is not None and not _derived(location):
        mapped.row["lat"], mapped.row["lon"] = point


def _coordinates(location: Mapping[str, Any], mapped: Mapped) -> tuple[float, float] | None:
    given_lat, given_lon = location.get("latitude"), location.get("longitude")
    if given_lat is None and given_lon is None:
        return None
    if not (isinstance(given_lat, int | float) and isinstance(given_lon, int | float)) or not (
        _number(given_lat) and _number(given_lon)
    ):
        mapped.errors.append(("location.latitude", "latitude en longitude horen samen, als getal"))
        return None
    lat, lon = float(given_lat), float(given_lon)
    impossible = []
    if not -90 <= lat <= 90:
        impossible.append(("location.latitude", f"{given_lat} is geen breedtegraad (-90 tot 90)"))
    if not -180 <= lon <= 180:
        impossible.append(("location.longitude", f"{given_lon} is geen lengtegraad (-180 tot 180)"))
    mapped.errors += impossible
    return None if impossible else (lat, lon)


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _address(location: Mapping[str, Any]) -> dict[str, Any] | None:
    addresses = [a for a in location.get("addresses") or [] if isinstance(a, dict)]
    physical = [a for a in addresses if a.get("address_type") != "postal"]
    found = physical or addresses
    return found[0] if found else None


def _in_zwolle(point: tuple[float, float] | None, address: Mapping[str, Any] | None) -> bool:
    if point is not None:
        try:
            geo.check_coordinates(*point)
            return True
        except ValidationError:
            return False
    city = str((address or {}).get("city") or "").strip().lower()
    return city == "zwolle" or _zwolle_postcode((address or {}).get("postal_code"))


def _zwolle_postcode(value: Any) -> bool:
    try:
        geo.normalise_postcode(str(value or ""))
        return True
    except ValidationError:
        return False


def _derived(location: Mapping[str, Any]) -> bool:
    values = {a.get("value") for a in location.get("attributes") or [] if isinstance(a, dict)}
    return bool(values & {hsds.DERIVED_FROM_POSTCODE, hsds.DERIVED_FROM_WIJK})


# --- when, cost, language, contact ---------------------------------------------------------------


def _schedules_of(service: Mapping[str, Any]) -> list[Any]:
    # The service's own times first; else those at its first location (HSDS allows both).
    if service.get("schedules"):
        return list(service["schedules"])
    for at in service.get("service_at_locations") or []:
        if isinstance(at, dict) and at.get("schedules"):
            return list(at["schedules"])
    for location in _locations(service):
        if location.get("schedules"):
            return list(location["schedules"])
    return []


def _schedule(service: Mapping[str, Any], mapped: Mapped) -> None:
    slots: list[str] = []
    for schedule in _schedules_of(service):
        found = _weekly_slots(schedule) if isinstance(schedule, dict) else None
        if found is None:
            mapped.leave(
                f"tijden die niet als 'elke week van ... tot ...' te lezen zijn ({_said(schedule)})"
            )
            continue
        slots.extend(found)
    if slots:
        mapped.row["schedule"] = "; ".join(slots)


def _said(schedule: Any) -> str:
    if not isinstance(schedule, dict):
        return str(schedule)
    if schedule.get("description"):
        return str(schedule["description"])
    keys = ("freq", "byday", "weekday", "opens_at", "closes_at")
    return " ".join(str(schedule[k]) for k in keys if _has(schedule.get(k))) or "schedule"


# Fields of a schedule that make it more than "every week on these days at these times".
_NOT_WEEKLY = ("until", "count", "byweekno", "bymonthday", "byyearday", "valid_to")


def _weekly_slots(schedule: Mapping[str, Any]) -> list[str] | None:
    """A weekly schedule as slots ('di 10:00-12:00'); None when it is not simply weekly."""
    if schedule.get("freq", "WEEKLY") != "WEEKLY" or schedule.get("interval", 1) not in (1, "1"):
        return None
    if any(_has(schedule.get(name)) for name in _NOT_WEEKLY):
        return None
    days = [d.strip().upper() for d in str(schedule.get("byday") or "").split(",") if d.strip()]
    if not days and schedule.get("weekday"):  # HSDS 1/2 and Ohana: one weekday by name
        day = _WEEKDAYS.get(str(schedule["weekday"]).strip().lower())
        days = [hsds.DAY_TO_RFC[day]] if day else ["?"]
    start, end = _clock(schedule.get("opens_at")), _clock(schedule.get("closes_at"))
    if not days or start is None or end is None or any(d not in hsds.DAY_FROM_RFC for d in days):
        return None
    if start >= end:  # '9am-03:00' means 3 pm, probably; a guess is not taken over
        return None
    return [f"{hsds.DAY_FROM_RFC[d]} {start}-{end}" for d in days]


def _clock(value: Any) -> str | None:
    """'10:00:00', '9:30', '4:00 PM', '9am' -> 'HH:MM'; None when unreadable."""
    match = _TIME.match(str(value or ""))
    if match is None:
        return None
    hours, minutes = int(match[1]), int(match[2] or 0)
    suffix = (match[3] or "").lower().replace(".", "")
    if suffix and not 1 <= hours <= 12:
        return None
    if suffix:
        hours = hours % 12 + (12 if suffix == "pm" else 0)
    return f"{hours:02d}:{minutes:02d}" if hours < 24 and minutes < 60 else None


def _cost(service: Mapping[str, Any], mapped: Mapped) -> None:
    options = [o for o in service.get("cost_options") or [] if isinstance(o, dict)]
    if not options:
        return
    option = options[0]
    currency = str(option.get("currency") or hsds.CURRENCY).upper()
    per = str(option.get("amount_description") or hsds.PER_MONTH).strip().lower()
    if len(options) > 1 or currency != hsds.CURRENCY or per != hsds.PER_MONTH:
        mapped.leave("kosten die geen bedrag in euro per maand zijn (cost_options)")
        return
    mapped.row["cost_eur"] = option.get("amount")


def _languages(service: Mapping[str, Any], mapped: Mapped) -> None:
    if isinstance(service.get("languages"), str):
        mapped.leave(f"talen als tekst, zonder code ({service['languages']})")
        return
    codes = [
        str(language.get("code") or "").strip().lower()
        for language in service.get("languages") or []
        if isinstance(language, dict)
    ]
    two_letter = [code for code in codes if len(code) == 2]
    if len(two_letter) < len(codes):
        mapped.leave("talen zonder tweeletterige ISO 639-1-code")
    if two_letter:
        mapped.row["languages"] = two_letter


def _all(service: Mapping[str, Any], key: str) -> list[dict[str, Any]]:
    """The service's own `key` list, then those at its locations and of its organisation."""
    places: list[Any] = [service]
    places += [a for a in service.get("service_at_locations") or [] if isinstance(a, dict)]
    places += _locations(service)
    if isinstance(service.get("organization"), dict):
        places.append(service["organization"])
    return [item for place in places for item in place.get(key) or [] if isinstance(item, dict)]


def _contact(service: Mapping[str, Any], mapped: Mapped) -> None:
    contacts = [c for c in _all(service, "contacts") if c.get("name")]
    if not contacts:
        return
    mapped.row["contact_name"] = contacts[0]["name"]
    if not mapped.row.get("contact_email") and contacts[0].get("email"):
        mapped.row["contact_email"] = contacts[0]["email"]
    if len(contacts) > 1:
        mapped.leave(f"{len(contacts) - 1} contactpersoon/contactpersonen na de eerste")


def _phone(service: Mapping[str, Any], mapped: Mapped) -> None:
    contacts = _all(service, "contacts")
    phones = _all(service, "phones") + [p for c in contacts for p in c.get("phones") or []]
    voice = [p for p in phones if isinstance(p, dict) and p.get("type") in (None, "voice")]
    if not voice:
        return
    # Some files put the number between quotes ("\"+44 ...\""); the quotes are not the number.
    mapped.row["contact_phone"] = str(voice[0].get("number") or "").strip().strip('"').strip()
    if _has(voice[0].get("extension")):
        mapped.leave(f"toestelnummer {voice[0]['extension']}")
    numbers = {str(p.get("number")) for p in voice}
    if len(numbers) > 1:
        mapped.leave(f"{len(numbers) - 1} telefoonnummer(s) na het eerste")
