"""Backup and restore of the whole database as one JSON document (any SQLAlchemy database).

A backup holds every table of the schema, rows in primary-key order, values in a portable text
form. A restore goes into an empty, migrated database only, in one transaction, so a failed
restore leaves nothing half-written; the audit log's hash chain survives it unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from sqlalchemy import Connection, Table, func, insert, select, text, types

from matcher.db import Base
from matcher.errors import ValidationError

FORMAT = "matcher-backup-1"


def _tables() -> list[Table]:
    return list(Base.metadata.sorted_tables)  # parents before children


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def _load(column_type: types.TypeEngine[Any], value: Any) -> Any:
    if value is None:
        return None
    if isinstance(column_type, types.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(column_type, types.Date):
        return dt.date.fromisoformat(value)
    if isinstance(column_type, types.Time):
        return dt.time.fromisoformat(value)
    if isinstance(column_type, types.Numeric) and not isinstance(column_type, types.Float):
        return Decimal(value)
    return value


def backup(connection: Connection, revision: str | None) -> dict[str, Any]:
    """Every row of every table."""
    tables = {}
    for table in _tables():
        rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{key: _dump(value) for key, value in row.items()} for row in rows]
    return {"format": FORMAT, "revision": revision, "tables": tables}


def restore(connection: Connection, document: dict[str, Any], revision: str | None) -> int:
    """Write a backup into this (empty) database; returns the number of rows written."""
    if document.get("format") != FORMAT:
        raise ValidationError("format", f"geen back-up van matcher (verwacht '{FORMAT}')")
    if document.get("revision") != revision:
        raise ValidationError("revision", f"back-up van schema {document.get('revision')}, "
                                          f"deze database heeft {revision}")  # fmt: skip
    tables = {table.name: table for table in _tables()}
    unknown = set(document["tables"]) - set(tables)
    if unknown:
        raise ValidationError("tables", f"onbekende tabellen: {', '.join(sorted(unknown))}")
    written = 0
    for table in _tables():
        filled = connection.scalar(select(func.count()).select_from(table))
        if filled and table.name != "catalogue_state":
            raise ValidationError(
                table.name, "de database is niet leeg: herstel alleen in een lege"
            )
    connection.execute(tables["catalogue_state"].delete())  # the migration's own first row
    for table in _tables():
        rows = [{key: _load(table.c[key].type, value) for key, value in row.items()}
                for row in document["tables"].get(table.name, [])]  # fmt: skip
        if rows:
            connection.execute(insert(table), rows)
            written += len(rows)
    if connection.dialect.name == "postgresql":
        _reset_sequences(connection)
    return written


def _reset_sequences(connection: Connection) -> None:
    # Rows came with their ids; new rows must continue after them.
    for table in _tables():
        if "id" in table.c and isinstance(table.c.id.type, types.Integer):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )  # fmt: skip
            )
