"""`matcher import-support FILE`: all or nothing with a row-by-row report; a second import
changes nothing."""

from __future__ import annotations

from pathlib import Path

from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import func, select

from matcher import db
from matcher.models import AuditEntry, SupportOffer

HEADER = "code,organisation,title,support,wijken,expertise,contact_name,contact_phone,capacity\n"
GOOD = (
    "maatjes-noord,Maatjesproject Zwolle,Maatje voor de eerste keer,"
    "kennismaken_met_maatje,Holtenbroek;aa landen,nah;lvb,Ria,038-0009911,5\n"
    "herstel,Herstelwerkplaats,Ervaringsdeskundige,ervaringsdeskundige,,,Sam,038-0009922,3\n"
)


def offers(app: Flask) -> list[tuple[str, str, list[str], int]]:
    with app.app_context():
        found = db.session().scalars(select(SupportOffer).order_by(SupportOffer.code))
        return [(o.code, o.organisation.name, o.wijken, o.capacity) for o in found]


def test_it_imports_offers_and_a_second_time_changes_nothing(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    path = tmp_path / "aanbod.csv"
    path.write_text(HEADER + GOOD, encoding="utf-8")
    first = runner.invoke(args=["import-support", str(path)])
    assert first.exit_code == 0, first.output
    assert "nieuw 2, gewijzigd 0, ongewijzigd 0" in first.output
    assert offers(app) == [
        ("herstel", "Herstelwerkplaats", [], 3),
        ("maatjes-noord", "Maatjesproject Zwolle", ["Aa-landen", "Holtenbroek"], 5),
    ]
    second = runner.invoke(args=["import-support", str(path)])
    assert second.exit_code == 0 and "nieuw 0, gewijzigd 0, ongewijzigd 2" in second.output
    assert "Niets veranderd." in second.output
    path.write_text(HEADER + GOOD.replace(",5\n", ",8\n"), encoding="utf-8")
    third = runner.invoke(args=["import-support", str(path)])
    assert "gewijzigd 1, ongewijzigd 1" in third.output
    with app.app_context():
        imports = select(func.count()).where(AuditEntry.action == "steunaanbod geïmporteerd")
        assert db.session().scalar(imports) == 2


def test_a_file_with_an_invalid_row_changes_nothing_and_names_every_problem(
    app: Flask, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    bad = (
        "fout-1,Org,Titel,vervoer,,,Ria,038-1,2\n"  # not a support that can be added
        "fout-2,Org,Titel,kennismaken_met_maatje,Nergenshuizen,,Ria,038-1,2\n"
        "fout-3,Org,Titel,kennismaken_met_maatje,,,Ria,038-1,veel\n"
        "maatjes-noord,Org,Titel,kennismaken_met_maatje,,,Ria,038-1,2\n"  # twice in the file
    )
    path = tmp_path / "aanbod.csv"
    path.write_text(HEADER + GOOD + bad, encoding="utf-8")
    result = runner.invoke(args=["import-support", str(path)])
    assert result.exit_code == 1
    lines = [line.split(":")[0] for line in result.output.splitlines() if line.startswith("regel")]
    assert lines == [
        "regel 4, kolom support",
        "regel 5, kolom wijken",
        "regel 6, kolom capacity",
        "regel 7, kolom code",
    ]
    assert "Niets opgeslagen: 4 fout(en) gevonden." in result.output
    assert offers(app) == []
    path.write_text("code,title\nx,y\n", encoding="utf-8")
    missing = runner.invoke(args=["import-support", str(path)])
    assert missing.exit_code == 1 and "regel 1, kolom organisation" in missing.output


def test_load_sample_gives_a_fresh_instance_support_offers_once(
    app: Flask, runner: FlaskCliRunner
) -> None:
    first = runner.invoke(args=["load-sample"])
    assert first.exit_code == 0, first.output
    assert "Voorbeeld-steunaanbod geladen: 5 aanbod." in first.output
    loaded = offers(app)
    assert len(loaded) == 5 and all("(voorbeeld)" in name for _, name, _, _ in loaded)
    again = runner.invoke(args=["load-sample"])
    assert "Er is al steunaanbod" in again.output
    assert offers(app) == loaded
