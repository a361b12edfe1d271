"""Honest answers: what fits in full, what fits partly, and nothing that does not fit at all."""

from __future__ import annotations

import pytest

from matcher.ranking import fit
from matcher.ranking.rank import Answer
from tests.ranking.conftest import ask, index_of, row


def fits(answer: Answer) -> list[tuple[str, str]]:
    return [(r.record.id, r.fit) for r in answer.results]


KRINGLOOP = row(
    id="kringloop",
    interests="winkel",
    title="Kringloopwinkel De Ruil",
    description="Help mee in de kringloop: spullen sorteren en verkopen.",
)
KANTINE = row(
    id="kantine",
    interests="winkel;sport",
    title="Kantine van de voetbalclub",
    description="Achter de bar staan op zaterdag.",
)


def test_it_calls_a_fit_good_only_when_the_activity_is_about_the_specific_word() -> None:
    answer = ask(index_of(KANTINE, KRINGLOOP), interests=["kringloop"])
    assert fits(answer) == [("kringloop", "goed"), ("kantine", "deels")]
    kringloop, kantine = answer.results
    assert "past bij je interesse kringloop" in kringloop.reasons
    assert kringloop.matched.words == ("kringloop",)
    # The canteen only shares the broad code: it says so, and never claims the word.
    assert kantine.reasons[0] == "ook iets met helpen in een winkel of café"
    assert kantine.matched.words == () and kantine.matched.interests == ("winkel",)
    assert answer.fit == "goed"


def test_it_keeps_how_activities_meet_a_sense_per_index_and_answers_the_same_from_it(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    index = index_of(KANTINE, KRINGLOOP)
    first = ask(index, interests=["kringloop", "voetbal"])
    assert len(index.levels) == 2  # the senses of both words
    assert all(not kept.levels.flags.writeable for kept in index.levels.values())
    again = ask(index, interests=["kringloop", "voetbal"])
    assert again.to_dict() == first.to_dict()
    assert [r.breakdown for r in again.results] == [r.breakdown for r in first.results]
    # With room for one sense's levels only, an index keeps no more than that, and answers the
    # same as one with room for all.
    monkeypatch.setattr(fit, "MAX_CACHED_LEVELS", len(index))
    small = index_of(KANTINE, KRINGLOOP)
    bounded = ask(small, interests=["kringloop", "voetbal"])
    assert len(small.levels) == 1
    assert bounded.to_dict() == first.to_dict()


def test_a_word_that_names_the_whole_interest_fits_every_activity_of_it() -> None:
    answer = ask(index_of(KANTINE, KRINGLOOP), interests=["winkel"])
    assert {fit for _id, fit in fits(answer)} == {"goed"}


def test_it_pads_nothing_and_says_when_nothing_fits() -> None:
    index = index_of(KRINGLOOP, row(id="koken"))
    assert fits(ask(index, interests=["kringloop"], top=10)) == [("kringloop", "goed")]
    nothing = ask(index, interests=["xyzzy"])
    assert nothing.results == [] and nothing.fit == "geen"
    assert nothing.unrecognised == ("xyzzy",)


def test_a_word_of_no_vocabulary_is_looked_for_in_the_texts() -> None:
    index = index_of(
        row(
            id="vissen",
            interests="wandelen",
            title="Vissen aan de IJssel",
            description="Samen vissen.",
        ),
        row(id="koken"),
    )
    answer = ask(index, interests=["vissen"])
    assert fits(answer) == [("vissen", "goed")] and answer.unrecognised == ()


def test_a_word_named_once_in_passing_is_a_partial_fit() -> None:
    index = index_of(
        row(id="breiclub", interests="creatief", title="Breiclub", description="Samen breien."),
        row(
            id="wijkpunt",
            interests="creatief",
            title="Start je eigen activiteit",
            description="Begin zelf iets, zoals een breiclub of een wandelgroep.",
        ),
    )
    answer = ask(index, interests=["breien"])
    assert fits(answer) == [("breiclub", "goed"), ("wijkpunt", "deels")]
    assert "ook iets met breien" in answer.results[1].reasons


def test_a_compound_belongs_to_its_longest_known_word() -> None:
    index = index_of(
        row(id="tafeltennis", interests="sport", title="Tafeltennis", description="Pingpong."),
        row(id="tennis", interests="sport", title="Tennisclub", description="Tennis op gravel."),
    )
    assert fits(ask(index, interests=["tennis"])) == [("tennis", "goed"), ("tafeltennis", "deels")]


def test_function_words_in_the_wishes_are_not_interests() -> None:
    index = index_of(
        row(id="imker", interests="dieren", title="Imkersvereniging", description="Bijen houden."),
        row(
            id="opvang",
            interests="kinderen",
            title="Kinderopvang De Hoek",
            description="Spelen met kinderen.",
        ),
    )
    answer = ask(index, wishes="iets bij de kinderopvang")
    assert fits(answer) == [("opvang", "goed")]  # 'bij' is not 'bijen'


def test_an_abbreviation_is_read_as_what_it_means() -> None:
    index = index_of(
        row(
            id="gokken",
            interests="lotgenoten",
            title="Lotgenotengroep gokverslaving",
            description="Praten over gokken.",
        ),
        row(
            id="aa",
            interests="lotgenoten",
            title="AA-groep Centrum",
            description="Anonieme Alcoholisten: samen nuchter blijven.",
        ),
    )
    answer = ask(index, interests=["AA"])
    assert fits(answer) == [("aa", "goed"), ("gokken", "deels")]
    assert dict(answer.meanings)["AA"].startswith("Anonieme Alcoholisten")
    # In the wishes an abbreviation counts only in capitals: 'na' is 'after', not NA.
    assert ask(index, wishes="na het werk").results == []


def test_it_says_the_days_that_do_not_suit_and_calls_the_fit_partial() -> None:
    index = index_of(
        row(id="avond", schedule="wo 19:00-21:00; za 19:00-21:00"),
        row(id="dinsdag", schedule="di 10:00-12:00"),
    )
    answer = ask(index, interests=["koken"], days=["ma", "di"])
    assert fits(answer) == [("dinsdag", "goed"), ("avond", "deels")]
    assert answer.results[1].notes == ["alleen op woensdag en zaterdag"]
    assert "alleen op woensdag en zaterdag" in answer.to_dict()["results"][1]["reasons"]
    daytime = ask(index, interests=["koken"], wishes="alleen overdag, 's avonds kan ik niet")
    assert fits(daytime) == [("dinsdag", "goed"), ("avond", "deels")]
    assert daytime.results[1].notes == ["alleen 's avonds"]


def test_two_small_differences_make_a_fit_partial_one_does_not() -> None:
    index = index_of(
        row(id="een", status="wachtlijst", support="kleine_groep"),
        row(id="twee", status="wachtlijst", support=""),
    )
    answer = ask(index, interests=["koken"], preferred=["kleine_groep"])
    assert fits(answer) == [("een", "goed"), ("twee", "deels")]
    assert answer.results[1].notes == ["er is een wachtlijst"]
    assert answer.results[1].missing == ["kleine_groep"]


def test_a_profile_without_words_is_answered_on_its_other_fields() -> None:
    index = index_of(row(id="dichtbij", wijk="Assendorp"), row(id="ver", wijk="Stadshagen"))
    answer = ask(index, location={"wijk": "Assendorp"}, max_km=2)
    assert fits(answer) == [("dichtbij", "goed")]


def test_near_misses_fit_the_interests_in_full() -> None:
    index = index_of(
        row(
            id="kringloop",
            interests="winkel",
            title="Kringloop",
            description="Verkopen.",
            support="",
        ),
        row(
            id="kantine",
            interests="winkel",
            title="Kantine",
            description="Achter de bar.",
            support="",
        ),
    )
    answer = ask(index, interests=["kringloop"], required=["begeleiding_aanwezig"])
    assert answer.results == [] and answer.fit == "geen"
    assert [n.record.id for n in answer.near_misses] == ["kringloop"]


def test_no_reason_is_said_twice() -> None:
    index = index_of(row(id="kook", description="Samen koken en eten."))
    [result] = ask(index, interests=["koken", "kookgroep"], wishes="samen koken").results
    assert len(result.reasons) == len(set(result.reasons))
    assert result.reasons.count("past bij je interesse koken") == 1
