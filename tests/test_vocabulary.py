"""The vocabulary: every code of the contract, with words for people, and a curated synonym list."""

from __future__ import annotations

import re

import pytest
from babel.messages.pofile import read_po

from matcher import plain, vocabulary
from matcher.web import icons
from tests.conftest import SHARED
from tests.web.test_translations import CATALOGUE

CONTRACT = (SHARED / "spec" / "CONTRACT.md").read_text(encoding="utf-8")


def contract_table_codes(heading: str) -> list[str]:
    section = CONTRACT.split(heading, 1)[1].split("###", 1)[0]
    return re.findall(r"^\| ([a-z_]+) \|", section, flags=re.MULTILINE)


@pytest.mark.parametrize(
    ("heading", "terms"),
    [
        ("### Interests", vocabulary.INTERESTS),
        ("### Support and accessibility", vocabulary.SUPPORTS),
        ("### Kind of offer", vocabulary.AANBOD),
    ],
)
def test_it_has_exactly_the_contracts_codes(heading: str, terms: dict[str, object]) -> None:
    codes = [c for c in contract_table_codes(heading) if c != "code"]
    assert list(terms) == codes


def english() -> dict[str, str]:
    with (CATALOGUE / "messages.po").open("rb") as fh:
        return {m.id: m.string for m in read_po(fh) if isinstance(m.id, str) and m.string}


def test_every_code_has_a_label_and_an_explanation_in_dutch_and_in_the_english_catalogue() -> None:
    translated = english()
    tables = (
        vocabulary.INTERESTS,
        vocabulary.SUPPORTS,
        vocabulary.EXPERTISE,
        vocabulary.VORMEN,
        vocabulary.AANBOD,
        vocabulary.STATUSES,
        vocabulary.DAYS,
    )
    for table in tables:
        for code, term in table.items():
            assert term.code == code
            assert term.label and translated.get(term.label), code
            assert term.explanation.endswith(".") and translated[term.explanation].endswith(".")


def test_the_opplus_supports_are_support_codes() -> None:
    assert set(vocabulary.OPPLUS_SUPPORTS) <= set(vocabulary.SUPPORTS)
    assert len(vocabulary.OPPLUS_SUPPORTS) == 5


def test_the_synonym_list_is_large_and_maps_only_to_interest_codes() -> None:
    synonyms = vocabulary.synonyms()
    assert len(synonyms) >= 300
    codes_of = {term: {m.interest for m in meanings} for term, meanings in synonyms.items()}
    assert all(codes <= set(vocabulary.INTERESTS) for codes in codes_of.values())
    for code in vocabulary.INTERESTS:
        assert sum(code in codes for codes in codes_of.values()) >= 10, code


def test_the_contracts_example_words_are_synonyms_or_abbreviations() -> None:
    section = CONTRACT.split("### Interests", 1)[1].split("###", 1)[0]
    for line in section.splitlines()[3:]:
        cells = [c.strip() for c in line.strip("|").split("|")]
        if len(cells) == 3:
            for word in cells[2].lower().split(", "):
                if word == cells[0]:
                    continue  # the code itself is matched as a code
                if word in vocabulary.abbreviations():
                    assert vocabulary.abbreviations()[word].interest == cells[0], word
                else:
                    assert cells[0] in {m.interest for m in vocabulary.synonyms()[word]}, word


def test_specific_words_name_a_part_of_their_interest() -> None:
    meanings = vocabulary.synonyms()
    assert meanings["kringloop"] == {vocabulary.Meaning("winkel", "kringloop")}
    assert meanings["kookgroep"] == {vocabulary.Meaning("koken", None)}  # any cooking group
    topics = vocabulary.topics()
    assert {"kringloopwinkel", "tweedehands"} <= topics["kringloop"]
    assert "horeca" not in topics["kringloop"]
    # A narrower topic falls under a broader one, not the other way round.
    assert "schaken" in topics["bordspellen"] and "bordspellen" not in topics["schaken"]
    assert "alcohol" in topics["verslaving"] and "gokken" not in topics["alcohol"]


def test_abbreviations_people_use_say_what_they_mean() -> None:
    known, translated = vocabulary.abbreviations(), english()
    assert set(known) >= {"aa", "na", "ggz", "nah", "lvb", "swt"}
    assert known["aa"].interest == "lotgenoten" and known["aa"].topic in vocabulary.topics()
    assert known["nah"].expertise == "nah" and known["nah"].interest is None
    assert known["swt"].meaning.startswith("sociaal wijkteam")
    for abbreviation in known.values():
        assert abbreviation.meaning and translated.get(abbreviation.meaning), abbreviation.short
        assert abbreviation.interest in (None, *vocabulary.INTERESTS)
        assert abbreviation.expertise in (None, *vocabulary.EXPERTISE)


def test_stop_words_keep_the_words_that_matter_here() -> None:
    assert "de" in vocabulary.stop_words() and "een" in vocabulary.stop_words()
    assert not {"alleen", "samen", "buiten", "zonder", "niet"} & vocabulary.stop_words()


def test_every_language_has_a_dutch_name_in_the_english_catalogue_and_its_own_name() -> None:
    translated = english()
    for code, language in vocabulary.LANGUAGES.items():
        assert language.code == code and re.fullmatch(r"[a-z]{2}", code)
        assert translated.get(language.name) and language.own_name, code
    assert vocabulary.LANGUAGES["tr"].own_name == "Türkçe"


def test_the_pages_languages_are_dutch_and_those_with_a_catalogue() -> None:
    assert vocabulary.PAGE_LANGUAGES[0] == vocabulary.DEFAULT_LANGUAGE == "nl"
    for code in vocabulary.PAGE_LANGUAGES[1:]:
        assert (CATALOGUE.parents[1] / code / "LC_MESSAGES" / "messages.po").exists(), code


RESIDENT_TABLES = (
    vocabulary.INTERESTS,
    vocabulary.SUPPORTS,
    vocabulary.VORMEN,
    vocabulary.AANBOD,
    vocabulary.STATUSES,
    vocabulary.DAYS,
)


def test_it_puts_every_interest_in_exactly_one_of_about_six_groups() -> None:
    grouped = [code for group in vocabulary.INTEREST_GROUPS for code in group.interests]
    assert sorted(grouped) == sorted(vocabulary.INTERESTS)
    assert 5 <= len(vocabulary.INTEREST_GROUPS) <= 7
    assert all(len(group.interests) <= 5 for group in vocabulary.INTEREST_GROUPS)


@pytest.mark.parametrize("table", RESIDENT_TABLES)
def test_it_gives_every_code_a_plain_label_and_keeps_the_professionals_term(
    table: dict[str, vocabulary.Term],
) -> None:
    for code, term in table.items():
        words = f"{term.label}. {term.explanation}"
        assert plain.jargon_in(words) == [], code
        assert not plain.hints(words), code  # short, 'je' not 'u', no jargon
        assert term.term == (term.professional or term.label)


def test_it_keeps_the_jargon_for_the_consult_pages() -> None:
    assert vocabulary.SUPPORTS["rolstoeltoegankelijk"].label == "Goed te doen met een rolstoel"
    assert vocabulary.SUPPORTS["rolstoeltoegankelijk"].term == "Rolstoeltoegankelijk"
    assert vocabulary.INTERESTS["lotgenoten"].term == "Lotgenotencontact"


def test_it_shows_each_group_and_support_with_a_picture_of_its_own() -> None:
    codes = [f"groep_{g.code}" for g in vocabulary.INTEREST_GROUPS] + list(vocabulary.SUPPORTS)
    pictures = [icons.icon_for(code) for code in codes]
    assert "check" not in pictures  # the neutral picture for a code without one
    assert len(set(pictures[:6])) == 6
    assert all(picture in icons._symbols() for picture in pictures)
