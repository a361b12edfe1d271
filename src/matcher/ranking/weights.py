"""Every weight and constant of the ranking, in one documented place (see docs/ranking.md).

A result's score is the weighted mean of its component scores (each between 0 and 1) over the
components the profile asks about, minus the penalties. Components the profile says nothing about
(no preferred supports, no days, no location, ...) are left out instead of counted as 0, so
scores of different profiles stay comparable.
"""

from __future__ import annotations

from types import MappingProxyType

WEIGHTS = MappingProxyType(
    {
        "interest": 0.38,  # the activity has the interest codes the person named (or typed)
        "text": 0.16,  # TF-IDF similarity of wishes and interests with title and description
        "preferred": 0.10,  # share of preferred supports the activity offers
        "expertise": 0.07,  # share of the asked target-group expertise the activity has
        "distance": 0.09,  # closeness, decaying with km
        "days": 0.10,  # the activity is on a day that suits the person
        "vorm": 0.08,  # the form of participation asked for
        "language": 0.06,  # the activity is (also) in the person's language
        "aanbod": 0.06,  # policy order: regulier/opgeplust > aanvullend > maatwerk
        "cost": 0.02,  # cheaper is a little better
        "geld": 0.12,  # money is a problem: free, or paid by help the person may get
    }
)

# "Van apart naar gewoon": the policy's order of preference, all else equal.
AANBOD_PREFERENCE = MappingProxyType(
    {"regulier": 1.0, "opgeplust": 1.0, "aanvullend": 0.5, "maatwerk": 0.0}
)

PENALTY_WACHTLIJST = 0.06  # there is a waiting list: still shown, a little lower
# "Klopt dit nog?" (the months are in catalogue/freshness.py): an entry its organisation has not
# confirmed for more than 12 months (or never) loses as much as an organisation's third result,
# so another entry of nearly the same fit goes first; after 18 months it loses twice that
# (only professionals still see it: residents no longer find it at all).
PENALTY_STALE = 0.10
PENALTY_VERY_STALE = 0.20

DISTANCE_SCALE_KM = 2.5  # closeness = exp(-km / scale): 1 at the door, 0.67 at 1 km, 0.30 at 3 km
COST_SCALE_EUR = 10.0  # cost score = 1 / (1 + cost / scale): free 1, €10 a month 0.5
UNKNOWN_DISTANCE = 0.3  # an activity without a known place
UNKNOWN_COST = 0.3
FLEXIBLE_DAYS = 0.6  # no fixed schedule (by appointment): usually fits, not for sure

# Words typed in the wishes count for an interest, but less than interests named as such.
WISH_INTEREST_WEIGHT = 0.5
# A matched interest is worth this much before counting how many of the person's interests match.
INTEREST_BASE = 0.6

# Near misses: the interest fit (0-1) or the text similarity (relative to the best) from which a
# regular activity "fits the interests well".
NEAR_MISS_MIN_INTEREST = 0.5
NEAR_MISS_MIN_TEXT = 0.6
NEAR_MISSES_MAX = 5

# Variety: an organisation's third and later results lose this much, so the top 5 holds at most 2
# of one organisation when another activity scores within this margin.
VARIETY_TOP = 5
VARIETY_PER_ORGANISATION = 2
VARIETY_MARGIN = 0.1
