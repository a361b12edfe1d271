"""The ranking's rules, each on a small catalogue made for it."""

from __future__ import annotations

import datetime as dt

import pytest

from matcher import geo, vocabulary
from matcher.catalogue import freshness
from matcher.catalogue.freshness import Audience
from matcher.profile import parse_profile
from matcher.ranking import weights as W
from matcher.ranking.index import CatalogueIndex, build_index
from matcher.ranking.query import Query
from matcher.ranking.rank import freshness_masks, haversine_km, rank
from matcher.services.matching import resolver
from tests.ranking.conftest import SAMPLE_CATALOGUE, TODAY, ask, index_of, load_records, row


def ids(answer) -> list[str]:  # type: ignore[no-untyped-def]
    return [r.record.id for r in answer.results]


def test_it_never_returns_what_breaks_a_hard_constraint() -> None:
    index = index_of(
        row(id="ok", wijk="Pierik"),
        row(id="mist-steun", wijk="Pierik", support=""),
        row(id="te-ver", wijk="Windesheim"),
        row(id="te-duur", wijk="Pierik", cost_eur="20"),
        row(id="te-jong", wijk="Pierik", min_age="65"),
        row(id="vol", wijk="Pierik", status="vol"),
        row(id="maatwerk", wijk="Pierik", aanbod="maatwerk"),
    )
    answer = ask(
        index,
        interests=["koken"],
        required=["kleine_groep"],
        location={"wijk": "Pierik"},
        max_km=3,
        max_cost_eur=10,
        age=40,
    )
    assert ids(answer) == ["ok"]


def test_it_includes_maatwerk_only_when_asked() -> None:
    index = index_of(row(id="dagbesteding", aanbod="maatwerk"))
    assert ids(ask(index, interests=["koken"])) == []
    assert ids(ask(index, interests=["koken"], include_maatwerk=True)) == ["dagbesteding"]


def test_it_prefers_regular_over_special_over_maatwerk_all_else_equal() -> None:
    index = index_of(
        row(id="m", aanbod="maatwerk"),
        row(id="a", aanbod="aanvullend"),
        row(id="r", aanbod="regulier"),
    )
    assert ids(ask(index, interests=["koken"], include_maatwerk=True)) == ["r", "a", "m"]


def test_it_orders_by_distance_what_fits_and_leaves_out_what_does_not() -> None:
    index = index_of(
        row(id="ver-koken", wijk="Stadshagen"),
        row(
            id="dichtbij-zingen",
            wijk="Assendorp",
            interests="muziek",
            title="Koor",
            description="Zingen in een koor.",
        ),
        row(id="dichtbij-koken", wijk="Assendorp"),
    )
    answer = ask(index, interests=["koken"], location={"wijk": "Assendorp"})
    assert ids(answer) == ["dichtbij-koken", "ver-koken"]


def test_it_finds_interests_by_everyday_words_stems_and_typos() -> None:
    index = index_of(
        row(
            id="schilderclub",
            interests="creatief",
            title="Schilderclub",
            description="Schilderen met acrylverf.",
        ),
        row(id="koor", interests="muziek", title="Buurtkoor", description="Zingen met de buurt."),
    )
    for word, expected in [
        ("schilderren", "schilderclub"),
        ("zingn", "koor"),
        ("breien", "schilderclub"),
        ("zingen", "koor"),
    ]:
        assert ids(ask(index, interests=[word]))[0] == expected, word


def test_it_finds_an_activity_described_in_other_words() -> None:
    index = index_of(
        row(id="a", interests="ontmoeting", title="Inloop", description="Koffie en een praatje."),
        row(id="b", interests="ontmoeting", title="Moestuin", description="Werken in de moestuin."),
    )
    assert ids(ask(index, wishes="een praatje maken bij de koffie"))[0] == "a"


def test_it_explains_in_plain_dutch_and_lists_missing_preferences() -> None:
    index = index_of(row(id="a", wijk="Assendorp", support="kleine_groep;prikkelarm", cost_eur="0"))
    [result] = ask(
        index,
        interests=["kook"],
        preferred=["prikkelarm", "vervoer"],
        location={"wijk": "Assendorp"},
        days=["di"],
    ).results
    assert "past bij je interesse kook" in result.reasons
    assert "rustige plek" in result.reasons
    assert "< 0,1 km van huis" in result.reasons
    assert "op dinsdag" in result.reasons
    assert "gratis" in result.reasons
    assert result.missing == ["vervoer"]
    assert set(result.breakdown) >= {"interest", "preferred", "distance", "days"}


def test_it_shows_near_misses_that_opplussen_could_open() -> None:
    index = index_of(
        row(id="past", support="kleine_groep;begeleiding_aanwezig"),
        row(id="zonder-begeleiding", support="kleine_groep"),
        row(id="mist-eigen-plek", support="begeleiding_aanwezig"),
        row(
            id="ander-onderwerp",
            support="kleine_groep",
            interests="sport",
            title="Sport",
            description="Bewegen.",
        ),
    )
    answer = ask(index, interests=["koken"], required=["kleine_groep", "begeleiding_aanwezig"])
    assert ids(answer) == ["past"]
    # Only a missing opplus support makes a near miss; a missing small group cannot be added.
    assert [(n.record.id, n.would_fit_with) for n in answer.near_misses] == [
        ("zonder-begeleiding", ["begeleiding_aanwezig"])
    ]


def test_it_keeps_at_most_two_of_one_organisation_in_the_top_five() -> None:
    same = [
        row(id=f"pan-{i}", organisation="De Pan", description="Samen koken en eten.")
        for i in range(4)
    ]
    others = [
        row(id=f"ander-{i}", organisation=f"Org {i}", description="Samen koken.") for i in range(3)
    ]
    answer = ask(index_of(*same, *others), interests=["koken"])
    top5 = [r.record.organisation for r in answer.results[:5]]
    assert top5.count("De Pan") == 2
    assert len(answer.results) == 7


def test_it_does_not_force_variety_when_no_alternative_is_close() -> None:
    same = [row(id=f"pan-{i}", organisation="De Pan") for i in range(3)]
    far_off = row(
        id="ander", organisation="Ander", interests="sport", title="Fitness", description="Fitness."
    )
    answer = ask(index_of(*same, far_off), interests=["koken"])
    assert [r.record.organisation for r in answer.results[:3]] == ["De Pan"] * 3


def test_it_ranks_entries_not_confirmed_for_a_year_clearly_lower() -> None:
    # TODAY is 2026-11-23: more than 12 months is before 2025-11-23, more than 18 before 2025-05-23.
    index = index_of(  # four organisations, so no variety penalty
        row(id="oud", organisation="A", last_verified="2025-11-22"),
        row(id="nooit", organisation="B"),
        row(id="heel-oud", organisation="C", last_verified="2025-05-22"),
        row(id="recent", organisation="D", last_verified="2025-11-23"),
    )
    answer = ask(index, interests=["koken"])
    assert ids(answer) == ["recent", "oud", "nooit", "heel-oud"]
    score = {r.record.id: r.score for r in answer.results}
    assert score["recent"] - score["oud"] == pytest.approx(W.PENALTY_STALE)
    assert score["recent"] - score["heel-oud"] == pytest.approx(W.PENALTY_VERY_STALE)
    breakdown = {r.record.id: r.breakdown.get("niet_bevestigd") for r in answer.results}
    assert breakdown == {
        "recent": None,
        "oud": -W.PENALTY_STALE,
        "nooit": -W.PENALTY_STALE,
        "heel-oud": -W.PENALTY_VERY_STALE,
    }


def test_residents_do_not_find_entries_not_confirmed_for_18_months() -> None:
    index = index_of(
        row(id="heel-oud", last_verified="2025-05-22", support="begeleiding_aanwezig"),
        row(id="net-niet", last_verified="2025-05-23", support="begeleiding_aanwezig"),
        row(id="heel-oud-bijna", last_verified="2025-05-22", support=""),  # a near miss
    )
    profile = parse_profile({"interests": ["koken"], "required": ["begeleiding_aanwezig"]})
    query = Query.from_profile(profile, resolver())
    residents = rank(index, query, 10, TODAY, Audience.RESIDENTS)
    assert ids(residents) == ["net-niet"] and residents.near_misses == []
    assert residents.considered == 1
    professionals = rank(index, query, 10, TODAY, Audience.PROFESSIONALS)
    assert ids(professionals) == ["net-niet", "heel-oud"]
    assert [n.record.id for n in professionals.near_misses] == ["heel-oud-bijna"]
    assert professionals.considered == 3
    answer = professionals.to_dict()
    assert [r.get("freshness") for r in answer["results"]] == ["verouderd", "zeer_verouderd"]
    assert answer["near_misses"][0]["freshness"] == "zeer_verouderd"


def test_a_confirmed_entry_carries_no_freshness_in_the_answer() -> None:
    index = index_of(row(id="recent", last_verified="2026-11-01"))
    [result] = ask(index, interests=["koken"]).to_dict()["results"]
    assert "freshness" not in result


@pytest.mark.parametrize("today", [TODAY, dt.date(2026, 3, 31), dt.date(2027, 2, 28)])
def test_the_ranking_reads_the_same_rules_as_everything_else(today: dt.date) -> None:
    records = load_records(SAMPLE_CATALOGUE)
    stale, very_stale = freshness_masks(build_index(records, 1), today)
    states = [freshness.state(r.last_verified, today) for r in records]
    assert list(stale) == [s.flagged for s in states]
    assert list(very_stale) == [s is freshness.State.VERY_STALE for s in states]
    assert any(very_stale) and not all(stale)


def test_it_counts_every_activity_it_considered(eval_index: CatalogueIndex) -> None:
    assert ask(eval_index, interests=["koken"]).considered == 90


def test_its_reasons_show_the_corrected_word_not_the_typo() -> None:
    index = index_of(row(id="koor", interests="muziek", title="Buurtkoor", description="Zingen."))
    [result] = ask(index, interests=["zingn"]).results
    assert "past bij je interesse zingen" in result.reasons


def test_it_measures_distances_the_same_from_a_named_place_and_from_coordinates() -> None:
    # A wijk's distances are kept with the index for every activity; other coordinates are
    # worked out for the activities asked about only. The same figures either way.
    index = build_index(load_records(SAMPLE_CATALOGUE), 1, vocabulary.stop_words())
    centre = geo.wijk_centre("Assendorp")
    elsewhere = geo.Point(centre.lat + 0.001, centre.lon)
    for point, location in [
        (centre, {"wijk": "Assendorp"}),
        (centre, {"wijk": "Assendorp"}),  # kept now
        (elsewhere, {"lat": elsewhere.lat, "lon": elsewhere.lon}),
    ]:
        answer = ask(index, interests=["koken"], location=location)
        at = [index.position[r.record.id] for r in answer.results]
        assert at
        expected = haversine_km(point, index.lat[at], index.lon[at]).tolist()
        assert [r.distance_km for r in answer.results] == expected
    assert list(index.distances) == [centre]
