"""Backup, wipe, restore: everything comes back, the audit chain still verifies."""

from __future__ import annotations

import copy
import json
import sqlite3
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import closing
from functools import partial
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import create_engine, select, text

from matcher import create_app, db
from matcher.db import Base
from matcher.models import UserAccount
from matcher.services import cases, kept_forms
from matcher.services.audit import Actor
from matcher.services.backup import NOT_BACKED_UP
from tests.conftest import EVAL_CATALOGUE, make_person
from tests.services.test_cases import full_case


def contents(app: Flask) -> dict[str, list[tuple[object, ...]]]:
    with app.app_context():
        session = db.session()
        return {
            t.name: [tuple(r) for r in session.execute(select(t).order_by(*t.primary_key.columns))]
            for t in Base.metadata.sorted_tables
            if t.name not in NOT_BACKED_UP
        }


@pytest.fixture
def empty_database(database_url: str, tmp_path: Path) -> Iterator[str]:
    """Another empty database of the same kind (on PostgreSQL: a second schema, dropped after)."""
    if database_url.startswith("sqlite"):
        yield f"sqlite:///{tmp_path / 'restored.sqlite'}"
        return
    base, schema = database_url.rsplit("%3D", 1)
    admin = create_engine(base.rsplit("?", 1)[0])
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}_terug"'))
    try:
        yield f"{database_url}_terug"
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA "{schema}_terug" CASCADE'))
        admin.dispose()


def test_a_backup_restores_into_an_empty_database_exactly(
    app: Flask, imported: FlaskCliRunner, empty_database: str, tmp_path: Path
) -> None:
    full_case(app)
    file = tmp_path / "backup.json"
    result = imported.invoke(args=["backup", str(file)])
    assert result.exit_code == 0, result.output
    target = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "x"})
    restored = target.test_cli_runner().invoke(args=["restore", str(file)])
    assert restored.exit_code == 0, restored.output
    before, after = contents(app), contents(target)
    assert {k: v for k, v in after.items() if k != "audit_entry"} == {
        k: v for k, v in before.items() if k != "audit_entry"
    }
    assert after["audit_entry"][: len(before["audit_entry"])] == before["audit_entry"]
    assert target.test_cli_runner().invoke(args=["audit", "verify"]).exit_code == 0
    again = target.test_cli_runner().invoke(args=["restore", str(file)])
    assert again.exit_code == 1 and "niet leeg" in again.output
    target.extensions["matcher.engine"].dispose()


def test_a_backup_leaves_out_forms_kept_across_an_ended_session(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path
) -> None:
    person = make_person(app, "consulent")
    with app.app_context():
        kept_forms.keep(db.session(), person.id, "/casussen", {"notitie": ["kanarie-notitie"]})
        db.session().commit()
    file = tmp_path / "backup.json"
    assert imported.invoke(args=["backup", str(file)]).exit_code == 0
    document = json.loads(file.read_text(encoding="utf-8"))
    assert "kept_form" not in document["tables"] and "kanarie-notitie" not in file.read_text()


def test_a_file_that_is_no_backup_is_refused(runner: FlaskCliRunner, tmp_path: Path) -> None:
    file = tmp_path / "x.json"
    file.write_text(json.dumps({"format": "iets anders", "tables": {}}))
    result = runner.invoke(args=["restore", str(file)])
    assert result.exit_code == 1 and "geen back-up" in result.output


BACKUPS = 20  # each one's chance to catch a case written between its reads is small


def dangling(tables: dict[str, list[dict[str, Any]]]) -> list[str]:
    """Every foreign key in a backup that points at no row (checked here, apart from the service)."""
    return [
        f"{table.name}.{fk.parent.name}={row[fk.parent.name]}"
        for table in Base.metadata.sorted_tables
        if table.name in tables
        for fk in table.foreign_keys
        for row in tables[table.name]
        if row[fk.parent.name] is not None
        and row[fk.parent.name] not in {r[fk.column.name] for r in tables[fk.column.table.name]}
    ]


def keep_writing(app: Flask, person_id: int, stop: threading.Event, written: list[str]) -> None:
    """Cases with a note each, one transaction apiece, as fast as they come."""
    with app.app_context():
        session = db.session()
        user = session.get(UserAccount, person_id)
        assert user is not None
        actor = Actor(user, "127.0.0.1", "begeleiding")
        while not stop.is_set():
            case = cases.create(session, actor)
            cases.add_note(session, case, "eerste gesprek", actor)
            session.commit()
            written.append(case.code)


def test_it_takes_backups_while_people_work_that_restore_whole(
    app: Flask, imported: FlaskCliRunner, empty_database: str, tmp_path: Path
) -> None:
    full_case(app)
    writer = make_person(app, "consulent")
    stop, written = threading.Event(), list[str]()
    thread = threading.Thread(target=keep_writing, args=(app, writer.id, stop, written))
    thread.start()
    try:
        while len(written) < 3 and thread.is_alive():
            time.sleep(0.01)
        files = [tmp_path / f"backup-{n}.json" for n in range(BACKUPS)]
        results = [imported.invoke(args=["backup", str(file)]) for file in files]
    finally:
        stop.set()
        thread.join()
    assert all(result.exit_code == 0 for result in results), [r.output for r in results]
    documents = [json.loads(file.read_text()) for file in files]
    counts = [len(document["tables"]["hulpvraag"]) for document in documents]
    assert counts[-1] > counts[0], counts  # the writer really wrote during the backups
    assert [dangling(document["tables"]) for document in documents] == [[]] * len(files)
    target = create_app({"TESTING": True, "DATABASE_URL": empty_database, "SECRET_KEY": "x"})
    restored = target.test_cli_runner().invoke(args=["restore", str(files[-1])])
    assert restored.exit_code == 0, restored.output
    again = tmp_path / "again.json"
    assert target.test_cli_runner().invoke(args=["backup", str(again)]).exit_code == 0
    before, after = documents[-1]["tables"], json.loads(again.read_text())["tables"]
    assert after["audit_entry"][:-1] == before.pop("audit_entry")  # plus the restore's own line
    assert {name: rows for name, rows in after.items() if name != "audit_entry"} == before
    target.extensions["matcher.engine"].dispose()


def test_it_writes_no_backup_of_a_database_whose_rows_point_nowhere(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path
) -> None:
    code, _person = full_case(app)
    delete = "DELETE FROM hulpvraag WHERE code = ?"
    # Only a damaged database (or a broken snapshot) has this: make one with the checks off.
    url = app.config["DATABASE_URL"]
    if url.startswith("sqlite"):
        with closing(sqlite3.connect(url.removeprefix("sqlite:///"))) as raw, raw:
            raw.execute(delete, (code,))  # a plain connection has foreign keys off
    else:
        with app.app_context(), db.engine().begin() as connection:
            connection.exec_driver_sql("SET LOCAL session_replication_role = replica")
            connection.exec_driver_sql(delete.replace("?", "%(code)s"), {"code": code})
    (tmp_path / "uit").mkdir()
    file = tmp_path / "uit" / "backup.json"
    result = imported.invoke(args=["backup", str(file)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.count("\n") == 1 and "verwijst naar niets in hulpvraag" in result.output
    assert list(file.parent.iterdir()) == []  # no file, not even a part of one


@pytest.fixture(scope="module")
def good_backup(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    """A real backup of a database with a full case (taken once: the broken files are its edits)."""
    folder = tmp_path_factory.mktemp("goed")
    source = create_app(
        {"TESTING": True, "DATABASE_URL": f"sqlite:///{folder / 'bron.sqlite'}", "SECRET_KEY": "x"}
    )
    assert source.test_cli_runner().invoke(args=["import", str(EVAL_CATALOGUE)]).exit_code == 0
    full_case(source)
    assert source.test_cli_runner().invoke(args=["backup", str(folder / "b.json")]).exit_code == 0
    source.extensions["matcher.engine"].dispose()
    return json.loads((folder / "b.json").read_text())  # type: ignore[no-any-return]


def _without(document: dict[str, Any], table: str) -> None:
    del document["tables"][table]


def _orphan_note(document: dict[str, Any]) -> None:
    document["tables"]["hulpvraag_notitie"][0]["case_id"] = 999_999


def _word_for_a_number(document: dict[str, Any]) -> None:
    document["tables"]["hulpvraag"][0]["team_id"] = "Team Noord"


def _unknown_column(document: dict[str, Any]) -> None:
    document["tables"]["team"][0]["wachtwoord"] = "x"


def _bad_date(document: dict[str, Any]) -> None:
    document["tables"]["hulpvraag"][0]["created_at"] = "gisteren"


def _required_value_missing(document: dict[str, Any]) -> None:
    document["tables"]["hulpvraag"][0]["code"] = None


def _duplicate_row(document: dict[str, Any]) -> None:
    document["tables"]["team"].append(document["tables"]["team"][0])


def _other_version(document: dict[str, Any]) -> None:
    document["format"] = "matcher-backup-0"


def _other_schema(document: dict[str, Any]) -> None:
    document["revision"] = "0001"


def _rows_no_list(document: dict[str, Any]) -> None:
    document["tables"]["team"] = {"1": "Team Noord"}


BROKEN_EDITS = {
    "a missing table": (partial(_without, table="hulpvraag"), "tabellen ontbreken: hulpvraag"),
    "a note of no case": (_orphan_note, "case_id = 999999 verwijst naar niets in hulpvraag"),
    "a word for a number": (_word_for_a_number, "kolom team_id: ongeldige waarde"),
    "an unknown column": (_unknown_column, "onbekende kolom wachtwoord"),
    "a date that is none": (_bad_date, "kolom created_at: ongeldige waarde"),
    "a required value missing": (_required_value_missing, "tabel hulpvraag past niet"),
    "a row twice": (_duplicate_row, "tabel team past niet"),
    "a wrong format version": (_other_version, "geen back-up van matcher"),
    "another schema": (_other_schema, "back-up van schema 0001"),
    "rows that are no list": (_rows_no_list, "tabel team is geen lijst van rijen"),
}


@pytest.mark.parametrize("edit", BROKEN_EDITS.values(), ids=BROKEN_EDITS.keys())
def test_it_restores_nothing_from_a_broken_backup_and_says_why_in_one_line(
    app: Flask,
    runner: FlaskCliRunner,
    good_backup: dict[str, Any],
    tmp_path: Path,
    edit: tuple[Callable[[dict[str, Any]], None], str],
) -> None:
    change, message = edit
    document = copy.deepcopy(good_backup)
    change(document)
    file = tmp_path / "kapot.json"
    file.write_text(json.dumps(document))
    before = contents(app)
    result = runner.invoke(args=["restore", str(file)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert result.output.startswith("Niets teruggezet: ") and result.output.count("\n") == 1
    assert message in result.output
    assert contents(app) == before


@pytest.mark.parametrize(
    "text",
    ["{", "[1, 2]", "\udcff", "[" * 100_000],
    ids=["bad JSON", "no object", "no UTF-8", "nested too deep"],
)
def test_it_restores_nothing_from_a_file_that_is_no_json_backup(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path, text: str
) -> None:
    file = tmp_path / "kapot.json"
    file.write_bytes(text.encode("utf-8", "surrogateescape"))
    before = contents(app)
    result = runner.invoke(args=["restore", str(file)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)
    assert result.output.startswith("Niets teruggezet: ") and result.output.count("\n") == 1
    assert contents(app) == before
