"""The ranking index: the catalogue as NumPy arrays and TF-IDF matrices, built once per catalogue version."""

from __future__ import annotations

import bisect
import math
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache
from itertools import chain
from typing import Any, TypeVar

import numpy as np
import numpy.typing as npt
from scipy import sparse

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.ranking.kept import kept
from matcher.ranking.text import (
    MAX_PHRASE_WORDS,
    MIN_AFFIX_LENGTH,
    Resolver,
    Sense,
    normalise,
    normalised_words,
    stem,
    stems,
    words,
)
from matcher.ranking.vectors import (
    MAX_CHAR_NGRAMS,
    Lexicon,
    Vectors,
    char_ngrams,
    ngram_counts,
    tfidf,
    unit,
    widened,
)

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
MAX_CACHED_TOPICS = 2_000  # sets of terms, each with the activities that name them
# A word of a text also counts as the catalogue's words spelt like it: the closest MAX_ALIKE
# whose character n-grams have a cosine of MIN_ALIKE or more with its own (on the evaluation
# catalogue, the stem 'kook' and 'kookgroep' 0.37, 'zingn' and 'zing' 0.80; 'groep' has more
# than ten such words, 'groen' 0.47 among them: the n-grams cannot tell meaning).
MIN_ALIKE = 0.3
MAX_ALIKE = 10


def mask(codes: Iterable[K], bits: Mapping[K, int]) -> int:
    """The bit mask of some codes."""
    value = 0
    for code in codes:
        value |= 1 << bits[code]
    return value


@dataclass(frozen=True, slots=True)
class TextModel:
    """The TF-IDF of the activities' stemmed words, and which catalogue words look alike.

    A text is compared in two views, averaged: its own words, and its words widened to the
    catalogue's words spelt like them ('kook' to 'kookgroep', 'zingn' to 'zing'), each as much as
    it looks like them. So odd spellings and compounds still count, while the n-grams are kept
    per distinct word, not per activity (docs/ranking.md, section 3).
    """

    words: Vectors  # activities x stems
    spellings: Vectors  # stems (the columns of `words`, in their order) x character n-grams
    stop_words: frozenset[str]
    # The catalogue words each stem looks like, worked out once per index: the same words come
    # back in query after query. Bounded, since free words come from anyone.
    alike: dict[str, list[tuple[int, float]]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def similarity(self, text: str) -> FloatArray:
        """Cosine similarity of a text with every document, mean of both views."""
        weights: dict[int, float] = {}  # column of the word view -> weight in the query
        for view in self._views(text):
            columns = np.fromiter(view, np.int64, len(view))
            found = np.fromiter(view.values(), np.float64, len(view))
            scaled = unit(found * self.words.idf[columns])
            for column, weight in zip(view, scaled.tolist(), strict=True):
                weights[column] = weights.get(column, 0.0) + 0.5 * weight
        columns = np.fromiter(weights, np.int64, len(weights))
        return self.words.combined(columns, np.fromiter(weights.values(), np.float64, len(weights)))

    def _views(self, text: str) -> tuple[dict[int, float], dict[int, float]]:
        """The text's own words, and the words spelt like them: column -> how often (sublinear)."""
        own: dict[int, float] = {}
        alike: dict[int, float] = {}  # times how alike
        for term, count in Counter(stems(text, self.stop_words)).items():
            frequency = 1.0 + math.log(count)
            column = self.words.columns.get(term)
            if column is not None:
                own[column] = frequency
            for column, closeness in self._alike(term):
                alike[column] = alike.get(column, 0.0) + frequency * closeness
        return own, alike

    def learn(self, texts: Iterable[str]) -> None:
        """Work out the words spelt like the words of some texts now, not on their first sight."""
        for text in texts:
            for term in stems(text, self.stop_words):
                self._alike(term)

    def _alike(self, term: str) -> list[tuple[int, float]]:
        return kept(self.alike, term, MAX_CACHED_TERMS, lambda: self._closest(term))

    def _closest(self, term: str) -> list[tuple[int, float]]:
        """The columns of the words spelt most like a stem, and how alike (cosine of n-grams).

        The MAX_ALIKE closest from MIN_ALIKE on, and any as close as the last of them, so the
        answer does not depend on the order of the columns.
        """
        closeness = self.spellings.similarity(char_ngrams(term))
        found = np.flatnonzero(closeness >= MIN_ALIKE)
        if len(found) > MAX_ALIKE:
            last = np.partition(closeness[found], len(found) - MAX_ALIKE)[len(found) - MAX_ALIKE]
            found = found[closeness[found] >= last]
        return list(zip(found.tolist(), closeness[found].tolist(), strict=True))


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
    # The same for what the activities say of a set of terms (a topic's words), kept sparse.
    about: dict[frozenset[str], tuple[IntArray, FloatArray]] = field(
        default_factory=dict, compare=False, repr=False
    )

    def strength(self, terms: frozenset[str]) -> tuple[IntArray, FloatArray]:
        """The activities whose texts name any of the terms, and how much that says they are
        about them (above 0, at most 1); every other activity's is 0."""
        return kept(self.about, terms, MAX_CACHED_TOPICS, lambda: self._strength(terms))

    def _strength(self, terms: frozenset[str]) -> tuple[IntArray, FloatArray]:
        found = sorted(frozenset().union(*(self._columns(t) for t in terms)))
        titled = _postings(self.title, found)[0]
        described, times = _postings(self.description, found)
        # One sort for both (this runs on a topic's first sight, in the query's time).
        rows, at = np.unique(np.concatenate([titled, described]), return_inverse=True)
        counts = np.bincount(at[len(titled) :], weights=times, minlength=len(rows))
        mentions = DESCRIPTION_MENTION * counts
        mentions[at[: len(titled)]] += TITLE_MENTION  # once, however often the title names them
        return rows.astype(np.int64), np.minimum(1.0, mentions)

    def learn(self, topics: Iterable[frozenset[str]]) -> None:
        """Work out what the activities say of some topics now, not on their first sight."""
        for terms in topics:
            self.strength(terms)

    def known(self, term: str) -> bool:
        """Whether any activity names the term at all."""
        return len(self.strength(frozenset([term]))[0]) > 0

    def _columns(self, term: str) -> frozenset[int]:
        return kept(self.found, term, MAX_CACHED_TERMS, lambda: frozenset(self._lookup(term)))

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


def _postings(matrix: sparse.csc_matrix, columns: list[int]) -> tuple[IntArray, FloatArray]:
    """The rows and values of some columns, straight from the CSC arrays (few columns)."""
    if not columns:
        return np.zeros(0, dtype=np.int64), np.zeros(0)
    pointers = matrix.indptr
    spans = [slice(pointers[c], pointers[c + 1]) for c in columns]
    rows = np.concatenate([matrix.indices[s] for s in spans])
    return rows, np.concatenate([matrix.data[s] for s in spans]).astype(np.float64)


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
    # What residents' tiles and professionals' checkboxes ask: the known words and
    # abbreviations (and the interests' labels a query's text adds), and the senses they stand
    # for. A new index works out what queries need of them (`build_index`); other words wait
    # for their first sight.
    asked: frozenset[str] = frozenset()
    senses: frozenset[Sense] = frozenset()


@cache
def text_vocabulary() -> TextVocabulary:
    """The vocabulary's words, as the mentions read them and as people ask them."""
    terms = {" ".join(words(t)) for t in vocabulary.synonyms()}
    terms |= {" ".join(words(t)) for about in vocabulary.topics().values() for t in about}
    resolver = Resolver(
        vocabulary.INTERESTS,
        vocabulary.synonyms(),
        vocabulary.topics(),
        vocabulary.abbreviations(),
        vocabulary.stop_words(),
    )
    labels = (interest.label for interest in vocabulary.INTERESTS.values())
    return TextVocabulary(
        phrases=frozenset(t for t in terms if " " in t),
        words=frozenset(t for t in terms if t and " " not in t),
        whole_only=vocabulary.FALSE_COMPOUNDS,
        asked=frozenset([*resolver.exact, *resolver.abbreviations, *labels]),
        senses=resolver.known_senses(),
    )


def build_mentions(counts: TextCounts, known: TextVocabulary) -> Mentions:
    """Which activities name which words (and known phrases), from the counted texts."""
    by_column = list(counts.terms.names)
    columns = {w: c for c, w in enumerate(by_column)}
    single = sorted(w for w in columns if " " not in w)
    reversed_single = sorted(w[::-1] for w in single)
    width = len(by_column)
    return Mentions(
        columns=columns,
        words=by_column,
        starts=single,
        starts_columns=np.array([columns[w] for w in single], dtype=np.int64),
        ends=reversed_single,
        ends_columns=np.array([columns[w[::-1]] for w in reversed_single], dtype=np.int64),
        title=sparse.csc_matrix(widened(counts.titles, width)),
        description=sparse.csc_matrix(widened(counts.descriptions, width)),
        vocabulary_words=known.words,
        whole_only=known.whole_only,
    )


@dataclass(frozen=True, slots=True)
class TextCounts:
    """Every activity's words counted as ids: what the text views are computed from.

    Kept with the index, so that after a change only the changed activities are read again;
    the lexicons only grow (an id never changes), so the counts of the others stay valid.
    """

    terms: Lexicon  # words (and the known phrases found) of titles, descriptions, documents
    stems: Lexicon
    stem_of: IntArray  # term id -> stem id; -1 for a stop word or a phrase
    ngrams: Lexicon
    stem_counts: sparse.csr_matrix  # activities x stems of the document text
    stem_ngrams: sparse.csr_matrix  # stems x character n-grams
    titles: sparse.csr_matrix  # activities x terms
    descriptions: sparse.csr_matrix


@dataclass(frozen=True, slots=True)
class DocumentParts:
    """The parts of an activity's document text, each normalised once.

    The text joins them with '. ' (`document_text`): its words are those of the parts in order.
    """

    title: str
    labels: str
    description: str

    @classmethod
    def of(cls, record: ActivityRecord) -> DocumentParts:
        return cls(
            normalise(record.title), normalise(_labels(record)), normalise(record.description)
        )


@dataclass(frozen=True, slots=True)
class _Ids:
    """Lists of ids, flat: the ids, and which list (row) each came from."""

    ids: IntArray
    rows: IntArray

    @classmethod
    def of(cls, lists: Sequence[list[int]]) -> _Ids:
        lengths = np.fromiter(map(len, lists), dtype=np.int64, count=len(lists))
        ids = np.fromiter(chain.from_iterable(lists), dtype=np.int64, count=int(lengths.sum()))
        return cls(ids, np.repeat(np.arange(len(lists)), lengths))

    @classmethod
    def joined(cls, parts: Sequence[_Ids]) -> _Ids:
        """The ids of several parts of the same lists (their order within a list is lost)."""
        return cls(np.concatenate([p.ids for p in parts]), np.concatenate([p.rows for p in parts]))

    def counts(self, height: int, width: int) -> sparse.csr_matrix:
        ones = np.ones(len(self.ids), dtype=np.int32)
        found = sparse.csr_matrix((ones, (self.rows, self.ids)), shape=(height, width))
        found.sum_duplicates()
        return found


def _with_phrases(found: _Ids, terms: Lexicon, phrases: frozenset[str]) -> _Ids:
    """The ids and the known phrases among them: runs of 2 or 3 ids, looked up as numbers."""
    width = len(terms) + 1
    ids, rows = [found.ids], [found.rows]
    for size in range(2, MAX_PHRASE_WORDS + 1):
        wanted = {}  # the phrase's ids as one number -> the phrase
        for phrase in phrases:
            parts = phrase.split(" ")
            if len(parts) == size and all(p in terms for p in parts):
                wanted[int(np.polyval([terms[p] for p in parts], width))] = phrase
        if not wanted or len(found.ids) < size:
            continue
        starts = np.arange(len(found.ids) - size + 1)
        code = np.zeros(len(starts), dtype=np.int64)
        for k in range(size):
            code = code * width + found.ids[starts + k]
        same_row = found.rows[starts] == found.rows[starts + size - 1]
        at = np.flatnonzero(np.isin(code, np.fromiter(wanted, np.int64)) & same_row)
        ids.append(np.array([terms[wanted[int(c)]] for c in code[at]], dtype=np.int64))
        rows.append(found.rows[at])
    return _Ids(np.concatenate(ids), np.concatenate(rows))


def count_texts(
    records: Sequence[ActivityRecord],
    stop_words: frozenset[str],
    known: TextVocabulary,
    previous: tuple[Sequence[ActivityRecord], TextCounts] | None = None,
) -> TextCounts:
    """Count the words of every activity; with `previous`, only of those that are not in it."""
    reused = _reused(records, previous[0]) if previous else {}
    old = previous[1] if previous else None
    terms = old.terms if old else Lexicon()
    fresh = [r for i, r in enumerate(records) if i not in reused]
    parts = [DocumentParts.of(r) for r in fresh]
    title_ids = [terms.all_ids(normalised_words(p.title)) for p in parts]
    description_ids = [terms.all_ids(normalised_words(p.description)) for p in parts]
    label_ids = {p.labels: terms.all_ids(normalised_words(p.labels)) for p in parts}
    title, description = _Ids.of(title_ids), _Ids.of(description_ids)
    # The document text is the title twice, the labels and the description: only how often
    # each word occurs counts, so its ids are the parts' ids side by side, not joined per text.
    document = _Ids.joined(
        [title, title, _Ids.of([label_ids[p.labels] for p in parts]), description]
    )
    titles = _with_phrases(title, terms, known.phrases)
    descriptions = _with_phrases(description, terms, known.phrases)
    stems, stem_of = _stems(terms, stop_words, old)
    document_stems = stem_of[document.ids]
    kept = document_stems >= 0
    n = len(fresh)
    added = (
        _Ids(document_stems[kept], document.rows[kept]).counts(n, len(stems)),
        titles.counts(n, len(terms)),
        descriptions.counts(n, len(terms)),
    )
    if old is None or previous is None:
        stem_counts, title_counts, description_counts = added
    else:
        order = np.empty(len(records), dtype=np.int64)
        order[list(reused)] = list(reused.values())
        new_rows = [i for i in range(len(records)) if i not in reused]
        order[new_rows] = np.arange(len(new_rows)) + len(previous[0])
        before = (old.stem_counts, old.titles, old.descriptions)
        stem_counts, title_counts, description_counts = (
            _stacked(b, a, order) for b, a in zip(before, added, strict=True)
        )
    ngrams = old.ngrams if old else Lexicon()
    return TextCounts(
        terms=terms,
        stems=stems,
        stem_of=stem_of,
        ngrams=ngrams,
        stem_counts=stem_counts,
        stem_ngrams=ngram_counts(stems, ngrams, old.stem_ngrams if old else None),
        titles=title_counts,
        descriptions=description_counts,
    )


def _reused(records: Sequence[ActivityRecord], before: Sequence[ActivityRecord]) -> dict[int, int]:
    """Position -> row of the previous counts, for the activities that did not change."""
    rows = {r.id: i for i, r in enumerate(before)}
    reused = {}
    for position, record in enumerate(records):
        row = rows.get(record.id)
        if row is not None and (before[row] is record or before[row] == record):
            reused[position] = row
    return reused


def _stems(
    terms: Lexicon, stop_words: frozenset[str], old: TextCounts | None
) -> tuple[Lexicon, IntArray]:
    """The stem id of every term, worked out for the terms that are new."""
    stems = old.stems if old else Lexicon()
    known = old.stem_of if old else np.zeros(0, dtype=np.int64)
    added = [
        -1 if " " in term or term in stop_words else stems[stem(term)]
        for term in terms.names[len(known) :]
    ]
    return stems, np.concatenate([known, np.array(added, dtype=np.int64)])


def _stacked(
    before: sparse.csr_matrix, after: sparse.csr_matrix, order: IntArray
) -> sparse.csr_matrix:
    """The rows of both, in a new order (positions past `before` are rows of `after`)."""
    width = after.shape[1]
    both = sparse.vstack([widened(before, width), after], format="csr")
    return sparse.csr_matrix(both[order])


def build_text_model(counts: TextCounts, stop_words: frozenset[str]) -> TextModel:
    """The words' TF-IDF of the counted texts, and the spellings of the words in it."""
    words = tfidf(counts.stem_counts, counts.stems.names)
    # Only the stems some activity has, in the order of the word view's columns: a stem of an
    # activity that went is no spelling to widen a word to.
    in_use = counts.stems.all_ids(words.columns)
    spellings = widened(counts.stem_ngrams, len(counts.ngrams))[in_use]
    return TextModel(
        words=words,
        spellings=tfidf(spellings, counts.ngrams.names, np.float32, MAX_CHAR_NGRAMS),
        stop_words=stop_words,
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
    lat_radians: FloatArray  # the same in radians, and the cosine of the latitude: worked
    lon_radians: FloatArray  # out once, not for every distance
    cos_lat: FloatArray
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
    counts: TextCounts
    # What one query after another asks of the index and is the same each time, worked out
    # once: how every activity meets a code (ranking/fit.py). Bounded by the number of codes.
    memo: dict[object, Any] = field(default_factory=dict, compare=False, repr=False)
    # How every activity meets each sense asked lately (ranking/fit.py), bounded there.
    levels: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)
    # Every activity's distance from the places profiles name lately (ranking/rank.py), bounded.
    distances: dict[Any, Any] = field(default_factory=dict, compare=False, repr=False)

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
    return f"{record.title}. {record.title}. {_labels(record)}. {record.description}"


def _labels(record: ActivityRecord) -> str:
    return " ".join(vocabulary.INTERESTS[code].label for code in record.interests)


def build_index(
    records: Sequence[ActivityRecord],
    version: int,
    stop_words: frozenset[str] = frozenset(),
    known: TextVocabulary | None = None,
    previous: CatalogueIndex | None = None,
) -> CatalogueIndex:
    """Build the index of a catalogue (once per catalogue version).

    `known` is what the mentions read of the vocabulary; by default the matcher's own. With
    `previous` (an index of the same stop words and vocabulary), the words of activities it
    already holds unchanged are not read again: an update after a few changes.
    """
    records = tuple(records)
    known = known or text_vocabulary()
    counts = count_texts(
        records, stop_words, known, (previous.records, previous.counts) if previous else None
    )
    index = assemble(records, version, counts, build_text_model(counts, stop_words), known)
    # Every worker starts warm: a query of the vocabulary's words is as fast the first time
    # as the hundredth (docs/performance.md).
    index.text.learn(known.asked)
    index.mentions.learn(s.about for s in known.senses if s.about)
    return index


def assemble(
    records: Sequence[ActivityRecord],
    version: int,
    counts: TextCounts,
    text: TextModel,
    known: TextVocabulary,
) -> CatalogueIndex:
    """The index of records whose words are counted and weighed already."""
    records = tuple(records)
    points = [r.point for r in records]
    language_bits: dict[str, int] = {}
    for record in records:
        for language in record.languages:
            language_bits.setdefault(language, min(len(language_bits), 62))
    organisations: dict[str, int] = {}
    lat = np.array([p.lat if p else np.nan for p in points], dtype=np.float64)
    lon = np.array([p.lon if p else np.nan for p in points], dtype=np.float64)
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
        lat=lat,
        lon=lon,
        lat_radians=np.radians(lat),
        lon_radians=np.radians(lon),
        cos_lat=np.cos(np.radians(lat)),
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
        text=text,
        mentions=build_mentions(counts, known),
        counts=counts,
    )


def updated_index(
    index: CatalogueIndex,
    changed: Sequence[ActivityRecord],
    removed: Iterable[str],
    version: int,
    stop_words: frozenset[str] = frozenset(),
    known: TextVocabulary | None = None,
) -> CatalogueIndex:
    """The index after some activities changed (or came) and some went, in order of id.

    Only the changed activities' words are read; the same index as a build from scratch.
    """
    replaced = {r.id: r for r in changed}
    gone = set(removed) | replaced.keys()
    kept = [r for r in index.records if r.id not in gone]
    records = sorted([*kept, *replaced.values()], key=lambda r: r.id)
    return build_index(records, version, stop_words, known, previous=index)
