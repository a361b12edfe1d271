"""The English pages: everything the system writes is English, from one gettext catalogue."""

from __future__ import annotations

import re

import pytest
from flask import Flask
from flask.testing import FlaskClient, FlaskCliRunner

from matcher import vocabulary
from tests.conftest import log_in, make_person

# `kringloop` is a part of the interest `winkel`: a shop that is not a kringloop fits partly.
# Mondays and Tuesdays: activities on other days get a note that says when they are.
PARTIAL_WITH_DAYS = "/resultaten?anders=kringloop&dag=ma&dag=di"
DUTCH_REASONS = (
    "past bij je interesse",
    "ook iets met",
    "winkel, verkoop",
    "alleen op",
    "zaterdag",
    "niet in het",
    "Engels",
    "gratis",
)


@pytest.fixture
def english(client: FlaskClient, imported: FlaskCliRunner) -> FlaskClient:
    client.set_cookie("taal", "en")
    return client


@pytest.fixture
def consultant(app: Flask, english: FlaskClient) -> FlaskClient:
    log_in(english, make_person(app, "consulent"))
    return english


def shown(page: str, css_class: str) -> list[str]:
    """The text of every paragraph of a class, without tags."""
    found = re.findall(rf'<p class="{css_class}">(.*?)</p>', page, flags=re.S)
    return [re.sub(r"<[^>]+>", "", p) for p in found]


def test_it_writes_the_reasons_and_notes_on_the_english_results_page_in_english(
    english: FlaskClient,
) -> None:
    page = english.get(PARTIAL_WITH_DAYS).get_data(as_text=True)
    reasons, notes = " ".join(shown(page, "reasons")), " ".join(shown(page, "notes"))
    assert "matches your interest kringloop" in reasons
    assert "also something with shop, sales and hospitality" in reasons
    assert re.search(r"only on (Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)", notes)
    assert "not in English" in notes
    for dutch in DUTCH_REASONS:
        assert dutch not in reasons + notes, dutch


def test_it_says_how_it_read_an_abbreviation_in_english(english: FlaskClient) -> None:
    page = english.get("/resultaten?anders=AA").get_data(as_text=True)
    assert (
        "We read AA as: Alcoholics Anonymous (a group for people who want to stop drinking)."
        in page
    )
    assert "Anonieme Alcoholisten" not in page


def test_the_consult_form_offers_every_language_of_the_vocabulary_by_its_own_name(
    consultant: FlaskClient,
) -> None:
    page = consultant.get("/consult").get_data(as_text=True)
    for code, language in vocabulary.LANGUAGES.items():
        assert re.search(rf'<option[^>]* value="{code}">{language.own_name}</option>', page), code
