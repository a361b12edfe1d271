"""Quality evaluation on graded personas: nDCG@5, forbidden ids in the top 10, near-miss recall.

The same figures are computed for a plain BM25 baseline over title and description with the same
hard filters, so the gain of the matcher's ranking is visible.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

import bm25s
import numpy as np

from matcher.profile import parse_profile
from matcher.ranking.index import CatalogueIndex
from matcher.ranking.rank import Query, eligible, rank
from matcher.ranking.text import InterestResolver, stems

Ranker = Callable[[Query], tuple[list[str], list[str]]]  # -> (result ids, near-miss ids)


@dataclass(frozen=True, slots=True)
class PersonaScore:
    """The figures for one persona."""

    name: str
    ndcg5: float
    forbidden10: int
    near_miss_recall: float | None  # None when the persona has no near misses


@dataclass(frozen=True, slots=True)
class Evaluation:
    """Per-persona figures and their overall values."""

    method: str
    personas: list[PersonaScore]

    @property
    def ndcg5(self) -> float:
        """Mean nDCG@5 over the personas."""
        return sum(p.ndcg5 for p in self.personas) / len(self.personas)

    @property
    def forbidden10(self) -> int:
        """Total forbidden ids in the top 10 over all personas."""
        return sum(p.forbidden10 for p in self.personas)

    @property
    def near_miss_recall(self) -> float | None:
        """Mean near-miss recall over the personas that have near misses."""
        scored = [p.near_miss_recall for p in self.personas if p.near_miss_recall is not None]
        return sum(scored) / len(scored) if scored else None


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain with gain 2^g - 1."""
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades)))


def ndcg_at(ranked: Sequence[str], relevance: Mapping[str, int], k: int = 5) -> float:
    """nDCG@k of a ranked list of ids against graded relevance."""
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal if ideal else 0.0


def evaluate(
    personas: Sequence[Mapping[str, Any]], ranker: Ranker, resolver: InterestResolver, method: str
) -> Evaluation:
    """Run every persona's profile through a ranker and score the answers."""
    scores = []
    for persona in personas:
        query = Query.from_profile(parse_profile(persona["profile"]), resolver)
        results, near = ranker(query)
        expected_near = set(persona.get("near_misses", []))
        scores.append(
            PersonaScore(
                name=persona["name"],
                ndcg5=ndcg_at(results, persona["relevance"]),
                forbidden10=len(set(results[:10]) & set(persona.get("forbidden", []))),
                near_miss_recall=(
                    len(expected_near & set(near)) / len(expected_near) if expected_near else None
                ),
            )
        )
    return Evaluation(method, scores)


def matcher_ranker(index: CatalogueIndex, today: dt.date, top: int = 10) -> Ranker:
    """The matcher's own ranking."""

    def run(query: Query) -> tuple[list[str], list[str]]:
        answer = rank(index, query, top, today)
        return [r.record.id for r in answer.results], [n.record.id for n in answer.near_misses]

    return run


def bm25_ranker(
    index: CatalogueIndex, stop_words: frozenset[str], today: dt.date, top: int = 10
) -> Ranker:
    """BM25 over title and description, with the same hard filters and no near misses."""
    retriever = bm25s.BM25()
    corpus = [stems(f"{r.title} {r.description}", stop_words) or ["_"] for r in index.records]
    retriever.index(corpus, show_progress=False)

    def run(query: Query) -> tuple[list[str], list[str]]:
        allowed = eligible(index, query, today)
        tokens = stems(" ".join([*query.profile.interests, query.profile.wishes]), stop_words)
        scores = retriever.get_scores(tokens) if tokens else np.zeros(len(index))
        best = allowed[np.lexsort((allowed, -scores[allowed]))][:top]
        return [index.records[int(i)].id for i in best], []

    return run
