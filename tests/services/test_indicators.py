"""The indicators of a seeded database (built through the services on a fixed clock) equal the
figures computed by hand, in the service, the CSV, the JSON and the XLSX."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import select

from matcher import clock, db
from matcher.models import Case
from matcher.services import indicators
from tests.insight.seeded import BY_HAND, TODAY, seed


@pytest.fixture
def seeded(app: Flask, imported: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch) -> Flask:
    seed(app, monkeypatch)
    return app


def _report(app: Flask) -> indicators.Report:
    with app.app_context():
        return indicators.compute(db.session(), TODAY)


def test_it_computes_every_figure_as_counted_by_hand(seeded: Flask) -> None:
    report = _report(seeded)
    assert report.periods == ["2026", "2026-K3", "2026-K4"]
    assert {key: report.value(*key) for key in BY_HAND} == BY_HAND


def test_no_count_from_1_to_4_is_shown_and_no_case_code_at_all(seeded: Flask) -> None:
    report = _report(seeded)
    assert {r.value for r in report.rows} & {"1", "2", "3", "4"} == set()
    with seeded.app_context():
        codes = set(db.session().scalars(select(Case.code)))
    text = indicators.to_csv(report)
    assert codes and not any(code in text for code in codes)


def test_the_csv_json_and_xlsx_of_the_command_equal_the_figures(
    seeded: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    report = _report(seeded)
    expected = [[r.period, r.dimension, r.group, r.indicator, r.value] for r in report.rows]
    today = ["--today", TODAY.isoformat()]

    result = runner.invoke(args=["report", "indicators", *today])
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(result.output)))
    assert rows[0] == ["periode", "indeling", "groep", "indicator", "waarde"]
    assert rows[1:] == expected
    by_key = {tuple(r[:4]): r[4] for r in rows[1:]}
    assert {k: by_key[k] for k in BY_HAND} == BY_HAND

    result = runner.invoke(args=["report", "indicators", "--format", "json", *today])
    document = json.loads(result.output)
    assert [list(r.values()) for r in document["rows"]] == expected
    assert set(document["indicators"]) == set(indicators.INDICATORS)

    target = tmp_path / "indicatoren.xlsx"
    result = runner.invoke(
        args=["report", "indicators", "--format", "xlsx", "--output", str(target), *today]
    )
    assert result.exit_code == 0, result.output
    book = load_workbook(target)
    sheet = [[str(c) for c in row] for row in book["Cijfers"].iter_rows(values_only=True)]
    assert sheet[0] == rows[0] and sheet[1:] == expected
    explained = {row[0] for row in book["Uitleg"].iter_rows(min_row=2, values_only=True)}
    assert set(rows[0]) | set(indicators.INDICATORS) <= explained


def test_from_and_to_take_whole_quarters(seeded: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(
        args=["report", "indicators", "--from", "2026-11-01", "--today", TODAY.isoformat()]
    )
    periods = {row[0] for row in list(csv.reader(io.StringIO(result.output)))[1:]}
    assert periods == {"2026", "2026-K4"}
    by_key = {tuple(r[:4]): r[4] for r in csv.reader(io.StringIO(result.output))}
    assert by_key["2026-K4", "totaal", "alle", "verwijzingen"] == "17"
    assert by_key["2026", "totaal", "alle", "verwijzingen"] == "17"  # the quarters chosen


def test_xlsx_needs_an_output_file(seeded: Flask, runner: FlaskCliRunner) -> None:
    result = runner.invoke(args=["report", "indicators", "--format", "xlsx"])
    assert result.exit_code == 1 and "--output" in result.output


def test_the_command_without_dates_gives_the_figures_of_the_page_as_last_counted(
    seeded: Flask, runner: FlaskCliRunner, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    seeded.config["INSIGHT_LIVE_SECONDS"] = 0  # as on a large instance
    assert runner.invoke(args=["report", "refresh"]).exit_code == 0
    out = tmp_path / "cijfers.csv"
    result = runner.invoke(args=["report", "indicators", "--output", str(out)])
    assert result.exit_code == 0, result.output
    assert "(stand van " in result.output
    assert out.read_bytes().decode() == indicators.to_csv(_report(seeded))
