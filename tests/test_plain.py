"""Plain Dutch hints: the rules of the residents' pages, applied to an organisation's text."""

from __future__ import annotations

from matcher import plain


def test_it_has_no_hints_for_a_short_text_in_plain_words() -> None:
    assert plain.hints("Je kookt samen. Daarna eet je samen. Je betaalt 2 euro.") == []


def test_it_asks_for_je_instead_of_u() -> None:
    assert [h.msgid for h in plain.hints("Neem uw telefoon mee.")] == [
        "Schrijf 'je' en 'jouw', niet 'u' en 'uw'."
    ]


def test_it_names_the_jargon_it_finds() -> None:
    [hint] = plain.hints("Voor deze activiteit is een indicatie nodig.")
    assert hint.params == {"words": "indicatie"}


def test_it_points_at_a_sentence_that_is_far_too_long() -> None:
    long = " ".join(["woord"] * 30) + "."
    [hint] = plain.hints(long)
    assert hint.params == {"words": 30}


def test_it_says_when_the_sentences_are_long_on_average() -> None:
    text = ". ".join([" ".join(["woord"] * 18)] * 3) + "."
    assert [h.msgid for h in plain.hints(text)] == [
        "De zinnen zijn lang. Zinnen tot 15 woorden lezen makkelijker."
    ]
