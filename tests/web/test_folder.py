"""The wijk folder: a PDF whose text holds every activity of the wijk a resident can join and
nothing else, in each page language, from the beheerder's page and from the command line."""

from __future__ import annotations

import csv
import html
import io
import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner
from flask_babel import force_locale
from flask_babel import gettext as _
from pypdf import PdfReader
from weasyprint import HTML
from weasyprint.formatting_structure.boxes import Box, ReplacedBox, TextBox

from matcher import contacts, db, vocabulary
from matcher.services import folder as wijk_folder
from matcher.web import folder
from matcher.web.i18n import LANGUAGES
from tests.conftest import EVAL_CATALOGUE, log_in, make_person, saved_as

WIJK = "Veerallee"  # one full activity and one maatwerk there, both left out


def catalogue() -> list[dict[str, str]]:
    with EVAL_CATALOGUE.open(encoding="utf-8") as source:
        return list(csv.DictReader(source))


def pdf_text(pdf: bytes) -> str:
    reader = PdfReader(io.BytesIO(pdf))
    return " ".join(" ".join(page.extract_text().split()) for page in reader.pages)


def joinable(row: dict[str, str]) -> bool:
    return row["status"] not in vocabulary.NOT_JOINABLE and row["aanbod"] != "maatwerk"


@pytest.fixture
def beheerder(app: Flask, imported: FlaskCliRunner, client: FlaskClient) -> FlaskClient:
    log_in(client, make_person(app, "beheerder"))
    return client


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_folder_holds_every_joinable_activity_of_the_wijk_and_nothing_else(
    beheerder: FlaskClient, language: str
) -> None:
    response = beheerder.get(f"/beheer/folder/folder.pdf?wijk={WIJK.lower()}&taal={language}")
    assert response.status_code == 200 and response.mimetype == "application/pdf"
    assert saved_as(response) == f"folder-veerallee-{language}.pdf"
    text = pdf_text(response.data)
    rows = catalogue()
    inside = [r["title"] for r in rows if r["wijk"] == WIJK and joinable(r)]
    outside = [r["title"] for r in rows if r["wijk"] != WIJK or not joinable(r)]
    assert len(inside) >= 3 and any(r["wijk"] == WIJK and not joinable(r) for r in rows)
    assert [t for t in inside if " ".join(t.split()) not in text] == []
    shown_elsewhere = [t for t in outside if not any(t in i for i in inside)]
    assert [t for t in shown_elsewhere if t in text] == []
    with beheerder.application.test_request_context(), force_locale(language):
        words = (_("Wanneer"), _("Kosten"), _("Bellen"))
    assert all(" ".join(word.split()) in text for word in words), words


def test_the_folder_has_a_qr_code_and_large_type(beheerder: FlaskClient) -> None:
    pdf = beheerder.get(f"/beheer/folder/folder.pdf?wijk={WIJK}").data
    reader = PdfReader(io.BytesIO(pdf))
    # The QR code is drawn as vectors: one small square per dark module, hundreds of them.
    assert reader.pages[0].get_contents().get_data().count(b" m\n") > 300
    sizes: list[float] = []

    def visit(text: str, cm: object, tm: list[float], font: object, size: float) -> None:
        if text.strip():
            sizes.append(size * abs(tm[0]))

    reader.pages[0].extract_text(visitor_text=visit)
    assert min(sizes) >= 10 and sorted(sizes)[len(sizes) // 2] >= 13  # mostly 14 pt
    a4 = (595, 842)  # points
    assert all((round(p.mediabox.width), round(p.mediabox.height)) == a4 for p in reader.pages)


def pictures(box: Box) -> Iterator[ReplacedBox]:
    """The pictures WeasyPrint loaded and laid out inside a box."""
    if isinstance(box, ReplacedBox):
        yield box
    for child in getattr(box, "children", ()):
        yield from pictures(child)


def test_every_interest_and_support_has_its_pictogram_drawn(
    app: Flask, imported: FlaskCliRunner
) -> None:
    with app.test_request_context():
        page = folder.page_html(db.session(), WIJK, "nl")
        groups = wijk_folder.grouped(wijk_folder.joinable(db.session(), WIJK))
    drawn = [b for p in HTML(string=page).render().pages for b in pictures(p._page_box)]
    supports = sum(len(a.support) for g in groups for a in g.activities)
    assert len(groups) >= 2 and supports >= 2
    assert len(drawn) == 1 + len(groups) + supports  # and the QR code
    assert all(b.width > 10 and b.height > 10 for b in drawn)  # points: not an empty box


def texts(box: Box) -> Iterator[TextBox]:
    """The pieces of text WeasyPrint laid out inside a box."""
    if isinstance(box, TextBox) and box.text.strip():
        yield box
    for child in getattr(box, "children", ()):
        yield from texts(child)


def lying_over_each_other(page: list[TextBox]) -> list[tuple[str, str]]:
    """Pairs of texts on a page whose boxes overlap by more than a point either way."""
    found = []
    for i, a in enumerate(page):
        for b in page[i + 1 :]:
            across = min(a.position_x + a.width, b.position_x + b.width) - max(
                a.position_x, b.position_x
            )
            down = min(a.position_y + a.height, b.position_y + b.height) - max(
                a.position_y, b.position_y
            )
            if across > 1 and down > 1:
                found.append((a.text, b.text))
    return found


@pytest.mark.parametrize("language", LANGUAGES)
def test_no_text_of_the_folder_lies_over_other_text(
    app: Flask, imported: FlaskCliRunner, language: str
) -> None:
    # A long word for a label ('Зателефонувати' for 'Bellen') must push its value aside.
    with app.test_request_context():
        page = folder.page_html(db.session(), WIJK, language)
    laid_out = HTML(string=page).render()
    pages = [list(texts(p._page_box)) for p in laid_out.pages]
    assert sum(len(p) for p in pages) > 50  # the check sees the text
    assert [lying_over_each_other(p) for p in pages] == [[] for _ in pages]


@pytest.mark.parametrize("language", LANGUAGES)
def test_the_hours_to_call_say_the_language_they_are_written_in(app: Flask, language: str) -> None:
    # The file of contacts has its hours in Dutch and English only: the folder says which, as
    # the pages do (macros.samen_zoeken), so a reader or a screen reader knows.
    with app.test_request_context():
        page = folder.page_html(db.session(), WIJK, language)
    for contact in contacts.for_wijk(WIJK):
        own, when = contact.language_for(language), html.escape(contact.when_in(language))
        assert f'(<span lang="{own}" dir="ltr">{when}</span>)' in page, contact.name
        # The contacts' names are Dutch names in every language.
        assert f'<strong lang="nl" dir="ltr">{html.escape(contact.name)}</strong>' in page


def test_a_wrong_wijk_or_language_shows_the_form_with_the_error(beheerder: FlaskClient) -> None:
    wrong = beheerder.get("/beheer/folder/folder.pdf?wijk=Nergens")
    assert wrong.status_code == 422 and "onbekende wijk" in wrong.get_data(as_text=True)
    other = beheerder.get(f"/beheer/folder/folder.pdf?wijk={WIJK}&taal=xx")
    assert other.status_code == 422 and "onbekende taal" in other.get_data(as_text=True)
    assert "Wijkfolder op papier" in beheerder.get("/beheer/folder").get_data(as_text=True)


def test_the_command_writes_the_same_folder(imported: FlaskCliRunner, tmp_path: Path) -> None:
    target = tmp_path / "hb.pdf"
    result = imported.invoke(
        args=["folder", "--wijk", "Holtenbroek", "--taal", "en", "--output", str(target)]
    )
    assert result.exit_code == 0, result.output
    assert re.match(r"Wijkfolder geschreven: .*hb\.pdf \(\d+ kB\)\.", result.output)
    text = pdf_text(target.read_bytes())
    assert "Kookgroep Holtenbroek" in text and "Cooking and eating together" in text
    assert "http://127.0.0.1:5000/activiteiten?wijk=Holtenbroek" in text
    refused = imported.invoke(args=["folder", "--wijk", "Nergens"])
    assert refused.exit_code == 1 and "onbekende wijk" in refused.output
