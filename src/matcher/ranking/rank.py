"""Rank the catalogue for one profile: hard constraints filter, soft preferences order (pure NumPy)."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from matcher import geo, vocabulary
from matcher.catalogue import freshness
from matcher.catalogue.freshness import Audience, State
from matcher.catalogue.records import ActivityRecord
from matcher.frozen import quick_init
from matcher.geo import Point
from matcher.phrases import Phrase
from matcher.ranking import weights as W
from matcher.ranking.explain import explain
from matcher.ranking.fit import (
    GEEN,
    GOED,
    Fit,
    Matched,
    asked_supports,
    assess,
    judge,
    matched_of,
    matches_of,
)
from matcher.ranking.index import (
    AANBOD_CODES,
    EXPERTISE_BITS,
    STATUS_CODES,
    SUPPORT_BITS,
    VORM_BITS,
    CatalogueIndex,
    FloatArray,
    IntArray,
    mask,
)
from matcher.ranking.query import Query

EARTH_RADIUS_KM = 6371.009  # the mean radius geopy's great_circle uses, so both agree
# Every activity's distance from a place a profile names by its wijk or postcode (44 places)
# is worked out once per index: at most this many distances in all (16 MB; every such place at
# 10,000 activities, the first 20 asked at 100,000). The distances from other places, and from
# points given as coordinates, are worked out for each query's candidates.
MAX_CACHED_DISTANCES = 2_000_000
OPPLUS_MASK = mask(vocabulary.OPPLUS_SUPPORTS, SUPPORT_BITS)
_MAATWERK = AANBOD_CODES.index("maatwerk")
# By status number: whether one can join (a lookup is cheaper than np.isin on every query).
_JOINABLE = np.array([code not in vocabulary.NOT_JOINABLE for code in STATUS_CODES])
_WACHTLIJST = STATUS_CODES.index("wachtlijst")
_AANBOD_SCORE = np.array([W.AANBOD_PREFERENCE[code] for code in AANBOD_CODES])
_FIXED = "fixed"  # the key of `Fixed` in the index's memo
_FRESHNESS = "freshness"  # ... and of the day's `Freshness`


@quick_init
@dataclass(frozen=True, slots=True)
class Result:
    """One ranked activity: how well it fits, what matched, and the reasons a person reads."""

    record: ActivityRecord
    score: float
    fit: str  # 'goed' or 'deels'
    distance_km: float | None
    reasons: list[Phrase]  # why it fits, built from what matched
    notes: list[Phrase]  # what is different from what the person asked
    matched: Matched
    missing: list[str]
    shares: Shares  # of the results of one answer, this one's at `at`
    at: int
    freshness: State = State.CURRENT

    @property
    def breakdown(self) -> dict[str, float]:
        """What each score component added to the score, and what the penalties took off."""
        return self.shares.breakdown(self.at, self.score)

    def to_dict(self) -> dict[str, Any]:
        """The contract's form of a result (with `freshness` only when it was not checked lately)."""
        return {
            "id": self.record.id,
            "title": self.record.title,
            "score": round(self.score, 4),
            "fit": self.fit,
            "distance_km": _round_km(self.distance_km),
            "reasons": [*self.reasons, *self.notes],
            "matched": self.matched.to_dict(),
            "missing": self.missing,
            **freshness.flag(self.freshness),
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Shares:
    """What each component added to the scores of an answer's results, read from the scorer's
    arrays only when shown: the consult page shows it, the API's answer does not."""

    total: float  # the weights' total
    components: tuple[tuple[str, float, FloatArray], ...]  # name, weight, every scored value
    stale: FloatArray  # every scored activity's penalty for not being confirmed lately
    raw: FloatArray  # ... its score before the variety order
    positions: IntArray  # ... its position in the index
    status: IntArray  # every activity's status, by position
    picked: list[int]  # where in the scored arrays each result's values are

    def breakdown(self, j: int, score: float) -> dict[str, float]:
        """The breakdown of the j-th result, whose score (after the variety order) is `score`."""
        total, k = self.total, self.picked[j]
        parts = {
            name: weight * float(values[k]) / total for name, weight, values in self.components
        }
        if self.status[self.positions[k]] == _WACHTLIJST:
            parts["wachtlijst"] = -W.PENALTY_WACHTLIJST
        stale, raw = float(self.stale[k]), float(self.raw[k])
        if stale:
            parts["niet_bevestigd"] = -stale
        if score < raw - 1e-9:
            parts["variatie"] = score - raw
        return {name: round(value, 4) for name, value in parts.items()}


@quick_init
@dataclass(frozen=True, slots=True)
class NearMiss:
    """An activity that fits well but lacks required supports that opplussen can add."""

    record: ActivityRecord
    score: float
    distance_km: float | None
    would_fit_with: list[str]
    reasons: list[Phrase]
    freshness: State = State.CURRENT

    def to_dict(self) -> dict[str, Any]:
        """The contract's form of a near miss (with `freshness` as for a result)."""
        return {
            "id": self.record.id,
            "title": self.record.title,
            "score": round(self.score, 4),
            "would_fit_with": self.would_fit_with,
            **freshness.flag(self.freshness),
        }


@quick_init
@dataclass(frozen=True, slots=True)
class Answer:
    """The ranking's answer (contract §4)."""

    results: list[Result]
    near_misses: list[NearMiss]
    considered: int
    unrecognised: tuple[str, ...] = ()  # the person's words that mean nothing to the matcher
    meanings: tuple[tuple[str, str], ...] = ()  # abbreviations as they were read: ("AA", "...")

    @property
    def fit(self) -> str:
        """The best label among the results (they come best first); 'geen' when nothing fits."""
        return self.results[0].fit if self.results else GEEN

    def to_dict(self) -> dict[str, Any]:
        """Exactly the contract's JSON answer."""
        return {
            "fit": self.fit,
            "results": [r.to_dict() for r in self.results],
            "near_misses": [n.to_dict() for n in self.near_misses],
            "considered": self.considered,
        }


def _round_km(km: float | None) -> float | None:
    return None if km is None else round(km, 2)


def haversine_km(point: Point, lat: FloatArray, lon: FloatArray) -> FloatArray:
    """Great-circle distance from one point to many, in km (NaN where a place is unknown)."""
    lat2 = np.radians(lat)
    return _haversine_km(point, lat2, np.radians(lon), np.cos(lat2))


def _haversine_km(
    point: Point, lat2: FloatArray, lon2: FloatArray, cos_lat2: FloatArray
) -> FloatArray:
    """The same from places in radians, with the cosines of their latitudes worked out before."""
    lat1, lon1 = np.radians(point.lat), np.radians(point.lon)
    h = np.sin((lat2 - lat1) / 2) ** 2 + np.cos(lat1) * cos_lat2 * np.sin((lon2 - lon1) / 2) ** 2
    return np.asarray(2 * EARTH_RADIUS_KM * np.arcsin(np.sqrt(np.clip(h, 0.0, 1.0))), np.float64)


@cache
def _named_places() -> frozenset[Point]:
    """The points a profile's wijk or postcode stands for."""
    postcodes = (postcode.point for postcode in geo.postcodes().values())
    return frozenset([*geo.wijken().values(), *postcodes])


def _distances(index: CatalogueIndex, point: Point, rows: slice | np.ndarray) -> FloatArray:
    """The distances from a point to the activities at `rows`, in km (NaN where unknown).

    From a wijk's or a postcode's point, every activity's is worked out on the point's first
    sight and kept with the index while there is room (read-only; the same figures as worked
    out for some rows). A place is never dropped: a query's place found again and again
    should not cost a whole catalogue's distances each time.
    """
    kept: dict[Point, FloatArray] = index.distances
    found = kept.get(point)
    if found is None:
        room = len(kept) < MAX_CACHED_DISTANCES // max(1, len(index))
        if not room or point not in _named_places():
            lat, lon = index.lat_radians[rows], index.lon_radians[rows]
            return _haversine_km(point, lat, lon, index.cos_lat[rows])
        found = _haversine_km(point, index.lat_radians, index.lon_radians, index.cos_lat)
        found.flags.writeable = False
        kept[point] = found
    return found[rows]


def freshness_masks(index: CatalogueIndex, today: dt.date) -> tuple[np.ndarray, np.ndarray]:
    """Which entries are stale and which very stale on a day (the rules: catalogue/freshness.py)."""
    found = freshness.limits(today)
    stale = ~(index.verified >= found.stale.toordinal())  # NaN (never confirmed) is stale...
    very_stale = index.verified < found.very_stale.toordinal()  # ...but not very stale
    return np.asarray(stale, dtype=np.bool_), np.asarray(very_stale, dtype=np.bool_)


def _share(values: np.ndarray, wanted: int, count: int) -> FloatArray:
    return np.asarray(np.bitwise_count(values & wanted) / count, dtype=np.float64)


@dataclass(frozen=True, slots=True)
class Fixed:
    """What every query reads of the index in the same way: worked out once per index, for
    every activity (read-only), and read for the candidates of each query."""

    joinable: np.ndarray  # its status lets one join
    regular: np.ndarray  # not maatwerk
    waiting: FloatArray  # its penalty for a waiting list
    flexible: FloatArray  # its days' score when at none of the times asked
    aanbod: FloatArray  # its score for the kind of offer
    cost: FloatArray  # its score for the cost
    speaks: dict[str | None, FloatArray]  # whether it is in a language, 1.0 or 0.0, by language

    @classmethod
    def of(cls, index: CatalogueIndex) -> Fixed:
        """The index's, worked out on first use."""
        found: Fixed | None = index.memo.get(_FIXED)
        if found is None:
            cost = index.cost
            found = cls(
                joinable=_frozen(_JOINABLE[index.status]),
                regular=_frozen(index.aanbod != _MAATWERK),
                waiting=_frozen(W.PENALTY_WACHTLIJST * (index.status == _WACHTLIJST)),
                flexible=_frozen(np.where(index.has_schedule, 0.0, W.FLEXIBLE_DAYS)),
                aanbod=_frozen(_AANBOD_SCORE[index.aanbod]),
                cost=_frozen(
                    np.where(np.isnan(cost), W.UNKNOWN_COST, 1.0 / (1.0 + cost / W.COST_SCALE_EUR))
                ),
                speaks={},
            )
            index.memo[_FIXED] = found
        return found

    def speaking(self, index: CatalogueIndex, language: str) -> FloatArray:
        """Whether each activity is in a language (1.0) or not (0.0); one array for all the
        languages no activity is in."""
        bit = index.language_bits.get(language)
        key = language if bit is not None else None
        found = self.speaks.get(key)
        if found is None:
            speaks = (index.languages >> bit) & 1 if bit is not None else np.zeros(len(index))
            found = self.speaks[key] = _frozen(speaks.astype(np.float64))
        return found


@dataclass(frozen=True, slots=True)
class Freshness:
    """Every activity's freshness on one day: the penalty, which are very stale, how many."""

    day: dt.date
    penalty: FloatArray
    very_stale: np.ndarray
    very_stale_count: int

    @classmethod
    def of(cls, index: CatalogueIndex, today: dt.date) -> Freshness:
        """The index's on a day, worked out on the day's first query (the last day's is kept)."""
        found: Freshness | None = index.memo.get(_FRESHNESS)
        if found is None or found.day != today:
            stale, very_stale = freshness_masks(index, today)
            penalty = np.where(
                very_stale, W.PENALTY_VERY_STALE, np.where(stale, W.PENALTY_STALE, 0.0)
            )
            found = cls(today, _frozen(penalty), _frozen(very_stale), int(very_stale.sum()))
            index.memo[_FRESHNESS] = found
        return found


def _frozen(values: np.ndarray) -> np.ndarray:
    values.flags.writeable = False
    return values


class _Scorer:
    """Computes hard-constraint masks, the fit and component scores for one query over the index.

    The fit is worked out for every activity; the rest, for an `audience`, only for the
    activities that meet something asked, break no hard constraint but the required supports
    and lack none of those but what opplussen can add (`positions`): no other can be a result
    or a near miss, and they are often a tenth of the catalogue. The scorer's arrays are over
    `positions`, in their order.
    """

    def __init__(
        self,
        index: CatalogueIndex,
        query: Query,
        today: dt.date,
        audience: Audience | None = None,
    ) -> None:
        self.index, self.query, self.profile, self.today = index, query, query.profile, today
        self.fit: Fit = assess(index, query)
        self.fixed = Fixed.of(index)
        self.freshness = Freshness.of(index, today)
        every = audience is None or bool(self.fit.candidate.all())
        self.positions = np.arange(len(index)) if every else np.flatnonzero(self.fit.candidate)
        # Indexing by a slice is a view: scoring every activity copies nothing.
        self.rows: slice | np.ndarray = slice(None) if every else self.positions
        self.distance = (
            _distances(index, self.profile.point, self.rows)
            if self.profile.point
            else np.full(len(self.positions), np.nan)
        )
        if audience is not None:
            kept = self.others_ok(audience)
            if self.profile.required:
                kept &= self._answerable()
            self._narrow(kept)
        rows = self.rows
        self.labels = judge(index, query, self.fit, rows)
        self.stale_penalty = self.freshness.penalty[rows]
        self.components: dict[str, FloatArray] = {}
        self._score_components()
        self.total_weight = sum(W.WEIGHTS[name] for name in self.components)

    def _narrow(self, kept: np.ndarray) -> None:
        """Score only the activities `kept` of those at `positions` (a third to a half)."""
        if not kept.all():
            self.positions = self.positions[kept]
            self.rows = self.positions
            self.distance = self.distance[kept]

    # --- hard constraints -------------------------------------------------------------------
    def _answerable(self) -> np.ndarray:
        """Which lack no required support (a result), or only ones opplussen can add and fit in
        full (a near miss): no other can be in the answer."""
        missing = self.missing_required()
        coverable = ((missing & ~OPPLUS_MASK) == 0) & self.fit.full[self.rows]
        return np.asarray((missing == 0) | coverable, dtype=np.bool_)

    def others_ok(self, audience: Audience) -> np.ndarray:
        """Every hard constraint except the required supports, and what this audience may find."""
        p, ix, rows = self.profile, self.index, self.rows
        ok = self.fixed.joinable[rows].copy()  # a view of the index's when every row is read
        if not freshness.shown_to(audience, State.VERY_STALE):
            ok &= ~self.freshness.very_stale[rows]
        if not p.include_maatwerk:
            ok &= self.fixed.regular[rows]
        if p.point is not None and p.max_km is not None:
            ok &= ~(self.distance > p.max_km)  # an unknown place (NaN) does not break it
        if p.max_cost_eur is not None:
            ok &= ~(ix.cost[rows] > p.max_cost_eur)
        if p.age is not None:
            ok &= ~(ix.min_age[rows] > p.age) & ~(ix.max_age[rows] < p.age)
        return np.asarray(ok, dtype=np.bool_)

    def hidden(self, audience: Audience) -> int:
        """How many activities this audience does not find at all (residents: the very stale)."""
        if freshness.shown_to(audience, State.VERY_STALE):
            return 0
        return self.freshness.very_stale_count

    def missing_required(self) -> np.ndarray:
        """Bit mask of required supports each activity lacks."""
        return mask(self.profile.required, SUPPORT_BITS) & ~self.index.supports[self.rows]

    # --- soft preferences -------------------------------------------------------------------
    def _score_components(self) -> None:
        p, ix, c, rows = self.profile, self.index, self.components, self.rows
        if self.fit.deciding or self.fit.supporting:
            c["interest"] = self._interest()
        if self.query.text:
            similarity = ix.text.similarity(self.query.text)
            best = float(similarity.max()) if len(similarity) else 0.0  # in the whole catalogue
            c["text"] = similarity[rows] / best if best > 0 else similarity[rows]
        if p.preferred:
            wanted = mask(p.preferred, SUPPORT_BITS)
            c["preferred"] = _share(ix.supports[rows], wanted, len(p.preferred))
        if p.expertise:
            wanted = mask(p.expertise, EXPERTISE_BITS)
            c["expertise"] = _share(ix.expertise[rows], wanted, len(p.expertise))
        if p.point is not None:
            closeness = np.exp(-self.distance / W.DISTANCE_SCALE_KM)
            c["distance"] = np.where(np.isnan(closeness), W.UNKNOWN_DISTANCE, closeness)
        if self.fit.allowed_slots:
            on_time = (ix.slots[rows] & self.fit.allowed_slots) != 0
            c["days"] = np.where(on_time, 1.0, self.fixed.flexible[rows])
        if p.vorm:
            c["vorm"] = ((ix.vorm[rows] & mask(p.vorm, VORM_BITS)) != 0).astype(np.float64)
        c["language"] = self.fixed.speaking(ix, p.language)[rows]
        c["aanbod"] = self.fixed.aanbod[rows]
        c["cost"] = self.fixed.cost[rows]
        if p.affordable_eur is not None:
            cost = ix.cost[rows]
            affordable = np.where(cost <= p.affordable_eur, 1.0, 0.0)
            c["geld"] = np.where(np.isnan(cost), W.UNKNOWN_COST, affordable)

    def _interest(self) -> FloatArray:
        """How well the asks are met: the best one, and how many of them."""
        weighted = [(a, a.ask.weight) for a in self.fit.deciding]
        weighted += [(a, a.ask.weight * W.WISH_INTEREST_WEIGHT) for a in self.fit.supporting]
        total = sum(weight for _, weight in weighted) or 1.0
        matched = np.zeros(len(self.positions))
        best = np.zeros(len(self.positions))
        levels = np.empty(len(self.positions))
        for ask, weight in weighted:  # in place: the same sums, without new arrays
            np.multiply(ask.levels[self.rows], weight, out=levels)
            matched += levels
            np.maximum(best, levels, out=best)
        return best * (W.INTEREST_BASE + (1 - W.INTEREST_BASE) * matched / total)

    def score(self) -> FloatArray:
        """Weighted mean of the components asked about, minus penalties."""
        total = self.total_weight
        score = sum(W.WEIGHTS[name] * values for name, values in self.components.items()) / total
        score = score - self.fixed.waiting[self.rows]
        self.raw_score = np.asarray(score - self.stale_penalty, dtype=np.float64)
        return self.raw_score

    def shares(self, picked: list[int]) -> Shares:
        """What each component added to the scores of the activities at `positions[picked]`,
        and what the penalties took off: read only when shown."""
        return Shares(
            total=self.total_weight,
            components=tuple(
                (name, W.WEIGHTS[name], values) for name, values in self.components.items()
            ),
            stale=self.stale_penalty,
            raw=self.raw_score,
            positions=self.positions,
            status=self.index.status,
            picked=picked,
        )

    def unrecognised(self) -> tuple[str, ...]:
        """Named words that mean nothing: not in the vocabulary and in no activity's texts."""
        unknown = [
            a.ask.word
            for a in self.fit.deciding
            if not a.ask.known
            and not any(self.index.mentions.known(t) for s in a.ask.senses for t in s.about)
        ]
        return (*self.query.unrecognised, *unknown)


def eligible(
    index: CatalogueIndex,
    query: Query,
    today: dt.date | None = None,
    audience: Audience = Audience.PROFESSIONALS,
) -> np.ndarray:
    """Positions of the activities that break no hard constraint of the query."""
    scorer = _Scorer(index, query, today or dt.date.today())
    return np.flatnonzero(scorer.others_ok(audience) & (scorer.missing_required() == 0))


def rank(
    index: CatalogueIndex,
    query: Query,
    top: int = 10,
    today: dt.date | None = None,
    audience: Audience = Audience.PROFESSIONALS,
) -> Answer:
    """The activities that fit (in full first), the near misses, and how many were considered.

    Nothing that fits neither in full nor partly is returned, so there may be fewer than `top`.
    Reasons are Phrases: Dutch text (the contract's language) that the pages translate. For
    residents, entries not confirmed for 18 months are left out (catalogue/freshness.py).
    """
    # Only the candidates that break no hard constraint but the required supports are scored:
    # every array below is over `scorer.positions`.
    scorer = _Scorer(index, query, today or dt.date.today(), audience)
    fit, rows = scorer.fit, scorer.rows
    scores = scorer.score()
    missing = scorer.missing_required()
    allowed = missing == 0
    goed, organisation = scorer.labels.goed, index.organisation[rows]
    order: list[tuple[int, float]] = []
    for fits in (goed, ~goed):
        if len(order) >= top:  # full of good fits: a partial one would not be shown
            break
        wanted = top - len(order) + 2 * W.VARIETY_TOP
        candidates = _best(np.flatnonzero(allowed & fits), scores, wanted)
        order += _with_variety(candidates, scores, organisation, top - len(order))
    near = (missing != 0) & ((missing & ~OPPLUS_MASK) == 0) & fit.full[rows]
    near_order = (
        [] if query.open else _best(np.flatnonzero(near), scores, min(top, W.NEAR_MISSES_MAX))
    )
    meanings = {a.word: a.meaning for a in (*query.named, *query.wished) if a.meaning}
    return Answer(
        results=_results(index, scorer, order),
        near_misses=_near_misses(index, scorer, scores, missing, near_order),
        considered=len(index) - scorer.hidden(audience),
        unrecognised=scorer.unrecognised(),
        meanings=tuple(meanings.items()),
    )


def _best(candidates: np.ndarray, scores: FloatArray, k: int) -> list[int]:
    if k <= 0 or len(candidates) == 0:
        return []
    if len(candidates) > k:
        candidates = candidates[np.argpartition(-scores[candidates], k - 1)[:k]]
    # Highest score first; equal scores in catalogue order, so answers are repeatable.
    return [int(i) for i in candidates[np.lexsort((candidates, -scores[candidates]))]]


def _with_variety(
    candidates: list[int], scores: FloatArray, organisation: np.ndarray, count: int
) -> list[tuple[int, float]]:
    """The first `count` candidates by score, where an organisation's third and later activities
    lose a little.

    The loss (VARIETY_MARGIN) lets another organisation's activity of nearly the same fit go first,
    and it is part of the reported score, so the list stays ordered by the score it shows.
    """
    # A few dozen at most: plain Python floats (the same arithmetic) beat a NumPy call per pick.
    base = scores[candidates].tolist()  # best first, so on equal scores the earlier wins
    owners = organisation[candidates].tolist()
    shown: dict[int, int] = {}
    effective = dict(enumerate(base))  # the ones not taken yet, in their order
    lowered = False  # until one loses, the first one left is the best (and first of equal ones)
    ordered: list[tuple[int, float]] = []
    while effective and len(ordered) < count:  # the first picks do not depend on later ones
        k = max(effective, key=effective.__getitem__) if lowered else next(iter(effective))
        ordered.append((candidates[k], effective.pop(k)))
        owner = owners[k]
        shown[owner] = shown.get(owner, 0) + 1
        if shown[owner] == W.VARIETY_PER_ORGANISATION:
            for j in effective:
                if owners[j] == owner:
                    effective[j] = base[j] - W.VARIETY_MARGIN
                    lowered = True
    return ordered


def _kms(scorer: _Scorer, picked: list[int]) -> list[float | None]:
    return [None if math.isnan(km) else km for km in scorer.distance[picked].tolist()]


def _results(
    index: CatalogueIndex, scorer: _Scorer, order: list[tuple[int, float]]
) -> list[Result]:
    """The results at `positions[k]` for the (k, score) in order: each one's fit, what matched,
    reasons and breakdown, read for all of them at once."""
    if not order:
        return []
    picked = [k for k, _score in order]
    positions = scorer.positions[picked]
    records = [index.records[i] for i in positions.tolist()]
    profile, fit, today = scorer.profile, scorer.fit, scorer.today
    asked = asked_supports(profile.required, profile.preferred)
    every_match = matches_of(fit, positions, records)
    shares = scorer.shares(picked)
    results = []
    for at, ((_k, score), record, matches, label, shortfalls, distance) in enumerate(
        zip(
            order,
            records,
            every_match,
            scorer.labels.labels(picked),
            scorer.labels.shortfalls_at(picked),
            _kms(scorer, picked),
            strict=True,
        )
    ):
        matched = matched_of(matches, record, asked)
        reasons, notes = explain(
            record, scorer.query, matches, matched, distance, shortfalls, label
        )
        results.append(
            Result(
                record=record,
                score=score,
                fit=label,
                distance_km=distance,
                reasons=reasons,
                notes=notes,
                matched=matched,
                missing=[code for code in profile.preferred if code not in record.support],
                shares=shares,
                at=at,
                freshness=freshness.state(record.last_verified, today),
            )
        )
    return results


def _near_misses(
    index: CatalogueIndex,
    scorer: _Scorer,
    scores: FloatArray,
    missing: np.ndarray,
    picked: list[int],
) -> list[NearMiss]:
    if not picked:
        return []
    positions = scorer.positions[picked]
    records = [index.records[i] for i in positions.tolist()]
    profile = scorer.profile
    preferred = asked_supports((), profile.preferred)
    near = []
    for record, matches, score, lacking, distance in zip(
        records,
        matches_of(scorer.fit, positions, records),
        scores[picked].tolist(),
        missing[picked].tolist(),
        _kms(scorer, picked),
        strict=True,
    ):
        lacks = [code for code in profile.required if lacking >> SUPPORT_BITS[code] & 1]
        matched = matched_of(matches, record, preferred)
        reasons, _notes = explain(record, scorer.query, matches, matched, distance, [], GOED)
        state = freshness.state(record.last_verified, scorer.today)
        near.append(NearMiss(record, score, distance, lacks, reasons, state))
    return near
