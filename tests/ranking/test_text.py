"""What typed words stand for: codes, everyday words, typos, compounds, abbreviations."""

from __future__ import annotations

import threading

import pytest

from matcher.ranking import text
from matcher.ranking.text import Resolver
from matcher.services.matching import resolver


@pytest.fixture(scope="module")
def words() -> Resolver:
    return resolver()


def codes(asks: list) -> set[str | None]:  # type: ignore[type-arg]
    return {s.interest for a in asks for s in a.senses}


@pytest.mark.parametrize(
    ("typed", "shown", "interest"),
    [
        ("koken", "koken", "koken"),  # a code
        ("Kookgroep", "Kookgroep", "koken"),  # an everyday word
        ("wandelingen", "wandeling", "wandelen"),  # another form, shown as the known one
        ("schilderren", "schilderen", "creatief"),  # a typo, shown corrected
        ("zingn", "zingen", "muziek"),
        ("schaakles", "schaakles", "spel"),  # a compound of a known word
        ("kook", "kook", "koken"),  # the start of known words
    ],
)
def test_it_understands_everyday_words(
    words: Resolver, typed: str, shown: str, interest: str
) -> None:
    [ask] = words.resolve(typed)
    assert ask.word == shown and ask.known
    assert interest in codes([ask])


def test_a_specific_word_carries_the_words_of_its_part_of_the_interest(words: Resolver) -> None:
    [ask] = words.resolve("schaken")
    [sense] = ask.senses
    assert sense.interest == "spel" and {"schaken", "schaakclub"} <= sense.about
    assert "bingo" not in sense.about
    [broad] = words.resolve("spelletjes").pop().senses
    assert broad.interest == "spel" and broad.about == frozenset()


def test_words_that_only_share_a_stem_are_different_words(words: Resolver) -> None:
    # Snowball cuts 'weerbaarheid' down to 'weer', and 'werken' to the code 'werk'.
    assert [a.word for a in words.scan("ik wil weer werken in de tuin")] == ["tuin"]
    assert words.resolve("wandelingen")[0].word == "wandeling"


def test_stop_words_and_place_names_are_not_interests(words: Resolver) -> None:
    assert words.resolve("bij") == [] and words.resolve("de") == []
    assert codes(words.scan("iets bij de kinderopvang")) == {"kinderen"}
    assert words.scan("ik woon in Aa-landen") == []


def test_abbreviations_are_read_as_what_they_mean(words: Resolver) -> None:
    [aa] = words.resolve("aa")
    assert aa.word == "AA" and aa.meaning and codes([aa]) == {"lotgenoten"}
    [nah] = words.resolve("NAH")
    assert [s.expertise for s in nah.senses] == ["nah"] and not nah.topical
    [swt] = words.resolve("SWT")
    assert swt.senses == () and swt.meaning and swt.meaning.startswith("sociaal wijkteam")
    # In running text only in capitals: 'na' and 'aa' are ordinary words there.
    assert words.scan("na afloop") == [] and [a.word for a in words.scan("de AA")] == ["AA"]


def test_a_phrase_is_read_word_by_word_and_unknown_words_are_kept(words: Resolver) -> None:
    asks = words.resolve("iets met schaken en vissen")
    assert [(a.word, a.known) for a in asks] == [("schaken", True), ("vissen", False)]


def test_every_known_phrase_is_found_in_running_text(words: Resolver) -> None:
    # Phrases are looked up only from a word that can start one: each known phrase (and each
    # of its other forms, by stem) is still found in a sentence.
    phrases = [t for t in words.exact if 1 < len(t.split()) <= text.MAX_PHRASE_WORDS]
    assert len(phrases) > 10
    for phrase in phrases:
        [found] = words.scan(f"ik zoek {phrase} hier")
        assert found.word == phrase and set(found.senses) == set(words.exact[phrase])
    for stems, forms in words.stem_terms.items():
        if 1 < len(stems.split()) <= text.MAX_PHRASE_WORDS:
            assert [a.word for a in words.scan(f"graag {forms[0]}")] == [forms[0]]


def test_threads_stem_at_the_same_moment_without_mixing_words() -> None:
    words = [
        f"{base}{end}"
        for base in ("kook", "wandel", "schilder", "tuinier")
        for end in ("en", "ing", "ers", "t")
    ]
    expected = {word: text.stem.__wrapped__(word) for word in words}
    found: list[dict[str, str]] = []
    start = threading.Barrier(8, timeout=30)

    def work() -> None:
        start.wait()
        found.append({word: text.stem.__wrapped__(word) for word in words * 50})

    threads = [threading.Thread(target=work) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert found == [expected] * 8
