"""The ranking index as a file: NumPy arrays and JSON in one .npz, never a pickle.

A process that lives for one command (`matcher match`) reads the index of the catalogue version
from here instead of reading the whole catalogue and counting its words again. A file is used
only for the catalogue, vocabulary and version it was written for (`key`, `version`); anything
else about it that is not as written (a missing part, a wrong type or size) makes `load` answer
None, and the caller builds the index anew.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import tempfile
import zipfile
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

import numpy as np
from scipy import sparse

from matcher.catalogue.records import ActivityRecord
from matcher.catalogue.schedule import Slot
from matcher.ranking.index import (
    CatalogueIndex,
    TextCounts,
    TextModel,
    TextVocabulary,
    assemble,
)
from matcher.ranking.vectors import Lexicon, Vectors

FORMAT = 2  # raise when what is stored, or how the index is computed from it, changes
_COUNTS = ("stem_counts", "stem_ngrams", "titles", "descriptions")
_LEXICONS = ("terms", "stems", "ngrams")
_VIEWS = ("words", "spellings")
_FIELDS = tuple(ActivityRecord.model_fields)
_PROBLEMS = (OSError, ValueError, KeyError, TypeError, IndexError, InvalidOperation)


def save(index: CatalogueIndex, path: Path, key: str) -> None:
    """Write an index to `path`, whole or not at all (a temporary file, then renamed)."""
    counts, text = index.counts, index.text
    meta = {
        "format": FORMAT,
        "key": key,
        "version": index.version,
        "records": _columns(index.records),
        "lexicons": {name: getattr(counts, name).names for name in _LEXICONS},
        "columns": {view: _by_column(getattr(text, view)) for view in _VIEWS},
        "stop_words": sorted(text.stop_words),
    }
    arrays: dict[str, Any] = {"meta": np.array(json.dumps(meta, ensure_ascii=False))}
    arrays["stem_of"] = counts.stem_of
    for name in _COUNTS:
        arrays |= _parts(name, getattr(counts, name))
    for view in _VIEWS:
        vectors: Vectors = getattr(text, view)
        arrays |= _parts(view, vectors.matrix) | {f"{view}.idf": vectors.idf}
    handle, part = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".deel")
    try:
        with os.fdopen(handle, "wb") as file:
            np.savez(file, **arrays)
        os.replace(part, path)
    except BaseException:
        Path(part).unlink(missing_ok=True)
        raise


def load(path: Path, key: str, version: int, known: TextVocabulary) -> CatalogueIndex | None:
    """The index stored at `path` for this key and version; None when there is none to trust."""
    try:
        # Opened here, so a file np.load refuses is still closed.
        with path.open("rb") as file, np.load(file, allow_pickle=False) as stored:
            meta = json.loads(str(stored["meta"][()]))
            if meta["format"] != FORMAT or meta["key"] != key or meta["version"] != version:
                return None
            return _index(meta, stored, known)
    except (*_PROBLEMS, zipfile.BadZipFile, json.JSONDecodeError):
        return None


def _index(meta: dict[str, Any], stored: Any, known: TextVocabulary) -> CatalogueIndex:
    records = _records(meta["records"])
    lexicons = {name: _lexicon(meta["lexicons"][name]) for name in _LEXICONS}
    matrices = {name: _matrix(stored, name, sparse.csr_matrix) for name in _COUNTS}
    stem_of = np.asarray(stored["stem_of"], dtype=np.int64)
    rows = len(records)
    if len(stem_of) != len(lexicons["terms"]) or stem_of.max(initial=-1) >= len(lexicons["stems"]):
        raise ValueError("stem_of")
    widths = {"stem_counts": "stems", "stem_ngrams": "ngrams", "titles": "terms"}
    widths |= {"descriptions": "terms"}
    for name, matrix in matrices.items():
        height = len(lexicons["stems"]) if name == "stem_ngrams" else rows
        if matrix.shape[0] != height or matrix.shape[1] > len(lexicons[widths[name]]):
            raise ValueError(name)
    counts = TextCounts(**lexicons, stem_of=stem_of, **matrices)
    words = _vectors(meta, stored, "words", rows)
    spellings = _vectors(meta, stored, "spellings", len(words.columns))
    stop_words = frozenset(str(w) for w in meta["stop_words"])
    text = TextModel(words, spellings, stop_words)
    return assemble(records, int(meta["version"]), counts, text, known)


def _by_column(vectors: Vectors) -> list[str]:
    names = [""] * len(vectors.columns)
    for name, column in vectors.columns.items():
        names[column] = name
    return names


def _parts(name: str, matrix: sparse.spmatrix) -> dict[str, np.ndarray]:
    return {
        f"{name}.data": matrix.data,
        f"{name}.indices": matrix.indices,
        f"{name}.indptr": matrix.indptr,
        f"{name}.shape": np.array(matrix.shape, dtype=np.int64),
    }


def _matrix(stored: Any, name: str, kind: type) -> Any:
    shape = tuple(int(n) for n in stored[f"{name}.shape"])
    parts = (stored[f"{name}.data"], stored[f"{name}.indices"], stored[f"{name}.indptr"])
    matrix = kind(parts, shape=shape)
    matrix.check_format(full_check=True)  # every index within the shape
    return matrix


def _vectors(meta: dict[str, Any], stored: Any, view: str, rows: int) -> Vectors:
    names = [str(n) for n in meta["columns"][view]]
    matrix = _matrix(stored, view, sparse.csc_matrix)
    idf = np.asarray(stored[f"{view}.idf"], dtype=np.float64)
    if matrix.shape != (rows, len(names)) or len(idf) != len(names):
        raise ValueError(view)
    return Vectors({name: column for column, name in enumerate(names)}, idf, matrix)


def _lexicon(names: list[Any]) -> Lexicon:
    lexicon = Lexicon()
    lexicon.all_ids(str(n) for n in names)
    if len(lexicon) != len(names):
        raise ValueError("a lexicon names a word twice")
    return lexicon


def _columns(records: tuple[ActivityRecord, ...]) -> dict[str, list[Any]]:
    """The records as JSON values, a list per field."""
    return {name: [_plain(getattr(r, name)) for r in records] for name in _FIELDS}


def _plain(value: Any) -> Any:
    if isinstance(value, tuple):
        return [_plain(v) for v in value]
    if isinstance(value, Slot):
        return [value.day, value.start.isoformat(), value.end.isoformat()]
    if isinstance(value, (Decimal, dt.date)):
        return str(value)
    return value


def _records(columns: dict[str, list[Any]]) -> list[ActivityRecord]:
    """The records back from their JSON values, each of the type its field holds.

    Not validated again: they were valid records of this catalogue version when written.
    """
    typed = [_typed(name, columns[name]) for name in _FIELDS]
    construct = ActivityRecord.model_construct
    # zip(strict=True): fields of different lengths raise ValueError
    return [construct(**dict(zip(_FIELDS, v, strict=True))) for v in zip(*typed, strict=True)]


def _typed(name: str, values: list[Any]) -> list[Any]:
    if name == "schedule":
        time = dt.time.fromisoformat
        return [tuple(Slot(_text(d), time(s), time(e)) for d, s, e in v) for v in values]
    if name == "cost_eur":
        return [None if v is None else Decimal(_text(v)) for v in values]
    if name == "last_verified":
        return [None if v is None else dt.date.fromisoformat(v) for v in values]
    if name in ("lat", "lon"):
        return [None if v is None else float(v) for v in values]
    if name in ("min_age", "max_age"):
        return [None if v is None else int(v) for v in values]
    if ActivityRecord.model_fields[name].annotation == tuple[str, ...]:
        return [tuple(map(_text, v)) for v in values]
    return [None if v is None else _text(v) for v in values]


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("text")
    return value
