"""The HSDS tabular package (a folder of CSV files, or the same tables in one JSON object as in
HSDS's examples/tabular.json) put together as service_full objects.

HSDS 3.0 keeps one table per kind of thing, linked by ids (phones.csv has service_id, ...).
This joins them into the nested services that `hsds_import.read_services` maps. It also reads
the older tabular forms that directories still publish (HSDS 1/2 and Ohana: a service's
location_id, regular_schedules.csv with a weekday, the organisation found through the location),
because a data officer hands in what their system exports.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from pathlib import Path
from typing import Any

from matcher.catalogue import hsds_import
from matcher.catalogue.formats import ParsedCatalogue, RowError

Row = dict[str, Any]
UNIT = "services.csv regel"
JSON_UNIT = "services.csv rij"  # the tables in JSON: the rows of "services.csv", counted from 1
# Columns that hold numbers in HSDS; CSV gives text, the JSON form (and the mapping) numbers.
READ = frozenset(
    {
        "services",
        "organizations",
        "organization_identifiers",
        "service_at_location",
        "locations",
        "addresses",
        "schedules",
        "regular_schedules",
        "phones",
        "contacts",
        "languages",
        "cost_options",
        "attributes",
        "taxonomy_terms",
    }
)
NUMBERS = frozenset({"minimum_age", "maximum_age", "latitude", "longitude", "amount", "extension"})


def read_package(folder: Path, default_interest: str | None = None) -> ParsedCatalogue:
    """Read an HSDS tabular package; every service is a row of services.csv."""
    try:
        tables = _tables(folder)
    except (OSError, UnicodeDecodeError, csv.Error) as exc:
        parsed = ParsedCatalogue(unit=UNIT)
        parsed.errors.append(RowError(0, None, f"de map kan niet gelezen worden: {exc}"))
        return parsed
    return read_tables(tables, default_interest)


def read_tabular(document: dict[str, Any], default_interest: str | None = None) -> ParsedCatalogue:
    """Read the tabular package as one JSON object: each key a table's file name, its rows."""
    tables: dict[str, list[Row]] = {}
    for name, rows in document.items():
        if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
            parsed = ParsedCatalogue(unit=JSON_UNIT)
            parsed.errors.append(RowError(0, name, "verwacht een lijst van rijen {...}"))
            return parsed
        tables[name.removesuffix(hsds_import.TABLE_SUFFIX)] = [
            {k: v for k, v in row.items() if v not in (None, "")} for row in rows
        ]
    return read_tables(tables, default_interest, first_line=1, unit=JSON_UNIT)


def read_tables(
    tables: dict[str, list[Row]],
    default_interest: str | None = None,
    first_line: int = 2,
    unit: str = UNIT,
) -> ParsedCatalogue:
    """Join the tables into services and read them; `first_line` is the number of services'
    first row (2 in a CSV file, under its header)."""
    if "services" not in tables:
        parsed = ParsedCatalogue(unit=unit)
        parsed.errors.append(RowError(0, None, "het pakket heeft geen services.csv"))
        return parsed
    services = _services(tables, first_line)
    parsed = hsds_import.read_services([s for _, s in services], default_interest, unit)
    unread = sorted(f"{name}.csv" for name in tables if name not in READ)
    if unread:
        parsed.warnings.insert(
            0, f"niet gelezen (de matcher heeft er geen plek voor): {', '.join(unread)}"
        )
    # read_services counts services from 1; the report names their line in services.csv.
    lines = [line for line, _ in services]
    parsed.errors = [_at_line(e, lines) for e in parsed.errors]
    parsed.records = [(lines[n - 1], r) for n, r in parsed.records]
    parsed.warnings = [_warning_at_line(w, lines, unit) for w in parsed.warnings]
    return parsed


def _at_line(error: RowError, lines: list[int]) -> RowError:
    line = lines[error.line - 1] if 1 <= error.line <= len(lines) else error.line
    return RowError(line, error.column, error.message)


def _warning_at_line(warning: str, lines: list[int], unit: str) -> str:
    prefix, _, rest = warning.partition(" (")
    number = prefix.removeprefix(f"{hsds_import.UNIT} ")
    if not number.isdigit():
        return warning
    return f"{unit} {lines[int(number) - 1]} ({rest}"


def _tables(folder: Path) -> dict[str, list[Row]]:
    tables = {}
    for path in sorted(folder.glob("*.csv")):
        with path.open(encoding="utf-8-sig", newline="") as fh:
            tables[path.stem] = [_clean(row) for row in csv.DictReader(fh, strict=True)]
    return tables


def _clean(row: dict[str, str | None]) -> Row:
    cleaned: Row = {}
    for key, value in row.items():
        if key is None or value is None or not value.strip():
            continue  # an empty cell is an absent field, as in JSON
        cleaned[key.strip()] = _number(value.strip()) if key.strip() in NUMBERS else value.strip()
    return cleaned


def _number(value: str) -> Any:
    try:
        found = float(value)
    except ValueError:
        return value  # left as text: the mapping reports it as not a number
    return int(found) if found.is_integer() and "." not in value else found


class _Index:
    """The tables, with their rows found by id and by the id they link to."""

    def __init__(self, tables: dict[str, list[Row]]) -> None:
        self.tables = tables
        self.by_id = {
            name: {str(row.get("id")): row for row in rows} for name, rows in tables.items()
        }
        self.links: dict[tuple[str, str, str], list[Row]] = defaultdict(list)
        for name, rows in tables.items():
            for row in rows:
                for key, value in row.items():
                    if key.endswith("_id"):
                        self.links[(name, key, str(value))].append(row)

    def linked(self, table: str, key: str, value: Any) -> list[Row]:
        """The rows of `table` whose `key` is `value`."""
        return list(self.links.get((table, key, str(value)), []))

    def get(self, table: str, row_id: Any) -> Row | None:
        """One row by its id."""
        return self.by_id.get(table, {}).get(str(row_id))


def _services(tables: dict[str, list[Row]], first_line: int) -> list[tuple[int, Row]]:
    index = _Index(tables)
    # In CSV the header is line 1; a value with a line break would shift this, which HSDS files avoid.
    rows = enumerate(tables["services"], start=first_line)
    return [(line, _service(index, row)) for line, row in rows]


def _service(index: _Index, row: Row) -> Row:
    sid = row.get("id")
    service = {k: v for k, v in row.items() if k != "location_id"}
    located = _at_locations(index, row)
    organisation_id = row.get("organization_id") or next(
        (at["location"].get("organization_id") for at in located if "location" in at), None
    )
    organization = index.get("organizations", organisation_id)
    if organization is not None:
        service["organization"] = {
            **organization,
            "organization_identifiers": index.linked(
                "organization_identifiers", "organization_id", organisation_id
            ),
        }
    service["service_at_locations"] = located
    service["schedules"] = _schedules(index, "service_id", sid)
    service["phones"] = _phones(index, "service_id", sid)
    service["contacts"] = index.linked("contacts", "service_id", sid)
    # Older forms list the languages as text in the service's row; it stays for the report.
    service["languages"] = index.linked("languages", "service_id", sid) or row.get("languages")
    service["cost_options"] = index.linked("cost_options", "service_id", sid)
    service["attributes"] = _attributes(index, sid)
    return service


def _at_locations(index: _Index, row: Row) -> list[Row]:
    links = index.linked("service_at_location", "service_id", row.get("id"))
    if not links and row.get("location_id"):  # HSDS 1/2 and Ohana: the service names its place
        links = [{"id": f"{row['id']}@{row['location_id']}", "location_id": row["location_id"]}]
    found = []
    for link in links:
        location = index.get("locations", link.get("location_id"))
        at = dict(link)
        if location is not None:
            lid = location["id"]
            at["location"] = {
                "location_type": "physical",
                **location,
                "addresses": index.linked("addresses", "location_id", lid),
                "schedules": _schedules(index, "location_id", lid),
                "phones": _phones(index, "location_id", lid),
                "contacts": index.linked("contacts", "location_id", lid),
                "attributes": _attributes(index, lid),
            }
        found.append(at)
    return found


def _schedules(index: _Index, key: str, value: Any) -> list[Row]:
    return index.linked("schedules", key, value) + index.linked("regular_schedules", key, value)


def _phones(index: _Index, key: str, value: Any) -> list[Row]:
    phones = index.linked("phones", key, value)
    # Ohana calls the type number_type.
    return [{"type": p.get("number_type"), **p} if "number_type" in p else p for p in phones]


def _attributes(index: _Index, link_id: Any) -> list[Row]:
    found = []
    for attribute in index.linked("attributes", "link_id", link_id):
        term = index.get("taxonomy_terms", attribute.get("taxonomy_term_id"))
        found.append({**attribute, "taxonomy_term": term} if term else attribute)
    return found
