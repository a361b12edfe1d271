"""The database: one engine per app, one session per app context, schema kept up to date by Alembic.

On SQLite (the embedded default) a team works at once, so every connection runs in WAL mode
(readers never wait for the writer, nor it for them), waits up to a configurable busy timeout for
another writer, and every transaction that may write begins with BEGIN IMMEDIATE. Why IMMEDIATE:
a deferred transaction that read first and writes later cannot wait for the write lock (SQLite
answers "database is locked" at once, since waiting could deadlock, or because its snapshot is
stale); one that takes the write lock at BEGIN waits its turn in the busy timeout instead.
Transactions are writers unless the caller says they only read (READS_ONLY): a forgotten mark
costs a little waiting, never an error. Writers then go one at a time, which SQLite does anyway.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from alembic import command
from alembic.config import Config
from flask import Flask, current_app, g
from sqlalchemy import JSON, Engine, MetaData, Table, create_engine, event, insert, text
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import DeclarativeBase, Session, sessionmaker

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

MIGRATIONS = Path(__file__).resolve().parent / "migrations"

LOCK_TIMEOUT_SECONDS = 10.0  # how long a writer waits for another (LOCK_TIMEOUT_SECONDS setting)
READS_ONLY = "matcher_reads_only"  # execution option: this connection's transactions only read

# Errors that mean another writer got there at the same moment: trying again will likely work.
_CONTENTION_SQLSTATES = {
    "23505",
    "40001",
    "40P01",
    "55P03",
}  # unique, serialisation, deadlock, lock
_CONTENTION_SQLITE = {
    "SQLITE_BUSY",
    "SQLITE_BUSY_SNAPSHOT",
    "SQLITE_LOCKED",
    "SQLITE_CONSTRAINT_UNIQUE",
    "SQLITE_CONSTRAINT_PRIMARYKEY",
}


class Base(DeclarativeBase):
    """Base of every model; constraint names are stable so migrations can refer to them."""

    metadata = MetaData(naming_convention=NAMING_CONVENTION)


def make_engine(url: str, lock_timeout: float = LOCK_TIMEOUT_SECONDS, **options: Any) -> Engine:
    """An engine; on SQLite with foreign keys on, WAL, a busy timeout, and writers that begin IMMEDIATE."""
    engine = create_engine(url, **options)
    if engine.dialect.name == "sqlite":
        _make_sqlite_honest(engine, lock_timeout)
    return engine


def _make_sqlite_honest(engine: Engine, lock_timeout: float) -> None:
    # pysqlite enforces no foreign keys and defers BEGIN until the first write, which breaks
    # SAVEPOINT and lets a long import interleave with other writers. SQLAlchemy documents this
    # workaround: take transaction control away from the driver and emit BEGIN ourselves.
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={round(lock_timeout * 1000)}")
        cursor.execute("PRAGMA journal_mode=WAL")  # kept in the file; a no-op once set
        cursor.close()

    @event.listens_for(engine, "begin")
    def _on_begin(connection: Any) -> None:
        reads_only = connection.get_execution_options().get(READS_ONLY, False)
        connection.exec_driver_sql("BEGIN" if reads_only else "BEGIN IMMEDIATE")


def reader(engine: Engine) -> Engine:
    """The same engine, for transactions that only read (on SQLite they begin deferred)."""
    return engine.execution_options(**{READS_ONLY: True})


def serialise(db: Session, key: int, timeout: float = LOCK_TIMEOUT_SECONDS) -> None:
    """Hold lock `key` until this transaction ends, waiting at most `timeout` seconds for it."""
    if db.get_bind().dialect.name == "postgresql":
        db.execute(
            text("SELECT set_config('lock_timeout', :wait, true)"),
            {"wait": f"{round(timeout * 1000)}ms"},
        )
        db.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": key})
    elif db.connection().get_execution_options().get(READS_ONLY):
        raise RuntimeError("a transaction that only reads cannot serialise writers")
    # SQLite has one write lock, and a writing transaction took it at BEGIN IMMEDIATE (waiting
    # up to the busy timeout): the connection above began it, so it is held from here on.


def is_contention(error: DBAPIError) -> bool:
    """Whether a database error came from another writer at the same moment (worth a retry)."""
    return (
        getattr(error.orig, "sqlstate", None) in _CONTENTION_SQLSTATES
        or getattr(error.orig, "sqlite_errorname", None) in _CONTENTION_SQLITE
    )


def alembic_config(engine: Engine) -> Config:
    """An Alembic configuration that migrates the given engine."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.attributes["engine"] = engine
    return config


def upgrade(engine: Engine) -> None:
    """Bring the schema up to the newest migration (safe when several workers start at once)."""
    with engine.begin() as connection:
        if engine.dialect.name == "postgresql":
            # One worker migrates; the others wait for it and then find nothing to do.
            connection.execute(text("SELECT pg_advisory_xact_lock(80110193)"))
        config = alembic_config(engine)
        config.attributes["connection"] = connection
        command.upgrade(config, "head")


def init_app(app: Flask) -> None:
    """Bind the database to the app: engine, session factory, teardown, and migrations."""
    engine = make_engine(
        app.config["DATABASE_URL"],
        app.config["LOCK_TIMEOUT_SECONDS"],
        **app.config.get("ENGINE_OPTIONS", {}),
    )
    app.extensions["matcher.engine"] = engine
    app.extensions["matcher.sessionmaker"] = sessionmaker(engine, expire_on_commit=False)
    app.extensions["matcher.readers"] = sessionmaker(reader(engine), expire_on_commit=False)
    app.teardown_appcontext(_close_session)
    if app.config["AUTO_MIGRATE"]:
        upgrade(engine)


def engine() -> Engine:
    """The engine of the current app."""
    return current_app.extensions["matcher.engine"]  # type: ignore[no-any-return]


def session() -> Session:
    """The session of the current app context, opened on first use; a reader if g.db_reads_only."""
    if "db_session" not in g:
        factory = "matcher.readers" if g.get("db_reads_only") else "matcher.sessionmaker"
        g.db_session = current_app.extensions[factory]()
    return g.db_session  # type: ignore[no-any-return]


def reader_session() -> Session:
    """The app context's session as one that only reads, for a command that counts for long
    (a report): on SQLite it must not hold the write lock while people work."""
    g.db_reads_only = True
    return session()


def _close_session(_exc: BaseException | None) -> None:
    db = g.pop("db_session", None)
    if db is not None:
        db.close()


def upsert(engine: Engine, table: Table) -> postgresql.Insert | sqlite.Insert:
    """An INSERT that can say ON CONFLICT (both databases we run on know it; another one
    fails when the statement runs)."""
    if engine.dialect.name == "postgresql":
        return postgresql.insert(table)
    return sqlite.insert(table)


def insert_many(db: Session, table: Table, rows: list[dict[str, Any]]) -> None:
    """Insert rows that all have the same columns, in the session's transaction: COPY on
    PostgreSQL, one executemany elsewhere.

    A first import of 10,000 activities spent most of its time in the INSERTs of its activities,
    slots and history lines on PostgreSQL (psycopg pipelines them, but the server still plans
    and runs each one, on the same cores); COPY takes them in one stream.
    """
    if db.get_bind().dialect.name != "postgresql":
        db.execute(insert(table), rows)
        return
    from psycopg.types.json import Json

    names = list(rows[0])
    # As SQLAlchemy's JSON type writes them (None too: JSON null, not SQL NULL).
    as_json = [isinstance(table.c[name].type, JSON) for name in names]
    quote = db.get_bind().dialect.identifier_preparer.quote
    statement = f"COPY {quote(table.name)} ({', '.join(map(quote, names))}) FROM STDIN"
    driver = db.connection().connection.driver_connection
    assert driver is not None
    with driver.cursor() as cursor, cursor.copy(statement) as copy:
        for row in rows:
            values = (row[n] for n in names)
            copy.write_row([Json(v) if j else v for v, j in zip(values, as_json, strict=True)])
