"""Dutch text as people type it: normalising, stemming, and what the words someone typed stand for."""

from __future__ import annotations

import re
import threading
import unicodedata
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from matcher.frozen import quick_init
from matcher.ranking.kept import kept
from matcher.vocabulary import Abbreviation, Meaning

_WORD = re.compile(r"[a-z0-9]+")
_CASED_WORD = re.compile(r"[A-Za-z0-9]+")
# A Snowball stemmer keeps the word it works on in itself: one per thread, or two searches at
# the same moment in one process stem each other's words (or fail with an IndexError).
_STEMMERS = threading.local()

# A typed word counts as a typo of a known word from this similarity (0-100) on.
FUZZY_CUTOFF = 85
# Shorter words are too easily confused with others ("kat" and "kaart") to correct.
FUZZY_MIN_LENGTH = 5
# From this length a word also stands for the compounds it starts or ends ('schaak' in
# 'schaakclub', 'koor' in 'buurtkoor'); shorter words only count whole.
MIN_AFFIX_LENGTH = 4
# A typed compound's other part has at least this many letters ('les' in 'schaakles').
MIN_COMPOUND_REST = 3
# The longest phrase (in words) looked up as one term.
MAX_PHRASE_WORDS = 3
# What a typed term, and a run of words in the wishes, stand for is kept per Resolver: the
# same words come back in search after search. Bounded, since the words come from anyone.
MAX_CACHED_WORDS = 20_000
# A stem match counts only between forms of one word ('wandelingen', 'wandeling'), not between
# words the stemmer cuts down to the same stem ('weer' and 'weerbaarheid').
MAX_STEM_LENGTH_DIFFERENCE = 3

# How sure we are that we understood a word, by how it was recognised.
WEIGHT_EXACT = 1.0
WEIGHT_STEM = 0.95
WEIGHT_PREFIX = 0.85
WEIGHT_COMPOUND = 0.85
WEIGHT_FUZZY = 0.8
WEIGHT_FREE = 0.7  # a word we do not know, found in the activities' own texts


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
    lowered = text.lower()
    if lowered.isascii():
        return lowered
    # Replacing the few accented letters a text has is much faster than translating it whole.
    for letter in [ch for ch in set(lowered) if ord(ch) in _ACCENTS]:
        lowered = lowered.replace(letter, _ACCENTS[ord(letter)])
    return lowered


def words(text: str) -> list[str]:
    """The words of a text, normalised."""
    return normalised_words(normalise(text))


def normalised_words(text: str) -> list[str]:
    """The words of a text that is normalised already."""
    return _WORD.findall(text)


def _cased_words(text: str) -> list[tuple[str, bool]]:
    """The words of a text, normalised, each with whether it was written in capitals ('AA')."""
    found = _CASED_WORD.findall(text.translate(_ACCENTS))
    return [(w.lower(), len(w) > 1 and w.isupper()) for w in found]


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    """The Dutch Snowball stem of one normalised word."""
    if word.isdigit():  # a number has no suffix to take off ('12', a house number)
        return word
    stemmer = getattr(_STEMMERS, "dutch", None)
    if stemmer is None:
        stemmer = _STEMMERS.dutch = snowballstemmer.stemmer("dutch")
    return str(stemmer.stemWord(word))


def stems(text: str, stop_words: frozenset[str] = frozenset()) -> list[str]:
    """Stemmed words of a text, without stop words."""
    return [stem(w) for w in words(text) if w not in stop_words]


@quick_init
@dataclass(frozen=True, slots=True)
class Sense:
    """One thing a typed word can stand for."""

    interest: str | None = None  # an interest code
    # Words that say an activity is about it; empty: the word names the whole interest.
    about: frozenset[str] = frozenset()
    expertise: str | None = None  # a target-group expertise (for 'NAH', 'GGZ')


@quick_init
@dataclass(frozen=True, slots=True)
class Ask:
    """One thing a person asked for, as the matcher understood it."""

    word: str  # the person's word as shown back (the known word when a typo was corrected)
    senses: tuple[Sense, ...]  # empty for a known word no activity can be ('SWT')
    weight: float  # how sure we are that we understood it
    known: bool = True  # False: not in the vocabulary, only looked for in the activities' texts
    meaning: str | None = None  # for an abbreviation: what we read it as

    @property
    def topical(self) -> bool:
        """Whether it names something to do (and not only a target group)."""
        return any(s.expertise is None for s in self.senses)


class Resolver:
    """Understands typed interests and wishes: codes, everyday words, stems, typos, compounds."""

    def __init__(
        self,
        codes: Iterable[str],
        synonyms: Mapping[str, Iterable[Meaning]],
        topics: Mapping[str, Iterable[str]],
        abbreviations: Mapping[str, Abbreviation],
        stop_words: frozenset[str],
        ignored_phrases: Iterable[str] = (),
    ) -> None:
        self.stop_words = stop_words
        self.abbreviations = dict(abbreviations)
        # Place names are not interests: 'Aa-landen' is a wijk, not a request for the AA.
        self.ignored = frozenset(" ".join(words(p)) for p in ignored_phrases)
        self.about = {
            topic: frozenset(" ".join(words(t)) for t in terms) for topic, terms in topics.items()
        }
        for abbreviation in self.abbreviations.values():
            if abbreviation.topic:
                extra = frozenset({abbreviation.short.lower()})
                self.about[abbreviation.topic] = self.about.get(abbreviation.topic, extra) | extra
        self.exact: dict[str, frozenset[Sense]] = {}
        for term, meanings in synonyms.items():
            key = " ".join(words(term))
            senses = frozenset(self._sense(m) for m in meanings)
            self.exact[key] = self.exact.get(key, frozenset()) | senses
        for code in codes:
            self.exact[code] = self.exact.get(code, frozenset()) | {Sense(interest=code)}
        self.stem_terms: dict[str, list[str]] = {}  # the known words of each stem
        for term in sorted(self.exact):
            self.stem_terms.setdefault(_stem_key(term), []).append(term)
        # A phrase of several words in a text can only be known (or ignored) when its first
        # word is the first word of an ignored phrase or its stem the first of a known phrase's
        # stems: for any other word, no phrase is looked up.
        self._ignored_starts = frozenset(p.split()[0] for p in self.ignored if " " in p)
        self._phrase_stem_starts = frozenset(k.split()[0] for k in self.stem_terms if " " in k)
        self._choices = sorted(self.exact)
        self._parts = sorted(
            (t for t in self._choices if " " not in t and len(t) >= MIN_AFFIX_LENGTH),
            key=len,
            reverse=True,
        )
        self._resolved: dict[str, tuple[Ask, ...]] = {}
        self._phrases: dict[tuple[tuple[tuple[str, bool], ...], bool], tuple[int, Ask | None]] = {}

    def known_senses(self) -> frozenset[Sense]:
        """Every sense a known word or abbreviation stands for."""
        abbreviated = (self._abbreviation(a).senses for a in self.abbreviations.values())
        return frozenset().union(*self.exact.values(), *abbreviated)

    def _sense(self, meaning: Meaning) -> Sense:
        about = self.about.get(meaning.topic, frozenset()) if meaning.topic else frozenset()
        return Sense(interest=meaning.interest, about=about)

    def resolve(self, term: str) -> list[Ask]:
        """What one typed interest stands for; several asks when it is a phrase of several things.

        A word we do not know comes back as an ask that is looked for in the activities' texts;
        stop words alone come back as nothing.
        """
        # Worked out on a term's first sight (the asks are frozen; the list is the caller's).
        asks = kept(self._resolved, term, MAX_CACHED_WORDS, lambda: tuple(self._resolve(term)))
        return list(asks)

    def _resolve(self, term: str) -> list[Ask]:
        key = " ".join(words(term))
        if not key:
            return []
        typed = term.strip()
        if key in self.abbreviations:
            return [self._abbreviation(self.abbreviations[key])]
        ask = self._whole(key, typed)
        if ask is not None:
            return [ask]
        if " " in key:
            return self._scan(_cased_words(term), open_words=True)
        if key in self.stop_words or len(key) < 2 or key.isdigit():
            return []
        return [Ask(typed, (Sense(about=frozenset({key})),), WEIGHT_FREE, known=False)]

    def scan(self, text: str) -> list[Ask]:
        """The known words and phrases anywhere in a free text (the wishes); nothing is guessed."""
        return self._scan(_cased_words(text), open_words=False)

    def _whole(self, key: str, typed: str) -> Ask | None:
        """One term looked up as a whole: exactly, by stem, as a start, a compound or a typo."""
        found = self.exact.get(key)
        if found:
            return _ask(typed, found, WEIGHT_EXACT)
        if key in self.stop_words:
            return None  # 'bij' is a preposition, never the stem of 'bijen'
        found = self._by_stem(key)
        if found:
            shown = typed if stem(key) == key or " " in key else self._closest(key)
            return _ask(shown, found, WEIGHT_STEM)
        if " " in key:
            return None
        found = self._prefix(key)
        if found:
            return _ask(typed, found, WEIGHT_PREFIX)
        part = self._compound(key)
        if part:
            return _ask(typed, self.exact[part], WEIGHT_COMPOUND)
        match = self._fuzzy(key)
        if match:
            return _ask(match, self.exact[match], WEIGHT_FUZZY)
        return None

    def _scan(self, tokens: list[tuple[str, bool]], open_words: bool) -> list[Ask]:
        """Longest known phrases first, left to right; with open_words the other words are kept."""
        asks: list[Ask] = []
        i = 0
        while i < len(tokens):
            size, ask = self._phrase_at(tokens, i, open_words)
            if ask is not None:
                asks.append(ask)
            i += size
        return asks

    def _phrase_at(
        self, tokens: list[tuple[str, bool]], i: int, open_words: bool
    ) -> tuple[int, Ask | None]:
        """How many words from the i-th make the known phrase (or word) there, and its ask.

        It depends on those words alone (the longest phrase's worth): kept per run of words.
        """
        first = tokens[i][0]
        starts = first in self._ignored_starts or stem(first) in self._phrase_stem_starts
        longest = min(MAX_PHRASE_WORDS, len(tokens) - i) if starts else 1
        key = (tuple(tokens[i : i + longest]), open_words)
        return kept(
            self._phrases, key, MAX_CACHED_WORDS, lambda: self._phrase_in(key[0], open_words)
        )

    def _phrase_in(
        self, tokens: tuple[tuple[str, bool], ...], open_words: bool
    ) -> tuple[int, Ask | None]:
        """`_phrase_at` for the words from the first of `tokens`, the longest phrase's worth."""
        for size in range(len(tokens), 1, -1):
            phrase = " ".join(w for w, _ in tokens[:size])
            if phrase in self.ignored:
                return size, None
            found = self.exact.get(phrase) or self._by_stem(phrase)
            if found:
                return size, _ask(phrase, found, WEIGHT_STEM)
        word, capitals = tokens[0]
        if word in self.abbreviations and (capitals or open_words):
            return 1, self._abbreviation(self.abbreviations[word])
        if word in self.stop_words or len(word) < 2 or word.isdigit() or word in self.ignored:
            return 1, None
        if open_words:
            return 1, self.resolve(word)[0]
        # In running text a single word counts only as written: its other forms are too often
        # other words ('werken' in 'in de tuin werken' is not about a job).
        found = self.exact.get(word)
        return 1, _ask(word, found, WEIGHT_EXACT) if found else None

    def _stem_forms(self, key: str) -> list[str]:
        """The known words that are forms of the same word as `key`."""
        forms = self.stem_terms.get(_stem_key(key), [])
        return [t for t in forms if abs(len(t) - len(key)) <= MAX_STEM_LENGTH_DIFFERENCE]

    def _by_stem(self, key: str) -> frozenset[Sense] | None:
        forms = self._stem_forms(key)
        return frozenset().union(*(self.exact[t] for t in forms)) if forms else None

    def _closest(self, key: str) -> str:
        """The known form that looks most like what was typed ('schilderren' -> 'schilderen',
        not 'schilder')."""
        found = process.extractOne(key, self._stem_forms(key), scorer=fuzz.ratio)
        return str(found[0])

    def _abbreviation(self, abbreviation: Abbreviation) -> Ask:
        senses = []
        if abbreviation.interest:
            about = self.about.get(abbreviation.topic or "", frozenset())
            senses.append(Sense(interest=abbreviation.interest, about=about))
        if abbreviation.expertise:
            senses.append(Sense(expertise=abbreviation.expertise))
        return Ask(abbreviation.short, tuple(senses), WEIGHT_EXACT, meaning=abbreviation.meaning)

    def _prefix(self, key: str) -> frozenset[Sense] | None:
        # 'kook' is how people start 'kookgroep' and 'kookclub'; only whole-word prefixes count.
        if len(key) < MIN_AFFIX_LENGTH:
            return None
        found = frozenset().union(*(self.exact[t] for t in self._choices if t.startswith(key)))
        return found or None

    def _compound(self, key: str) -> str | None:
        """The longest known word a typed compound starts or ends with ('schaakles', 'zaalvoetbal').

        The rest must be a word of its own: 'zingn' is a typo of 'zingen', not 'zing' + 'n'.
        """
        parts = (t for t in self._parts if len(key) - len(t) >= MIN_COMPOUND_REST)
        return next((t for t in parts if key.startswith(t) or key.endswith(t)), None)

    def _fuzzy(self, key: str) -> str | None:
        """The known word a typo most likely meant."""
        if len(key) < FUZZY_MIN_LENGTH:
            return None
        match = process.extractOne(key, self._choices, scorer=fuzz.ratio, score_cutoff=FUZZY_CUTOFF)
        return None if match is None else str(match[0])


def _ask(word: str, senses: frozenset[Sense], weight: float) -> Ask:
    return Ask(word, _ordered(senses), weight)


@lru_cache(maxsize=4096)  # the vocabulary's sets of senses, asked in query after query
def _ordered(senses: frozenset[Sense]) -> tuple[Sense, ...]:
    return tuple(sorted(senses, key=lambda s: (s.interest or "", sorted(s.about))))


def _stem_key(phrase: str) -> str:
    return " ".join(stem(w) for w in phrase.split())
