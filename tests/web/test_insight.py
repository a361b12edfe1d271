"""/inzicht: the figures computed by hand are on the page, in tables; aggregates only."""

from __future__ import annotations

import csv
import datetime as dt
import io
from html.parser import HTMLParser

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import clock, db, vocabulary
from matcher.models import Case, CaseNote
from matcher.services import insight
from matcher.services.indicators import INDICATORS
from tests.conftest import log_in, make_person
from tests.insight.seeded import BY_HAND, TODAY, seed


class Tables(HTMLParser):
    """Each table by caption: {row header: {column header: cell text}}."""

    def __init__(self) -> None:
        super().__init__()
        self.tables: dict[str, dict[str, dict[str, str]]] = {}
        self._caption: str | None = None
        self._in: str | None = None
        self._text = ""
        self._row: list[str] = []
        self._head: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("caption", "th", "td"):
            self._in, self._text = tag, ""
        if tag == "tr":
            self._row = []

    def handle_data(self, data: str) -> None:
        if self._in:
            self._text += data

    def handle_endtag(self, tag: str) -> None:
        if tag == "caption":
            self._caption = self._text.strip()
            self.tables[self._caption] = {}
            self._head = []
        elif tag in ("th", "td"):
            self._row.append(self._text.strip())
        elif tag == "tr" and self._caption is not None:
            if not self._head:
                self._head = self._row
            else:
                self.tables[self._caption][self._row[0]] = dict(
                    zip(self._head[1:], self._row[1:], strict=False)
                )
        if tag in ("caption", "th", "td"):
            self._in = None


@pytest.fixture
def seeded(
    app: Flask, imported: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch, client: FlaskClient
) -> FlaskClient:
    seed(app, monkeypatch)
    monkeypatch.setattr(clock, "today", lambda: TODAY)
    with app.app_context():
        session = db.session()
        case = session.scalars(select(Case)).first()
        assert case is not None
        session.add(
            CaseNote(case=case, text="Notitie-die-niet-mag-lekken", created_at=case.created_at)
        )
        session.commit()
    log_in(client, make_person(app, "beleid"))
    return client


LABELS = {"2026": "2026 (heel jaar)", "2026-K3": "2026, kwartaal 3", "2026-K4": "2026, kwartaal 4"}
DIMENSION = {"doelgroep": "doelgroep", "wijk": "wijk", "team": "team"}


ANSWER_ROWS = {
    "ja": "Ja, ik voel me welkom",
    "beetje": "Een beetje",
    "nee": "Nee, (nog) niet",
    "": "Alle check-ins",
}


def welcome_cell(table: dict[str, dict[str, str]], code: str) -> str:
    """The cell of the welcome table that shows an indicator such as 'welkom_4_weken_ja'."""
    parts = code.removeprefix("aandeel_").split("_")  # welkom, 4, weken[, answer]
    kind = "aandeel" if code.startswith("aandeel_") else "aantal"
    answer = parts[3] if len(parts) > 3 else ""
    return table[ANSWER_ROWS[answer]][f"Na {parts[1]} weken: {kind}"]


def test_it_shows_every_figure_computed_by_hand(seeded: FlaskClient) -> None:
    for period, label in LABELS.items():
        response = seeded.get(f"/inzicht?periode={period}")
        assert response.status_code == 200
        tables = Tables()
        tables.feed(response.get_data(as_text=True))
        got = tables.tables
        funnel = got[f"Stappen van de verwijzingen, {label}"]
        kinds = got[f"Plaatsingen (doet mee) naar soort aanbod, {label}"]
        combi = got[f"Hulpvragen, combinaties en signalen, {label}"]
        trend = got["Plaatsingen per kwartaal"]
        for (at, dimension, group, code), value in BY_HAND.items():
            if at != period:
                continue
            label_of = INDICATORS[code].label
            if dimension != "totaal":
                table = got[f"De indicatoren per {DIMENSION[dimension]}, {label}"]
                if label_of in table[group]:
                    assert table[group][label_of] == value, (at, dimension, group, code)
                continue
            if label_of in funnel:
                assert funnel[label_of]["Aantal"] == value, code
            if code.startswith("plaatsing_") and code != "plaatsing_gewoon":
                assert kinds[code.removeprefix("plaatsing_")]["Plaatsingen"] == value, code
            if label_of in combi:
                assert combi[label_of]["Aantal"] == value, code
            if code == "van_apart_naar_gewoon" and "-K" in period:
                assert trend[label]["Van apart naar gewoon"] == value
            if code.startswith(("welkom_", "aandeel_welkom_")):
                assert (
                    welcome_cell(got[f"Antwoorden op 'voel je je welkom?', {label}"], code) == value
                )
        if period == "2026-K3":
            assert funnel["Gestopt (totaal)"] == {
                "Aantal": "10",
                "Gestopt na deze stap": "aandeel 53%",
            }
            assert [r["Gestopt na deze stap"] for r in list(funnel.values())[:4]] == [
                "0",
                "5",
                "0",
                "5",
            ]


def test_it_shows_no_case_code_note_or_single_referral(seeded: FlaskClient, app: Flask) -> None:
    page = seeded.get("/inzicht?periode=2026").get_data(as_text=True)
    with app.app_context():
        codes = list(db.session().scalars(select(Case.code)))
    assert codes and not any(code in page for code in codes)
    assert "Notitie-die-niet-mag-lekken" not in page and "/casussen" not in page
    assert seeded.get("/casussen").status_code == 403


def test_an_unknown_period_shows_the_latest_quarter(seeded: FlaskClient) -> None:
    page = seeded.get("/inzicht?periode=<script>").get_data(as_text=True)
    assert "<script>" not in page and "Stappen van de verwijzingen, 2026, kwartaal 4" in page


DEMAND_DAY = dt.date(2026, 11, 25)
NOTHING = "/resultaten?interesse=dieren&steun_rolstoeltoegankelijk=moet&wijk=Holtenbroek"
COOKING = "/resultaten?interesse=koken&wijk=Holtenbroek"


@pytest.fixture
def searched(
    app: Flask, imported: FlaskCliRunner, monkeypatch: pytest.MonkeyPatch, client: FlaskClient
) -> FlaskClient:
    monkeypatch.setattr(clock, "today", lambda: DEMAND_DAY)
    for path, times in ((NOTHING, 6), (COOKING, 7)):
        for _ in range(times):
            assert app.test_client().get(path).status_code == 200
    log_in(client, make_person(app, "beleid"))
    return client


def test_beleid_sees_demand_next_to_supply_with_the_figures_of_the_report(
    searched: FlaskClient, runner: FlaskCliRunner
) -> None:
    response = searched.get("/inzicht/vraag-en-aanbod?periode=2026-K4")
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    tables = Tables()
    tables.feed(page)
    report = list(csv.DictReader(io.StringIO(runner.invoke(args=["report", "demand"]).output)))
    in_holtenbroek = [r for r in report if r["wijk"] == "Holtenbroek"]
    assert {r["zoekopdrachten"] for r in in_holtenbroek} == {"6", "7"}
    wijken = tables.tables["Vraag en aanbod per wijk, 2026, kwartaal 4"]
    assert wijken["Holtenbroek"]["Zoekvragen"] == str(
        sum(int(r["zoekopdrachten"]) for r in in_holtenbroek)
    )
    gap = next(r for r in in_holtenbroek if r["passend"] == "geen")
    assert wijken["Holtenbroek"]["Niets passends"] == gap["zoekopdrachten"]
    found = tables.tables["Zoekvragen zonder passend antwoord, 2026, kwartaal 4"]
    named = (
        f"Holtenbroek: {vocabulary.INTERESTS['dieren'].label}; steun: "
        f"{vocabulary.SUPPORTS['rolstoeltoegankelijk'].label}"
    )
    assert found[named]["Zoekvragen"] == gap["zoekopdrachten"]
    assert 'role="img"' in page and "Holtenbroek: zoekvragen 13, aanbod" in page
    assert 'href="/inzicht/vraag-en-aanbod"' in searched.get("/inzicht").get_data(as_text=True)


def test_the_demand_page_shows_no_single_search_and_nothing_typed(
    app: Flask, imported: FlaskCliRunner, client: FlaskClient
) -> None:
    marker = "spoorxq"
    assert client.get(f"/resultaten?anders={marker}&wijk=Berkum").status_code == 200
    log_in(client, make_person(app, "beleid"))
    page = client.get("/inzicht/vraag-en-aanbod").get_data(as_text=True)
    assert marker not in page
    tables = Tables()
    tables.feed(page)
    assert (
        tables.tables[next(t for t in tables.tables if t.startswith("Vraag en aanbod"))]["Berkum"][
            "Zoekvragen"
        ]
        == "<5"
    )


def test_each_page_says_when_its_figures_were_counted(seeded: FlaskClient, app: Flask) -> None:
    for path in ("/inzicht", "/inzicht/vraag-en-aanbod"):
        page = seeded.get(path).get_data(as_text=True)
        assert "Stand van " in page and "niet gelopen" not in page


def test_figures_the_night_did_not_count_are_shown_with_their_date(
    seeded: FlaskClient, app: Flask
) -> None:
    app.config["INSIGHT_LIVE_SECONDS"] = 0  # as on a large instance: read back, never worked out
    with app.app_context():
        insight.refresh(db.reader_session(), db.engine(), TODAY - dt.timedelta(days=1), 2)
    for path in ("/inzicht", "/inzicht/vraag-en-aanbod"):
        page = seeded.get(path).get_data(as_text=True)
        assert "De telling van vannacht is niet gelopen" in page
