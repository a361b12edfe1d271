"""The ranking index: the catalogue as NumPy arrays and TF-IDF matrices, built once per catalogue version."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np
import numpy.typing as npt
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.ranking.text import normalise, stems

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]

INTEREST_BITS = {code: i for i, code in enumerate(vocabulary.INTERESTS)}
SUPPORT_BITS = {code: i for i, code in enumerate(vocabulary.SUPPORTS)}
EXPERTISE_BITS = {code: i for i, code in enumerate(vocabulary.EXPERTISE)}
VORM_BITS = {code: i for i, code in enumerate(vocabulary.VORMEN)}
DAY_BITS = {code: i for i, code in enumerate(vocabulary.DAY_CODES)}
AANBOD_CODES = tuple(vocabulary.AANBOD)
STATUS_CODES = tuple(vocabulary.STATUSES)


def mask(codes: Sequence[str], bits: Mapping[str, int]) -> int:
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
        analyzer="char_wb", ngram_range=(3, 5), preprocessor=normalise, sublinear_tf=True,
        min_df=1, max_features=200_000, dtype=np.float32,
    )  # fmt: skip
    # An empty catalogue still needs fitted vectorisers; its matrices then have no rows.
    corpus = list(documents) or ["leeg"]
    rows = len(documents)
    word_matrix = words.fit_transform(corpus)[:rows].tocsc()
    char_matrix = chars.fit_transform(corpus)[:rows].tocsc()
    return TextModel(words, chars, word_matrix, char_matrix)


def build_index(
    records: Sequence[ActivityRecord], version: int, stop_words: frozenset[str] = frozenset()
) -> CatalogueIndex:
    """Build the index of a catalogue (once per catalogue version)."""
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
    )
