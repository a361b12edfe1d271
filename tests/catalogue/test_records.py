"""Validating one catalogue row."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal
from urllib.parse import unquote

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from rfc3986_validator import validate_rfc3986

from matcher.catalogue.records import FORMULA_START, RowInvalid, parse_record, to_row, web_address
from matcher.catalogue.schedule import Slot
from tests.conftest import row


def test_it_reads_a_valid_row_with_defaults() -> None:
    record = parse_record(row())
    assert record.interests == ("koken", "ontmoeting")
    assert record.vorm == ("deelnemen",)
    assert record.aanbod == "regulier"
    assert record.status == "open"
    assert record.languages == ("nl",)
    assert record.cost_eur == Decimal("2.5")
    assert record.schedule == (Slot("di", dt.time(17), dt.time(20)),)


def test_it_canonicalises_wijk_and_postcode() -> None:
    record = parse_record(row(wijk="aa landen", postcode="8033ab"))
    assert record.wijk == "Aa-landen"
    assert record.postcode == "8033 AB"


def test_it_derives_the_point_from_coordinates_then_postcode_then_wijk() -> None:
    assert parse_record(row(lat="52.51", lon="6.09")).point.lat == pytest.approx(52.51)
    assert parse_record(row(postcode="8011", wijk="")).point.lat == pytest.approx(52.5116)
    assert parse_record(row(postcode="", wijk="Berkum")).point.lat == pytest.approx(52.5230)
    assert parse_record(row(wijk="")).point is None


def test_it_derives_the_wijk_from_the_postcode_when_missing() -> None:
    assert parse_record(row(wijk="", postcode="8024")).area == "Berkum"


@pytest.mark.parametrize(
    ("change", "column", "fragment"),
    [
        ({"id": ""}, "id", "verplicht"),
        ({"id": "heeft spatie"}, "id", "letters"),
        ({"title": " "}, "title", "verplicht"),
        ({"interests": ""}, "interests", "verplicht"),
        ({"interests": "koken;kokken"}, "interests", "'kokken'"),
        ({"support": "rustig"}, "support", "'rustig'"),
        ({"expertise": "dementie"}, "expertise", "'dementie'"),
        ({"vorm": "kijken"}, "vorm", "'kijken'"),
        ({"aanbod": "speciaal"}, "aanbod", "'speciaal'"),
        ({"status": "dicht"}, "status", "'dicht'"),
        ({"schedule": "dinsdag 10:00-12:00"}, "schedule", "dinsdag"),
        ({"schedule": "di 12:00-10:00"}, "schedule", "begintijd"),
        ({"schedule": "di 25:00-26:00"}, "schedule", "onmogelijke tijd"),
        ({"cost_eur": "2,50"}, "cost_eur", "punt"),
        ({"cost_eur": "-1"}, "cost_eur", "0 of meer"),
        ({"min_age": "achttien"}, "min_age", "hele jaren"),
        ({"min_age": "65", "max_age": "18"}, "max_age", "lager"),
        ({"lat": "52.5"}, "lon", "beide"),
        ({"lat": "100", "lon": "101"}, "lat", "niet in of bij Zwolle"),
        ({"lat": "abc", "lon": "6.1"}, "lat", "geen getal"),
        ({"postcode": "9999"}, "postcode", "onbekende postcode '9999'"),
        ({"postcode": "80111"}, "postcode", "geen postcode"),
        ({"wijk": "Hanzeland"}, "wijk", "onbekende wijk 'Hanzeland'"),
        ({"languages": "nederlands"}, "languages", "taalcode"),
        ({"last_verified": "23-11-2026"}, "last_verified", "JJJJ-MM-DD"),
        ({"contact_email": "geen-adres"}, "contact_email", "e-mailadres"),
        ({"website": "www.example.nl"}, "website", "https://"),
        # What a spreadsheet runs as a formula when the export is opened (issue 10, item 9).
        ({"title": '=HYPERLINK("https://evil.example","klik")'}, "title", "begint met '='"),
        ({"description": "=cmd|' /C calc'!A0"}, "description", "formule"),
        ({"organisation": "+SUM(A1:A9)"}, "organisation", "begint met '+'"),
        ({"contact_name": "@SUM(A1)"}, "contact_name", "begint met '@'"),
        ({"address": "-2+3+cmd|' /C calc'!A0"}, "address", "begint met '-'"),
        ({"address": " =1+1"}, "address", "begint met '='"),  # the trimmed space kept it text
        ({"title": "\t=1+1"}, "title", "begint met '='"),
        ({"description": "\r\n@SUM(A1)"}, "description", "begint met '@'"),
        ({"contact_email": "=x@example.nl"}, "contact_email", "formule"),
        ({"id": "-a1"}, "id", "formule"),
    ],
)
def test_it_names_the_column_and_reason_of_a_bad_value(
    change: dict[str, str], column: str, fragment: str
) -> None:
    with pytest.raises(RowInvalid) as raised:
        parse_record(row(**change))
    [error] = [e for e in raised.value.errors if e.column == column]
    assert fragment in error.message


def test_it_reports_every_problem_of_a_row_at_once() -> None:
    with pytest.raises(RowInvalid) as raised:
        parse_record(row(interests="x", support="y", cost_eur="z"))
    assert {e.column for e in raised.value.errors} == {"interests", "support", "cost_eur"}


def test_it_writes_back_what_it_read() -> None:
    record = parse_record(
        row(
            lat="52.51358",
            lon="6.09034",
            cost_eur="7.50",
            min_age="18",
            last_verified="2026-09-14",
            languages="nl;en",
        )
    )
    text = to_row(record)
    assert text["cost_eur"] == "7.5"
    assert text["lat"] == "52.51358"
    assert parse_record(text) == record


def test_it_keeps_what_only_looks_like_a_formula_further_on() -> None:
    record = parse_record(
        row(
            title="Koken = samen eten",
            description="Samen koken, -10% voor leden",
            contact_phone="+31 38 000 1101",
            address="Dobbestraat 12 (achter)",
        )
    )
    assert record.contact_phone == "+31 38 000 1101"
    assert parse_record(to_row(record)) == record


FREE_TEXT = ["id", "title", "description", "organisation", "address", "contact_name"]


@settings(max_examples=300, deadline=None)
@given(
    st.sampled_from(FREE_TEXT),
    st.sampled_from(["", " ", "\t", "\r\n"]),
    st.sampled_from(FORMULA_START),
    st.text(max_size=30),
)
def test_an_accepted_value_never_exports_as_a_formula(
    column: str, space: str, start: str, rest: str
) -> None:
    value = space + start + rest
    try:
        record = parse_record(row(**{column: value}))
    except RowInvalid as invalid:
        assert column in {e.column for e in invalid.errors}
        return
    assert not to_row(record)[column].startswith(FORMULA_START)


# --- websites: URIs as RFC 3986 (and so HSDS's `format: uri`) has them ---------------------------


def _website_error(value: str) -> str:
    with pytest.raises(RowInvalid) as raised:
        parse_record(row(website=value))
    [error] = [e for e in raised.value.errors if e.column == "website"]
    return error.message


@pytest.mark.parametrize(
    ("given_value", "named", "encoded"),
    [
        ("https://www.zwolle.nl/café", "'é' mag er niet", "https://www.zwolle.nl/caf%C3%A9"),
        (
            "https://www.zwolle.nl/wijk centrum",
            "een spatie mag er niet",
            "https://www.zwolle.nl/wijk%20centrum",
        ),
        (
            "https://café.nl/a b?q=ü",
            "'é', een spatie en 'ü' mogen er niet",
            "https://xn--caf-dma.nl/a%20b?q=%C3%BC",
        ),
        ("https://example.nl/100%", "'%'", "https://example.nl/100%25"),
        ("https://example.nl/#a#b", "'#'", "https://example.nl/#a%23b"),
    ],
)
def test_it_refuses_a_website_that_is_no_uri_and_says_how_to_write_it(
    given_value: str, named: str, encoded: str
) -> None:
    message = _website_error(given_value)
    assert message.startswith(f"'{given_value}' is geen geldig webadres: ")
    assert named in message and message.endswith(f"zoals de browser het kopieert: '{encoded}'")
    assert validate_rfc3986(encoded, rule="URI")
    assert parse_record(row(website=encoded)).website == encoded


def test_it_refuses_a_website_without_a_host_or_with_a_space_in_it() -> None:
    for value in ("https://", "https:///pad", "https://www.zwolle .nl/"):
        assert "kopieer het uit de adresbalk" in _website_error(value), value


@settings(max_examples=400, deadline=None)
@given(st.text(st.characters(exclude_categories=("Cs",)), max_size=60))
def test_it_takes_a_website_exactly_when_it_is_an_rfc_3986_uri(rest: str) -> None:
    value = ("https://voorbeeld.example/" + rest).strip()
    try:
        record = parse_record(row(website=value))
    except RowInvalid:
        assert not validate_rfc3986(value, rule="URI")
        suggested = re.search(r"kopieert: '(.*)'$", _website_error(value))
        encoded = web_address(value)
        if encoded is None or len(encoded) > 300:
            return
        # The suggestion is a URI, the website takes it, and it means the same characters.
        assert suggested is not None and suggested[1] == encoded
        assert validate_rfc3986(encoded, rule="URI") and parse_record(row(website=encoded))
        if "%" not in value:
            assert unquote(encoded) == value
        return
    assert validate_rfc3986(value, rule="URI") and record.website == value
    assert web_address(value) == value
