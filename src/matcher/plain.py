"""Plain Dutch (B1): the rules the residents' pages follow, as hints for text organisations write.

The same rules check the pages (tests/browser) and give an organisation hints on its description:
short sentences, 'je' rather than 'u', and none of the words residents do not use
(data/vocabulary/jargon.txt). Hints advise; they never refuse a text.
"""

from __future__ import annotations

import re
from functools import cache

from matcher.phrases import N_, Phrase
from matcher.resources import data_path

AVERAGE_WORDS = 15  # words per sentence, on average, that B1 readers follow easily
LONGEST_WORDS = 25  # one sentence longer than this is worth splitting
_FORMAL = re.compile(r"\b(u|uw)\b", re.IGNORECASE)


@cache
def jargon() -> tuple[str, ...]:
    """Words residents should not meet, lowercase (one word or phrase per line)."""
    lines = data_path("vocabulary", "jargon.txt").read_text(encoding="utf-8").splitlines()
    return tuple(
        line.strip().lower() for line in lines if line.strip() and not line.startswith("#")
    )


def sentences(text: str) -> list[list[str]]:
    """The words of each sentence."""
    parts = re.split(r"[.!?:]\s+|\n+", text)
    return [words for part in parts if (words := re.findall(r"[\w'-]+", part))]


def jargon_in(text: str) -> list[str]:
    """The jargon words a text uses, as whole words."""
    lower = text.lower()
    return [word for word in jargon() if re.search(rf"\b{re.escape(word)}\b", lower)]


def hints(text: str) -> list[Phrase]:
    """What would make a text easier to read, in the words of the B1 rules."""
    found: list[Phrase] = []
    said = sentences(text)
    longest = max((len(words) for words in said), default=0)
    if longest > LONGEST_WORDS:
        message = N_("Een zin heeft %(words)s woorden. Maak er twee korte zinnen van.")
        found.append(Phrase(message, {"words": longest}))
    elif said and sum(map(len, said)) / len(said) > AVERAGE_WORDS:
        found.append(Phrase(N_("De zinnen zijn lang. Zinnen tot 15 woorden lezen makkelijker.")))
    if _FORMAL.search(text):
        found.append(Phrase(N_("Schrijf 'je' en 'jouw', niet 'u' en 'uw'.")))
    words = jargon_in(text)
    if words:
        message = N_("Deze woorden kennen veel mensen niet: %(words)s. Zeg het in gewone woorden.")
        found.append(Phrase(message, {"words": ", ".join(words)}))
    return found
