"""Browsing without a question: filter the whole catalogue, in a calm order."""

from __future__ import annotations

import numpy as np

from matcher.ranking.index import INTEREST_BITS, CatalogueIndex


def browse(
    index: CatalogueIndex, wijk: str | None = None, interest: str | None = None
) -> list[int]:
    """Positions of the activities in a wijk and with an interest (either may be None), by title."""
    keep = np.ones(len(index), dtype=bool)
    if wijk:
        keep &= np.array([area == wijk for area in index.wijk], dtype=bool)
    if interest:
        keep &= ((index.interests >> INTEREST_BITS[interest]) & 1).astype(bool)
    positions = np.flatnonzero(keep)
    return sorted((int(i) for i in positions), key=lambda i: index.records[i].title.lower())
