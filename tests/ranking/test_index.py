"""The index: TF-IDF weights as scikit-learn computes them, and updates equal to a fresh build."""

from __future__ import annotations

from typing import Any

import numpy as np
import pytest
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.ranking.index import (
    CatalogueIndex,
    DocumentParts,
    assemble,
    build_index,
    build_text_model,
    count_texts,
    document_text,
    text_vocabulary,
    updated_index,
)
from matcher.ranking.text import normalise, normalised_words, stems
from matcher.ranking.vectors import Lexicon, char_ngrams, tfidf
from matcher.services.matching import resolver
from tests.conftest import EVAL_CATALOGUE
from tests.ranking.conftest import ask, index_of, load_records, row

TEXTS = [
    "Repair Café in de Wijk: samen repareren!",
    "Koken  en eten\tmet buren, elke dinsdag.",
    "a b cd efg hijk lmnop 12 345",
    "Crème brûlée bakken; café café café",
    "",
]


def char_vectors(texts: list[str], limit: int | None) -> tuple[Any, Any]:
    """Ours and scikit-learn's character n-gram TF-IDF of some texts."""
    grams = Lexicon()
    rows = [[grams[g] for t in normalise(x).split() for g in char_ngrams(t)] for x in texts]
    ids = [i for r in rows for i in r]
    counts = sparse.csr_matrix(
        (np.ones(len(ids)), ids, np.cumsum([0, *map(len, rows)])), shape=(len(texts), len(grams))
    )
    counts.sum_duplicates()
    ours = tfidf(counts, grams.names, np.float32, limit)
    theirs = TfidfVectorizer(
        analyzer="char_wb",
        ngram_range=(3, 5),
        preprocessor=normalise,
        sublinear_tf=True,
        max_features=limit,
        dtype=np.float32,
    )
    return ours, (theirs, theirs.fit_transform(texts))


@pytest.mark.parametrize("limit", [None, 40])
def test_it_weighs_character_ngrams_as_scikit_learn_does(limit: int | None) -> None:
    ours, (theirs, matrix) = char_vectors(TEXTS, limit)
    assert set(ours.columns) == set(theirs.vocabulary_)
    for term, column in ours.columns.items():
        expected = matrix[:, theirs.vocabulary_[term]].toarray().ravel()
        assert ours.matrix[:, column].toarray().ravel() == pytest.approx(expected, abs=1e-6)
    query = "repareren in het cafe"
    expected = (matrix @ theirs.transform([query]).T).toarray().ravel()
    grams = [g for t in normalise(query).split() for g in char_ngrams(t)]
    assert ours.similarity(grams) == pytest.approx(expected, abs=1e-6)


def test_it_counts_a_word_shorter_than_an_ngram_once() -> None:
    assert char_ngrams("a") == [" a "]
    assert char_ngrams("ab") == [" ab", "ab ", " ab "]


@pytest.mark.parametrize(
    "typed, found",
    [("kook", "kookgroep"), ("kookgroup", "kookgroep"), ("zingn", "koor"), ("schaakles", "schaak")],
)
def test_it_finds_a_text_from_a_misspelt_word_or_a_part_of_a_compound(
    typed: str, found: str
) -> None:
    meeting = "ontmoeting"  # one interest for all: its label is part of every text
    index = index_of(
        row(id="kookgroep", title="Kookgroep De Pan", description="Samen eten.", interests=meeting),
        row(id="koor", title="Buurtkoor", description="Wij zingen liedjes.", interests=meeting),
        row(id="schaak", title="Schaakclub De Toren", description="Potje.", interests=meeting),
    )
    assert typed not in index.text.words.columns  # no activity has the word itself
    similarity = index.text.similarity(typed)
    assert [r.id for r in index.records if similarity[index.position[r.id]] > 0] == [found]


@pytest.fixture(scope="module")
def records() -> list[ActivityRecord]:
    return sorted(load_records(EVAL_CATALOGUE), key=lambda r: r.id)


def same_answers(ours: CatalogueIndex, fresh: CatalogueIndex) -> None:
    profiles = [
        {"interests": ["koken"], "wishes": "samen eten, liefst overdag"},
        {"interests": ["schaken", "wandelen"], "required": ["rolstoeltoegankelijk"]},
        {"interests": ["vrijwilligerswerk"], "location": {"wijk": "Assendorp"}, "max_km": 3},
        {"wishes": "iets creatiefs met breien of haken"},
    ]
    for profile in profiles:
        assert ask(ours, **profile).to_dict() == ask(fresh, **profile).to_dict()
    for text in ("kookgroep in de buurt", "schaakclub", "tuinieren"):
        assert ours.text.similarity(text) == pytest.approx(fresh.text.similarity(text))


def test_it_updates_to_the_same_index_as_a_build_from_scratch(
    records: list[ActivityRecord],
) -> None:
    stop_words = vocabulary.stop_words()
    before = build_index(records[:-5], 1, stop_words)
    changed = records[3].model_copy(
        update={"title": "Schaakclub De Toren", "description": "Schaken."}
    )
    added = records[-5:]
    removed = [records[10].id]
    after = updated_index(before, [changed, *added], removed, 2, stop_words)
    expected = [r for r in records if r.id not in removed]
    expected[3] = changed
    fresh = build_index(expected, 2, stop_words)
    assert [r.id for r in after.records] == [r.id for r in fresh.records]
    assert after.records[0] is before.records[0]  # unchanged: not read again
    same_answers(after, fresh)


@pytest.mark.parametrize(
    "title, description",
    [
        ("Repair Café", "Samen repareren. Koffie!"),
        ("Koor  ", "  zingen\tmet buren "),
        ("ΟΔΟΣ", "Ελληνικά μαθήματα"),
        ("İzmir-avond", "Ç ş ğ"),
    ],
)
def test_it_reads_the_document_text_in_parts_as_it_reads_it_whole(
    records: list[ActivityRecord], title: str, description: str
) -> None:
    record = records[0].model_copy(update={"title": title, "description": description})
    parts = DocumentParts.of(record)
    whole = normalise(document_text(record))
    words = normalised_words(parts.title) * 2 + normalised_words(parts.labels)
    assert words + normalised_words(parts.description) == normalised_words(whole)


def cold_index(records: list[ActivityRecord]) -> CatalogueIndex:
    """The index of some records as it was before the vocabulary was worked out at build."""
    stop_words, known = vocabulary.stop_words(), text_vocabulary()
    counts = count_texts(records, stop_words, known)
    return assemble(records, 1, counts, build_text_model(counts, stop_words), known)


def test_it_knows_every_sense_the_vocabularys_words_stand_for() -> None:
    known, understood = text_vocabulary(), resolver()
    asked = {t for text in known.asked for t in stems(text)}
    for word in [*vocabulary.synonyms(), *vocabulary.abbreviations(), *vocabulary.INTERESTS]:
        assert set(stems(word)) <= asked, word
        for found in understood.resolve(word):
            assert found.known
            assert set(found.senses) <= known.senses, word


def test_it_works_out_the_vocabularys_words_and_topics_when_built(
    records: list[ActivityRecord],
) -> None:
    known = text_vocabulary()
    warm = build_index(records, 1, vocabulary.stop_words())
    asked = {t for text in known.asked for t in stems(text, warm.text.stop_words)}
    topics = {s.about for s in known.senses if s.about}
    assert asked == warm.text.alike.keys()
    assert topics == warm.mentions.about.keys()
    cold = cold_index(records)
    for term in asked:
        assert warm.text.alike[term] == cold.text._alike(term)
    for terms in topics:
        for worked_out, looked_up in zip(
            warm.mentions.about[terms], cold.mentions.strength(terms), strict=True
        ):
            np.testing.assert_array_equal(worked_out, looked_up)


@pytest.mark.parametrize(
    "profile",
    [
        {"interests": ["koken", "schaken"], "wishes": "wandelen of fietsen"},
        {"interests": ["NAH"], "location": {"wijk": "Assendorp"}, "max_km": 3},
        {"wishes": "iets creatiefs met breien of haken"},
    ],
)
def test_it_answers_the_vocabularys_words_with_nothing_left_to_work_out(
    records: list[ActivityRecord], profile: dict[str, Any]
) -> None:
    warm = build_index(records, 1, vocabulary.stop_words())
    stems_before, topics_before = set(warm.text.alike), set(warm.mentions.about)
    answer = ask(warm, **profile)
    assert answer.results
    assert set(warm.text.alike) <= stems_before | {"creatief"}  # 'creatiefs': no known word
    assert set(warm.mentions.about) == topics_before
    assert answer.to_dict() == ask(cold_index(records), **profile).to_dict()


def test_it_leaves_a_word_outside_the_vocabulary_for_its_first_sight(
    records: list[ActivityRecord],
) -> None:
    warm = build_index(records, 1, vocabulary.stop_words())
    assert stems("zeepkisten") not in ([t] for t in warm.text.alike)
    typed = ask(warm, interests=["zeepkisten"])
    assert typed.to_dict() == ask(cold_index(records), interests=["zeepkisten"]).to_dict()
    assert stems("zeepkisten") in ([t] for t in warm.text.alike)
    assert frozenset({"zeepkisten"}) in warm.mentions.about


def test_it_works_out_the_vocabulary_again_after_an_update(
    records: list[ActivityRecord],
) -> None:
    stop_words = vocabulary.stop_words()
    before = build_index(records[:-5], 1, stop_words)
    after = updated_index(before, records[-5:], [records[0].id], 2, stop_words)
    fresh = build_index(records[1:], 2, stop_words)

    def spelt_like(index: CatalogueIndex) -> dict[str, list[tuple[str, float]]]:
        words = {column: word for word, column in index.text.words.columns.items()}
        return {t: sorted((words[c], a) for c, a in found) for t, found in index.text.alike.items()}

    assert spelt_like(after) == spelt_like(fresh)
    assert after.mentions.about.keys() == fresh.mentions.about.keys()
    for terms, (rows, strength) in fresh.mentions.about.items():
        np.testing.assert_array_equal(after.mentions.about[terms][0], rows)
        np.testing.assert_array_equal(after.mentions.about[terms][1], strength)
