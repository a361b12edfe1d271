"""TF-IDF in plain NumPy and SciPy: counted once per distinct word, kept column-wise.

The same weighting as scikit-learn's `TfidfVectorizer(sublinear_tf=True)` (smooth idf, rows
L2-normalised), built without running an analyser over every document: a catalogue repeats its
words, so each distinct word is analysed once (its stem, its character n-grams) and the
documents are counted as sparse matrices of word ids.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from itertools import chain

import numpy as np
import numpy.typing as npt
from scipy import sparse
from scipy.sparse import _sparsetools

FloatArray = npt.NDArray[np.float64]
IntArray = npt.NDArray[np.int64]
CHAR_NGRAMS = (3, 5)  # the lengths of the character n-grams, within a word padded with spaces
MAX_CHAR_NGRAMS = 200_000  # the most frequent n-grams kept; the rest are typos of typos


class Lexicon(dict[str, int]):
    """Ids for strings, handed out in order of first sight; an id never changes.

    A dict whose missing keys get the next id: looking up a known string stays in C.
    """

    def __init__(self) -> None:
        super().__init__()
        self.names: list[str] = []

    def __missing__(self, name: str) -> int:
        found = self[name] = len(self.names)
        self.names.append(name)
        return found

    def all_ids(self, names: Iterable[str]) -> list[int]:
        """The ids of some strings, in their order."""
        return list(map(self.__getitem__, names))


def count_rows(rows: Sequence[Sequence[int]], width: int) -> sparse.csr_matrix:
    """A documents x ids matrix of how often each id occurs in each document."""
    lengths = np.fromiter((len(r) for r in rows), dtype=np.int64, count=len(rows))
    pointers = np.concatenate(([0], np.cumsum(lengths)))
    ids = np.fromiter(chain.from_iterable(rows), dtype=np.int32, count=int(pointers[-1]))
    counts = sparse.csr_matrix(
        (np.ones(len(ids), dtype=np.int32), ids, pointers), shape=(len(rows), width)
    )
    counts.sum_duplicates()
    return counts


def char_ngrams(token: str) -> list[str]:
    """The character n-grams of one word, padded with a space on each side.

    As scikit-learn's `char_wb` analyser: a word shorter than an n-gram is one n-gram of itself.
    """
    word = f" {token} "
    found = []
    for n in range(CHAR_NGRAMS[0], CHAR_NGRAMS[1] + 1):
        found += [word[i : i + n] for i in range(max(1, len(word) - n + 1))]
        if len(word) <= n:
            break
    return found


def widened(matrix: sparse.csr_matrix, width: int) -> sparse.csr_matrix:
    """The same counts with room for the ids handed out since."""
    return sparse.csr_matrix((matrix.data, matrix.indices, matrix.indptr), (matrix.shape[0], width))


def ngram_counts(
    words: Lexicon, ngrams: Lexicon, known: sparse.csr_matrix | None
) -> sparse.csr_matrix:
    """Words x n-grams counts; only the words without a row in `known` are analysed."""
    start = 0 if known is None else known.shape[0]
    added = count_rows([ngrams.all_ids(char_ngrams(w)) for w in words.names[start:]], len(ngrams))
    if known is None:
        return added
    return sparse.csr_matrix(sparse.vstack([widened(known, len(ngrams)), added], format="csr"))


@dataclass(frozen=True, slots=True)
class Vectors:
    """TF-IDF vectors of documents, stored by column so a query reads only its own terms."""

    columns: dict[str, int]  # term -> column
    idf: FloatArray
    matrix: sparse.csc_matrix  # documents x terms, rows L2-normalised

    def similarity(self, terms: Sequence[str]) -> FloatArray:
        """Cosine similarity of a text's terms with every document."""
        counts: dict[int, int] = {}
        for term in terms:
            column = self.columns.get(term)
            if column is not None:
                counts[column] = counts.get(column, 0) + 1
        columns = np.fromiter(counts, dtype=np.int64, count=len(counts))
        found = np.fromiter(counts.values(), dtype=np.float64, count=len(counts))
        return self.combined(columns, unit((1.0 + np.log(found)) * self.idf[columns]))

    def combined(self, columns: IntArray, weights: FloatArray) -> FloatArray:
        """Per document, the sum of some columns, each times its weight."""
        if not len(columns):
            return np.zeros(self.matrix.shape[0])
        return _columns_times(self.matrix, columns, weights)


def unit(weights: FloatArray) -> FloatArray:
    """The weights scaled to length 1 (as they are, when all are 0)."""
    length = np.sqrt(weights @ weights)
    return weights / length if length > 0 else weights


def _columns_times(matrix: sparse.csc_matrix, columns: IntArray, weights: FloatArray) -> FloatArray:
    """The sum of some columns of a matrix, each times its weight.

    Only the query's few columns are read, so this follows their postings, not the catalogue's
    size. Their postings are copied side by side by SciPy's own kernel for picking rows of a CSR
    matrix (`csr_row_index`: a CSC matrix's columns are its transpose's rows; one call, without
    the checks and sorting of SciPy's column indexing, and without a NumPy slice per column) and
    SciPy's `csc_matvec` (y += A x) adds them in one call: a call per column cost more than the
    sum itself. The columns are added in their given order, so the sums are the same to the
    last bit.
    """
    rows = matrix.shape[0]
    total = np.zeros(rows, dtype=matrix.dtype)
    pointers = matrix.indptr
    chosen = columns.astype(pointers.dtype)
    spans = np.zeros(len(columns) + 1, dtype=pointers.dtype)
    np.cumsum(pointers[chosen + 1] - pointers[chosen], out=spans[1:])
    size = int(spans[-1])
    indices = np.empty(size, dtype=matrix.indices.dtype)
    data = np.empty(size, dtype=matrix.dtype)
    _sparsetools.csr_row_index(
        len(columns), chosen, pointers, matrix.indices, matrix.data, indices, data
    )
    _sparsetools.csc_matvec(
        rows, len(columns), spans, indices, data, weights.astype(matrix.dtype), total
    )
    return np.asarray(total, dtype=np.float64)


def tfidf(
    counts: sparse.csr_matrix | sparse.csc_matrix,
    names: Sequence[str],
    dtype: type[np.floating] = np.float64,
    limit: int | None = None,
) -> Vectors:
    """TF-IDF vectors from term counts; terms no document has are left out, as are all but the
    `limit` most frequent (ties as scikit-learn breaks them: by term, then NumPy's sort)."""
    documents = counts.shape[0]
    counts = sparse.csc_matrix(counts)
    frequency = np.diff(counts.indptr)
    kept = np.flatnonzero(frequency > 0)
    if limit is not None and len(kept) > limit:
        by_name = np.argsort(np.array([names[i] for i in kept.tolist()], dtype=object))
        # Every column between two kept ones is empty: one sum per kept column. scikit-learn
        # sorts the totals as float32 (exact below 2**24): so do we, for the same order of ties.
        totals = np.add.reduceat(counts.data.astype(np.int64), counts.indptr[kept])[by_name]
        kept = np.sort(kept[by_name][(-totals.astype(np.float32)).argsort()[:limit]])
    if len(kept) < counts.shape[1]:
        counts = counts[:, kept]
    idf = np.log((1 + documents) / (1 + np.diff(counts.indptr).astype(np.float64))) + 1
    data = (1 + np.log(counts.data, dtype=dtype)) * np.repeat(
        idf.astype(dtype), np.diff(counts.indptr)
    )
    norms = np.sqrt(np.bincount(counts.indices, weights=data * data, minlength=documents))
    data /= norms[counts.indices].astype(dtype)
    matrix = sparse.csc_matrix((data, counts.indices, counts.indptr), shape=counts.shape)
    columns = {names[c]: i for i, c in enumerate(kept.tolist())}
    return Vectors(columns, idf, matrix)
