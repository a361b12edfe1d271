"""Rank the catalogue for one profile: hard constraints filter, soft preferences order (pure NumPy)."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import numpy as np

from matcher import vocabulary
from matcher.catalogue.records import ActivityRecord
from matcher.geo import Point
from matcher.profile import Profile
from matcher.ranking import weights as W
from matcher.ranking.explain import explain
from matcher.ranking.index import (
    AANBOD_CODES,
    DAY_BITS,
    EXPERTISE_BITS,
    INTEREST_BITS,
    STATUS_CODES,
    SUPPORT_BITS,
    VORM_BITS,
    CatalogueIndex,
    FloatArray,
    mask,
)
from matcher.ranking.text import InterestHit, InterestResolver

EARTH_RADIUS_KM = 6371.009  # the mean radius geopy's great_circle uses, so both agree
OPPLUS_MASK = mask(vocabulary.OPPLUS_SUPPORTS, SUPPORT_BITS)
_MAATWERK = AANBOD_CODES.index("maatwerk")
_VOL = STATUS_CODES.index("vol")
_WACHTLIJST = STATUS_CODES.index("wachtlijst")
_AANBOD_SCORE = np.array([W.AANBOD_PREFERENCE[code] for code in AANBOD_CODES])


@dataclass(frozen=True, slots=True)
class Query:
    """A profile turned into what the ranking computes with."""

    profile: Profile
    interests: dict[str, InterestHit]  # code -> how it was recognised, with its weight
    text: str

    @classmethod
    def from_profile(cls, profile: Profile, resolver: InterestResolver) -> Query:
        """Recognise the interest codes in the named interests and in the wishes."""
        hits: dict[str, InterestHit] = {}
        for term in profile.interests:
            for hit in resolver.resolve(term):
                if hit.code not in hits or hits[hit.code].weight < hit.weight:
                    hits[hit.code] = hit
        for hit in resolver.scan(profile.wishes):
            if hit.code not in hits:
                hits[hit.code] = InterestHit(
                    hit.code, hit.weight * W.WISH_INTEREST_WEIGHT, hit.word
                )
        labels = " ".join(vocabulary.INTERESTS[code].label for code in hits)
        text = " ".join([*profile.interests, labels, profile.wishes]).strip()
        return cls(profile, hits, text)


@dataclass(frozen=True, slots=True)
class Result:
    """One ranked activity with the reasons a person reads and the score per component."""

    record: ActivityRecord
    score: float
    distance_km: float | None
    reasons: list[str]
    missing: list[str]
    breakdown: dict[str, float]

    def to_dict(self) -> dict[str, Any]:
        """The contract's form of a result."""
        return {"id": self.record.id, "title": self.record.title, "score": round(self.score, 4),
                "distance_km": _round_km(self.distance_km), "reasons": self.reasons,
                "missing": self.missing}  # fmt: skip


@dataclass(frozen=True, slots=True)
class NearMiss:
    """An activity that fits well but lacks required supports that opplussen can add."""

    record: ActivityRecord
    score: float
    distance_km: float | None
    would_fit_with: list[str]
    reasons: list[str]

    def to_dict(self) -> dict[str, Any]:
        """The contract's form of a near miss."""
        return {"id": self.record.id, "title": self.record.title, "score": round(self.score, 4),
                "would_fit_with": self.would_fit_with}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Answer:
    """The ranking's answer (contract §4)."""

    results: list[Result]
    near_misses: list[NearMiss]
    considered: int

    def to_dict(self) -> dict[str, Any]:
        """Exactly the contract's JSON answer."""
        return {"results": [r.to_dict() for r in self.results],
                "near_misses": [n.to_dict() for n in self.near_misses],
                "considered": self.considered}  # fmt: skip


def _round_km(km: float | None) -> float | None:
    return None if km is None else round(km, 2)


def haversine_km(point: Point, lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Great-circle distance from one point to many, in km (NaN where a place is unknown)."""
    lat1, lon1 = np.radians(point.lat), np.radians(point.lon)
    lat2, lon2 = np.radians(lat), np.radians(lon)
    h = (
        np.sin((lat2 - lat1) / 2) ** 2
        + np.cos(lat1) * np.cos(lat2) * np.sin((lon2 - lon1) / 2) ** 2
    )
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), np.float64)


def _share(values: np.ndarray, wanted: int, count: int) -> FloatArray:
    return np.asarray(np.bitwise_count(values & wanted) / count, dtype=np.float64)


class _Scorer:
    """Computes hard-constraint masks and component scores for one query over the whole index."""

    def __init__(
        self, index: CatalogueIndex, query: Query, today: dt.date, language: str = "nl"
    ) -> None:
        self.index, self.query, self.profile, self.today = index, query, query.profile, today
        self.language = language
        n = len(index)
        self.distance = (
            haversine_km(self.profile.point, index.lat, index.lon)
            if self.profile.point
            else np.full(n, np.nan)
        )
        age_days = today.toordinal() - index.verified
        self.stale = ~(age_days <= W.VERIFIED_WITHIN_DAYS)  # NaN (never verified) counts as stale
        self.components: dict[str, FloatArray] = {}
        self._score_components()

    # --- hard constraints -------------------------------------------------------------------
    def others_ok(self) -> np.ndarray:
        """Every hard constraint except the required supports."""
        p, ix = self.profile, self.index
        ok = ix.status != _VOL
        if not p.include_maatwerk:
            ok &= ix.aanbod != _MAATWERK
        if p.point is not None and p.max_km is not None:
            ok &= ~(self.distance > p.max_km)  # an unknown place (NaN) does not break it
        if p.max_cost_eur is not None:
            ok &= ~(ix.cost > p.max_cost_eur)
        if p.age is not None:
            ok &= ~(ix.min_age > p.age) & ~(ix.max_age < p.age)
        return np.asarray(ok, dtype=np.bool_)

    def missing_required(self) -> np.ndarray:
        """Bit mask of required supports each activity lacks."""
        return mask(self.profile.required, SUPPORT_BITS) & ~self.index.supports

    # --- soft preferences -------------------------------------------------------------------
    def _score_components(self) -> None:
        p, ix, c = self.profile, self.index, self.components
        if self.query.interests:
            c["interest"] = self._interest()
        if self.query.text:
            similarity = ix.text.similarity(self.query.text)
            best = float(similarity.max()) if len(similarity) else 0.0
            c["text"] = similarity / best if best > 0 else similarity
        if p.preferred:
            c["preferred"] = _share(ix.supports, mask(p.preferred, SUPPORT_BITS), len(p.preferred))
        if p.expertise:
            wanted = mask(p.expertise, EXPERTISE_BITS)
            c["expertise"] = _share(ix.expertise, wanted, len(p.expertise))
        if p.point is not None:
            closeness = np.exp(-self.distance / W.DISTANCE_SCALE_KM)
            c["distance"] = np.where(np.isnan(closeness), W.UNKNOWN_DISTANCE, closeness)
        if p.days:
            on_day = (ix.days & mask(p.days, DAY_BITS)) != 0
            c["days"] = np.where(on_day, 1.0, np.where(ix.has_schedule, 0.0, W.FLEXIBLE_DAYS))
        if p.vorm:
            c["vorm"] = ((ix.vorm & mask(p.vorm, VORM_BITS)) != 0).astype(np.float64)
        bit = ix.language_bits.get(p.language)
        speaks = (ix.languages >> bit) & 1 if bit is not None else np.zeros(len(ix), np.int64)
        c["language"] = speaks.astype(np.float64)
        c["aanbod"] = _AANBOD_SCORE[ix.aanbod]
        cost = 1.0 / (1.0 + ix.cost / W.COST_SCALE_EUR)
        c["cost"] = np.where(np.isnan(cost), W.UNKNOWN_COST, cost)

    def _interest(self) -> FloatArray:
        hits = self.query.interests.values()
        total = sum(h.weight for h in hits)
        matched = np.zeros(len(self.index))
        best = np.zeros(len(self.index))
        for hit in hits:
            has = ((self.index.interests >> INTEREST_BITS[hit.code]) & 1).astype(np.float64)
            matched += hit.weight * has
            best = np.maximum(best, hit.weight * has)
        return best * (W.INTEREST_BASE + (1 - W.INTEREST_BASE) * matched / total)

    def score(self) -> FloatArray:
        """Weighted mean of the components asked about, minus penalties."""
        total = sum(W.WEIGHTS[name] for name in self.components)
        score = sum(W.WEIGHTS[name] * values for name, values in self.components.items()) / total
        score = score - W.PENALTY_WACHTLIJST * (self.index.status == _WACHTLIJST)
        self.raw_score = np.asarray(score - W.PENALTY_NOT_VERIFIED * self.stale, dtype=np.float64)
        return self.raw_score

    def breakdown(self, i: int, score: float) -> dict[str, float]:
        """What each component added to one activity's score, and what the penalties took off."""
        total = sum(W.WEIGHTS[name] for name in self.components)
        parts = {name: W.WEIGHTS[name] * float(v[i]) / total for name, v in self.components.items()}
        if self.index.status[i] == _WACHTLIJST:
            parts["wachtlijst"] = -W.PENALTY_WACHTLIJST
        if self.stale[i]:
            parts["niet_bevestigd"] = -W.PENALTY_NOT_VERIFIED
        if score < self.raw_score[i] - 1e-9:
            parts["variatie"] = score - float(self.raw_score[i])
        return {name: round(value, 4) for name, value in parts.items()}

    def fits_interests(self) -> np.ndarray:
        """Activities that fit the person's interests well (for near misses)."""
        # Named interests decide; only a profile with nothing but free text falls back on it.
        if "interest" in self.components:
            return self.components["interest"] >= W.NEAR_MISS_MIN_INTEREST
        if "text" in self.components:
            return self.components["text"] >= W.NEAR_MISS_MIN_TEXT
        return np.zeros(len(self.index), dtype=bool)


def eligible(index: CatalogueIndex, query: Query, today: dt.date | None = None) -> np.ndarray:
    """Positions of the activities that break no hard constraint of the query."""
    scorer = _Scorer(index, query, today or dt.date.today())
    return np.flatnonzero(scorer.others_ok() & (scorer.missing_required() == 0))


def rank(
    index: CatalogueIndex,
    query: Query,
    top: int = 10,
    today: dt.date | None = None,
    language: str = "nl",
) -> Answer:
    """The best activities for a query, the near misses, and how many activities were considered.

    Reasons are in Dutch (the contract's language), or in English for the English pages.
    """
    scorer = _Scorer(index, query, today or dt.date.today(), language)
    scores = scorer.score()
    others_ok = scorer.others_ok()
    missing = scorer.missing_required()
    eligible = np.flatnonzero(others_ok & (missing == 0))
    candidates = _best(eligible, scores, top + 2 * W.VARIETY_TOP)
    order = _with_variety(candidates, scores, index.organisation)[:top]
    near = others_ok & (missing != 0) & ((missing & ~OPPLUS_MASK) == 0) & scorer.fits_interests()
    near_order = _best(np.flatnonzero(near), scores, min(top, W.NEAR_MISSES_MAX))
    return Answer(
        results=[_result(index, scorer, i, score) for i, score in order],
        near_misses=[_near_miss(index, scorer, scores, missing, int(i)) for i in near_order],
        considered=len(index),
    )


def _best(candidates: np.ndarray, scores: FloatArray, k: int) -> list[int]:
    if k <= 0 or len(candidates) == 0:
        return []
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    # Highest score first; equal scores in catalogue order, so answers are repeatable.
    return [int(i) for i in candidates[np.lexsort((candidates, -scores[candidates]))]]


def _with_variety(
    candidates: list[int], scores: FloatArray, organisation: np.ndarray
) -> list[tuple[int, float]]:
    """Order candidates by score, where an organisation's third and later activities lose a little.

    The loss (VARIETY_MARGIN) lets another organisation's activity of nearly the same fit go first,
    and it is part of the reported score, so the list stays ordered by the score it shows.
    """
    shown: dict[int, int] = {}

    def effective(i: int) -> float:
        crowded = shown.get(int(organisation[i]), 0) >= W.VARIETY_PER_ORGANISATION
        return float(scores[i]) - (W.VARIETY_MARGIN if crowded else 0.0)

    ordered: list[tuple[int, float]] = []
    pool = list(candidates)  # best first, so on equal scores the earlier one wins
    while pool:
        k = max(range(len(pool)), key=lambda k: (effective(pool[k]), -k))
        best = pool.pop(k)
        ordered.append((best, effective(best)))
        shown[int(organisation[best])] = shown.get(int(organisation[best]), 0) + 1
    return ordered


def _km(scorer: _Scorer, i: int) -> float | None:
    value = float(scorer.distance[i])
    return None if np.isnan(value) else value


def _result(index: CatalogueIndex, scorer: _Scorer, i: int, score: float) -> Result:
    record = index.records[i]
    distance = _km(scorer, i)
    return Result(
        record=record,
        score=score,
        distance_km=distance,
        reasons=explain(record, scorer.query, distance, scorer.language),
        missing=[code for code in scorer.profile.preferred if code not in record.support],
        breakdown=scorer.breakdown(i, score),
    )


def _near_miss(
    index: CatalogueIndex, scorer: _Scorer, scores: FloatArray, missing: np.ndarray, i: int
) -> NearMiss:
    record = index.records[i]
    distance = _km(scorer, i)
    lacks = [code for code in scorer.profile.required if int(missing[i]) >> SUPPORT_BITS[code] & 1]
    return NearMiss(record, float(scores[i]), distance, lacks,
                    explain(record, scorer.query, distance, scorer.language))  # fmt: skip
