"""Ranking quality on the public evaluation set, against a plain BM25 baseline."""

from __future__ import annotations

from typing import Any

from matcher import vocabulary
from matcher.ranking.evaluation import bm25_ranker, evaluate, matcher_ranker, ndcg_at
from matcher.ranking.index import CatalogueIndex
from matcher.services.matching import resolver
from tests.ranking.conftest import TODAY


def test_it_computes_ndcg_as_the_evaluation_set_defines_it() -> None:
    assert ndcg_at(["a", "b"], {"a": 3, "b": 2}) == 1.0
    assert ndcg_at(["b", "a"], {"a": 3, "b": 2}) < 1.0
    assert ndcg_at(["x", "y"], {"a": 3}) == 0.0


def test_it_ranks_well_above_bm25_with_no_forbidden_result_and_finds_the_near_misses(
    eval_index: CatalogueIndex, personas: list[dict[str, Any]]
) -> None:
    ours = evaluate(personas, matcher_ranker(eval_index, TODAY), resolver(), "matcher")
    baseline = evaluate(
        personas, bm25_ranker(eval_index, vocabulary.stop_words(), TODAY), resolver(), "bm25"
    )
    assert ours.ndcg5 >= 0.80
    assert ours.ndcg5 >= baseline.ndcg5 + 0.10
    assert ours.forbidden10 == 0
    assert [p.name for p in ours.personas if p.forbidden10] == []
    assert ours.near_miss_recall is not None and ours.near_miss_recall >= 0.8
