"""Browsing without a question: filter the whole catalogue, in a calm order."""

from __future__ import annotations

import datetime as dt

import numpy as np

from matcher.catalogue import freshness
from matcher.catalogue.freshness import Audience, State
from matcher.ranking.index import DAY_BITS, INTEREST_BITS, SUPPORT_BITS, CatalogueIndex
from matcher.ranking.rank import freshness_masks


def browse(
    index: CatalogueIndex,
    wijk: str | None = None,
    interest: str | None = None,
    day: str | None = None,
    support: str | None = None,
    free: bool = False,
    today: dt.date | None = None,
    audience: Audience = Audience.RESIDENTS,
) -> list[int]:
    """Positions of the activities that pass every given filter, open ones first, then by title.

    Residents browse without the entries not confirmed for 18 months (catalogue/freshness.py).
    """
    keep = np.ones(len(index), dtype=bool)
    if not freshness.shown_to(audience, State.VERY_STALE):
        keep &= ~freshness_masks(index, today or dt.date.today())[1]
    if wijk:
        keep &= np.array([area == wijk for area in index.wijk], dtype=bool)
    if interest:
        keep &= ((index.interests >> INTEREST_BITS[interest]) & 1).astype(bool)
    if day:
        keep &= ((index.days >> DAY_BITS[day]) & 1).astype(bool)
    if support:
        keep &= ((index.supports >> SUPPORT_BITS[support]) & 1).astype(bool)
    if free:
        keep &= index.cost == 0
    # Full activities last: a person browsing wants what they can join.
    return sorted(
        (int(i) for i in np.flatnonzero(keep)),
        key=lambda i: (index.records[i].status == "vol", index.records[i].title.lower()),
    )
