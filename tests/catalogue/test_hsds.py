"""The catalogue as Open Referral HSDS 3.0: valid services out, the official files in, nothing lost."""

from __future__ import annotations

import copy
import csv
import json
import shutil
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from matcher import vocabulary
from matcher.catalogue import hsds, hsds_import, hsds_tables
from matcher.catalogue.formats import read_catalogue, write_csv
from matcher.catalogue.records import FORMULA_START, ActivityRecord, parse_record
from matcher.resources import data_path
from tests.conftest import EVAL_CATALOGUE, SHARED, row

EXTERNAL = SHARED / "external"
HSDS_SPEC = EXTERNAL / "openreferral-hsds-3.0"
UK_NEGATIVE = EXTERNAL / "openreferral-uk-profile" / "negative-examples-tpximpact"
SAN_MATEO = EXTERNAL / "ohana-api-sanmateo" / "sample-csv"


@cache
def service_validator() -> jsonschema.protocols.Validator:
    schema = json.loads(
        (HSDS_SPEC / "schema" / "compiled" / "service_with_definitions.json").read_text()
    )
    cls = jsonschema.validators.validator_for(schema)
    cls.check_schema(schema)
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def schema_errors(service: dict[str, Any]) -> list[str]:
    return [f"{e.json_path}: {e.message}" for e in service_validator().iter_errors(service)]


def catalogue(path: Path) -> list[ActivityRecord]:
    parsed = read_catalogue(path.read_bytes(), path.name)
    assert parsed.errors == []
    return [record for _, record in parsed.records]


def through_hsds(records: list[ActivityRecord]) -> list[ActivityRecord]:
    parsed = hsds_import.read_json(json.dumps(hsds.services(records)))
    assert parsed.errors == []
    return [record for _, record in parsed.records]


SAMPLE = data_path("catalogue", "zwolle-voorbeeld.csv")


@pytest.mark.parametrize("path", [SAMPLE, EVAL_CATALOGUE], ids=["sample", "evaluation"])
def test_it_exports_every_activity_as_a_service_valid_against_the_compiled_schema(
    path: Path,
) -> None:
    for record in catalogue(path):
        assert schema_errors(hsds.service(record)) == [], record.id


def _formats(schema: Any) -> set[str]:
    """The `format` keywords a schema uses (a property named `format` is an object, and
    datapackage_metadata's "format": "csv" describes a CSV file, not a string)."""
    if isinstance(schema, list):
        return {found for item in schema for found in _formats(item)}
    if not isinstance(schema, dict):
        return set()
    found = {schema["format"]} if isinstance(schema.get("format"), str) else set()
    for key, value in schema.items():
        if key != "datapackage_metadata":
            found |= _formats(value)
    return found


def test_it_checks_every_format_the_compiled_schema_uses() -> None:
    # jsonschema checks `uri` only with rfc3986-validator installed, `date-time` only with
    # rfc3339-validator: without them, those formats would pass whatever they hold.
    compiled = json.loads(
        (HSDS_SPEC / "schema" / "compiled" / "service_with_definitions.json").read_text()
    )
    formats = _formats(compiled)
    assert formats == {"uri", "email", "date-time", "uuid"}
    format_checker = service_validator().format_checker
    assert format_checker is not None and formats <= format_checker.checkers.keys()
    service = hsds.service(parse_record(row(website="https://www.zwolle.nl/caf%C3%A9")))
    assert schema_errors(service) == []
    for key, bad in [
        ("url", "https://www.zwolle.nl/café"),
        ("url", "https://www.zwolle.nl/wijk centrum"),
        ("email", "geen-adres"),
        ("last_modified", "gisteren"),
        ("organization_id", "kookgroep"),
    ]:
        assert schema_errors({**service, key: bad}), (key, bad)


def test_it_keeps_every_id_the_same_in_a_second_export() -> None:
    record = parse_record(row())
    first, second = hsds.service(record), hsds.service(record.model_copy())
    assert first == second
    assert first["id"] == hsds.stable_id("service", "kookgroep-test")


def test_it_keeps_a_uuid_that_came_from_another_directory() -> None:
    given = "ac148810-d857-441c-9679-408f346de14b"
    assert hsds.service(parse_record(row(id=given)))["id"] == given


def test_it_publishes_the_vocabulary_as_taxonomy_terms_attached_as_attributes() -> None:
    service = hsds.service(
        parse_record(row(support="prikkelarm", expertise="nah", vorm="vrijwilligerswerk"))
    )
    attached = {
        (a["taxonomy_term"]["taxonomy_detail"]["name"], a["taxonomy_term"]["code"])
        for a in service["attributes"]
    }
    assert {
        ("matcher: interesses", "koken"),
        ("matcher: steun en toegankelijkheid", "prikkelarm"),
        ("matcher: ervaring met doelgroepen", "nah"),
        ("matcher: vorm", "vrijwilligerswerk"),
        ("matcher: soort aanbod", "regulier"),
        ("matcher: status", "open"),
        ("matcher: wijk", "Assendorp"),
    } <= attached
    term = next(a["taxonomy_term"] for a in service["attributes"] if a["link_type"] == "support")
    assert term["name"] == "Rustige plek" and term["description"]


def test_it_writes_a_weekly_schedule_as_rfc_5545_rules() -> None:
    service = hsds.service(parse_record(row(schedule="di 10:00-12:00; za 9:30-11:00")))
    rules = [(s["freq"], s["byday"], s["opens_at"], s["closes_at"]) for s in service["schedules"]]
    assert rules == [("WEEKLY", "TU", "10:00", "12:00"), ("WEEKLY", "SA", "09:30", "11:00")]


def test_it_says_when_the_coordinates_are_derived_from_the_postcode() -> None:
    [at] = hsds.service(parse_record(row(postcode="8011", wijk="")))["service_at_locations"]
    assert at["location"]["latitude"] == pytest.approx(52.5116)
    assert at["location"]["attributes"][0]["value"] == hsds.DERIVED_FROM_POSTCODE


# --- nothing lost --------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [SAMPLE, EVAL_CATALOGUE], ids=["sample", "evaluation"])
def test_it_reads_its_own_export_back_to_the_same_catalogue(path: Path) -> None:
    records = catalogue(path)
    again = through_hsds(records)
    assert again == records
    assert write_csv(again) == write_csv(records)


def _text() -> st.SearchStrategy[str]:
    return (
        st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=30)
        .map(str.strip)
        .filter(lambda t: t and not t.startswith(FORMULA_START))
    )


def _codes(table: dict[str, Any], at_least: int = 0) -> st.SearchStrategy[str]:
    return st.lists(st.sampled_from(sorted(table)), unique=True, min_size=at_least).map(";".join)


def _emails() -> st.SearchStrategy[str]:
    return st.emails().filter(lambda e: len(e) <= 200 and not e.startswith(FORMULA_START))


# What RFC 3986 allows literally in a path, query or fragment, and escapes of what it does not.
_URI_TEXT = "abcXYZ019-._~!$&'()*+,;=:@/"
_ESCAPES = ["%20", "%C3%A9", "%25", "%23", "%e2%82%ac"]


def _uri_part(extra: str = "") -> st.SearchStrategy[str]:
    characters = st.one_of(st.sampled_from(_URI_TEXT + extra), st.sampled_from(_ESCAPES))
    return st.lists(characters, max_size=40).map("".join)


@st.composite
def _websites(draw: st.DrawFn) -> str:
    host = draw(st.sampled_from(["voorbeeld.example", "www.zwolle.nl:8080", "xn--caf-dma.nl"]))
    query = draw(st.one_of(st.just(""), _uri_part("?").map("?".__add__)))
    part = draw(st.one_of(st.just(""), _uri_part("?").map("#".__add__)))
    scheme = draw(st.sampled_from(["http", "https"]))
    return f"{scheme}://{host}/{draw(_uri_part())}{query}{part}"


@st.composite
def activities(draw: st.DrawFn) -> ActivityRecord:
    place = draw(
        st.sampled_from(
            [
                {},
                {"wijk": "Pierik"},
                {"postcode": "8022 AB"},
                {"postcode": "8011", "wijk": "Binnenstad", "address": "Markt 1"},
                {"address": "Dorpsstraat 2"},
                {"lat": "52.51358", "lon": "6.09034"},
                {"lat": "52.5", "lon": "6.1", "postcode": "8031"},
            ]
        )
    )
    low = draw(st.one_of(st.none(), st.integers(0, 60)))
    high = draw(st.one_of(st.none(), st.integers(low or 0, 120)))
    slots = draw(
        st.lists(
            st.tuples(
                st.sampled_from(vocabulary.DAY_CODES), st.integers(0, 22), st.integers(0, 59)
            ),
            max_size=3,
        )
    )
    return parse_record(
        {
            **place,
            "id": draw(st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True)),
            "title": draw(_text()),
            "description": draw(_text()),
            "organisation": draw(_text()),
            "organisation_id": draw(st.sampled_from(["", "stichting-a", "org.b"])),
            "interests": draw(_codes(vocabulary.INTERESTS, 1)),
            "support": draw(_codes(vocabulary.SUPPORTS)),
            "expertise": draw(_codes(vocabulary.EXPERTISE)),
            "vorm": draw(_codes(vocabulary.VORMEN)),
            "aanbod": draw(st.sampled_from(sorted(vocabulary.AANBOD))),
            "status": draw(st.sampled_from(sorted(vocabulary.STATUSES))),
            "cost_eur": draw(st.sampled_from(["", "0", "2.5", "12.25", "100"])),
            "min_age": "" if low is None else str(low),
            "max_age": "" if high is None else str(high),
            "languages": draw(st.sampled_from(["", "nl", "nl;en", "ar;tr;xx"])),
            "contact_name": draw(st.one_of(st.just(""), _text())),
            "contact_phone": draw(st.sampled_from(["", "038-0001101", "+31 38 000 1101"])),
            "contact_email": draw(st.one_of(st.just(""), _emails())),
            "website": draw(st.one_of(st.just(""), _websites())),
            "last_verified": draw(st.sampled_from(["", "2026-01-31"])),
            "schedule": "; ".join(f"{d} {h:02d}:{m:02d}-{h + 1:02d}:{m:02d}" for d, h, m in slots),
        }
    )


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(activities(), min_size=1, max_size=4, unique_by=lambda r: r.id))
def test_it_exports_any_catalogue_validly_and_reads_it_back_without_loss(
    records: list[ActivityRecord],
) -> None:
    for record in records:
        assert schema_errors(hsds.service(record)) == []
    assert through_hsds(records) == records


# --- reading other directories ---------------------------------------------------------------


def _example(name: str) -> Any:
    return json.loads((HSDS_SPEC / "examples" / name).read_text())


LONDON = (51.5072, -0.1276)


def _possible(service: dict[str, Any]) -> dict[str, Any]:
    """The official example with its impossible location (100, 101) put somewhere on Earth."""
    fixed = copy.deepcopy(service)
    for at in fixed["service_at_locations"]:
        at["location"]["latitude"], at["location"]["longitude"] = LONDON
    return fixed


def test_it_refuses_the_official_example_for_its_latitude_of_100() -> None:
    parsed = hsds_import.read_json(json.dumps(_example("service_full.json")), "ontmoeting")
    assert parsed.records == []
    assert [(e.line, e.column) for e in parsed.errors] == [(1, "location.latitude")]
    assert "100 is geen breedtegraad" in parsed.errors[0].message


def test_it_imports_the_official_example_once_its_place_is_possible() -> None:
    parsed = hsds_import.read_json(
        json.dumps([_possible(_example("service_full.json"))]), "ontmoeting"
    )
    assert parsed.errors == []
    [(_, record)] = parsed.records
    assert (record.title, record.organisation) == (
        "Community Counselling",
        "Example Organization Inc.",
    )
    assert (record.min_age, record.max_age, record.languages) == (12, 100, ("ur",))
    assert record.contact_phone == "+44 1234 234567" and record.contact_name == "Ann Persona"
    assert record.website == "http://example.com/counselling"
    assert record.point is None and record.address is None  # MyCity is not in Zwolle
    # Weekly on Thursday and Friday, but only in weeks 41 and 42: not a weekly time.
    assert record.schedule == ()
    [left] = parsed.warnings
    for reported in ("kosten die geen bedrag in euro per maand zijn", "niet in Zwolle", "alert"):
        assert reported in left
    assert "funding" in left and "program" in left and "toestelnummer 100" in left
    assert "geen interesse uit de matcher-taxonomie: 'ontmoeting' gegeven" in left


def test_it_asks_for_an_interest_when_a_service_has_none_of_the_matchers() -> None:
    parsed = hsds_import.read_json(json.dumps([_possible(_example("service_full.json"))]))
    [error] = parsed.errors
    assert error.column == "attributes (matcher: interesses)" and "--interest" in error.message


def _services_in(document: Any) -> set[str]:
    """The ids of the services anywhere in an HSDS document: objects with id, name and status
    (status is required of a service and of nothing else HSDS has)."""
    found: set[str] = set()
    if isinstance(document, dict):
        if {"id", "name", "status"} <= document.keys():
            found.add(document["id"])
        for value in document.values():
            found |= _services_in(value)
    elif isinstance(document, list):
        for item in document:
            found |= _services_in(item)
    return found


def _somewhere_possible(document: Any) -> bool:
    """Moves every location at (100, 101) to London; whether there was one."""
    moved = False
    if isinstance(document, dict):
        if (document.get("latitude"), document.get("longitude")) == (100, 101):
            document["latitude"], document["longitude"] = LONDON
            moved = True
        for value in document.values():
            moved = _somewhere_possible(value) or moved
    elif isinstance(document, list):
        for item in document:
            moved = _somewhere_possible(item) or moved
    return moved


EXAMPLES = sorted((HSDS_SPEC / "examples").iterdir())


@pytest.mark.parametrize("path", EXAMPLES, ids=[path.name for path in EXAMPLES])
def test_it_imports_every_official_example_or_refuses_it_only_for_the_latitude_of_100(
    path: Path, tmp_path: Path
) -> None:
    if path.is_dir():  # the tabular package: a folder of CSV files
        services = (path / "services.csv").read_text(encoding="utf-8").splitlines()
        ids = {service["id"] for service in csv.DictReader(services)}
        package = shutil.copytree(path, tmp_path / path.name)
        locations = (package / "locations.csv").read_text(encoding="utf-8")
        moved = ",100,101," in locations
        (package / "locations.csv").write_text(locations.replace(",100,101,", ",51.5072,-0.1276,"))
        given, possible = (hsds_tables.read_package(p, "ontmoeting") for p in (path, package))
    else:
        document = json.loads(path.read_text(encoding="utf-8"))
        ids = _services_in(document)
        given = hsds_import.read_json(path.read_bytes(), "ontmoeting")
        moved = _somewhere_possible(document)
        possible = hsds_import.read_json(json.dumps(document), "ontmoeting")
    refusals = {(e.column, e.message.split(" (")[0]) for e in given.errors}
    if not ids:  # base.json, location.json, the taxonomies, organizations without services
        assert given.records == []
        assert refusals == {(None, hsds_import.NOT_A_SERVICE.split(" (")[0])}
        return
    if moved:  # the documented refusal, and only that
        assert given.records == []
        assert refusals == {("location.latitude", "100 is geen breedtegraad")}
    else:  # service_list.json has no location: it imports as it is
        assert given.errors == [] and given.records == possible.records
    assert possible.errors == []
    assert {record.title for _, record in possible.records} == {"Community Counselling"}
    assert len(possible.records) == len(ids)
    assert all(record.organisation for _, record in possible.records)


def _in_zwolle(at: dict[str, Any]) -> dict[str, Any]:
    at["location"].update(latitude=52.5116, longitude=6.0940, name="Wijkcentrum")
    at["location"]["addresses"] = [
        {"id": "a1", "address_1": "Markt 1", "city": "Zwolle", "postal_code": "8011 AB"}
    ]
    return at


def test_it_imports_the_services_of_an_organization_each_with_that_organization() -> None:
    organization = _example("organization_full.json")
    [first] = organization["services"]
    for at in first["service_at_locations"]:
        _in_zwolle(at)
    second = {
        **copy.deepcopy(first),
        "id": "c3f9a0a2-0c4f-4c1e-9d0e-4d0a3e0a7b11",
        "name": "Eigen organisatie",
        "organization": {"id": "o2", "name": "Stichting Eigen"},
    }
    organization["services"].append(second)
    parsed = hsds_import.read_json(json.dumps(organization), "ontmoeting")
    assert parsed.errors == []
    assert [(line, r.title, r.organisation) for line, r in parsed.records] == [
        (1, "Community Counselling", "Example Organization Inc."),
        (2, "Eigen organisatie", "Stichting Eigen"),
    ]
    assert parsed.records[0][1].postcode == "8011 AB"
    # The row report names the service by its place in the organization's list (the catalogue
    # service then saves none of them: tests/services/test_hsds_import.py).
    second["service_at_locations"][0]["location"]["latitude"] = 100
    parsed = hsds_import.read_json(json.dumps(organization), "ontmoeting")
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "location.latitude")]


def test_it_imports_the_service_of_a_service_at_location_at_that_location() -> None:
    at = _in_zwolle(_example("service_at_location_full.json"))
    at["phones"] = [{"id": "p1", "number": "038 000 1101", "type": "voice"}]
    at["service"].pop("phones")
    assert hsds_import.is_hsds(json.dumps(at).encode())
    parsed = hsds_import.read_json(json.dumps(at), "ontmoeting")
    assert parsed.errors == []
    [(_, record)] = parsed.records
    assert (record.title, record.address, record.postcode) == (
        "Community Counselling",
        "Markt 1",
        "8011 AB",
    )
    assert (record.lat, record.lon, record.contact_phone) == (52.5116, 6.094, "038 000 1101")


def test_it_reads_an_api_page_of_services() -> None:
    parsed = hsds_import.read_json(json.dumps(_example("service_list.json")), "ontmoeting")
    assert parsed.errors == [] and len(parsed.records) == 1


@pytest.mark.parametrize(
    ("name", "expected"),
    [
        (
            "FAIL_service_full.json",
            {
                ("location.latitude", "100 is geen breedtegraad"),
                ("description", "verplicht veld is leeg"),
                ("url", "'example/counselling' is geen geldig webadres"),
                ("email", "'email-example_com' is geen geldig e-mailadres"),
            },
        ),
        ("FAIL_taxonomy_term.json", {(None, "geen HSDS-dienst")}),
        ("FAIL_api_details.json", {(None, "geen HSDS-dienst")}),
    ],
)
def test_it_refuses_the_uk_profiles_known_bad_payloads_clearly(
    name: str, expected: set[tuple[str | None, str]]
) -> None:
    parsed = hsds_import.read_json((UK_NEGATIVE / name).read_bytes(), "ontmoeting")
    assert parsed.records == []
    found = {(e.column, e.message) for e in parsed.errors}
    for column, fragment in expected:
        assert any(c == column and fragment in m for c, m in found), (column, fragment, found)


def test_it_refuses_every_service_of_the_uk_profiles_bad_list() -> None:
    parsed = hsds_import.read_json(
        (UK_NEGATIVE / "FAIL_service_list.json").read_bytes(), "ontmoeting"
    )
    assert parsed.records == []
    assert {e.line for e in parsed.errors if e.column == "name"} == {1, 2, 3, 4}
    assert {e.line for e in parsed.errors if e.column == "email"} == {1, 2, 3, 4}


def test_it_reads_the_official_tabular_package_with_the_same_refusal(tmp_path: Path) -> None:
    parsed = hsds_tables.read_package(HSDS_SPEC / "examples" / "csv", "ontmoeting")
    assert [(e.line, e.column) for e in parsed.errors] == [(2, "location.latitude")]
    package = shutil.copytree(HSDS_SPEC / "examples" / "csv", tmp_path / "csv")
    locations = (package / "locations.csv").read_text().replace(",100,101,", ",51.5072,-0.1276,")
    (package / "locations.csv").write_text(locations)
    parsed = hsds_tables.read_package(package, "ontmoeting")
    assert parsed.errors == []
    [(line, record)] = parsed.records
    assert line == 2 and record.title == "Community Counselling" and record.organisation
    assert "funding.csv" in parsed.warnings[0] and "niet gelezen" in parsed.warnings[0]


def test_it_reads_the_official_tabular_package_in_json_with_the_same_refusal() -> None:
    tables = _example("tabular.json")
    parsed = hsds_import.read_json(json.dumps(tables), "ontmoeting")
    assert [(e.line, e.column) for e in parsed.errors] == [(1, "location.latitude")]
    tables["locations.csv"][0]["latitude"], tables["locations.csv"][0]["longitude"] = LONDON
    parsed = hsds_import.read_json(json.dumps(tables), "ontmoeting")
    assert parsed.errors == []
    [(line, record)] = parsed.records
    assert (line, record.title, record.organisation) == (
        1,
        "Community Counselling",
        "Example Organization Inc.",
    )
    assert record.contact_phone == "+44 1234 234567" and record.languages == ("ur",)
    assert "funding.csv" in parsed.warnings[0] and "niet gelezen" in parsed.warnings[0]
    assert parsed.warnings[1].startswith("services.csv rij 1 (Community Counselling)")


def test_it_imports_what_it_can_of_san_mateo_and_reports_the_rest() -> None:
    parsed = hsds_tables.read_package(SAN_MATEO, "ontmoeting")
    assert parsed.errors == []
    assert len(parsed.records) == parsed.rows_read == 23
    by_id = {record.id: record for _, record in parsed.records}
    # Service 22 has clean weekly times; '14:00-4:00 PM' and '10:00-3pm' read as afternoons.
    assert [str(slot) for slot in by_id["22"].schedule] == [
        "ma 08:00-12:00",
        "ma 14:00-16:00",
        "wo 10:00-15:00",
    ]
    # Every place is in California: none is taken, each is reported.
    assert all(record.point is None for record in by_id.values())
    report = "\n".join(parsed.warnings)
    assert "holiday_schedules.csv" in parsed.warnings[0]
    assert "ligt niet in Zwolle" in report and "keywords" in report and "eligibility" in report
    # '9am' to '03:00' on service 1's location is not guessed at.
    assert "9am 03:00" in report


def test_it_refuses_san_mateo_without_an_interest_naming_every_service() -> None:
    parsed = hsds_tables.read_package(SAN_MATEO)
    assert parsed.records == []
    assert {e.line for e in parsed.errors} == set(range(2, 25))
