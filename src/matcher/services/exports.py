"""Files people download: CSV (RFC 4180) and XLSX that a spreadsheet opens as text, never as formulas."""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from sqlalchemy.orm import Session

from matcher.catalogue import records as activity_fields
from matcher.catalogue.records import ActivityRecord
from matcher.insight.workbook import Value, table
from matcher.services import audit

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

SHORTLIST_COLUMNS = (
    "id",
    "title",
    "organisation",
    "wijk",
    "address",
    "schedule",
    "cost_eur",
    "support",
    "contact_name",
    "contact_phone",
    "contact_email",
    "website",
    "status",
)
AUDIT_COLUMNS = (
    "id",
    "occurred_at",
    "actor_id",
    "action",
    "object_type",
    "object_id",
    "result",
    "origin",
    "purpose",
    "previous_hash",
    "hash",
)


def spreadsheet_safe(value: str) -> str:
    """Neutralise text a spreadsheet would run as a formula (=, +, -, @, tab, return)."""
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def csv_text(columns: Sequence[str], rows: Iterable[Iterable[object]]) -> str:
    """A CSV document: a header row, then each row's values as safe text."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow(spreadsheet_safe("" if value is None else str(value)) for value in row)
    return out.getvalue()


def shortlist_csv(records: Iterable[ActivityRecord]) -> str:
    """A shortlist of activities, one row each."""
    return csv_text(SHORTLIST_COLUMNS, (_shortlist_row(r) for r in records))


def shortlist_xlsx(records: Iterable[ActivityRecord]) -> bytes:
    """The shortlist as an Excel workbook, the same columns as its CSV."""
    return table("Vergelijking", SHORTLIST_COLUMNS, [_shortlist_row(r) for r in records])


# Columns Excel should see as numbers (it can sum and sort them); the rest is text.
NUMBER_COLUMNS = ("lat", "lon", "cost_eur", "min_age", "max_age")


def catalogue_xlsx(records: Iterable[ActivityRecord]) -> bytes:
    """The catalogue as an Excel workbook: the CSV's columns, in the CSV's text form."""
    return table("Catalogus", activity_fields.COLUMNS, [_catalogue_row(r) for r in records])


def _catalogue_row(record: ActivityRecord) -> list[Value]:
    texts = activity_fields.to_row(record)
    return [
        getattr(record, name) if name in NUMBER_COLUMNS else texts[name]
        for name in activity_fields.COLUMNS
    ]


def _shortlist_row(record: ActivityRecord) -> list[Value]:
    derived = {
        "wijk": record.area,
        "schedule": "; ".join(str(s) for s in record.schedule),
        "support": ";".join(record.support),
        "cost_eur": record.cost_eur,
    }
    return [derived[c] if c in derived else getattr(record, c) for c in SHORTLIST_COLUMNS]


def audit_csv(db: Session) -> str:
    """The whole audit log, oldest first."""
    rows = ([getattr(entry, c) for c in AUDIT_COLUMNS] for entry in audit.entries(db))
    return csv_text(AUDIT_COLUMNS, rows)
