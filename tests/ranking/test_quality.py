"""Ranking quality on the public evaluation sets, against a plain BM25 baseline."""

from __future__ import annotations

import json
from typing import Any

import pytest

from matcher import vocabulary
from matcher.ranking.evaluation import bm25_ranker, evaluate, honesty, matcher_ranker, ndcg_at
from matcher.ranking.index import CatalogueIndex
from matcher.services.matching import resolver
from tests.conftest import SHARED
from tests.ranking.conftest import TODAY


@pytest.fixture(scope="module")
def honesty_personas() -> list[dict[str, Any]]:
    return json.loads((SHARED / "eval" / "dev_honesty.json").read_text(encoding="utf-8"))


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
    assert ours.ndcg5 >= 0.88
    assert ours.ndcg5 >= baseline.ndcg5 + 0.10
    assert ours.forbidden10 == 0
    assert [p.name for p in ours.personas if p.forbidden10] == []
    assert ours.near_miss_recall is not None and ours.near_miss_recall >= 0.9


def test_every_excellent_activity_in_a_top_five_is_called_a_good_fit(
    eval_index: CatalogueIndex, personas: list[dict[str, Any]]
) -> None:
    ours = evaluate(personas, matcher_ranker(eval_index, TODAY), resolver(), "matcher")
    assert sum(p.excellent_top5 for p in ours.personas) >= 20  # the figure means something
    assert [p.name for p in ours.personas if p.excellent_top5_goed < p.excellent_top5] == []


def test_it_says_honestly_how_well_the_catalogue_fits(
    eval_index: CatalogueIndex, honesty_personas: list[dict[str, Any]]
) -> None:
    scores = honesty(honesty_personas, matcher_ranker(eval_index, TODAY), resolver())
    assert len(scores) == 10
    assert sum(s.passed for s in scores) >= 9, [s.name for s in scores if not s.passed]
    for expect in ("geen", "deels", "goed"):
        assert any(s.passed for s in scores if s.expect == expect), expect


def test_the_honesty_rules_fail_an_answer_that_calls_everything_good(
    eval_index: CatalogueIndex, honesty_personas: list[dict[str, Any]]
) -> None:
    # BM25 labels nothing, so by the rules it calls every result good: the old behaviour.
    baseline = bm25_ranker(eval_index, vocabulary.stop_words(), TODAY)
    scores = honesty(honesty_personas, baseline, resolver())
    assert sum(s.passed for s in scores) <= 3
