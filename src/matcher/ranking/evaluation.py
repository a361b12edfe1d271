"""Quality evaluation on the public sets: graded personas and the honesty set.

Graded personas (dev_personas.json): nDCG@5, forbidden ids in the top 10, near-miss recall, and
how many of the excellent activities that reach a top 5 are labelled `goed`. The same ranking
figures are computed for a plain BM25 baseline over title and description with the same hard
filters, so the gain of the matcher's ranking is visible.

Honesty personas (dev_honesty.json): whether the answer says so when nothing fits and calls
nothing `goed` that only shares a broad interest (pass rules in shared/eval/README.md).
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import bm25s
import numpy as np

from matcher.profile import parse_profile
from matcher.ranking.fit import GEEN, GOED
from matcher.ranking.index import CatalogueIndex
from matcher.ranking.query import Query
from matcher.ranking.rank import eligible, rank
from matcher.ranking.text import Resolver, stems


@dataclass(frozen=True, slots=True)
class Ranked:
    """What the evaluation reads of an answer."""

    results: list[str]  # ids, best first
    near_misses: list[str]
    labels: dict[str, str] = field(default_factory=dict)  # id -> 'goed' or 'deels'
    fit: str = GOED  # the answer's own verdict; a ranker that does not label says 'goed'


Ranker = Callable[[Query], Ranked]


@dataclass(frozen=True, slots=True)
class PersonaScore:
    """The figures for one graded persona."""

    name: str
    ndcg5: float
    forbidden10: int
    near_miss_recall: float | None  # None when the persona has no near misses
    excellent_top5: int  # grade-3 activities in the top 5
    excellent_top5_goed: int  # ... of which labelled 'goed'


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

    @property
    def excellent_goed(self) -> float:
        """Share of the excellent activities reaching a top 5 that are labelled 'goed'."""
        reached = sum(p.excellent_top5 for p in self.personas)
        return sum(p.excellent_top5_goed for p in self.personas) / reached if reached else 1.0


@dataclass(frozen=True, slots=True)
class HonestyScore:
    """Whether one honesty persona passes, and what the answer said."""

    name: str
    expect: str
    passed: bool
    fit: str
    goed: list[str]  # ids labelled 'goed'


def dcg(grades: Sequence[int]) -> float:
    """Discounted cumulative gain with gain 2^g - 1."""
    return float(sum((2**g - 1) / math.log2(i + 2) for i, g in enumerate(grades)))


def ndcg_at(ranked: Sequence[str], relevance: Mapping[str, int], k: int = 5) -> float:
    """nDCG@k of a ranked list of ids against graded relevance."""
    ideal = dcg(sorted(relevance.values(), reverse=True)[:k])
    return dcg([relevance.get(i, 0) for i in ranked[:k]]) / ideal if ideal else 0.0


def _query(persona: Mapping[str, Any], resolver: Resolver) -> Query:
    return Query.from_profile(parse_profile(persona["profile"]), resolver)


def evaluate(
    personas: Sequence[Mapping[str, Any]], ranker: Ranker, resolver: Resolver, method: str
) -> Evaluation:
    """Run every graded persona's profile through a ranker and score the answers."""
    scores = []
    for persona in personas:
        answer = ranker(_query(persona, resolver))
        expected_near = set(persona.get("near_misses", []))
        excellent = [i for i in answer.results[:5] if persona["relevance"].get(i) == 3]
        scores.append(
            PersonaScore(
                name=persona["name"],
                ndcg5=ndcg_at(answer.results, persona["relevance"]),
                forbidden10=len(set(answer.results[:10]) & set(persona.get("forbidden", []))),
                near_miss_recall=(
                    len(expected_near & set(answer.near_misses)) / len(expected_near)
                    if expected_near
                    else None
                ),
                excellent_top5=len(excellent),
                excellent_top5_goed=sum(answer.labels.get(i, GOED) == GOED for i in excellent),
            )
        )
    return Evaluation(method, scores)


def honesty(
    personas: Sequence[Mapping[str, Any]], ranker: Ranker, resolver: Resolver
) -> list[HonestyScore]:
    """Score every honesty persona by the pass rules of shared/eval/README.md."""
    scores = []
    for persona in personas:
        answer = ranker(_query(persona, resolver))
        goed = [i for i in answer.results if answer.labels.get(i, GOED) == GOED]
        expect = persona["expect"]
        if expect == GEEN:
            passed = answer.fit == GEEN and not goed
        elif expect == GOED:
            good = set(persona["good_ids"])
            passed = bool(answer.results) and answer.results[0] in good and set(goed) <= good
        else:
            shown = {*answer.results, *answer.near_misses}
            passed = not goed and bool(shown & set(persona["partial_ids"]))
        scores.append(HonestyScore(persona["name"], expect, passed, answer.fit, goed))
    return scores


def matcher_ranker(index: CatalogueIndex, today: dt.date, top: int = 10) -> Ranker:
    """The matcher's own ranking."""

    def run(query: Query) -> Ranked:
        answer = rank(index, query, top, today)
        return Ranked(
            results=[r.record.id for r in answer.results],
            near_misses=[n.record.id for n in answer.near_misses],
            labels={r.record.id: r.fit for r in answer.results},
            fit=answer.fit,
        )

    return run


def bm25_ranker(
    index: CatalogueIndex, stop_words: frozenset[str], today: dt.date, top: int = 10
) -> Ranker:
    """BM25 over title and description, with the same hard filters and no near misses."""
    retriever = bm25s.BM25()
    corpus = [stems(f"{r.title} {r.description}", stop_words) or ["_"] for r in index.records]
    retriever.index(corpus, show_progress=False)

    def run(query: Query) -> Ranked:
        allowed = eligible(index, query, today)
        tokens = stems(" ".join([*query.profile.interests, query.profile.wishes]), stop_words)
        scores = retriever.get_scores(tokens) if tokens else np.zeros(len(index))
        best = allowed[np.lexsort((allowed, -scores[allowed]))][:top]
        return Ranked([index.records[int(i)].id for i in best], [])

    return run
