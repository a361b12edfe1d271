"""Phrases: Dutch text that a page can render again in its own language."""

from __future__ import annotations

import copy
import pickle

from matcher.phrases import N_, Phrase, series

ENGLISH = {
    "alleen op %(days)s": "only on %(days)s",
    "%(items)s en %(last)s": "%(items)s and %(last)s",
    "woensdag": "Wednesday",
    "zaterdag": "Saturday",
    "maandag": "Monday",
    "%(km)s van huis": "%(km)s from home",
    "Rustige plek": "Low-stimulus space",
}


def english(msgid: str) -> str:
    return ENGLISH.get(msgid, msgid)


def days(*names: str) -> Phrase:
    return Phrase(N_("alleen op %(days)s"), {"days": series(tuple(Phrase(n) for n in names))})


def test_it_is_the_dutch_text() -> None:
    assert days("woensdag", "zaterdag") == "alleen op woensdag en zaterdag"
    assert f"{days('woensdag')}" == "alleen op woensdag"
    assert days("woensdag").msgid == "alleen op %(days)s"


def test_it_renders_its_parameters_through_the_catalogue_too() -> None:
    assert days("woensdag", "zaterdag").render(english, "en") == "only on Wednesday and Saturday"
    three = days("maandag", "woensdag", "zaterdag")
    assert three == "alleen op maandag, woensdag en zaterdag"
    assert three.render(english, "en") == "only on Monday, Wednesday and Saturday"


def test_it_keeps_the_persons_own_words_as_they_are() -> None:
    own = Phrase(N_("alleen op %(days)s"), {"days": "woensdag"})  # a plain str: not translated
    assert own.render(english, "en") == "only on woensdag"


def test_it_writes_a_distance_with_a_decimal_comma_in_dutch_and_a_point_in_english() -> None:
    near = Phrase(N_("%(km)s van huis"), {"km": 1.24})
    assert near == "1,2 van huis"
    assert near.render(english, "en") == "1.2 from home"


def test_it_shows_a_label_inside_a_sentence_with_a_small_first_letter_in_each_language() -> None:
    label = Phrase("Rustige plek", in_sentence=True)
    assert label == "rustige plek"
    assert label.render(english, "en") == "low-stimulus space"


def test_it_leaves_a_percent_sign_alone_without_parameters() -> None:
    assert Phrase("100% vrijwillig") == "100% vrijwillig"


def test_it_survives_a_copy_and_pickling_with_its_message_id() -> None:
    phrase = days("woensdag", "zaterdag")
    for again in (copy.deepcopy(phrase), pickle.loads(pickle.dumps(phrase))):
        assert again == phrase and again.msgid == phrase.msgid
        assert again.render(english, "en") == "only on Wednesday and Saturday"
