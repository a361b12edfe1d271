"""Matching from the database: the index is cached per catalogue version and refreshed on change."""

from __future__ import annotations

import json
from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner

from matcher import db
from matcher.profile import parse_profile
from matcher.services import matching
from tests.conftest import EVAL_PERSONAS, row
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
