"""Backup and restore of the whole database as one JSON document (any SQLAlchemy database).

A backup holds every table of the schema, rows in primary-key order, values in a portable text
form, all read in one snapshot while people keep working. Before a backup is written and before a
restore writes anything, the document is checked whole: every table present, every value of its
column's type, every foreign key pointing at a row. A restore goes into an empty, migrated database
only, in one transaction, so a failed restore leaves nothing half-written; the audit log's hash
chain survives it unchanged.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from alembic.migration import MigrationContext
from sqlalchemy import (
    Column,
    Connection,
    Engine,
    ForeignKeyConstraint,
    Table,
    func,
    insert,
    select,
    text,
    types,
)
from sqlalchemy.exc import DBAPIError

from matcher.db import Base, reader
from matcher.errors import ValidationError

FORMAT = "matcher-backup-1"
# Forms kept across an ended session live an hour at most and may hold a case note: a backup,
# kept far longer, leaves them out, and a restored database starts without any.
NOT_BACKED_UP = frozenset({"kept_form"})

Rows = list[dict[str, Any]]


def _tables() -> list[Table]:
    # Parents before children.
    return [t for t in Base.metadata.sorted_tables if t.name not in NOT_BACKED_UP]


def _revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def _dump(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, Decimal):
        return str(value)
    return value


def take(engine: Engine) -> dict[str, Any]:
    """Every row of every table from one snapshot; refused if it is not whole (it always should be)."""
    with reader(engine).connect() as connection, connection.begin():
        if connection.dialect.name == "postgresql":
            # Without one snapshot each SELECT sees what was committed by then, and a note written
            # between reading the cases and reading the notes arrives without its case.
            connection.execute(text("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY"))
        # On SQLite this one (deferred) transaction is one snapshot already.
        document = backup(connection, _revision(connection))
    problem = broken_reference(document["tables"])
    if problem:
        raise ValidationError("tables", f"de gelezen gegevens kloppen niet: {problem}")
    return document


def backup(connection: Connection, revision: str | None) -> dict[str, Any]:
    """Every row of every table, read in the connection's transaction."""
    tables = {}
    for table in _tables():
        rows = connection.execute(select(table).order_by(*table.primary_key.columns)).mappings()
        tables[table.name] = [{key: _dump(value) for key, value in row.items()} for row in rows]
    return {"format": FORMAT, "revision": revision, "tables": tables}


def broken_reference(tables: dict[str, Rows]) -> str | None:
    """The first row whose foreign key points at no row, in words; None when every one holds."""
    for table in _tables():
        for constraint in table.foreign_key_constraints:
            if problem := _dangling(tables, table.name, constraint):
                return problem
    return None


def _dangling(tables: dict[str, Rows], name: str, constraint: ForeignKeyConstraint) -> str | None:
    local = [column.name for column in constraint.columns]
    target = constraint.referred_table.name
    remote = [element.column.name for element in constraint.elements]
    present = {tuple(row.get(column) for column in remote) for row in tables.get(target, [])}
    for number, row in enumerate(tables.get(name, []), start=1):
        key = tuple(row.get(column) for column in local)
        if None not in key and key not in present:
            shown = ", ".join(
                f"{column} = {value}" for column, value in zip(local, key, strict=True)
            )
            return f"tabel {name}, rij {number}: {shown} verwijst naar niets in {target}"
    return None


def restore(engine: Engine, document: object) -> int:
    """Write a backup into this (empty) database in one transaction; returns the rows written."""
    revision, tables = _checked(document)
    with engine.begin() as connection:
        _check_revision(revision, _revision(connection))
        _check_empty(connection)
        connection.execute(_table("catalogue_state").delete())  # the migration's own first row
        written = sum(_insert(connection, table, tables[table.name]) for table in _tables())
        if connection.dialect.name == "postgresql":
            _reset_sequences(connection)
    return written


def _checked(document: object) -> tuple[object, dict[str, Rows]]:
    """The document's schema revision and rows (typed for the database), once all proved sound."""
    if not isinstance(document, dict) or document.get("format") != FORMAT:
        raise ValidationError("format", f"geen back-up van matcher (verwacht '{FORMAT}')")
    given = document.get("tables")
    if not isinstance(given, dict):
        raise ValidationError("tables", "de back-up heeft geen tabellen")
    known = {table.name for table in _tables()}
    if unknown := sorted(set(given) - known):
        raise ValidationError("tables", f"onbekende tabellen: {', '.join(unknown)}")
    if missing := sorted(known - set(given)):
        raise ValidationError("tables", f"tabellen ontbreken: {', '.join(missing)}")
    rows = {table.name: _rows(table, given[table.name]) for table in _tables()}
    if problem := broken_reference(given):
        raise ValidationError("tables", problem)
    return document.get("revision"), rows


def _check_revision(given: object, revision: str | None) -> None:
    if given != revision:
        raise ValidationError(
            "revision", f"back-up van schema {given}, deze database heeft {revision}"
        )


def _check_empty(connection: Connection) -> None:
    for table in _tables():
        filled = connection.scalar(select(func.count()).select_from(table))
        if filled and table.name != "catalogue_state":
            raise ValidationError(
                table.name, "de database is niet leeg: herstel alleen in een lege"
            )


def _rows(table: Table, rows: object) -> Rows:
    if not isinstance(rows, list) or not all(isinstance(row, dict) for row in rows):
        raise ValidationError(table.name, f"tabel {table.name} is geen lijst van rijen")
    return [_row(table, number, row) for number, row in enumerate(rows, start=1)]


def _row(table: Table, number: int, row: dict[str, Any]) -> dict[str, Any]:
    loaded = {}
    for key, value in row.items():
        where = f"tabel {table.name}, rij {number}"
        if key not in table.c:
            raise ValidationError(table.name, f"{where}: onbekende kolom {key}")
        try:
            loaded[key] = _load(table.c[key], value)
        except (ValueError, TypeError, ArithmeticError):
            raise ValidationError(table.name, f"{where}, kolom {key}: ongeldige waarde") from None
    return loaded


def _load(column: Column[Any], value: Any) -> Any:
    kind = column.type
    if value is None or isinstance(kind, types.JSON):
        return value  # a missing required value is refused by the database itself
    if isinstance(kind, types.DateTime):
        return dt.datetime.fromisoformat(value)
    if isinstance(kind, types.Date):
        return dt.date.fromisoformat(value)
    if isinstance(kind, types.Time):
        return dt.time.fromisoformat(value)
    if isinstance(kind, types.Numeric) and not isinstance(kind, types.Float):
        return Decimal(value)
    expected = float if isinstance(kind, types.Float) else kind.python_type
    accepted = (int, float) if expected is float else (expected,)
    # SQLite would store a word in an integer column without complaint: check every type here.
    if isinstance(value, bool) is not (expected is bool) or not isinstance(value, accepted):
        raise TypeError(column.name)
    return value


def _table(name: str) -> Table:
    return Base.metadata.tables[name]


def _insert(connection: Connection, table: Table, rows: Rows) -> int:
    if not rows:
        return 0
    try:
        connection.execute(insert(table), rows)
    except DBAPIError as error:  # the caller's transaction rolls back: nothing stays written
        reason = str(error.orig).strip().splitlines()[0] if error.orig else type(error).__name__
        raise ValidationError(table.name, f"tabel {table.name} past niet: {reason}") from None
    return len(rows)


def _reset_sequences(connection: Connection) -> None:
    # Rows came with their ids; new rows must continue after them.
    for table in _tables():
        if "id" in table.c and isinstance(table.c.id.type, types.Integer):
            connection.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "  # noqa: S608
                    f"COALESCE((SELECT max(id) FROM {table.name}), 0) + 1, false)"
                )
            )
