"""Finding entries that are probably one activity: planted duplicates, hard cases, the reasons."""

from __future__ import annotations

from typing import Any

import pytest

from matcher.catalogue.duplicates import THRESHOLD, Pair, find_duplicates, likely_duplicates_of
from matcher.catalogue.records import ActivityRecord, parse_record
from tests.catalogue.planted import (
    NOT_DUPLICATES,
    PLANTED,
    planted_pairs,
    planted_records,
    sample_rows,
)
from tests.conftest import row

# What the detection achieves on the planted set (docs/duplicates.md), with a little margin:
# one planted pair may be missed, and one reported pair in ten may be wrong.
RECALL_FLOOR, PRECISION_FLOOR = 0.95, 0.9


def record(**values: Any) -> ActivityRecord:
    return parse_record(row(**values))


def found(pairs: list[Pair]) -> set[frozenset[str]]:
    return {frozenset(pair.ids) for pair in pairs}


def test_it_finds_the_planted_duplicates_and_little_else() -> None:
    reported = found(find_duplicates(planted_records()))
    planted = planted_pairs()
    recall = len(reported & planted) / len(planted)
    precision = len(reported & planted) / len(reported)
    assert len(planted) == len(PLANTED) == 21
    assert recall >= RECALL_FLOOR, sorted(map(sorted, planted - reported))
    assert precision >= PRECISION_FLOOR, sorted(map(sorted, reported - planted))


def test_it_takes_none_of_the_hard_cases_for_a_duplicate() -> None:
    reported = {entry for pair in found(find_duplicates(planted_records())) for entry in pair}
    assert reported.isdisjoint(NOT_DUPLICATES)


def test_the_sample_catalogue_itself_has_no_duplicates() -> None:
    rows = sample_rows()
    records = [parse_record(values) for values in rows.values()]
    assert find_duplicates(records) == []
    assert len(records) == 229


def test_it_says_why_in_plain_dutch() -> None:
    pairs = {p.ids: p for p in find_duplicates(planted_records())}
    koor = pairs[("stadskoor-broerenkerk-binnenstad", "stadskoor-broerenkerk-binnenstad-kopie")]
    assert list(koor.reasons) == [
        "bijna dezelfde naam (90%)",
        "zelfde adres",
        "zelfde organisatie",
        "zelfde tijd: wo 19:45-22:00",
    ]
    assert THRESHOLD <= koor.score <= 1
    quilt = pairs[("quiltgroep-oldenelerbroek", "quiltgroep-oldenelerbroek-kopie")]
    assert "tijden overlappen: do 13:30-16:00 en do 14:00-16:30" in quilt.reasons
    # "De Huiskamer van Assendorp": an article and the wijk's name don't make another name.
    huiskamer = pairs[("huiskamer-assendorperplein", "huiskamer-assendorperplein-kopie")]
    assert "zelfde naam" in huiskamer.reasons


@pytest.mark.parametrize(
    "changes",
    [
        {"wijk": "Stadshagen", "address": "Werkerlaan 30"},  # another wijk
        {"address": "Kerkstraat 99", "organisation": "Kerk Assendorp"},  # another building and host
    ],
    ids=["another wijk", "another building and organisation"],
)
def test_a_common_name_at_another_place_is_another_activity(changes: dict[str, str]) -> None:
    first = record(
        id="koffie-1", title="Koffieochtend", address="Dapperstraat 3", organisation="Buurthuis"
    )
    second = record(
        id="koffie-2",
        title="Koffieochtend",
        description="Koffie en een praatje.",
        schedule="wo 10:00-11:30",
        **changes,
    )
    assert find_duplicates([first, second]) == []
    assert likely_duplicates_of(second, [first]) == []


def test_it_compares_entries_of_two_wijken_at_the_same_address() -> None:
    # One organisation wrote the wijk by hand, the other's follows from the postcode.
    first = record(id="a", wijk="Assendorp", address="Dapperstraat 20", postcode="8012 BR")
    second = record(id="b", wijk="Zwolle-Zuid", address="Dapperstraat 20", postcode="8012 BR")
    [pair] = find_duplicates([first, second])
    assert "zelfde adres" in pair.reasons


def test_an_abbreviation_is_the_words_it_stands_for() -> None:
    short = record(id="a", title="Wandelgroep NAH", address="Molenweg 14")
    long = record(id="b", title="Wandelgroep niet-aangeboren hersenletsel", address="Molenweg 14")
    [pair] = find_duplicates([short, long])
    assert "zelfde naam" in pair.reasons


def test_a_new_entry_is_checked_against_the_catalogue() -> None:
    rows = sample_rows()
    catalogue = [parse_record(values) for values in rows.values()]
    copy = {**rows["repaircafe-kamperpoort"], **PLANTED["repaircafe-kamperpoort"], "id": "nieuw"}
    [pair] = likely_duplicates_of(parse_record(copy), catalogue)
    assert pair.first.id == "nieuw" and pair.second.id == "repaircafe-kamperpoort"
    assert "zelfde adres" in pair.reasons


def test_an_entry_is_not_a_duplicate_of_itself() -> None:
    rows = sample_rows()
    catalogue = [parse_record(values) for values in rows.values()]
    itself = next(r for r in catalogue if r.id == "zumba-wipstrik")
    assert likely_duplicates_of(itself, catalogue) == []
