"""How well each activity fits what a person asked: a level per ask, a label per activity.

An ask is met in full when the activity is about it: it has the interest code the word names,
or, for a word that names a part of an interest (kringloop, schaken), it has the code and its
title (or twice its description) names that part. Sharing only the broad code is a partial fit.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import numpy as np
import numpy.typing as npt

from matcher.catalogue.records import ActivityRecord
from matcher.frozen import quick_init
from matcher.ranking.index import (
    DAY_BITS,
    DAYPART_CODES,
    EXPERTISE_BITS,
    INTEREST_BITS,
    STATUS_CODES,
    SUPPORT_BITS,
    VORM_BITS,
    CatalogueIndex,
    FloatArray,
    IntArray,
    mask,
    slot_mask,
)
from matcher.ranking.kept import kept
from matcher.ranking.query import Query
from matcher.ranking.text import Ask, Sense

BoolArray = npt.NDArray[np.bool_]
Levels = npt.NDArray[np.floating[Any]]  # float64, or float32 where kept for the whole index

GOED = "goed"
DEELS = "deels"
GEEN = "geen"

FULL = 1.0  # the activity is about what was asked
PARTIAL = 0.5  # it shares the broad interest only
MENTIONED = 0.3  # a partial fit whose texts name the word once more is worth up to this more
# The levels of senses kept per index: 4 million values (32 MB), 400 senses at 10,000 activities.
MAX_CACHED_LEVELS = 4_000_000

# Shortfalls on soft wishes. Each says what is different from what the person asked; being
# only at times they cannot is enough to make a fit partial, of the others it takes two. A
# regular activity without target-group expertise is no shortfall: it is what the policy
# prefers ("van apart naar gewoon").
OTHER_TIMES = "tijden"
WEAK_SHORTFALLS = ("voorkeur", "wachtlijst", "vorm", "taal")
WEAK_SHORTFALLS_FOR_PARTIAL = 2

_WACHTLIJST = STATUS_CODES.index("wachtlijst")


_NONE = np.zeros(0, dtype=np.int64)
_NONE.flags.writeable = False


@quick_init
@dataclass(frozen=True, slots=True)
class SenseLevels:
    """How well every activity meets one sense of an ask."""

    sense: Sense
    levels: Levels
    # The positions of the activities whose texts name the sense's words, in order (few: kept
    # sparse, and as they come, since a larger catalogue keeps fewer senses).
    named: npt.NDArray[np.int64]

    def names(self, positions: npt.NDArray[np.int64]) -> list[bool]:
        """Whether the texts of the activities at some positions name the sense's words."""
        if not len(self.named):  # a code alone: no words to name
            return [False] * len(positions)
        at = self.named.searchsorted(positions)
        return (self.named.take(at, mode="clip") == positions).tolist()  # type: ignore[no-any-return]


@quick_init
@dataclass(frozen=True, slots=True)
class AskLevels:
    """How well every activity meets one ask: the best of its senses."""

    ask: Ask
    senses: tuple[SenseLevels, ...]
    levels: FloatArray


@quick_init
@dataclass(frozen=True, slots=True)
class Fit:
    """How every activity meets what one query asks."""

    deciding: tuple[AskLevels, ...]
    supporting: tuple[AskLevels, ...]
    candidate: BoolArray  # meets a deciding ask at least partly (everything for an open query)
    full: BoolArray  # meets a deciding ask in full
    allowed_slots: int  # SLOT_BITS of the times the person can; 0 when they said nothing


@quick_init
@dataclass(frozen=True, slots=True)
class Labels:
    """The fit labels of some activities (a query's candidates, `rows` of `judge`), in order."""

    # What is different from what the person asked; a shortfall no activity can have (nothing
    # asked about it) is left out.
    shortfalls: dict[str, BoolArray]
    goed: BoolArray  # candidate, full, and not too far from the soft wishes

    def labels(self, picked: list[int]) -> list[str]:
        """'goed' or 'deels' for some of the activities."""
        return [GOED if goed else DEELS for goed in self.goed[picked].tolist()]

    def shortfalls_at(self, picked: list[int]) -> list[list[str]]:
        """What is different from what the person asked, for some of the activities."""
        found: list[list[str]] = [[] for _ in picked]
        for name, values in self.shortfalls.items():
            for lacks, names in zip(values[picked].tolist(), found, strict=True):
                if lacks:
                    names.append(name)
        return found


@quick_init
@dataclass(frozen=True, slots=True)
class AskMatch:
    """How one ask was met by one activity."""

    ask: Ask
    level: float
    interests: tuple[str, ...]  # the activity's own interest codes it matched through
    named: bool  # the activity's texts name the word (or its part of the interest)
    expertise: tuple[str, ...]  # the activity's expertise it matched through

    @property
    def full(self) -> bool:
        """Met in full: the activity is about it."""
        return self.level >= FULL


@quick_init
@dataclass(frozen=True, slots=True)
class Matched:
    """What really matched between a person and one activity (contract §4, `matched`)."""

    interests: tuple[str, ...]  # interest codes the activity has, through which it matched
    words: tuple[str, ...]  # the person's own words the activity's codes or texts match
    supports: tuple[str, ...]  # the person's required and preferred supports it has

    def to_dict(self) -> dict[str, list[str]]:
        """The contract's form."""
        return {
            "interests": list(self.interests),
            "words": list(self.words),
            "supports": list(self.supports),
        }


def matched_of(
    matches: Sequence[AskMatch], record: ActivityRecord, supports: Iterable[str]
) -> Matched:
    """What matched, from how each ask was met and the supports the person asked for (each
    once: `asked_supports`)."""
    # One pass over the matches for both (a search reads this for each of its ten results).
    interests: dict[str, None] = {}
    words: dict[str, None] = {}
    for match in matches:
        for code in match.interests:
            interests[code] = None
        if match.named or match.level >= FULL:
            words[match.ask.word] = None
    return Matched(
        interests=tuple(interests),
        words=tuple(words),
        supports=tuple(c for c in supports if c in record.support),
    )


def asked_supports(required: Iterable[str], preferred: Iterable[str]) -> tuple[str, ...]:
    """The supports a person asked for, each once, in order: for `matched_of`."""
    return tuple(dict.fromkeys((*required, *preferred)))


def sense_levels(index: CatalogueIndex, sense: Sense) -> SenseLevels:
    """How well every activity meets one sense, in float64: worked out once per index.

    The same senses come back in query after query (a typed word differs more often than what
    it stands for). Bounded by memory: at most MAX_CACHED_LEVELS levels in all, so fewer senses
    for a larger catalogue.
    """
    levels: dict[Sense, SenseLevels] = index.levels
    limit = max(1, MAX_CACHED_LEVELS // max(1, len(index)))
    return kept(levels, sense, limit, lambda: _shared(_sense_levels(index, sense)))


def _shared(found: SenseLevels) -> SenseLevels:
    found.levels.flags.writeable = False  # shared by every query from now on
    return found


def _sense_levels(index: CatalogueIndex, sense: Sense) -> SenseLevels:
    if not sense.about:
        code = _code_levels(index, sense)
        return SenseLevels(sense, code.levels.astype(np.float64), _NONE)
    # Only the few activities that name the words differ from what their codes say.
    rows, strength = index.mentions.strength(sense.about)
    if sense.expertise is not None:
        levels = _code_levels(index, Sense(expertise=sense.expertise)).levels.astype(np.float64)
    elif sense.interest is None:  # a word we do not know: only the texts can say
        levels = np.zeros(len(index))
        levels[rows] = np.where(strength >= 1, FULL, PARTIAL)
    else:  # with the code: in full when about the words, else partly (more when named once)
        has = _code_levels(index, Sense(interest=sense.interest)).levels
        levels = np.multiply(has, PARTIAL, dtype=np.float64)
        about = np.where(strength >= 1, FULL, PARTIAL + MENTIONED * strength)
        levels[rows] = np.where(has[rows] > 0, about, 0.0)
    return SenseLevels(sense, levels, rows)


def _code_levels(index: CatalogueIndex, sense: Sense) -> SenseLevels:
    """How every activity meets a code alone (1 or 0): worked out once per index."""
    found: SenseLevels | None = index.memo.get(sense)
    if found is None:
        if sense.expertise is not None:
            has = (index.expertise >> EXPERTISE_BITS[sense.expertise]) & 1
        elif sense.interest is not None:
            has = (index.interests >> INTEREST_BITS[sense.interest]) & 1
        else:
            has = np.zeros(len(index), dtype=np.int64)
        # Shared by every query from now on: exact in float32, and read-only.
        found = SenseLevels(sense, _frozen(has), _NONE)
        index.memo[sense] = found
    return found


def _frozen(values: npt.NDArray[Any]) -> Levels:
    kept = values.astype(np.float32)
    kept.flags.writeable = False
    return kept


def ask_levels(index: CatalogueIndex, ask: Ask) -> AskLevels:
    """How well every activity meets one ask: with one sense, that sense's (shared) levels."""
    senses = tuple(sense_levels(index, s) for s in ask.senses)
    if len(senses) == 1:
        return AskLevels(ask, senses, np.asarray(senses[0].levels, dtype=np.float64))  # no copy
    return AskLevels(ask, senses, _highest([s.levels for s in senses], len(index)))


def _highest(levels: Sequence[Levels], n: int) -> FloatArray:
    """The highest of some levels per activity (0 for none), as float64."""
    if not levels:
        return np.zeros(n)
    highest = levels[0].astype(np.float64)  # a copy: levels kept per index stay as they are
    for more in levels[1:]:
        np.maximum(highest, more, out=highest)
    return highest


def assess(index: CatalogueIndex, query: Query) -> Fit:
    """How every activity meets what a query asks."""
    n = len(index)
    deciding = tuple(ask_levels(index, a) for a in query.deciding)
    supporting = tuple(ask_levels(index, a) for a in query.supporting)
    if query.open:
        candidate = full = np.ones(n, dtype=np.bool_)
    else:
        best = _highest([a.levels for a in deciding], n)
        candidate, full = best > 0, best >= FULL
    return Fit(deciding, supporting, candidate, full, _allowed_slots(query))


def judge(index: CatalogueIndex, query: Query, fit: Fit, rows: slice | IntArray) -> Labels:
    """The fit labels of the activities at `rows` (all of them, or a query's candidates: no
    other needs a label)."""
    shortfalls = _shortfalls(index, query, fit.allowed_slots, rows)
    weak = [shortfalls[name] for name in WEAK_SHORTFALLS if name in shortfalls]
    partial = shortfalls.get(OTHER_TIMES)
    if len(weak) >= WEAK_SHORTFALLS_FOR_PARTIAL:  # fewer cannot make a fit partial
        count = sum(w.astype(np.int64) for w in weak)
        several = np.asarray(count >= WEAK_SHORTFALLS_FOR_PARTIAL, dtype=np.bool_)
        partial = several if partial is None else partial | several
    goed = fit.full[rows]  # a candidate too: met in full is met at least partly
    return Labels(shortfalls, goed if partial is None else goed & ~partial)


def _allowed_slots(query: Query) -> int:
    days, parts = query.profile.days, query.dayparts
    if not days and not parts:
        return 0
    return slot_mask(days or DAY_BITS, parts or DAYPART_CODES)


def _shortfalls(
    index: CatalogueIndex, query: Query, allowed: int, rows: slice | IntArray
) -> dict[str, BoolArray]:
    """The shortfalls of the activities at `rows`; those nothing was asked about (no activity
    can have them) left out."""
    p = query.profile
    found = {}
    if allowed:
        found[OTHER_TIMES] = index.has_schedule[rows] & ((index.slots[rows] & allowed) == 0)
    preferred = mask(p.preferred, SUPPORT_BITS)
    if preferred:
        found["voorkeur"] = (index.supports[rows] & preferred) == 0
    found["wachtlijst"] = index.status[rows] == _WACHTLIJST
    vorm = mask(p.vorm, VORM_BITS)
    if vorm:
        found["vorm"] = (index.vorm[rows] & vorm) == 0
    if p.language != "nl":
        bit = index.language_bits.get(p.language)
        languages = index.languages[rows]
        speaks = (languages >> bit) & 1 if bit is not None else np.zeros(len(languages), np.int64)
        found["taal"] = speaks == 0
    return {name: np.asarray(values, dtype=np.bool_) for name, values in found.items()}


def matches_of(
    fit: Fit, positions: npt.NDArray[np.int64], records: Sequence[ActivityRecord]
) -> list[list[AskMatch]]:
    """How each ask was met by the activities at some positions (their records), in the order
    they were asked.

    A few results at a time: their levels are read with one NumPy call per ask and sense, not
    one per activity.
    """
    found: list[list[AskMatch]] = [[] for _ in records]
    for ask in (*fit.deciding, *fit.supporting):
        if len(ask.senses) == 1:  # most asks: the ask's levels are its sense's
            _match_one(ask, positions, records, found)
            continue
        senses = [(s.sense, s.levels[positions].tolist(), s.names(positions)) for s in ask.senses]
        for j, level in enumerate(ask.levels[positions].tolist()):
            if level <= 0:
                continue
            met = [(sense, named[j]) for sense, levels, named in senses if levels[j] > 0]
            own = records[j].interests
            codes = (s.interest for s, _ in met if s.interest is not None)
            interests = tuple(dict.fromkeys(c for c in codes if c in own))
            expertise = tuple(s.expertise for s, _ in met if s.expertise is not None)
            named = any(names for _, names in met)
            found[j].append(AskMatch(ask.ask, level, interests, named, expertise))
    return found


def _match_one(
    ask: AskLevels,
    positions: npt.NDArray[np.int64],
    records: Sequence[ActivityRecord],
    found: list[list[AskMatch]],
) -> None:
    """`matches_of` for an ask of one sense: met where the sense is."""
    [levels] = ask.senses
    met = ask.levels[positions].tolist()
    if max(met, default=0.0) <= 0:  # often, for a wish: met by none of them
        return
    sense, named = levels.sense, levels.names(positions)
    expertise = () if sense.expertise is None else (sense.expertise,)
    code = sense.interest
    for j, level in enumerate(met):
        if level > 0:
            interests = (code,) if code is not None and code in records[j].interests else ()
            found[j].append(AskMatch(ask.ask, level, interests, named[j], expertise))
