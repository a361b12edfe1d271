"""A profile turned into what the ranking computes with: what was asked, and when the person can."""

from __future__ import annotations

import re
from dataclasses import dataclass

from matcher import vocabulary
from matcher.frozen import quick_init
from matcher.profile import Profile
from matcher.ranking.text import Ask, Resolver, normalise

# Parts of the day, by the hour a session starts: morning before 12, afternoon before 18.
DAYPARTS = ("ochtend", "middag", "avond")
_DAYPART_WORDS = {
    "ochtend": "ochtend",
    "ochtends": "ochtend",
    "morgens": "ochtend",
    "middag": "middag",
    "middags": "middag",
    "avond": "avond",
    "avonds": "avond",
}
_DAYTIME = ("overdag",)
_NEGATIONS = frozenset({"niet", "geen", "nooit"})
_ALSO = frozenset({"ook"})
_CLAUSE = re.compile(r"[,.;!?]|\bmaar\b|\ben\b")


def dayparts(wishes: str) -> frozenset[str]:
    """The parts of the day the wishes allow, or empty when they say nothing about it.

    'liefst overdag' and 'alleen 's avonds' limit; ''s avonds kan ik niet' leaves the rest;
    'ook 's avonds' limits nothing.
    """
    wanted: set[str] = set()
    refused: set[str] = set()
    for clause in _CLAUSE.split(normalise(wishes)):
        tokens = re.findall(r"[a-z]+", clause)
        named = {_DAYPART_WORDS[t] for t in tokens if t in _DAYPART_WORDS}
        if any(t in _DAYTIME for t in tokens):
            named |= {"ochtend", "middag"}
        if not named or _ALSO & set(tokens):
            continue
        (refused if _NEGATIONS & set(tokens) else wanted).update(named)
    if not wanted and not refused:
        return frozenset()
    return frozenset((wanted or set(DAYPARTS)) - refused)


@quick_init
@dataclass(frozen=True, slots=True)
class Query:
    """What one profile asks, understood."""

    profile: Profile
    named: tuple[Ask, ...]  # from the interests the person named
    wished: tuple[Ask, ...]  # known words found in the wishes
    unrecognised: tuple[str, ...]  # named interests that stand for nothing at all
    dayparts: frozenset[str]  # parts of the day the wishes allow; empty: any
    text: str  # what the text similarity compares with the activities

    @classmethod
    def from_profile(cls, profile: Profile, resolver: Resolver) -> Query:
        """Understand the named interests and the wishes."""
        named: list[Ask] = []
        unrecognised: list[str] = []
        for term in profile.interests:
            asks = resolver.resolve(term)
            named += asks
            if not asks:
                unrecognised.append(term)
        # A wish that says again what an interest already says adds nothing ('koken' and
        # 'samen koken'); it would only repeat the reason.
        named_senses = {s for a in named for s in a.senses}
        wished = [a for a in resolver.scan(profile.wishes) if not set(a.senses) <= named_senses]
        codes = dict.fromkeys(s.interest for a in (*named, *wished) for s in a.senses)
        labels = " ".join(vocabulary.INTERESTS[c].label for c in codes if c)
        text = " ".join([*profile.interests, labels, profile.wishes]).strip()
        return cls(
            profile,
            tuple(named),
            tuple(wished),
            tuple(unrecognised),
            dayparts(profile.wishes),
            text,
        )

    @property
    def open(self) -> bool:
        """Nothing asked in words: the answer rests on the profile's other fields."""
        return not self.profile.interests and not self.profile.wishes.strip()

    @property
    def deciding(self) -> tuple[Ask, ...]:
        """The asks an activity must meet to be in the answer at all.

        The named interests decide; only a profile without them falls back on its wishes. Asks
        for a target group ('NAH') decide only when nothing to do was asked.
        """
        asks = self.named if self.profile.interests else self.wished
        return tuple(a for a in asks if a.topical) or asks

    @property
    def supporting(self) -> tuple[Ask, ...]:
        """Asks that add to the score and the reasons but decide nothing (wishes beside interests)."""
        deciding = set(self.deciding)
        return tuple(a for a in (*self.named, *self.wished) if a not in deciding)
