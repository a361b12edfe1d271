"""Catalogue files: CSV (contract §2) and the project's JSON form, read into records with a full report."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from matcher import jsoninput
from matcher.catalogue.records import (
    COLUMNS,
    REQUIRED_COLUMNS,
    ActivityRecord,
    RowInvalid,
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


@dataclass(slots=True)
class ParsedCatalogue:
    """What a catalogue file holds: the valid records by position, every error, and warnings."""

    unit: str  # "regel" (CSV line) or "activiteit" (JSON item): what `line` counts
    records: list[tuple[int, ActivityRecord]] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    rows_read: int = 0
    lines: dict[str, int] = field(default_factory=dict)  # each record's id -> its line


# The entries a catalogue holds, by id: each one's text form (to_row) and its record.
Known = Mapping[str, tuple[Mapping[str, str], ActivityRecord]]


def read_catalogue(data: bytes, filename: str = "", known: Known | None = None) -> ParsedCatalogue:
    """Read a catalogue file (CSV or JSON, by name or content) and validate every row.

    A CSV row that holds exactly the text of a `known` entry is that entry: it was valid when
    stored, and parse_record(to_row(r)) == r, so it is not read again. A file sent again
    unchanged is then read in a fraction of the time.
    """
    text, error = _decode(data)
    if error is not None:
        parsed = ParsedCatalogue(unit="regel")
        parsed.errors.append(error)
        return parsed
    if _looks_like_json(text, filename):
        return _read_json(text)
    return _read_csv(text, known or {})


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
    add_record(parsed, line, row, _known_record(row, known))


def _known_record(row: Mapping[str, str], known: Known) -> ActivityRecord | None:
    """The known entry this row holds the text of, unchanged; else None."""
    found = known.get(row.get("id", ""))
    if found is None:
        return None
    stored, record = found
    for column in COLUMNS:
        given = row.get(column, "")
        # A file may leave the organisation's id out: the import takes the id of the
        # organisation of that name, which is the stored one when the name is unchanged.
        if given != stored[column] and not (column == "organisation_id" and given == ""):
            return None
    return record


def add_record(
    parsed: ParsedCatalogue,
    line: int,
    row: Mapping[str, Any],
    record: ActivityRecord | None = None,
) -> None:
    """Validate one row and keep its record, or its errors (the HSDS reader uses it too); a
    `record` given is the row's known entry, kept without validating the row again."""
    if record is None:
        try:
            record = parse_record(row)
        except RowInvalid as invalid:
            parsed.errors.extend(RowError(line, e.column, e.message) for e in invalid.errors)
            return
    # A dict, not a scan of the records so far: a scan made 10,000 rows take a minute.
    first = parsed.lines.setdefault(record.id, line)
    if first != line:
        parsed.errors.append(
            RowError(line, "id", f"id '{record.id}' staat ook op {parsed.unit} {first}")
        )
        return
    parsed.records.append((line, record))


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
