"""Text from people and organisations is shown as text: escaped in every page, quoted in files.

RELIABILITY.md control 17: a note or an activity title holding markup renders escaped in the case
view, the print view, the .ics file and the CSV, and no template marks user data as safe.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from sqlalchemy import select

from matcher import db
from matcher.models import Referral
from tests.conftest import log_in, make_person, row
from tests.services.test_catalogue import write_csv

MARKUP = '<script>alert("x")</script><img src=x onerror=alert(1)>"onmouseover="alert(2)'
TEMPLATES = Path(__file__).resolve().parents[2] / "templates"


def test_markup_in_a_title_or_a_note_is_shown_as_text_everywhere(
    app: Flask, client: FlaskClient, runner: FlaskCliRunner, tmp_path: Path
) -> None:
    activity = row(
        id="opmaak",
        title=f"Koken {MARKUP}",
        description=f"Samen koken. {MARKUP}",
        organisation=f"Stichting {MARKUP}",
    )
    assert (
        runner.invoke(args=["import", str(write_csv(tmp_path / "a.csv", activity))]).exit_code == 0
    )
    log_in(client, make_person(app, "consulent"))
    code = re.search(r"K-[A-Z0-9-]+", client.post("/casussen").headers["Location"]).group(0)  # type: ignore[union-attr]
    client.post(f"/casussen/{code}/notities", data={"notitie": MARKUP})
    client.post(f"/casussen/{code}/verwijzingen", data={"activity_id": "opmaak"})
    client.post(
        f"/casussen/{code}/plan",
        data={"titel": f"Plan {MARKUP}", "dag": "wo", "van": "09:00", "tot": "12:00"},
    )
    client.post("/consult/shortlist", data={"getoond": "opmaak", "id": "opmaak"})
    with app.app_context():
        [referral_id] = db.session().scalars(select(Referral.id))
    pages = [
        f"/casussen/{code}",
        f"/casussen/{code}/plan",
        f"/casussen/{code}/jouw-week",
        f"/casussen/{code}/verwijzingen/{referral_id}/jouw-plek",
        "/activiteit/opmaak",
        "/resultaten?interesse=koken",
        "/activiteiten",
        "/consult/vergelijk",
    ]
    for path in pages:
        page = client.get(path).get_data(as_text=True)
        assert "<script>alert" not in page and "<img src=x" not in page, path
        assert '"onmouseover="' not in page, path
        assert "&lt;script&gt;alert(" in page, path  # shown, as text
    ics = client.get(f"/casussen/{code}/plan.ics")
    assert ics.headers["Content-Type"].startswith("text/calendar")
    assert "attachment" in ics.headers["Content-Disposition"]
    assert "SUMMARY:Plan <script>" in ics.get_data(as_text=True).replace("\r\n ", "")
    download = client.get("/consult/vergelijk.csv")
    assert download.headers["Content-Type"].startswith("text/csv")
    [record] = list(csv.DictReader(io.StringIO(download.get_data(as_text=True))))
    assert record["title"] == f"Koken {MARKUP}"  # one quoted field, read back whole


def test_no_template_or_view_marks_data_as_safe() -> None:
    sources = [*TEMPLATES.rglob("*.html"), *(TEMPLATES.parent / "src").rglob("*.py")]
    marked = [str(p) for p in sources if re.search(r"\|\s*safe\b|Markup\(", p.read_text())]
    assert marked == []
