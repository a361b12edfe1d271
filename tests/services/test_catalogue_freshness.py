"""'Klopt dit nog?' from the database: what each organisation should confirm, and the weekly list."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.catalogue.freshness import State
from matcher.models import Organisation
from matcher.services import catalogue_freshness
from tests.conftest import row
from tests.services.test_catalogue import write_csv

TODAY = dt.date(2026, 11, 23)
CATALOGUE = [
    row(id="a-vers", title="Vers", organisation="Stichting A", last_verified="2026-01-01"),
    row(
        id="a-bijna",
        title="Bijna",
        organisation="Stichting A",
        last_verified="2025-12-22",  # 11 months and a day
        contact_email="info@a.example",
    ),
    row(id="a-oud", title="Oud", organisation="Stichting A", last_verified="2025-05-22"),
    row(id="a-nooit", title="Nooit", organisation="Stichting A"),
    row(id="b-oud", title="Ook oud", organisation="Club B", last_verified="2025-11-22"),
    row(id="c-vers", title="Vers", organisation="Club C", last_verified="2026-11-20"),
]


@pytest.fixture
def dated(runner: FlaskCliRunner, tmp_path: Path) -> FlaskCliRunner:
    result = runner.invoke(args=["import", str(write_csv(tmp_path / "k.csv", *CATALOGUE))])
    assert result.exit_code == 0, result.output
    return runner


def test_an_organisation_sees_which_of_its_own_entries_are_due(
    app: Flask, dated: FlaskCliRunner
) -> None:
    with app.app_context():
        session = db.session()
        mine = session.scalars(select(Organisation).where(Organisation.name == "Stichting A"))
        found = catalogue_freshness.due_for(session, mine.one(), TODAY)
        assert [(e.record.id, e.state) for e in found] == [
            ("a-nooit", State.STALE),
            ("a-oud", State.VERY_STALE),
            ("a-bijna", State.DUE),
        ]
        other = session.scalars(select(Organisation).where(Organisation.name == "Club C"))
        assert catalogue_freshness.due_for(session, other.one(), TODAY) == []


def test_the_weekly_list_names_each_organisation_with_its_due_entries(
    dated: FlaskCliRunner,
) -> None:
    result = dated.invoke(args=["freshness", "--today", "2026-11-23"])
    assert result.exit_code == 0, result.output
    assert result.output.splitlines() == [
        "Club B",
        "  - b-oud: Ook oud; laatst bevestigd 2025-11-22; inwoners zien 'niet recent "
        "gecontroleerd' (meer dan 12 maanden of nooit bevestigd)",
        "Stichting A <info@a.example>",
        "  - a-nooit: Nooit; laatst bevestigd nooit; inwoners zien 'niet recent gecontroleerd' "
        "(meer dan 12 maanden of nooit bevestigd)",
        "  - a-oud: Oud; laatst bevestigd 2025-05-22; inwoners vinden het niet meer "
        "(meer dan 18 maanden)",
        "  - a-bijna: Bijna; laatst bevestigd 2025-12-22; graag bevestigen (meer dan 11 maanden)",
        "4 activiteiten van 2 organisaties te bevestigen op 2026-11-23.",
    ]


def test_the_weekly_list_comes_as_json_too(dated: FlaskCliRunner) -> None:
    result = dated.invoke(args=["freshness", "--format", "json", "--today", "2026-11-23"])
    assert result.exit_code == 0
    document = json.loads(result.stdout)
    assert document["today"] == "2026-11-23"
    assert [o["name"] for o in document["organisations"]] == ["Club B", "Stichting A"]
    stichting = document["organisations"][1]
    assert stichting["emails"] == ["info@a.example"]
    assert stichting["entries"][:2] == [
        {"id": "a-nooit", "title": "Nooit", "last_verified": None, "state": "verouderd"},
        {"id": "a-oud", "title": "Oud", "last_verified": "2025-05-22", "state": "zeer_verouderd"},
    ]
    assert "4 activiteiten van 2 organisaties" in result.stderr


def test_half_a_year_later_is_a_different_list(dated: FlaskCliRunner) -> None:
    # On 2027-05-23 'b-oud' is past 18 months, 'a-vers' past 12; 'c-vers' is still fresh.
    result = dated.invoke(args=["freshness", "--today", "2027-05-23"])
    assert "b-oud: Ook oud; laatst bevestigd 2025-11-22; inwoners vinden het niet meer" in (
        result.output
    )
    assert "a-vers" in result.output and "c-vers" not in result.output
