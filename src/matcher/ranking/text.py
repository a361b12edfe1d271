"""Dutch text as people type it: normalising, stemming, and mapping everyday words to interest codes."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

_WORD = re.compile(r"[a-z0-9]+")
_STEMMER = snowballstemmer.stemmer("dutch")

# A typed word counts as a typo of a known word from this similarity (0-100) on.
FUZZY_CUTOFF = 85
# Shorter words are too easily confused with others ("kat" and "kaart") to correct.
FUZZY_MIN_LENGTH = 5

# How sure we are that a word means an interest, by how it was recognised.
WEIGHT_EXACT = 1.0
WEIGHT_STEM = 0.95
WEIGHT_PREFIX = 0.85
WEIGHT_FUZZY = 0.8


def _accent_table() -> dict[int, str]:
    # Latin letters with accents -> without; one C-level str.translate is far faster than
    # decomposing every character of every description in Python.
    table = {}
    for code in range(0xC0, 0x250):
        decomposed = unicodedata.normalize("NFKD", chr(code))
        base = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        if base != chr(code) and base.isascii():
            table[code] = base
    return table


_ACCENTS = _accent_table()


def normalise(text: str) -> str:
    """Lowercase without accents: 'Repair Café' -> 'repair cafe'."""
    return text.lower().translate(_ACCENTS)


def words(text: str) -> list[str]:
    """The words of a text, normalised."""
    return _WORD.findall(normalise(text))


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one normalised word."""
    return str(_STEMMER.stemWord(word))


def stems(text: str, stop_words: frozenset[str] = frozenset()) -> list[str]:
    """Stemmed words of a text, without stop words."""
    return [stem(w) for w in words(text) if w not in stop_words]


@dataclass(frozen=True, slots=True)
class InterestHit:
    """An interest code recognised in what someone typed."""

    code: str
    weight: float
    word: str  # the person's own word, used in the reasons they read


class InterestResolver:
    """Maps codes, everyday words, stems, prefixes and typos to interest codes."""

    def __init__(self, codes: Iterable[str], synonyms: Mapping[str, Iterable[str]]) -> None:
        self.codes = frozenset(codes)
        self.exact: dict[str, frozenset[str]] = {}
        for term, term_codes in synonyms.items():
            key = " ".join(words(term))
            self.exact[key] = self.exact.get(key, frozenset()) | frozenset(term_codes)
        for code in self.codes:
            self.exact[code] = self.exact.get(code, frozenset()) | {code}
        self.by_stem: dict[str, frozenset[str]] = {}
        self.stem_term: dict[str, str] = {}  # a known word for each stem, to show in reasons
        for term, term_codes in sorted(self.exact.items()):
            key = _stem_key(term)
            self.by_stem[key] = self.by_stem.get(key, frozenset()) | term_codes
            self.stem_term.setdefault(key, term)
        self._choices = sorted(self.exact)

    def resolve(self, term: str) -> list[InterestHit]:
        """The codes one typed interest stands for, best guess first; [] when nothing fits.

        A hit carries the word to show back: the person's own word when it is known as typed (or
        the start of known words), the known word when it was corrected ('zingn' -> 'zingen').
        """
        key = " ".join(words(term))
        if not key:
            return []
        typed = term.strip()
        found = self.exact.get(key)
        if found:
            return _hits(found, WEIGHT_EXACT, typed)
        stem_key = _stem_key(key)
        found = self.by_stem.get(stem_key)
        if found:
            shown = typed if stem(key) == key or " " in key else self.stem_term[stem_key]
            return _hits(found, WEIGHT_STEM, shown)
        found = self._prefix(key)
        if found:
            return _hits(found, WEIGHT_PREFIX, typed)
        match = self._fuzzy(key)
        if match:
            return _hits(self.exact[match], WEIGHT_FUZZY, match)
        return []

    def scan(self, text: str, max_words: int = 3) -> list[InterestHit]:
        """Interest codes named anywhere in a free text, by exact or stemmed phrases only."""
        tokens = words(text)
        hits: dict[str, InterestHit] = {}
        for size in range(max_words, 0, -1):
            for start in range(len(tokens) - size + 1):
                phrase = " ".join(tokens[start : start + size])
                found = self.exact.get(phrase) or self.by_stem.get(_stem_key(phrase))
                for code in sorted(found or ()):
                    hits.setdefault(code, InterestHit(code, WEIGHT_STEM, phrase))
        return list(hits.values())

    def _prefix(self, key: str) -> frozenset[str] | None:
        # 'kook' is how people start 'kookgroep' and 'kookclub'; only whole-word prefixes count.
        if len(key) < 4 or " " in key:
            return None
        found = frozenset().union(*(self.exact[t] for t in self._choices if t.startswith(key)))
        return found or None

    def _fuzzy(self, key: str) -> str | None:
        """The known word a typo most likely meant."""
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        match = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if match is None else str(match[0])


def _hits(codes: frozenset[str], weight: float, word: str) -> list[InterestHit]:
    return [InterestHit(code, weight, word) for code in sorted(codes)]


def _stem_key(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())
