"""HSDS through the command line and the database: CSV -> HSDS -> import -> CSV is the same catalogue."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from openpyxl import load_workbook
from sqlalchemy import update

from matcher import db
from matcher.catalogue import hsds
from matcher.models import Activity
from tests.catalogue.test_hsds import HSDS_SPEC, SAN_MATEO, UK_NEGATIVE, schema_errors
from tests.conftest import row
from tests.services.test_catalogue import snapshot, write_csv


def test_it_gives_back_the_same_catalogue_from_its_hsds_export(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path
) -> None:
    before_csv, published = tmp_path / "before.csv", tmp_path / "hsds.json"
    assert imported.invoke(args=["export", str(before_csv)]).exit_code == 0
    result = imported.invoke(args=["export", "--format", "hsds", str(published)])
    assert result.exit_code == 0, result.output
    services = json.loads(published.read_text(encoding="utf-8"))
    assert len(services) == 90 and all(schema_errors(s) == [] for s in services)
    # Empty the catalogue (organisations and places go with it), then read it from HSDS alone.
    other = write_csv(tmp_path / "other.csv", row(id="ander", organisation="Iemand Anders"))
    assert imported.invoke(args=["import", "--replace", str(other)]).exit_code == 0
    result = imported.invoke(args=["import", "--replace", str(published)])
    assert result.exit_code == 0, result.output
    assert "nieuw 90" in result.output and "verwijderd 1" in result.output
    after_csv = tmp_path / "after.csv"
    imported.invoke(args=["export", str(after_csv)])
    assert after_csv.read_bytes() == before_csv.read_bytes()
    before = snapshot(app)
    again = imported.invoke(args=["import", str(published)])
    assert "ongewijzigd 90" in again.output and snapshot(app) == before


def test_it_refuses_a_website_that_is_no_uri_and_keeps_an_encoded_one_through_hsds(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    refused = runner.invoke(
        args=[
            "import",
            str(write_csv(tmp_path / "a.csv", row(website="https://www.zwolle.nl/café"))),
        ]
    )
    assert refused.exit_code == 1 and "Niets opgeslagen" in refused.output
    assert (
        "regel 2, kolom website: 'https://www.zwolle.nl/café' is geen geldig webadres: 'é' mag er "
        "niet letterlijk in staan; schrijf het zoals de browser het kopieert: "
        "'https://www.zwolle.nl/caf%C3%A9'"
    ) in refused.output
    encoded = "https://www.zwolle.nl/caf%C3%A9?wijk=Assendorp%20Zuid#agenda"
    source = write_csv(tmp_path / "b.csv", row(website=encoded))
    assert runner.invoke(args=["import", str(source)]).exit_code == 0
    before, published = tmp_path / "before.csv", tmp_path / "hsds.json"
    runner.invoke(args=["export", str(before)])
    runner.invoke(args=["export", "--format", "hsds", str(published)])
    [service] = json.loads(published.read_text(encoding="utf-8"))
    assert service["url"] == encoded and schema_errors(service) == []
    assert runner.invoke(args=["import", "--replace", str(published)]).exit_code == 0
    after = tmp_path / "after.csv"
    runner.invoke(args=["export", str(after)])
    assert after.read_bytes() == before.read_bytes()


def test_it_publishes_a_website_saved_before_the_rule_as_a_uri(
    app: Flask, imported: FlaskCliRunner
) -> None:
    # A database may hold a website from before websites had to be URIs: the export encodes it.
    with app.app_context():
        session = db.session()
        session.execute(
            update(Activity)
            .where(Activity.id == "taalcafe-binnenstad")
            .values(website="https://www.zwolle.nl/café en thee")
        )
        session.commit()
    services = json.loads(imported.invoke(args=["export", "--format", "hsds"]).output)
    [service] = [s for s in services if s["id"] == hsds.service_id("taalcafe-binnenstad")]
    assert service["url"] == "https://www.zwolle.nl/caf%C3%A9%20en%20thee"
    assert schema_errors(service) == []


def test_it_exports_the_same_ids_a_second_time(imported: FlaskCliRunner) -> None:
    first = imported.invoke(args=["export", "--format", "hsds"]).output
    assert imported.invoke(args=["export", "--format", "hsds"]).output == first


def test_it_changes_nothing_for_a_bad_hsds_file_and_says_why(
    app: Flask, imported: FlaskCliRunner
) -> None:
    before = snapshot(app)
    result = imported.invoke(
        args=["import", "--interest", "ontmoeting", str(UK_NEGATIVE / "FAIL_service_full.json")]
    )
    assert result.exit_code == 1
    assert "dienst 1, kolom url: 'example/counselling' is geen geldig webadres" in result.output
    assert "dienst 1, kolom location.latitude: 100 is geen breedtegraad" in result.output
    assert "Niets opgeslagen" in result.output and snapshot(app) == before


@pytest.mark.parametrize(
    "path",
    [UK_NEGATIVE / "FAIL_api_details.json", HSDS_SPEC / "examples" / "base.json"],
    ids=["uk-fail-api-details", "hsds-base"],
)
def test_it_refuses_an_hsds_document_that_holds_no_service_as_hsds(
    runner: FlaskCliRunner, path: Path
) -> None:
    result = runner.invoke(args=["import", "--interest", "ontmoeting", str(path)])
    assert result.exit_code == 1
    assert "dienst 1: geen HSDS-dienst" in result.output and "Niets opgeslagen" in result.output


@pytest.mark.parametrize("name", ["organization_full.json", "service_at_location_full.json"])
def test_it_imports_the_services_an_organization_or_a_service_at_location_holds(
    app: Flask, imported: FlaskCliRunner, tmp_path: Path, name: str
) -> None:
    before = snapshot(app)
    example = HSDS_SPEC / "examples" / name
    refused = imported.invoke(args=["import", "--interest", "ontmoeting", str(example)])
    assert refused.exit_code == 1
    assert "dienst 1, kolom location.latitude: 100 is geen breedtegraad" in refused.output
    assert "geen HSDS-dienst" not in refused.output
    assert "Niets opgeslagen" in refused.output and snapshot(app) == before
    text = example.read_text(encoding="utf-8")
    fixed = tmp_path / name
    fixed.write_text(text.replace('"latitude": 100,', '"latitude": 51.5072,'), encoding="utf-8")
    result = imported.invoke(args=["import", "--interest", "ontmoeting", str(fixed)])
    assert result.exit_code == 0, result.output
    assert "gelezen 1 = nieuw 1" in result.output
    assert "dienst 1 (Community Counselling): niet overgenomen" in result.output


def test_it_imports_the_tabular_package_as_one_json_file(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    tables = json.loads((HSDS_SPEC / "examples" / "tabular.json").read_text())
    refused = runner.invoke(args=["import", str(HSDS_SPEC / "examples" / "tabular.json")])
    assert refused.exit_code == 1
    assert "services.csv rij 1, kolom location.latitude: 100 is geen breedtegraad" in refused.output
    tables["locations.csv"][0].update(latitude=51.5072, longitude=-0.1276)
    (fixed := tmp_path / "tabular.json").write_text(json.dumps(tables))
    result = runner.invoke(args=["import", "--interest", "ontmoeting", str(fixed)])
    assert result.exit_code == 0, result.output
    assert "gelezen 1 = nieuw 1" in result.output and "niet gelezen" in result.output


def test_it_imports_san_mateo_with_an_interest_and_lists_what_it_left(
    runner: FlaskCliRunner,
) -> None:
    result = runner.invoke(args=["import", "--interest", "ontmoeting", str(SAN_MATEO)])
    assert result.exit_code == 0, result.output
    assert "gelezen 23 = nieuw 23" in result.output
    assert "waarschuwing: services.csv regel 3 (Second Career Employment Program)" in result.output
    assert "ligt niet in Zwolle" in result.output


def test_it_writes_the_catalogue_as_a_workbook(imported: FlaskCliRunner, tmp_path: Path) -> None:
    target = tmp_path / "catalogus.xlsx"
    assert imported.invoke(args=["export", str(target)]).exit_code == 0
    sheet = load_workbook(target).active
    assert sheet is not None
    header = [cell.value for cell in sheet[1]]
    assert header[:3] == ["id", "title", "description"] and sheet.max_row == 91


def test_it_keeps_a_formula_like_value_text_in_the_workbook(
    runner: FlaskCliRunner, tmp_path: Path
) -> None:
    # The import refuses '=' at the start of free text; a phone may start with '+'.
    source = write_csv(tmp_path / "a.csv", row(contact_phone="+31 38 000 1101"))
    assert runner.invoke(args=["import", str(source)]).exit_code == 0
    target = tmp_path / "a.xlsx"
    runner.invoke(args=["export", "--format", "xlsx", str(target)])
    sheet = load_workbook(target).active
    assert sheet is not None
    phone = sheet.cell(2, 1 + [c.value for c in sheet[1]].index("contact_phone"))
    assert phone.value == "+31 38 000 1101" and phone.data_type == "s" and phone.quotePrefix
