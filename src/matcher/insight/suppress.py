"""Small counts: shown as "<5", never exactly, and never recoverable by subtraction.

A count of 1 to 4 people could point at someone, so it is never shown. A zero reveals no person
and is shown as "0". Counts that are tied by a sum (a total and its parts) form a *family*: if
exactly one cell of a family is hidden, the others give it back by subtraction, so a second cell
(the smallest shown one above zero) is hidden as well ("x"), and so on until no hidden cell can be
worked out exactly from the rest.
"""

from __future__ import annotations

from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp

SMALL = 5  # counts below this (and above zero) are never shown exactly
HIDDEN = "<5"
COMPLEMENT = "x"  # hidden so that a small count can not be recomputed; 5 or more

K = TypeVar("K", bound=Hashable)


def is_small(count: int) -> bool:
    """Whether a count is too small to show (1 to 4)."""
    return 0 < count < SMALL


def shown(count: int) -> str:
    """A count as it may be shown: "<5" for 1 to 4, else the number."""
    return HIDDEN if is_small(count) else str(count)


def hidden(
    counts: Mapping[K, int],
    families: Iterable[Sequence[K]],
    displayed: Collection[K] | None = None,
    keep: Callable[[K], bool] = lambda _: False,
) -> set[K]:
    """The cells that must not be shown: the small ones and the complements that protect them.

    `families` are groups of cells tied by one sum: the first is the total, the rest its parts. A
    reader knows every shown cell (a cell missing from `counts` is a shown 0), that "<5" is 1 to
    4 and that "x" is 5 or more. Cells in `counts` but not in `displayed` are never shown (such as
    "went no further", the difference of two shown cells): the reader knows only that they are
    not negative. Working through the families as a reader would, whenever a hidden cell can be
    worked out exactly, one more cell of the family that gave it away is hidden: the smallest
    shown part above zero, rather a part than the total, and rather not one that `keep` names.
    So no hidden cell, small or complement, follows from the shown ones by adding and subtracting.
    """
    groups = [tuple(dict.fromkeys(f)) for f in families]
    on_page = set(counts) if displayed is None else set(displayed)
    secret = {k for k, v in counts.items() if is_small(v)}
    stuck: set[int] = set()
    while True:
        leak = _leak(counts, groups, on_page, secret, stuck)
        if leak is None:
            leak = _solved(counts, groups, on_page, secret, stuck)
        if leak is None:
            return secret
        family = groups[leak]
        open_ = [k for k in family if k in on_page and k not in secret and counts.get(k, 0) > 0]
        if not open_:
            stuck.add(leak)  # nothing left to hide here: every part above zero already is
            continue
        secret.add(min(open_, key=lambda k: (keep(k), k == family[0], counts[k])))


def _leak(
    counts: Mapping[K, int],
    groups: Sequence[tuple[K, ...]],
    on_page: set[K],
    secret: set[K],
    stuck: set[int],
) -> int | None:
    """The family through which a reader narrows a hidden count down to one value, if any.

    The reader's knowledge is a range per unknown cell: "<5" is 1 to 4, "x" 5 or more, a cell
    never shown 0 or more. Each family's sum narrows the range of each of its cells from the
    ranges of the others, round after round, until nothing changes.
    """
    low: dict[K, float] = {}
    high: dict[K, float] = {}
    for k in counts:
        if k in secret:
            small = is_small(counts[k])
            low[k], high[k] = (1.0, SMALL - 1.0) if small else (float(SMALL), INF)
        elif k not in on_page:
            low[k], high[k] = 0.0, INF
    for _ in range(_ROUNDS):
        changed = False
        for number, family in enumerate(groups):
            if not any(k in low for k in family):
                continue
            for cell in family:
                if cell not in low or low[cell] == high[cell]:
                    continue
                # sign(cell) * cell = -(sum of sign * value over the other cells)
                least = most = 0.0
                for other in family:
                    if other == cell:
                        continue
                    sign = -1 if other == family[0] else 1
                    a = low.get(other, float(counts.get(other, 0)))
                    b = high.get(other, float(counts.get(other, 0)))
                    least += -sign * (b if sign > 0 else a)
                    most += -sign * (a if sign > 0 else b)
                if cell == family[0]:
                    least, most = -most, -least
                new_low, new_high = max(low[cell], least), min(high[cell], most)
                if (new_low, new_high) != (low[cell], high[cell]):
                    low[cell], high[cell] = new_low, new_high
                    changed = True
                    if new_low >= new_high and cell in secret and number not in stuck:
                        return number
        if not changed:
            return None
    return None


def _solved(
    counts: Mapping[K, int],
    groups: Sequence[tuple[K, ...]],
    on_page: set[K],
    secret: set[K],
    stuck: set[int],
) -> int | None:
    """A family of a small hidden count that all the sums together pin to one value, if any.

    Range narrowing family by family misses what only their combination shows (a table's rows
    and columns at once), so a solver takes the least and the most each small hidden count can
    be, in whole numbers, under every sum and marker.
    """
    unknown = [k for k in counts if k in secret or k not in on_page]
    small = [k for k in unknown if k in secret and is_small(counts[k])]
    if not small:
        return None
    column = {k: n for n, k in enumerate(unknown)}
    rows, rhs = [], []
    for family in groups:
        if not any(k in column for k in family):
            continue
        row = np.zeros(len(unknown))
        rest = 0.0
        for k in family:
            sign = -1.0 if k == family[0] else 1.0
            if k in column:
                row[column[k]] += sign
            else:
                rest -= sign * counts.get(k, 0)
        rows.append(row)
        rhs.append(rest)
    if not rows:
        return None
    low = [(1 if is_small(counts[k]) else SMALL) if k in secret else 0 for k in unknown]
    high = [SMALL - 1 if k in secret and is_small(counts[k]) else np.inf for k in unknown]
    sums = LinearConstraint(np.array(rows), rhs, rhs)
    for cell in small:
        ends = []
        for direction in (1.0, -1.0):
            objective = np.zeros(len(unknown))
            objective[column[cell]] = direction
            result = milp(
                objective,
                constraints=sums,
                integrality=np.ones(len(unknown)),
                bounds=Bounds(low, high),
            )
            ends.append(direction * result.fun if result.status == 0 else None)
        if ends[0] is not None and ends[0] == ends[1]:
            found = _nearest_open(cell, counts, groups, on_page, secret, stuck)
            if found is not None:
                return found
    return None


def _nearest_open(
    cell: K,
    counts: Mapping[K, int],
    groups: Sequence[tuple[K, ...]],
    on_page: set[K],
    secret: set[K],
    stuck: set[int],
) -> int | None:
    """The family nearest to a cell (through hidden cells) that still has a shown cell to hide."""
    seen_cells, seen_families = {cell}, set()
    frontier = [cell]
    while frontier:
        following = []
        for n, family in enumerate(groups):
            if n in seen_families or not any(k in family for k in frontier):
                continue
            seen_families.add(n)
            if n not in stuck and any(
                k in on_page and k not in secret and counts.get(k, 0) > 0 for k in family
            ):
                return n
            following += [k for k in family if k in secret and k not in seen_cells]
            seen_cells.update(following)
        frontier = following
    return None


INF = float("inf")
_ROUNDS = 50  # ranges narrow in a few rounds; a bound on them keeps a pathological table quick


def marker(count: int) -> str:
    """What a hidden cell shows: "<5" for a small count, "x" for a complement hidden with it."""
    return HIDDEN if is_small(count) else COMPLEMENT


def shown_or_hidden(count: int, is_hidden: bool) -> str:
    """A count as shown once the complements are known."""
    return marker(count) if is_hidden else str(count)
