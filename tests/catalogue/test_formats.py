"""Reading whole catalogue files, CSV and JSON, with a report of every bad row."""

from __future__ import annotations

import csv
import io
import json

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from matcher import vocabulary
from matcher.catalogue.formats import Known, Unchanged, read_catalogue, write_csv, write_json
from matcher.catalogue.records import (
    COLUMNS,
    FORMULA_START,
    ActivityRecord,
    fingerprint,
    parse_record,
    record_to_json,
    to_row,
)
from tests.conftest import EVAL_CATALOGUE, row


def csv_bytes(*rows: dict[str, str], header: list[str] | None = None) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=header or list(COLUMNS), extrasaction="ignore")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def test_it_reads_the_public_evaluation_catalogue() -> None:
    parsed = read_catalogue(EVAL_CATALOGUE.read_bytes(), EVAL_CATALOGUE.name)
    assert parsed.errors == []
    assert parsed.rows_read == len(parsed.records) == 90


def test_it_accepts_a_byte_order_mark() -> None:
    parsed = read_catalogue(b"\xef\xbb\xbf" + csv_bytes(row()), "a.csv")
    assert parsed.errors == [] and len(parsed.records) == 1


def test_it_counts_lines_of_multiline_descriptions() -> None:
    data = csv_bytes(row(id="a", description="regel een\nregel twee"), row(id="b", interests="x"))
    parsed = read_catalogue(data, "a.csv")
    assert [(e.line, e.column) for e in parsed.errors] == [(4, "interests")]


def test_it_reports_a_duplicate_id_with_the_first_line() -> None:
    parsed = read_catalogue(csv_bytes(row(), row()), "a.csv")
    [error] = parsed.errors
    assert (error.line, error.column) == (3, "id")
    assert "regel 2" in error.message


def test_it_reports_missing_required_columns() -> None:
    data = csv_bytes(row(), header=["id", "title", "description"])
    parsed = read_catalogue(data, "a.csv")
    assert {(e.line, e.column) for e in parsed.errors} == {(1, "organisation"), (1, "interests")}


def test_it_warns_about_unknown_columns_and_ignores_them() -> None:
    parsed = read_catalogue(csv_bytes(row(), header=[*COLUMNS, "opmerking"]), "a.csv")
    assert parsed.errors == []
    assert "opmerking" in parsed.warnings[0]


@pytest.mark.parametrize(
    ("data", "fragment"),
    [
        (b"", "leeg"),
        (b"  \r\n", "leeg"),
        (b"id,title,description,organisation,interests\r\n", "geen activiteiten"),
        ("id,title\r\nx,Café".encode("latin-1"), "UTF-8"),
        (b"\x89PNG\r\n\x1a\n\x00\x00", "geen tekstbestand"),
    ],
)
def test_it_refuses_files_that_hold_no_catalogue(data: bytes, fragment: str) -> None:
    parsed = read_catalogue(data, "a.csv")
    assert parsed.records == [] or parsed.errors
    assert any(fragment in e.message for e in parsed.errors)


def test_it_names_the_line_of_a_wrong_encoding() -> None:
    data = csv_bytes(row(id="a"), row(id="b")) + "c,Café,x,y,koken\r\n".encode("latin-1")
    [error] = read_catalogue(data, "a.csv").errors
    assert error.line == 4


def test_it_reads_the_json_form() -> None:
    document = {
        "activities": [
            {
                "id": "a",
                "title": "T",
                "description": "D",
                "organisation": "O",
                "interests": ["koken"],
                "cost_eur": 2.5,
                "min_age": 18,
                "schedule": [{"day": "di", "start": "10:00", "end": "12:00"}],
            }
        ]
    }
    parsed = read_catalogue(json.dumps(document).encode(), "a.json")
    assert parsed.errors == []
    [(_, record)] = parsed.records
    assert str(record.schedule[0]) == "di 10:00-12:00" and record.min_age == 18


@pytest.mark.parametrize(
    ("document", "line", "column"),
    [
        ([{"id": "a"}], 1, "title"),
        (
            [{"id": "a", "title": "T", "description": "D", "organisation": "O", "interests": [1]}],
            1,
            "interests",
        ),
        (
            [
                {
                    "id": "a",
                    "title": "T",
                    "description": "D",
                    "organisation": "O",
                    "interests": ["koken"],
                    "schedule": [{"dag": "di"}],
                }
            ],
            1,
            "schedule",
        ),
        (["niet een object"], 1, None),
    ],
)
def test_it_reports_bad_json_items_by_number(
    document: object, line: int, column: str | None
) -> None:
    parsed = read_catalogue(json.dumps(document).encode(), "a.json")
    assert (parsed.errors[0].line, parsed.errors[0].column) == (line, column)


def test_it_reports_broken_json() -> None:
    parsed = read_catalogue(b'{"activities": [', "a.json")
    assert "geen geldige JSON" in parsed.errors[0].message


@pytest.mark.parametrize(
    ("text", "line", "column", "fragment"),
    [
        ('{"activities": ' + "[" * 100_000, 0, "activities", "te diep genest"),
        ('[{"id": "a"}, {"id": "b", "cost_eur": ' + "9" * 4_301 + "}]", 2, "cost_eur", "te lang"),
        ('{"activities": [{"lat": 1e999}]}', 1, "lat", "te groot"),
    ],
)
def test_it_reports_json_beyond_the_limits_instead_of_failing(
    text: str, line: int, column: str, fragment: str
) -> None:
    # These raised RecursionError and ValueError out of the import command.
    [error] = read_catalogue(text.encode(), "a.json").errors
    assert (error.line, error.column) == (line, column) and fragment in error.message


def _records():  # type: ignore[no-untyped-def]
    text = (
        st.text(
            st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), min_size=1, max_size=40
        )
        .map(str.strip)
        .filter(bool)
    )
    text = text.filter(lambda t: not t.startswith(FORMULA_START))  # refused at import
    codes = lambda vocab: st.lists(st.sampled_from(sorted(vocab)), unique=True)  # noqa: E731
    slot = st.tuples(st.sampled_from(vocabulary.DAY_CODES), st.integers(0, 22), st.integers(0, 59))
    return st.builds(
        lambda i, t, d, o, ints, sup, cost, sched, lat: parse_record(
            {
                "id": i,
                "title": t,
                "description": d,
                "organisation": o,
                "interests": ";".join(ints),
                "support": ";".join(sup),
                "cost_eur": cost,
                "wijk": "Pierik",
                "lat": lat[0],
                "lon": lat[1],
                "schedule": "; ".join(
                    f"{day} {h:02d}:{m:02d}-{h + 1:02d}:{m:02d}" for day, h, m in sched
                ),
            }
        ),
        st.from_regex(r"[a-z0-9][a-z0-9_.-]{0,20}", fullmatch=True),
        text,
        text,
        text,
        codes(vocabulary.INTERESTS).filter(bool),
        codes(vocabulary.SUPPORTS),
        st.sampled_from(["", "0", "2.5", "12.25", "100"]),
        st.lists(slot, max_size=3),
        st.sampled_from([("", ""), ("52.5", "6.1"), ("52.51358", "6.09034")]),
    )


@settings(max_examples=60, deadline=None)
@given(st.lists(_records(), min_size=1, max_size=5, unique_by=lambda r: r.id))
def test_it_round_trips_csv_and_json_without_loss(records: list) -> None:  # type: ignore[type-arg]
    for write, name in ((write_csv, "a.csv"), (write_json, "a.json")):
        parsed = read_catalogue(write(records).encode("utf-8"), name)
        assert parsed.errors == []
        assert [r for _, r in parsed.records] == records
        assert write([r for _, r in parsed.records]) == write(records)


def test_it_gives_codes_as_lists_in_json() -> None:
    item = record_to_json(parse_record(row()))
    assert item["interests"] == ["koken", "ontmoeting"]
    assert item["schedule"] == [{"day": "di", "start": "17:00", "end": "20:00"}]
    assert item["cost_eur"] == 2.5


def _known(stored: ActivityRecord) -> Known:
    return Known({stored.id: fingerprint(to_row(stored))}, {stored.organisation: "samen-eten"})


def test_it_lists_a_row_holding_a_known_entrys_text_as_that_entry_unchanged() -> None:
    stored = parse_record({**row(), "organisation_id": "samen-eten"})
    known = _known(stored)
    same = read_catalogue(csv_bytes(to_row(stored)), "a.csv", known)
    expected = [Unchanged(2, stored.id, "samen-eten", stored.organisation)]
    assert (same.records, same.unchanged, same.rows_read) == ([], expected, 1)
    # The organisation's id left out is the stored one: the import takes it by name.
    unnamed = read_catalogue(csv_bytes({**to_row(stored), "organisation_id": ""}), "a", known)
    assert unnamed.unchanged == expected
    changed = read_catalogue(csv_bytes({**to_row(stored), "title": "Anders"}), "a.csv", known)
    assert changed.records[0][1] == stored.model_copy(update={"title": "Anders"})
    spaced = read_catalogue(csv_bytes({**to_row(stored), "title": " Kookgroep De Pan"}), "a", known)
    assert spaced.records[0][1] == stored and not spaced.unchanged


@pytest.mark.parametrize(
    "change",
    [
        {"organisation": "Stichting Anders Eten"},  # renamed: read in full
        {"organisation_id": "andere-code"},  # another organisation's id
    ],
)
def test_it_reads_a_row_whose_organisation_differs_from_the_known_entrys_in_full(
    change: dict[str, str],
) -> None:
    stored = parse_record({**row(), "organisation_id": "samen-eten"})
    parsed = read_catalogue(csv_bytes({**to_row(stored), **change}), "a.csv", _known(stored))
    assert not parsed.unchanged and parsed.records[0][1] == stored.model_copy(update=change)


def test_it_reports_a_known_entry_twice_in_a_file() -> None:
    stored = parse_record({**row(), "organisation_id": "samen-eten"})
    text = to_row(stored)
    parsed = read_catalogue(csv_bytes(text, text), "a.csv", _known(stored))
    assert [(e.line, e.column) for e in parsed.errors] == [(3, "id")]


def test_it_reads_a_row_that_differs_from_a_known_entry_in_full() -> None:
    stored = parse_record({**row(), "organisation_id": "samen-eten"})
    broken = read_catalogue(
        csv_bytes({**to_row(stored), "interests": "vliegen"}), "a.csv", _known(stored)
    )
    assert [(e.line, e.column) for e in broken.errors] == [(2, "interests")]
