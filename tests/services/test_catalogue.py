"""Importing and exporting the catalogue through the command line, on every configured database."""

from __future__ import annotations

import csv
import hashlib
import io
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select, text, update
from sqlalchemy.orm import Session

from matcher import create_app, db
from matcher.catalogue.formats import read_catalogue
from matcher.catalogue.formats import write_csv as write_catalogue_csv
from matcher.catalogue.records import COLUMNS, ActivityRecord, fingerprint, to_row
from matcher.db import make_engine, serialise
from matcher.models import (
    Activity,
    ActivityChange,
    CatalogueState,
    Location,
    Organisation,
    ScheduleSlot,
)
from matcher.services import catalogue
from matcher.services.catalogue import CATALOGUE_LOCK
from tests.conftest import EVAL_CATALOGUE, row


def write_csv(path: Path, *rows: dict[str, str]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=list(COLUMNS))
        writer.writeheader()
        writer.writerows(rows)
    return path


def snapshot(app: Flask) -> tuple[object, ...]:
    """Row counts, the catalogue version and a checksum of the export: what 'unchanged' means."""
    with app.app_context():
        session = db.session()
        counts = tuple(
            session.scalar(select(func.count()).select_from(model))
            for model in (Activity, Organisation, Location, ScheduleSlot)
        )
        version = session.scalar(select(CatalogueState.version))
    exported = app.test_cli_runner().invoke(args=["export"]).output
    return (*counts, version, hashlib.sha256(exported.encode()).hexdigest())


def test_it_imports_all_90_rows_of_the_evaluation_catalogue(runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["import", str(EVAL_CATALOGUE)])
    assert result.exit_code == 0
    assert "gelezen 90 = nieuw 90 + gewijzigd 0 + ongewijzigd 0 + ongeldig 0" in result.output


def test_it_changes_nothing_when_the_export_is_imported_again(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path
) -> None:
    first = tmp_path / "first.csv"
    assert imported.invoke(args=["export", str(first)]).exit_code == 0
    before = snapshot(app)
    result = imported.invoke(args=["import", str(first)])
    assert "nieuw 0 + gewijzigd 0 + ongewijzigd 90" in result.output
    assert snapshot(app) == before
    second = tmp_path / "second.csv"
    imported.invoke(args=["export", str(second)])
    assert second.read_bytes() == first.read_bytes()


def test_it_round_trips_through_the_json_form(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path
) -> None:
    target = tmp_path / "catalogue.json"
    imported.invoke(args=["export", str(target)])
    before = snapshot(app)
    result = imported.invoke(args=["import", str(target)])
    assert "ongewijzigd 90" in result.output and snapshot(app) == before


def test_it_updates_a_changed_row_and_bumps_the_version(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row(), row(id="tweede")))])
    version = snapshot(app)[4]
    changed = write_csv(
        tmp_path / "b.csv",
        row(title="Kookgroep De Grote Pan", schedule="wo 10:00-12:00"),
        row(id="tweede"),
    )
    result = runner.invoke(args=["import", str(changed)])
    assert "nieuw 0 + gewijzigd 1 + ongewijzigd 1" in result.output
    with app.app_context():
        activity = db.session().get(Activity, "kookgroep-test")
        assert activity is not None
        assert activity.title == "Kookgroep De Grote Pan"
        assert [s.day for s in activity.slots] == ["wo"]
    assert snapshot(app)[4] == version + 1


def test_it_removes_absent_activities_only_with_replace(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row(), row(id="weg")))])
    smaller = write_csv(tmp_path / "b.csv", row())
    assert "verwijderd 0" in runner.invoke(args=["import", str(smaller)]).output
    result = runner.invoke(args=["import", "--replace", str(smaller)])
    assert "ongewijzigd 1 + ongeldig 0; verwijderd 1" in result.output
    with app.app_context():
        assert db.session().get(Activity, "weg") is None
        assert db.session().scalar(select(func.count()).select_from(ScheduleSlot)) == 1


def test_it_removes_organisations_and_locations_nobody_uses(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row()))])
    moved = write_csv(tmp_path / "b.csv", row(organisation="Nieuwe Stichting", wijk="Berkum"))
    runner.invoke(args=["import", str(moved)])
    with app.app_context():
        session = db.session()
        assert session.scalars(select(Organisation.name)).all() == ["Nieuwe Stichting"]
        assert session.scalars(select(Location.wijk)).all() == ["Berkum"]


def test_it_reports_a_dry_run_without_writing(app: Flask, runner: FlaskCliRunner) -> None:
    before = snapshot(app)
    result = runner.invoke(args=["import", "--dry-run", str(EVAL_CATALOGUE)])
    assert result.exit_code == 0
    assert "nieuw 90" in result.output and "Proefdraaien" in result.output
    assert snapshot(app) == before


BAD_FILES = {
    "missing required column": (
        b"id,title,description\r\nx,T,D\r\n",
        "kolom interests: verplichte kolom ontbreekt",
    ),
    "unknown code": (None, "regel 3, kolom interests: onbekende code 'kokken'"),
    "duplicate id": (None, "regel 4, kolom id: id 'kookgroep-test' staat ook op regel 2"),
    "bad coordinates": (None, "regel 3, kolom lat: coördinaten 100.0, 101.0 liggen niet in of bij"),
    "unparsable schedule": (None, "regel 3, kolom schedule: 'dinsdagavond' is geen tijdvak"),
    "bad number": (None, "regel 3, kolom cost_eur: 'gratis' is geen bedrag"),
    "formula": (None, "regel 3, kolom title: begint met '=', wat een spreadsheet als formule"),
    "formula behind a space": (None, "regel 4, kolom organisation: begint met '@'"),
    "wrong encoding": (
        "id,title\r\nx,Caf\xe9\r\n".encode("latin-1"),
        "regel 2: het bestand is niet in UTF-8",
    ),
    "empty file": (b"", "bestand: het bestand is leeg"),
}


def bad_rows(kind: str) -> list[dict[str, str]]:
    good = row()
    return {
        "unknown code": [good, row(id="b", interests="kokken")],
        "duplicate id": [good, row(id="b"), row()],
        "bad coordinates": [good, row(id="b", lat="100", lon="101")],
        "unparsable schedule": [good, row(id="b", schedule="dinsdagavond")],
        "bad number": [good, row(id="b", cost_eur="gratis")],
        "formula": [good, row(id="b", title='=HYPERLINK("https://evil.example","klik")')],
        "formula behind a space": [good, row(id="b"), row(id="c", organisation=" @SUM(A1:A9)")],
    }[kind]


@pytest.mark.parametrize("kind", BAD_FILES)
def test_it_refuses_a_bad_file_with_a_clear_message_and_changes_nothing(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path, kind: str
) -> None:
    data, message = BAD_FILES[kind]
    path = tmp_path / "bad.csv"
    if data is None:
        write_csv(path, *bad_rows(kind))
    else:
        path.write_bytes(data)
    before = snapshot(app)
    result = imported.invoke(args=["import", "--replace", str(path)])
    assert result.exit_code == 1
    assert message in result.output
    assert "Niets opgeslagen" in result.output
    assert snapshot(app) == before


def test_it_reports_every_invalid_row_and_reconciles_the_counts(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = write_csv(tmp_path / "a.csv", row(), row(id="b", interests="x"), row(id="c", aanbod="y"))
    result = runner.invoke(args=["import", str(path)])
    assert "regel 3, kolom interests" in result.output
    assert "regel 4, kolom aanbod" in result.output
    assert "gelezen 3 = nieuw 1 + gewijzigd 0 + ongewijzigd 0 + ongeldig 2" in result.output


def test_it_reports_an_unreadable_path(runner: FlaskCliRunner, tmp_path: Path) -> None:
    result = runner.invoke(args=["import", str(tmp_path / "bestaat-niet.csv")])
    assert result.exit_code == 1 and "kan het bestand niet lezen" in result.output


def test_it_exports_to_standard_output_in_the_contract_columns(imported: FlaskCliRunner) -> None:
    output = imported.invoke(args=["export"]).output
    reader = csv.DictReader(io.StringIO(output))
    assert tuple(reader.fieldnames or ()) == COLUMNS
    assert len(list(reader)) == 90


def test_it_keeps_foreign_keys_on(app: Flask, imported: FlaskCliRunner) -> None:
    with app.app_context():
        session = db.session()
        session.execute(text("DELETE FROM activity WHERE id = 'taalcafe-binnenstad'"))
        session.commit()
        # The schedule slots went with the activity: the database cascades, not the ORM.
        orphans = session.scalar(
            text("SELECT count(*) FROM schedule_slot WHERE activity_id = 'taalcafe-binnenstad'")
        )
        assert orphans == 0
        with pytest.raises(Exception, match="(?i)foreign key"):
            session.execute(text("UPDATE activity SET organisation_id = 999999"))
        session.rollback()


def test_it_loads_the_sample_catalogue_only_into_an_empty_database(
    imported: FlaskCliRunner,
) -> None:
    result = imported.invoke(args=["load-sample"])
    assert "niet leeg" in result.output


def test_it_keeps_an_organisation_that_an_aanbieder_belongs_to(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    from tests.conftest import make_person

    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row()))])
    make_person(app, "aanbieder", organisation="Stichting Samen Eten")
    other = write_csv(tmp_path / "b.csv", row(id="ander", organisation="Andere Stichting"))
    result = runner.invoke(args=["import", "--replace", str(other)])
    assert result.exit_code == 0, result.output
    with app.app_context():
        names = set(db.session().scalars(select(Organisation.name)))
        assert names == {"Stichting Samen Eten", "Andere Stichting"}


SAMPLE = Path(__file__).resolve().parents[2] / "data" / "catalogue" / "zwolle-voorbeeld.csv"
COPIES = 2  # the sample catalogue twice over: two imports of it take long enough to overlap


def catalogue_text(records: list[ActivityRecord]) -> str:
    """A catalogue file exactly as `matcher export` writes it (sorted by id)."""
    return write_catalogue_csv(sorted(records, key=lambda record: record.id))


def variants() -> tuple[str, str, str]:
    """A start catalogue and two replacements: each drops another third, retitles, adds its own."""
    sample = [
        record.model_copy(update={"organisation_id": catalogue.slug(record.organisation)})
        for _line, record in read_catalogue(SAMPLE.read_bytes(), "s.csv").records
    ]
    start = [r.model_copy(update={"id": f"{r.id}-{n}"}) for n in range(COPIES) for r in sample]
    third = len(start) // 3

    def variant(name: str, kept: list[ActivityRecord]) -> str:
        new = [
            r.model_copy(
                update={
                    "id": f"nieuw-{name}-{r.id}",
                    "organisation": f"Nieuwe Stichting {name}",
                    "organisation_id": f"nieuw-{name}",
                }
            )
            for r in kept[:20]
        ]
        return catalogue_text(
            [r.model_copy(update={"title": f"{r.title} ({name})"}) for r in kept] + new
        )

    return (catalogue_text(start), variant("a", start[third:]), variant("b", start[: 2 * third]))


# `matcher import --replace FILE` in a process of its own, loaded first and then held at a gate,
# so that two of them start their imports at the same moment, not one process start-up apart.
GATED_MATCHER = """
import pathlib, sys, time
import matcher.cli, matcher.web.cases
ready, gate = map(pathlib.Path, sys.argv[1:3])
ready.touch()
while not gate.exists():
    time.sleep(0.005)
sys.argv = ["matcher", *sys.argv[3:]]
matcher.cli.main()
"""


def matcher_import(database_url: str, file: Path, gate: Path) -> subprocess.Popen[str]:
    """A second administrator's `matcher import --replace FILE`, waiting at the gate."""
    env = {**os.environ, "DATABASE_URL": database_url}
    ready = file.with_suffix(".klaar")
    args = [sys.executable, "-c", GATED_MATCHER, ready, gate, "import", "--replace", file]
    return subprocess.Popen(
        args, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )


def run_at_once(processes: list[subprocess.Popen[str]], files: list[Path], gate: Path) -> None:
    """Open the gate once every process is loaded and waiting."""
    deadline = time.monotonic() + 120
    while not all(file.with_suffix(".klaar").exists() for file in files):
        assert time.monotonic() < deadline and all(p.poll() is None for p in processes)
        time.sleep(0.01)
    gate.touch()


def exported(runner: FlaskCliRunner, folder: Path) -> str:
    """What `matcher export FILE` writes, byte for byte."""
    assert runner.invoke(args=["export", str(folder / "export.csv")]).exit_code == 0
    return (folder / "export.csv").read_bytes().decode("utf-8")


def test_it_leaves_exactly_one_of_two_catalogues_imported_at_once(
    app: Flask, runner: FlaskCliRunner, database_url: str, tmp_path: Path
) -> None:
    start, first, second = variants()
    files = [tmp_path / "start.csv", tmp_path / "a.csv", tmp_path / "b.csv"]
    for file, content in zip(files, (start, first, second), strict=True):
        file.write_text(content, encoding="utf-8", newline="")
    assert runner.invoke(args=["import", str(files[0])]).exit_code == 0
    assert exported(runner, tmp_path) == start  # the export is the file, byte for byte
    gate = tmp_path / "start"
    processes = [matcher_import(database_url, file, gate) for file in files[1:]]
    run_at_once(processes, files[1:], gate)
    outcomes = [(process.wait(timeout=300), *process.communicate()) for process in processes]
    for code, out, err in outcomes:
        assert "Traceback" not in err
        assert (code == 0 and "Opgeslagen." in out) or (
            code == 1 and "probeer het opnieuw" in err
        ), (code, out, err)
    assert any(code == 0 for code, _out, _err in outcomes)
    assert exported(runner, tmp_path) in (first, second)


def test_it_says_try_again_when_another_writer_holds_the_catalogue_too_long(
    database_url: str, tmp_path: Path
) -> None:
    app = create_app(
        {
            "TESTING": True,
            "DATABASE_URL": database_url,
            "SECRET_KEY": "x",
            "LOCK_TIMEOUT_SECONDS": 0.3,
        }
    )
    file = write_csv(tmp_path / "c.csv", row())
    engine = make_engine(database_url)
    with Session(engine) as other:
        serialise(other, CATALOGUE_LOCK)  # another import, busy for longer than we wait
        result = app.test_cli_runner().invoke(args=["import", str(file)])
        other.rollback()
    engine.dispose()
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit)  # no traceback
    assert result.output == (
        "Niets opgeslagen: de catalogus wordt net door een ander bijgewerkt; probeer het opnieuw\n"
    )
    assert app.test_cli_runner().invoke(args=["import", str(file)]).exit_code == 0  # and again
    app.extensions["matcher.engine"].dispose()


def test_it_writes_new_entries_with_shared_places_history_and_a_first_revision(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    rows = (
        row(id="a", address="Kerkstraat 1"),
        row(id="b", address="Kerkstraat 1", schedule="ma 10:00-11:00; do 19:00-21:00"),
        row(id="c", address="Dorpsweg 2", organisation="Andere Stichting"),
    )
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", *rows))])
    assert "nieuw 3" in result.output
    with app.app_context():
        session = db.session()
        assert sorted(session.scalars(select(Location.address))) == ["Dorpsweg 2", "Kerkstraat 1"]
        assert session.scalar(select(func.count()).select_from(Organisation)) == 2
        changes = session.scalars(select(ActivityChange).order_by(ActivityChange.activity_id))
        assert [(c.activity_id, c.kind, c.fields["address"][1]) for c in changes] == [
            ("a", "import", "Kerkstraat 1"),
            ("b", "import", "Kerkstraat 1"),
            ("c", "import", "Dorpsweg 2"),
        ]
        b = catalogue.entry(session, "b")
        assert (b.revision, len(b.slots)) == (1, 2)
        # The first revision is the one an edit starts from.
        changed = catalogue.record_of(b).model_copy(update={"title": "Nieuwe naam"})
        catalogue.save(session, changed, catalogue.IMPORT_ACTOR, revision=1)
        session.commit()
        assert catalogue.entry(session, "b").revision == 2


def test_it_reads_the_stored_records_as_the_orm_does(app: Flask, imported: FlaskCliRunner) -> None:
    with app.app_context():
        session = db.session()
        by_orm = {record.id: record for record in catalogue.all_records(session)}
        assert catalogue.stored_records(session) == by_orm


def test_it_reads_chosen_stored_records_as_the_orm_does(
    app: Flask, imported: FlaskCliRunner
) -> None:
    with app.app_context():
        session = db.session()
        chosen = sorted(catalogue.stored_records(session))[::7]
        assert catalogue.stored_records(session, chosen) == {
            record.id: record for record in catalogue.records_of(session, chosen)
        }


def fingerprints(app: Flask) -> dict[str, str | None]:
    with app.app_context():
        return dict(db.session().execute(select(Activity.id, Activity.fingerprint)).tuples().all())


def test_it_keeps_the_fingerprint_of_each_entrys_text_through_every_write(
    app: Flask, imported: FlaskCliRunner
) -> None:
    with app.app_context():
        session = db.session()
        first = catalogue.all_records(session)[0]
        changed = first.model_copy(update={"title": "Een nieuwe titel"})
        revision = catalogue.entry(session, first.id).revision
        catalogue.save(session, changed, catalogue.IMPORT_ACTOR, revision=revision)
        session.commit()
        expected = {r.id: fingerprint(to_row(r)) for r in catalogue.all_records(session)}
    assert fingerprints(app) == expected


def test_it_recognises_the_rows_of_an_export_sent_again_by_their_fingerprints(
    app: Flask, imported: FlaskCliRunner
) -> None:
    data = imported.invoke(args=["export"]).output.encode()
    with app.app_context():
        parsed = read_catalogue(data, "a.csv", catalogue._known(db.session()))
    assert (len(parsed.unchanged), parsed.records) == (90, [])


def test_it_fills_in_missing_fingerprints_without_changing_the_catalogue(
    app: Flask, imported: FlaskCliRunner
) -> None:
    expected = fingerprints(app)
    with app.app_context():
        db.session().execute(update(Activity).values(fingerprint=None))
        db.session().commit()
    before = snapshot(app)
    result = imported.invoke(args=["import", str(EVAL_CATALOGUE)])
    assert "ongewijzigd 90" in result.output and "Niets veranderd." in result.output
    assert snapshot(app) == before
    assert fingerprints(app) == expected


def test_it_sees_an_organisation_renamed_back_in_rows_otherwise_unchanged(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    old = write_csv(tmp_path / "a.csv", row(), row(id="tweede"))
    new = write_csv(
        tmp_path / "b.csv",
        row(organisation="Nieuwe Naam"),
        row(id="tweede", organisation="Nieuwe Naam"),
    )
    runner.invoke(args=["import", str(old)])
    assert "gewijzigd 2" in runner.invoke(args=["import", str(new)]).output
    assert "gewijzigd 2" in runner.invoke(args=["import", str(old)]).output
    with app.app_context():
        names = db.session().scalars(select(Organisation.name)).all()
    assert names == [row()["organisation"]]


def test_it_stores_new_entries_and_their_history_exactly_as_read(
    app: Flask, imported: FlaskCliRunner
) -> None:
    parsed = read_catalogue(EVAL_CATALOGUE.read_bytes(), EVAL_CATALOGUE.name)
    with app.app_context():
        session = db.session()
        stored = catalogue.stored_records(session)
        history = {c.activity_id: c.fields for c in session.scalars(select(ActivityChange))}
    assert {key: r.model_copy(update={"organisation_id": None}) for key, r in stored.items()} == {
        r.id: r.model_copy(update={"organisation_id": None}) for _line, r in parsed.records
    }
    assert history == {key: catalogue.changed_fields(None, r) for key, r in stored.items()}
