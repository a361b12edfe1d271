"""The ranking's rules, each on a small catalogue made for it."""

from __future__ import annotations

from matcher.ranking.index import CatalogueIndex
from tests.ranking.conftest import ask, index_of, row


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


def test_it_penalises_entries_not_verified_in_the_last_year() -> None:
    index = index_of(
        row(id="oud", last_verified="2024-01-01"), row(id="recent", last_verified="2026-10-01")
    )
    assert ids(ask(index, interests=["koken"])) == ["recent", "oud"]


def test_it_counts_every_activity_it_considered(eval_index: CatalogueIndex) -> None:
    assert ask(eval_index, interests=["koken"]).considered == 90


def test_its_reasons_show_the_corrected_word_not_the_typo() -> None:
    index = index_of(row(id="koor", interests="muziek", title="Buurtkoor", description="Zingen."))
    [result] = ask(index, interests=["zingn"]).results
    assert "past bij je interesse zingen" in result.reasons
