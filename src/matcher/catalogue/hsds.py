"""The catalogue as Open Referral HSDS 3.0: each activity a `service`, the vocabulary a taxonomy.

Every id is a UUID derived from the matcher's own ids (uuid5), so a second export keeps them; an
activity whose id is a UUID already (it came from another HSDS directory) keeps that UUID. The
matcher's vocabulary (interests, support, expertise, vorm, aanbod, status and wijk) is published
as taxonomies whose terms are attached to each service as attributes, so nothing the ranking
uses is lost. docs/open-data.md gives the mapping field by field; hsds_import.py reads it back.
"""

from __future__ import annotations

import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import cache
from typing import Any

from matcher import geo, vocabulary
from matcher.catalogue.records import ActivityRecord, web_address
from matcher.phrases import N_
from matcher.vocabulary import Term

HSDS_VERSION = "3.0"
# The namespace of every derived id; changing it would change every published id.
NAMESPACE = uuid.uuid5(uuid.NAMESPACE_URL, "urn:matcher:zwolle:hsds")
VOCABULARY_VERSION = "2"  # the contract's second version
LANGUAGE = "nld"  # the language of the terms' names and descriptions (ISO 639-2, as HSDS's example)
CURRENCY = "EUR"
PER_MONTH = "per maand"
MATCHER_SCHEME = "matcher"  # organization_identifier.identifier_scheme of the organisation's code

# The status of an activity in HSDS's four words; the matcher's own word rides along as a term.
STATUS_TO_HSDS = {
    "open": "active",
    "wachtlijst": "active",
    "vol": "active",
    "gepauzeerd": "temporarily closed",
    "gestopt": "defunct",
}
STATUS_FROM_HSDS = {
    "active": "open",
    "inactive": "gepauzeerd",
    "temporarily closed": "gepauzeerd",
    "defunct": "gestopt",
}
# RFC 5545 BYDAY <-> the contract's days.
DAY_TO_RFC = dict(
    zip(vocabulary.DAY_CODES, ("MO", "TU", "WE", "TH", "FR", "SA", "SU"), strict=True)
)
DAY_FROM_RFC = {rfc: day for day, rfc in DAY_TO_RFC.items()}


def stable_id(kind: str, key: str) -> str:
    """The UUID of one thing of the catalogue: the same kind and key give the same id always."""
    return str(uuid.uuid5(NAMESPACE, f"{kind}:{key}"))


def is_uuid(value: str) -> bool:
    """Whether a text is a UUID in its canonical form (lowercase, with hyphens)."""
    try:
        return str(uuid.UUID(value)) == value
    except ValueError:
        return False


def service_id(activity_id: str) -> str:
    """The HSDS id of an activity: its own id when that is a UUID, else derived from it."""
    return activity_id if is_uuid(activity_id) else stable_id("service", activity_id)


def organization_id(record: ActivityRecord) -> str:
    """The HSDS id of an activity's organisation, from its stable code (else its name)."""
    code = record.organisation_id
    if code is None:
        return stable_id("organization-name", record.organisation)
    return code if is_uuid(code) else stable_id("organization", code)


# --- the vocabulary as taxonomies ---------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Taxonomy:
    """One part of the matcher's vocabulary, published as an HSDS taxonomy."""

    field: str  # the activity's field whose codes it holds
    name: str
    description: str
    terms: Mapping[str, Term]

    @property
    def id(self) -> str:
        """Its stable UUID."""
        return stable_id("taxonomy", self.field)

    def term_id(self, code: str) -> str:
        """The stable UUID of one of its terms."""
        return stable_id(f"taxonomy_term:{self.field}", code)


@cache
def _wijk_terms() -> dict[str, Term]:
    return {name: Term(name, name, f"De wijk {name} in Zwolle.") for name in sorted(geo.wijken())}


# The one term of the record's own id: its value is the activity's id in the matcher.
ID_FIELD = "id"
_ID_TERMS = {"code": Term("code", N_("Code"), "De eigen code van de activiteit in de matcher.")}


@cache
def taxonomies() -> tuple[Taxonomy, ...]:
    """The matcher's taxonomies, in a fixed order."""
    return (
        Taxonomy(
            "interests",
            "matcher: interesses",
            "Waar een activiteit over gaat (het contract van de matcher, §1).",
            vocabulary.INTERESTS,
        ),
        Taxonomy(
            "support",
            "matcher: steun en toegankelijkheid",
            "Wat een plek bereikbaar maakt voor iemand met een kwetsbaarheid.",
            vocabulary.SUPPORTS,
        ),
        Taxonomy(
            "expertise",
            "matcher: ervaring met doelgroepen",
            "Met welke doelgroepen de mensen van de activiteit ervaring hebben.",
            vocabulary.EXPERTISE,
        ),
        Taxonomy("vorm", "matcher: vorm", "Hoe iemand meedoet.", vocabulary.VORMEN),
        Taxonomy(
            "aanbod",
            "matcher: soort aanbod",
            "Regulier, opgeplust, aanvullend of maatwerk (van apart naar gewoon).",
            vocabulary.AANBOD,
        ),
        Taxonomy("status", "matcher: status", "Of je mee kunt doen.", vocabulary.STATUSES),
        Taxonomy("wijk", "matcher: wijk", "De wijk in Zwolle waar het is.", _wijk_terms()),
        Taxonomy(
            ID_FIELD,
            "matcher: gegevens",
            "Waarden van de matcher zelf; de waarde staat in het attribuut.",
            _ID_TERMS,
        ),
    )


@cache
def terms_by_id() -> dict[str, tuple[Taxonomy, str]]:
    """Each published term's UUID -> its taxonomy and code."""
    return {t.term_id(code): (t, code) for t in taxonomies() for code in t.terms}


def taxonomy_json(taxonomy: Taxonomy) -> dict[str, Any]:
    """One taxonomy as HSDS `taxonomy`."""
    return {
        "id": taxonomy.id,
        "name": taxonomy.name,
        "description": taxonomy.description,
        "version": VOCABULARY_VERSION,
    }


def term_json(taxonomy: Taxonomy, code: str) -> dict[str, Any]:
    """One code of the vocabulary as HSDS `taxonomy_term`, with its taxonomy."""
    term = taxonomy.terms[code]
    return {
        "id": taxonomy.term_id(code),
        "code": code,
        "name": term.label,
        "description": term.explanation,
        "taxonomy": taxonomy.name,
        "taxonomy_id": taxonomy.id,
        "taxonomy_detail": taxonomy_json(taxonomy),
        "language": LANGUAGE,
    }


def all_terms() -> list[dict[str, Any]]:
    """Every published term, taxonomy by taxonomy."""
    return [term_json(t, code) for t in taxonomies() for code in t.terms]


# --- one activity as a service ------------------------------------------------------------------

# Where the matcher's place of an activity came from, when the file did not give coordinates:
# the location carries the derived point (for maps) and says so, so reading it back does not
# turn a derived point into a given one.
DERIVED_FROM_POSTCODE, DERIVED_FROM_WIJK = "afgeleid van de postcode", "afgeleid van de wijk"


def service(record: ActivityRecord) -> dict[str, Any]:
    """One activity as an HSDS 3.0 `service` (service_full): valid against the compiled schema."""
    sid = service_id(record.id)
    found: dict[str, Any] = {
        "id": sid,
        "organization_id": organization_id(record),
        "name": record.title,
        "description": record.description,
        # A website is a URI from the catalogue's own rule; one saved before that rule is
        # percent-encoded here, so that no service breaks HSDS's `format: uri`.
        "url": record.website and (web_address(record.website) or record.website),
        "email": record.contact_email,
        "status": STATUS_TO_HSDS[record.status],
        "minimum_age": record.min_age,
        "maximum_age": record.max_age,
        "assured_date": record.last_verified and record.last_verified.isoformat(),
        "organization": _organization(record),
        "service_at_locations": _at_locations(record, sid),
        "schedules": _schedules(record, sid),
        "cost_options": _costs(record, sid),
        "languages": _languages(record, sid),
        "contacts": _contacts(record, sid),
        "phones": _phones(record, sid),
        "attributes": _attributes(record, sid),
    }
    return {key: value for key, value in found.items() if value not in (None, [])}


def services(records: Iterable[ActivityRecord]) -> list[dict[str, Any]]:
    """The catalogue as a JSON list of service_full objects."""
    return [service(record) for record in records]


def _organization(record: ActivityRecord) -> dict[str, Any]:
    oid = organization_id(record)
    organization: dict[str, Any] = {"id": oid, "name": record.organisation, "description": ""}
    if record.organisation_id:
        organization["organization_identifiers"] = [
            {
                "id": stable_id("organization_identifier", oid),
                "organization_id": oid,
                "identifier_scheme": MATCHER_SCHEME,
                "identifier_type": "code",
                "identifier": record.organisation_id,
            }
        ]
    return organization


def _place_key(record: ActivityRecord) -> str:
    return "|".join(
        str(part) for part in (record.address, record.postcode, record.wijk, record.lat, record.lon)
    )


def _at_locations(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    point = record.point
    if point is None and not record.address:
        return []
    lid = stable_id("location", _place_key(record))
    location: dict[str, Any] = {
        "id": lid,
        "location_type": "physical",
        "name": record.address or record.area or record.postcode or "Zwolle",
    }
    if point is not None:
        location["latitude"], location["longitude"] = point.lat, point.lon
    if record.address or record.postcode:
        location["addresses"] = [
            {
                "id": stable_id("address", lid),
                "location_id": lid,
                "address_1": record.address or "",
                "city": "Zwolle",
                "state_province": "Overijssel",
                "postal_code": record.postcode or "",
                "country": "NL",
                "address_type": "physical",
            }
        ]
    derived = _derivation(record)
    if derived:
        location["attributes"] = [
            {
                "id": stable_id("attribute:location", f"{lid}:{derived}"),
                "link_id": lid,
                "link_type": "coordinates",
                "link_entity": "location",
                "value": derived,
            }
        ]
    return [
        {
            "id": stable_id("service_at_location", sid),
            "service_id": sid,
            "location_id": lid,
            "location": location,
        }
    ]


def _derivation(record: ActivityRecord) -> str | None:
    if record.lat is not None or record.point is None:
        return None
    return DERIVED_FROM_POSTCODE if record.postcode else DERIVED_FROM_WIJK


def _schedules(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    # One schedule per slot: the slots keep their order, and each is one weekly RRULE.
    return [
        {
            "id": stable_id("schedule", f"{sid}:{position}"),
            "service_id": sid,
            "freq": "WEEKLY",
            "wkst": "MO",
            "byday": DAY_TO_RFC[slot.day],
            "opens_at": f"{slot.start:%H:%M}",
            "closes_at": f"{slot.end:%H:%M}",
            "description": f"{vocabulary.DAYS[slot.day].label} {slot.start:%H:%M}-{slot.end:%H:%M}",
        }
        for position, slot in enumerate(record.schedule)
    ]


def _costs(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    if record.cost_eur is None:
        return []
    return [
        {
            "id": stable_id("cost_option", sid),
            "service_id": sid,
            "currency": CURRENCY,
            "amount": float(record.cost_eur),
            "amount_description": PER_MONTH,
        }
    ]


def _languages(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    found = []
    for code in record.languages:
        language: dict[str, Any] = {
            "id": stable_id("language", f"{sid}:{code}"),
            "service_id": sid,
            "code": code,
        }
        known = vocabulary.LANGUAGES.get(code)
        if known is not None:
            language["name"] = known.name
        found.append(language)
    return found


def _contacts(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    if not record.contact_name:
        return []
    return [{"id": stable_id("contact", sid), "service_id": sid, "name": record.contact_name}]


def _phones(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    if not record.contact_phone:
        return []
    return [
        {
            "id": stable_id("phone", sid),
            "service_id": sid,
            "number": record.contact_phone,
            "type": "voice",
        }
    ]


def codes_of(record: ActivityRecord, taxonomy: Taxonomy) -> tuple[str, ...]:
    """The codes of one taxonomy an activity has (its wijk: as given, else its postcode's)."""
    if taxonomy.field == ID_FIELD:
        return ("code",)
    if taxonomy.field == "wijk":
        return (record.area,) if record.area else ()
    value = getattr(record, taxonomy.field)
    return tuple(value) if isinstance(value, tuple) else (value,)


def _attributes(record: ActivityRecord, sid: str) -> list[dict[str, Any]]:
    found = []
    for taxonomy in taxonomies():
        for code in codes_of(record, taxonomy):
            attribute = {
                "id": stable_id("attribute", f"{sid}:{taxonomy.field}:{code}"),
                "link_id": sid,
                "link_type": taxonomy.field,
                "link_entity": "service",
                "taxonomy_term_id": taxonomy.term_id(code),
                "taxonomy_term": term_json(taxonomy, code),
            }
            value = _attribute_value(record, taxonomy)
            if value is not None:
                attribute["value"] = value
            found.append(attribute)
    return found


def _attribute_value(record: ActivityRecord, taxonomy: Taxonomy) -> str | None:
    if taxonomy.field == ID_FIELD:
        return record.id
    if taxonomy.field == "wijk" and not record.wijk:
        return DERIVED_FROM_POSTCODE
    return None
