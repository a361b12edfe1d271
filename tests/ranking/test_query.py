"""A profile understood: what decides, what supports, and the parts of the day the wishes allow."""

from __future__ import annotations

import pytest

from matcher.profile import parse_profile
from matcher.ranking.query import Query, dayparts
from matcher.services.matching import resolver


@pytest.mark.parametrize(
    ("wishes", "parts"),
    [
        ("iets met mijn handen, rustig, liefst overdag", {"ochtend", "middag"}),
        ("zingen in een koor, alleen overdag, 's avonds kan ik niet", {"ochtend", "middag"}),
        ("'s avonds kan ik niet", {"ochtend", "middag"}),
        ("liefst 's avonds", {"avond"}),
        ("alleen 's ochtends", {"ochtend"}),
        ("weer schaken, ook 's avonds", set()),  # 'ook' limits nothing
        ("samen koken", set()),
    ],
)
def test_it_reads_the_parts_of_the_day_from_the_wishes(wishes: str, parts: set[str]) -> None:
    assert dayparts(wishes) == parts


def query(**profile: object) -> Query:
    return Query.from_profile(parse_profile(profile), resolver())


def test_named_interests_decide_and_the_wishes_support() -> None:
    asked = query(interests=["breien"], wishes="met een kop koffie erbij")
    assert [a.word for a in asked.deciding] == ["breien"]
    assert [a.word for a in asked.supporting] == ["kop koffie"]
    only_wishes = query(wishes="samen breien")
    assert [a.word for a in only_wishes.deciding] == ["breien"]


def test_a_wish_that_repeats_an_interest_adds_nothing() -> None:
    assert query(interests=["koken"], wishes="samen koken").supporting == ()


def test_a_target_group_decides_only_when_nothing_to_do_was_asked() -> None:
    assert [a.word for a in query(interests=["koken", "NAH"]).deciding] == ["koken"]
    assert [a.word for a in query(interests=["NAH"]).deciding] == ["NAH"]


def test_a_profile_without_words_is_open() -> None:
    assert query().open and query(location={"wijk": "Pierik"}).open
    assert not query(interests=["xyzzy"]).open
