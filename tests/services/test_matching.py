"""Matching from the database: the index is cached per catalogue version and refreshed on change."""

from __future__ import annotations

import gc
import json
import subprocess
import sys
import weakref
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import update

from matcher import db, vocabulary
from matcher.catalogue.records import parse_record, to_row
from matcher.models import CatalogueState
from matcher.profile import parse_profile
from matcher.ranking.index import CatalogueIndex, build_index
from matcher.services import catalogue, matching
from tests.conftest import EVAL_PERSONAS, row
from tests.ranking.conftest import ask
from tests.services.test_catalogue import write_csv


def test_it_builds_the_index_once_per_catalogue_version(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row()))])
    with app.app_context():
        first = matching.current_index(db.session())
        assert matching.current_index(db.session()) is first
    runner.invoke(args=["import", str(write_csv(tmp_path / "b.csv", row(), row(id="nieuw")))])
    with app.app_context():
        second = matching.current_index(db.session())
        assert second is not first and second.version == first.version + 1
        assert set(second.position) == {"kookgroep-test", "nieuw"}


def test_it_matches_what_another_worker_imported(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # A second app on the same database stands for another worker on another host.
    from matcher import create_app

    other = create_app({"TESTING": True, "DATABASE_URL": app.config["DATABASE_URL"]})
    profile = parse_profile({"interests": ["koken"]})
    with other.app_context():
        assert matching.match(db.session(), profile).results == []
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row()))])
    with other.app_context():
        assert [r.record.id for r in matching.match(db.session(), profile).results] == [
            "kookgroep-test"
        ]
    other.extensions["matcher.engine"].dispose()


def test_the_command_line_prints_the_contract_answer(
    imported: FlaskCliRunner, tmp_path: Path
) -> None:
    profile = tmp_path / "milan.json"
    profile.write_text(json.dumps(json.loads(EVAL_PERSONAS.read_text())[0]["profile"]))
    result = imported.invoke(args=["match", "--profile", str(profile), "--top", "4", "--json"])
    assert result.exit_code == 0
    answer = json.loads(result.output)
    assert len(answer["results"]) == 4 and answer["considered"] == 90
    readable = imported.invoke(args=["match", "--profile", str(profile)]).output
    assert "past bij je interesse klussen" in readable


def test_the_command_line_names_the_field_of_a_bad_profile(
    imported: FlaskCliRunner, tmp_path: Path
) -> None:
    profile = tmp_path / "bad.json"
    profile.write_text(json.dumps({"location": {"postcode": "9999"}}))
    result = imported.invoke(args=["match", "--profile", str(profile)])
    assert result.exit_code == 1
    assert "location.postcode: onbekende postcode '9999'" in result.output
    profile.write_text("{kapot")
    assert imported.invoke(args=["match", "--profile", str(profile)]).exit_code == 1
    profile.write_text('{"interests": ' + "[" * 100_000)  # was a RecursionError traceback
    result = imported.invoke(args=["match", "--profile", str(profile)])
    assert result.exit_code == 1 and "interests: te diep genest" in result.output


def test_the_command_line_evaluates_against_bm25(runner: FlaskCliRunner) -> None:
    from tests.conftest import EVAL_CATALOGUE

    result = runner.invoke(
        args=[
            "eval",
            "--catalogue",
            str(EVAL_CATALOGUE),
            "--personas",
            str(EVAL_PERSONAS),
            "--today",
            "2026-11-23",
        ]
    )
    assert result.exit_code == 0
    lines = result.output.splitlines()
    totals = [line.split() for line in lines if line.startswith("TOTAAL ")]
    assert [t[1] for t in totals] == ["matcher", "bm25"]
    assert float(totals[0][2]) >= 0.80 > float(totals[1][2])
    # The honesty set next to the personas is scored too (shared/eval/dev_honesty.json).
    assert "EERLIJKHEID: 10 van 10 geslaagd" in lines


def saved(app: Flask, activity_id: str, **values: object) -> None:
    """Change one entry through the catalogue service, as a beheerder's edit does."""
    with app.app_context():
        activity = catalogue.entry(db.session(), activity_id)
        record = catalogue.record_of(activity)
        changed = parse_record({**to_row(record), **{k: str(v) for k, v in values.items()}})
        catalogue.save(db.session(), changed, catalogue.IMPORT_ACTOR, revision=activity.revision)
        db.session().commit()


@pytest.fixture
def three(app: Flask, runner: FlaskCliRunner, tmp_path: Path) -> Flask:
    rows = [
        row(organisation_id="samen-eten"),
        row(id="eettafel", title="Eettafel", organisation_id="samen-eten"),
        row(id="koor", title="Buurtkoor", organisation="Zang", interests="muziek"),
    ]
    assert runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", *rows))]).exit_code == 0
    return app


def fresh_build(app: Flask) -> CatalogueIndex:
    with app.app_context():
        every = sorted(catalogue.all_records(db.session()), key=lambda r: r.id)
        return build_index(every, 0, vocabulary.stop_words())


def test_it_reads_only_the_changed_activity_after_a_change(three: Flask) -> None:
    with three.app_context():
        before = matching.current_index(db.session())
    saved(three, "koor", title="Buurtkoor De Stem", description="Zingen met buren.")
    with three.app_context():
        after = matching.current_index(db.session())
    assert after.version == before.version + 1
    assert after.records[after.position["koor"]].title == "Buurtkoor De Stem"
    # The others are the very records the index held: not read from the database again.
    assert after.records[after.position["eettafel"]] is before.records[before.position["eettafel"]]
    profile = {"interests": ["zingen"], "wishes": "met buren"}
    assert ask(after, **profile).to_dict() == ask(fresh_build(three), **profile).to_dict()


def test_another_worker_catches_up_from_the_history(three: Flask) -> None:
    from matcher import create_app

    other = create_app({"TESTING": True, "DATABASE_URL": three.config["DATABASE_URL"]})
    with other.app_context():
        before = matching.current_index(db.session())
    saved(three, "kookgroep-test", title="Kookclub")
    saved(three, "koor", status="vol")
    with other.app_context():
        after = matching.current_index(db.session())
    assert after.version == before.version + 2
    assert after.records[after.position["kookgroep-test"]].title == "Kookclub"
    assert after.records[after.position["koor"]].status == "vol"
    assert after.records[after.position["eettafel"]] is before.records[before.position["eettafel"]]
    other.extensions["matcher.engine"].dispose()


def test_a_renamed_organisation_is_renamed_in_all_its_activities(three: Flask) -> None:
    with three.app_context():
        matching.current_index(db.session())
    saved(three, "kookgroep-test", organisation="Stichting Samen Eten Zwolle")
    with three.app_context():
        after = matching.current_index(db.session())
    names = {r.id: r.organisation for r in after.records}
    assert names["eettafel"] == names["kookgroep-test"] == "Stichting Samen Eten Zwolle"


def test_it_builds_from_scratch_when_the_history_cannot_tell(three: Flask) -> None:
    with three.app_context():
        before = matching.current_index(db.session())
        # A version raised without its changes (as by a restored backup).
        db.session().execute(update(CatalogueState).values(version=CatalogueState.version + 1))
        db.session().commit()
        after = matching.current_index(db.session())
    assert after.version == before.version + 1
    assert (
        after.records[after.position["eettafel"]] is not before.records[before.position["eettafel"]]
    )
    assert after.records == fresh_build(three).records


def test_the_command_line_keeps_the_index_of_the_version_between_calls(
    app: Flask, imported: FlaskCliRunner, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    profile = tmp_path / "koken.json"
    profile.write_text(json.dumps({"interests": ["koken"]}))
    first = imported.invoke(args=["match", "--profile", str(profile), "--json"]).output
    folder = Path(app.config["INDEX_FOLDER"])
    [written] = folder.glob("ranking-*.npz")
    matching._indexes.clear()  # a new process: nothing in memory
    assert imported.invoke(args=["match", "--profile", str(profile), "--json"]).output == first
    assert list(folder.glob("ranking-*.npz")) == [written]
    changed = write_csv(tmp_path / "een.csv", row(title="Kookgroep De Nieuwe Pan"))
    assert runner.invoke(args=["import", str(changed)]).exit_code == 0
    imported.invoke(args=["match", "--profile", str(profile), "--json"])
    [newer] = folder.glob("ranking-*.npz")
    assert newer != written  # the file of the old version is gone


def test_matcher_help_loads_neither_the_app_nor_the_ranking() -> None:
    code = (
        "import sys\n"
        "from matcher.cli import main\n"
        "sys.argv = ['matcher', '--help']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "heavy = ['numpy', 'scipy', 'sqlalchemy', 'matcher.db', 'matcher.web.public',"
        " 'flask_wtf', 'flask_limiter']\n"
        "print('LOADED', [m for m in heavy if m in sys.modules])\n"
    )
    found = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert "match " in found.stdout and "import " in found.stdout
    assert "LOADED []" in found.stdout
    assert "limiter " in found.stdout  # another package's command is listed all the same


def test_it_runs_another_packages_command_it_lists_without_loading() -> None:
    found = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys; from matcher.cli import main; sys.argv[1:] = ['limiter', '--help']; main()",
        ],
        capture_output=True,
        text=True,
        check=True,
    )
    assert "Flask-Limiter maintenance" in found.stdout


def test_it_keeps_the_index_out_of_the_garbage_collectors_passes(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row(), row(id="nieuw")))])
    gc.unfreeze()
    with app.app_context():
        index = matching.current_index(db.session())
    assert gc.get_freeze_count() > len(index.records)


class _Cycle:
    """Garbage only the collector can free: it refers to itself."""

    def __init__(self) -> None:
        self.me = self


def test_a_replaced_index_lets_go_of_what_was_kept_with_the_old_one(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", row()))])
    cycle = _Cycle()
    gone = weakref.ref(cycle)
    with app.app_context():
        matching.current_index(db.session())  # the cycle is kept out of the passes with it
    del cycle
    gc.collect()
    assert gone() is not None
    runner.invoke(args=["import", str(write_csv(tmp_path / "b.csv", row(), row(id="nieuw")))])
    with app.app_context():
        matching.current_index(db.session())
    assert gone() is None
