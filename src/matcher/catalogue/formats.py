"""Catalogue files: CSV (contract §2) and the project's JSON form, read into records with a full report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from matcher import jsoninput
from matcher.catalogue.records import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ActivityRecord,
    RowInvalid,
    fingerprint,
    parse_record,
    record_to_json,
    to_row,
)
from matcher.errors import MatcherError


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem in a catalogue file: where (line or item number, column) and why."""

    line: int
    column: str | None
    message: str


class Unchanged(NamedTuple):
    """A row that holds the text of a stored entry unchanged: what the import still checks."""

    line: int
    id: str
    organisation_id: str
    organisation: str


@dataclass(slots=True)
class ParsedCatalogue:
    """What a catalogue file holds: the valid records by position (and the rows that are stored
    entries unchanged), every error, and warnings."""

    unit: str  # "regel" (CSV line) or "activiteit" (JSON item): what `line` counts
    records: list[tuple[int, ActivityRecord]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # each record's id -> its line
    unchanged: list[Unchanged] = field(default_factory=list)


@dataclass(frozen=True, slots=True)
class Known:
    """What the catalogue holds, to recognise its entries in a file: each entry's fingerprint by
    id (None: not known), and each organisation's id by its name."""

    fingerprints: Mapping[str, str | None]
    organisations: Mapping[str, str]


def read_catalogue(data: bytes, filename: str = "", known: Known | None = None) -> ParsedCatalogue:
    """Read a catalogue file (CSV or JSON, by name or content) and validate every row.

    A CSV row with the fingerprint of a `known` entry and its organisation's name is that entry
    unchanged: it was valid when stored, so it is not read again, only listed. A file sent again
    unchanged is then read in a fraction of the time.
    """
    text, error = _decode(data)
    if error is not None:
        parsed = ParsedCatalogue(unit="regel")
        parsed.errors.append(error)
        return parsed
    if _looks_like_json(text, filename):
        return _read_json(text)
    return _read_csv(text, known or Known({}, {}))


def _decode(data: bytes) -> tuple[str, RowError | None]:
    if not data.strip(b"\xef\xbb\xbf \t\r\n"):
        return "", RowError(0, None, "het bestand is leeg")
    if b"\x00" in data:
        return "", RowError(0, None, "dit is geen tekstbestand (CSV of JSON in UTF-8)")
    try:
        return data.decode("utf-8-sig"), None
    except UnicodeDecodeError as exc:
        line = data[: exc.start].count(b"\n") + 1
        return "", RowError(
            line, None, "het bestand is niet in UTF-8 opgeslagen; sla het op als 'CSV UTF-8'"
        )


def _looks_like_json(text: str, filename: str) -> bool:
    if filename.lower().endswith(".json"):
        return True
    return not filename.lower().endswith(".csv") and text.lstrip()[:1] in ("[", "{")


def _read_csv(text: str, known: Known) -> ParsedCatalogue:
    parsed = ParsedCatalogue(unit="regel")
    reader = csv.reader(io.StringIO(text, newline=""), strict=True)
    try:
        header = [name.strip().lower() for name in next(reader)]
        if not _check_header(header, parsed):
            return parsed
        line = reader.line_num + 1
        for values in reader:
            _add_csv_row(parsed, line, header, values, known)
            line = reader.line_num + 1
    except csv.Error as exc:
        parsed.errors.append(RowError(reader.line_num, None, f"CSV kan niet gelezen worden: {exc}"))
    check_not_empty(parsed)
    return parsed


def _check_header(header: list[str], parsed: ParsedCatalogue) -> bool:
    for column in REQUIRED_COLUMNS:
        if column not in header:
            parsed.errors.append(RowError(1, column, "verplichte kolom ontbreekt"))
    duplicates = sorted({name for name in header if header.count(name) > 1 and name})
    for column in duplicates:
        parsed.errors.append(RowError(1, column, "kolom staat meer dan eens in de kopregel"))
    unknown = [name for name in header if name not in COLUMNS]
    if unknown:
        parsed.warnings.append(f"onbekende kolommen genegeerd: {', '.join(unknown)}")
    return not parsed.errors


def _add_csv_row(
    parsed: ParsedCatalogue, line: int, header: list[str], values: list[str], known: Known
) -> None:
    if not any(value.strip() for value in values):
        return  # blank lines are not activities
    parsed.rows_read += 1
    if len(values) != len(header):
        parsed.errors.append(
            RowError(line, None, f"{len(values)} velden, de kopregel heeft er {len(header)}")
        )
        return
    row = dict(zip(header, values, strict=True))
    code = _known_organisation(row, known)
    if code is not None:
        if _first_time(parsed, line, row["id"]):
            parsed.unchanged.append(Unchanged(line, row["id"], code, row["organisation"]))
        return
    add_record(parsed, line, row)


def _known_organisation(row: Mapping[str, str], known: Known) -> str | None:
    """The organisation's id when the row holds a stored entry's text unchanged; else None."""
    stored = known.fingerprints.get(row.get("id", ""))
    code = known.organisations.get(row.get("organisation", ""))
    if stored is None or code is None:
        return None
    given = row.get("organisation_id", "")
    if given == "":
        # A file may leave the organisation's id out: the import takes the id of the
        # organisation of that name, the stored one when the name is unchanged.
        row = {**row, "organisation_id": code}
    elif given != code:
        return None
    return code if fingerprint(row) == stored else None


def add_record(parsed: ParsedCatalogue, line: int, row: Mapping[str, Any]) -> None:
    """Validate one row and keep its record, or its errors (the HSDS reader uses it too)."""
    try:
        record = parse_record(row)
    except RowInvalid as invalid:
        parsed.errors.extend(RowError(line, e.column, e.message) for e in invalid.errors)
        return
    if _first_time(parsed, line, record.id):
        parsed.records.append((line, record))


def _first_time(parsed: ParsedCatalogue, line: int, activity_id: str) -> bool:
    """Whether the id is not on an earlier row (else an error for this one)."""
    # A dict, not a scan of the records so far: a scan made 10,000 rows take a minute.
    first = parsed.lines.setdefault(activity_id, line)
    if first != line:
        parsed.errors.append(
            RowError(line, "id", f"id '{activity_id}' staat ook op {parsed.unit} {first}")
        )
    return first == line


def check_not_empty(parsed: ParsedCatalogue) -> None:
    """A file without any activity is an error, not an empty catalogue."""
    if parsed.rows_read == 0 and not parsed.errors:
        parsed.errors.append(RowError(0, None, "het bestand bevat geen activiteiten"))


def _read_json(text: str) -> ParsedCatalogue:
    parsed = ParsedCatalogue(unit="activiteit")
    try:
        document = jsoninput.loads(text)
    except MatcherError as exc:
        parsed.errors.append(_json_error(exc))
        return parsed
    items = document.get("activities") if isinstance(document, dict) else document
    if not isinstance(items, list):
        parsed.errors.append(
            RowError(0, None, 'verwacht een lijst van activiteiten of {"activities": [...]}')
        )
        return parsed
    for number, item in enumerate(items, start=1):
        parsed.rows_read += 1
        if not isinstance(item, dict):
            parsed.errors.append(RowError(number, None, "een activiteit is een object {...}"))
            continue
        add_record(parsed, number, item)
    check_not_empty(parsed)
    return parsed


def _json_error(error: MatcherError) -> RowError:
    # The reader names the place of a bad number as a path ("activities.2.cost_eur", counting
    # from 0); the report counts activities from 1, like every other error of a JSON file.
    path = (error.field or "").removeprefix("activities.").split(".")
    if path[0].isdigit():
        return RowError(int(path[0]) + 1, path[1] if len(path) > 1 else None, error.message)
    return RowError(0, error.field, error.message)


def write_csv(records: Iterable[ActivityRecord]) -> str:
    """The catalogue as CSV text in the contract's column order."""
    out = io.StringIO(newline="")
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(to_row(record) for record in records)
    return out.getvalue()


def write_json(records: Iterable[ActivityRecord]) -> str:
    """The catalogue in the project's JSON form."""
    return (
        json.dumps(
            {"activities": [record_to_json(r) for r in records]}, ensure_ascii=False, indent=2
        )
        + "\n"
    )
