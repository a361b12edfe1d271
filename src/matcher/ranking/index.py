"""The ranking index: the catalogue as NumPy arrays and TF-IDF matrices, built once per catalogue version."""

from __future__ import annotations

import bisect
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer, TfidfVectorizer

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.ranking.text import MAX_PHRASE_WORDS, MIN_AFFIX_LENGTH, normalise, stems, words

K = TypeVar("K")
FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

INTEREST_BITS = {code: i for i, code in enumerate(vocabulary.INTERESTS)}
SUPPORT_BITS = {code: i for i, code in enumerate(vocabulary.SUPPORTS)}
EXPERTISE_BITS = {code: i for i, code in enumerate(vocabulary.EXPERTISE)}
VORM_BITS = {code: i for i, code in enumerate(vocabulary.VORMEN)}
DAY_BITS = {code: i for i, code in enumerate(vocabulary.DAY_CODES)}
AANBOD_CODES = tuple(vocabulary.AANBOD)
STATUS_CODES = tuple(vocabulary.STATUSES)
DAYPART_CODES = ("ochtend", "middag", "avond")
# A weekly slot as one bit per day and part of the day (ma-ochtend, ma-middag, ...).
SLOT_BITS = {(d, p): i * 3 + j for i, d in enumerate(DAY_BITS) for j, p in enumerate(DAYPART_CODES)}

# How much a mention says that an activity is about a word: its title names what it is; its
# description may name a word in passing ("zoals een breiclub, een wandelgroep of ..."), so a
# word must be in the title, or twice in the description, to count in full.
TITLE_MENTION = 1.0
DESCRIPTION_MENTION = 0.5
MAX_CACHED_TERMS = 20_000


def mask(codes: Iterable[K], bits: Mapping[K, int]) -> int:
    """The bit mask of some codes."""
    value = 0
    for code in codes:
        value |= 1 << bits[code]
    return value


@dataclass(frozen=True, slots=True)
class TextModel:
    """Two TF-IDF views of the same texts: stemmed words, and character n-grams for odd spellings."""

    words: TfidfVectorizer
    chars: TfidfVectorizer
    word_matrix: sparse.csc_matrix  # documents x terms, rows L2-normalised
    char_matrix: sparse.csc_matrix

    def similarity(self, text: str) -> FloatArray:
        """Cosine similarity of a text with every document, mean of both views."""
        return 0.5 * _cosine(self.word_matrix, self.words.transform([text])) + 0.5 * _cosine(
            self.char_matrix, self.chars.transform([text])
        )


def _cosine(matrix: sparse.csc_matrix, query: sparse.csr_matrix) -> FloatArray:
    # Only the query's few terms matter: slicing those columns of a CSC matrix keeps this
    # proportional to the matching postings, not to the size of the catalogue.
    if query.nnz == 0:
        return np.zeros(matrix.shape[0])
    return np.asarray(matrix[:, query.indices] @ query.data).ravel()


def daypart(slot: Slot) -> str:
    """The part of the day a slot starts in."""
    return "ochtend" if slot.start.hour < 12 else "middag" if slot.start.hour < 18 else "avond"


def slot_mask(days: Iterable[str], parts: Iterable[str]) -> int:
    """The bits of some days and parts of the day."""
    return mask([(d, p) for d in days for p in parts], SLOT_BITS)


@dataclass(frozen=True, slots=True)
class Mentions:
    """Which activities name a word in their title or description, whole or as part of a compound.

    A word of a text belongs to the longest word of the vocabulary it is made of: 'tafeltennis'
    is about table tennis, not tennis; 'voorlezen' about reading aloud, not reading.
    """

    columns: dict[str, int]  # word, or known phrase, -> column
    words: list[str]  # column -> word
    starts: list[str]  # single words, sorted: the words a prefix starts
    starts_columns: IntArray
    ends: list[str]  # single words reversed, sorted: the words a suffix ends
    ends_columns: IntArray
    title: sparse.csc_matrix  # activities x columns, counts
    description: sparse.csc_matrix
    vocabulary_words: frozenset[str]  # the single words of the vocabulary
    whole_only: frozenset[str]  # words that are not the compounds they look like
    # The columns each term stands for, worked out once per index: the same topics come back
    # in query after query. Bounded, since free words come from anyone.
    found: dict[str, frozenset[int]] = field(default_factory=dict, compare=False, repr=False)

    def strength(self, terms: Iterable[str]) -> FloatArray:
        """Per activity, how much its texts are about any of the terms (0 to 1)."""
        found = sorted(frozenset().union(*(self._columns(t) for t in terms)))
        in_title = _row_counts(self.title, found) > 0
        in_description = _row_counts(self.description, found)
        mentions = TITLE_MENTION * in_title + DESCRIPTION_MENTION * in_description
        return np.asarray(np.minimum(1.0, mentions), dtype=np.float64)

    def known(self, term: str) -> bool:
        """Whether any activity names the term at all."""
        found = sorted(self._columns(term))
        return bool(
            _row_counts(self.title, found).any() or _row_counts(self.description, found).any()
        )

    def _columns(self, term: str) -> frozenset[int]:
        cached = self.found.get(term)
        if cached is None:
            if len(self.found) >= MAX_CACHED_TERMS:
                self.found.clear()
            cached = self.found[term] = frozenset(self._lookup(term))
        return cached

    def _lookup(self, term: str) -> set[int]:
        found = {self.columns[term]} if term in self.columns else set()
        if " " in term or len(term) < MIN_AFFIX_LENGTH:
            return found
        affixed = _affixed(self.starts, self.starts_columns, term)
        affixed += _affixed(self.ends, self.ends_columns, term[::-1])
        return found | {c for c in affixed if self._belongs(self.words[c], term)}

    def _belongs(self, word: str, term: str) -> bool:
        """Whether a word containing the term is about it: no longer vocabulary word claims it."""
        if word in self.whole_only:
            return False
        lengths = range(MIN_AFFIX_LENGTH, len(word) + 1)
        parts = {word[:k] for k in lengths} | {word[-k:] for k in lengths}
        return all(len(p) <= len(term) for p in parts if p in self.vocabulary_words)


def _row_counts(matrix: sparse.csc_matrix, columns: list[int]) -> FloatArray:
    """Per row, the sum of some columns; straight from the CSC arrays (few columns, many rows)."""
    rows = matrix.shape[0]
    if not columns:
        return np.zeros(rows)
    pointers = matrix.indptr
    spans = [slice(pointers[c], pointers[c + 1]) for c in columns]
    indices = np.concatenate([matrix.indices[s] for s in spans])
    counts = np.concatenate([matrix.data[s] for s in spans])
    return np.asarray(np.bincount(indices, weights=counts, minlength=rows), dtype=np.float64)


def _affixed(ordered: list[str], columns: IntArray, start: str) -> list[int]:
    lo = bisect.bisect_left(ordered, start)
    hi = bisect.bisect_left(ordered, start + "\uffff")
    return [int(c) for c in columns[lo:hi]]


@dataclass(frozen=True, slots=True)
class TextVocabulary:
    """What the mentions need of the vocabulary."""

    phrases: frozenset[str]  # terms of several words, counted as one
    words: frozenset[str]  # terms of one word, which claim the compounds they make
    whole_only: frozenset[str]  # words that are not the compounds they look like


def text_vocabulary() -> TextVocabulary:
    """The vocabulary's words, as the mentions read them."""
    terms = {" ".join(words(t)) for t in vocabulary.synonyms()}
    terms |= {" ".join(words(t)) for about in vocabulary.topics().values() for t in about}
    return TextVocabulary(
        phrases=frozenset(t for t in terms if " " in t),
        words=frozenset(t for t in terms if t and " " not in t),
        whole_only=vocabulary.FALSE_COMPOUNDS,
    )


def build_mentions(records: Sequence[ActivityRecord], known: TextVocabulary) -> Mentions:
    """Count every word (and every known phrase) of the titles and descriptions."""

    def analyse(text: str) -> list[str]:
        tokens = words(text)
        found = list(tokens)
        for size in range(2, MAX_PHRASE_WORDS + 1):
            grams = (" ".join(tokens[i : i + size]) for i in range(len(tokens) - size + 1))
            found += [g for g in grams if g in known.phrases]
        return found

    counter = CountVectorizer(analyzer=analyse, dtype=np.int32)
    texts = [r.title for r in records] + [r.description for r in records]
    # A last text with a word keeps the vectoriser fitted when there are no words at all.
    counts = counter.fit_transform([*texts, "leeg"]).tocsc()
    columns = {str(w): int(c) for w, c in counter.vocabulary_.items()}
    by_column = [""] * len(columns)
    for word, column in columns.items():
        by_column[column] = word
    single = sorted(w for w in columns if " " not in w)
    reversed_single = sorted(w[::-1] for w in single)
    n = len(records)
    return Mentions(
        columns=columns,
        words=by_column,
        starts=single,
        starts_columns=np.array([columns[w] for w in single], dtype=np.int64),
        ends=reversed_single,
        ends_columns=np.array([columns[w[::-1]] for w in reversed_single], dtype=np.int64),
        title=counts[:n],
        description=counts[n : 2 * n],
        vocabulary_words=known.words,
        whole_only=known.whole_only,
    )


@dataclass(frozen=True, slots=True)
class CatalogueIndex:
    """Every activity as columns of arrays, in the order of `records`."""

    version: int
    records: tuple[ActivityRecord, ...]
    position: dict[str, int]
    interests: IntArray
    supports: IntArray
    expertise: IntArray
    vorm: IntArray
    days: IntArray
    slots: IntArray  # SLOT_BITS of the weekly slots
    has_schedule: npt.NDArray[np.bool_]
    aanbod: IntArray
    status: IntArray
    lat: FloatArray
    lon: FloatArray
    cost: FloatArray
    min_age: FloatArray
    max_age: FloatArray
    languages: IntArray
    language_bits: dict[str, int]
    verified: FloatArray  # proleptic ordinal of last_verified, NaN when unknown
    organisation: IntArray
    wijk: tuple[str | None, ...]
    text: TextModel
    mentions: Mentions

    def __len__(self) -> int:
        return len(self.records)


def _ints(records: Sequence[ActivityRecord], get: Callable[[ActivityRecord], int]) -> IntArray:
    return np.fromiter((get(r) for r in records), dtype=np.int64, count=len(records))


def _floats(
    records: Sequence[ActivityRecord], get: Callable[[ActivityRecord], float]
) -> FloatArray:
    return np.fromiter((get(r) for r in records), dtype=np.float64, count=len(records))


def _nan(value: object) -> float:
    return float("nan") if value is None else float(value)  # type: ignore[arg-type]


def document_text(record: ActivityRecord) -> str:
    """What the text similarity reads of an activity: title (twice, it says most), interests, description."""
    labels = " ".join(vocabulary.INTERESTS[code].label for code in record.interests)
    return f"{record.title}. {record.title}. {labels}. {record.description}"


def build_text_model(documents: Sequence[str], stop_words: frozenset[str]) -> TextModel:
    """Fit both TF-IDF views on the catalogue's texts."""

    def analyse(text: str) -> list[str]:
        return stems(text, stop_words)

    words = TfidfVectorizer(analyzer=analyse, sublinear_tf=True)
    chars = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        preprocessor=normalise,
        sublinear_tf=True,
        min_df=1,
        max_features=200_000,
        dtype=np.float32,
    )
    # An empty catalogue still needs fitted vectorisers; its matrices then have no rows.
    corpus = list(documents) or ["leeg"]
    rows = len(documents)
    word_matrix = words.fit_transform(corpus)[:rows].tocsc()
    char_matrix = chars.fit_transform(corpus)[:rows].tocsc()
    return TextModel(words, chars, word_matrix, char_matrix)


def build_index(
    records: Sequence[ActivityRecord],
    version: int,
    stop_words: frozenset[str] = frozenset(),
    known: TextVocabulary | None = None,
) -> CatalogueIndex:
    """Build the index of a catalogue (once per catalogue version).

    `known` is what the mentions read of the vocabulary; by default the matcher's own.
    """
    records = tuple(records)
    points = [r.point for r in records]
    language_bits: dict[str, int] = {}
    for record in records:
        for language in record.languages:
            language_bits.setdefault(language, min(len(language_bits), 62))
    organisations: dict[str, int] = {}
    return CatalogueIndex(
        version=version,
        records=records,
        position={r.id: i for i, r in enumerate(records)},
        interests=_ints(records, lambda r: mask(r.interests, INTEREST_BITS)),
        supports=_ints(records, lambda r: mask(r.support, SUPPORT_BITS)),
        expertise=_ints(records, lambda r: mask(r.expertise, EXPERTISE_BITS)),
        vorm=_ints(records, lambda r: mask(r.vorm, VORM_BITS)),
        days=_ints(records, lambda r: mask([s.day for s in r.schedule], DAY_BITS)),
        slots=_ints(records, lambda r: mask([(s.day, daypart(s)) for s in r.schedule], SLOT_BITS)),
        has_schedule=np.array([bool(r.schedule) for r in records], dtype=np.bool_),
        aanbod=_ints(records, lambda r: AANBOD_CODES.index(r.aanbod)),
        status=_ints(records, lambda r: STATUS_CODES.index(r.status)),
        lat=np.array([p.lat if p else np.nan for p in points], dtype=np.float64),
        lon=np.array([p.lon if p else np.nan for p in points], dtype=np.float64),
        cost=_floats(records, lambda r: _nan(r.cost_eur)),
        min_age=_floats(records, lambda r: _nan(r.min_age)),
        max_age=_floats(records, lambda r: _nan(r.max_age)),
        languages=_ints(records, lambda r: mask(r.languages, language_bits)),
        language_bits=language_bits,
        verified=_floats(records, lambda r: _nan(r.last_verified and r.last_verified.toordinal())),
        organisation=_ints(
            records, lambda r: organisations.setdefault(r.organisation, len(organisations))
        ),
        wijk=tuple(r.area for r in records),
        text=build_text_model([document_text(r) for r in records], stop_words),
        mentions=build_mentions(records, known or text_vocabulary()),
    )
