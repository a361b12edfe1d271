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
    """The family through which a reader works out a hidden count exactly, if any."""

    def unknown(k: K) -> bool:
        return k in secret or (k in counts and k not in on_page)

    known: dict[K, int] = {}
    changed = True
    while changed:
        changed = False
        for number, family in enumerate(groups):
            cells = [k for k in family if unknown(k) and k not in known]
            if not cells:
                continue
            signs = [-1 if k == family[0] else 1 for k in family]
            # sum(sign * value) over the family is 0: the known cells give the rest's sum.
            rest = -sum(
                s * (known[k] if k in known else counts.get(k, 0))
                for s, k in zip(signs, family, strict=True)
                if k not in cells
            )
            cell_signs = [signs[family.index(k)] for k in cells]
            low = [_low(k, counts, secret) for k in cells]
            high = [_high(k, counts, secret) for k in cells]
            for i, cell in enumerate(cells):
                if _pinned_at(i, rest, cell_signs, low, high):
                    known[cell] = counts.get(cell, 0)
                    changed = True
                    if cell in secret and number not in stuck:
                        return number
    return None


def _low(k: K, counts: Mapping[K, int], secret: set[K]) -> float:
    if k not in secret:
        return 0.0
    return 1.0 if is_small(counts[k]) else float(SMALL)


def _high(k: K, counts: Mapping[K, int], secret: set[K]) -> float:
    return SMALL - 1.0 if k in secret and is_small(counts[k]) else float("inf")


def _pinned_at(
    i: int, rest: int, signs: Sequence[int], low: Sequence[float], high: Sequence[float]
) -> bool:
    """Whether cell i of these unknown cells has one possible value, given that their signed sum
    is `rest` and each lies between its low and high."""
    others = [j for j in range(len(signs)) if j != i]
    others_low = sum(low[j] if signs[j] > 0 else -high[j] for j in others)
    others_high = sum(high[j] if signs[j] > 0 else -low[j] for j in others)
    first, last = sorted(((rest - others_high) * signs[i], (rest - others_low) * signs[i]))
    return max(low[i], first) >= min(high[i], last)


def marker(count: int) -> str:
    """What a hidden cell shows: "<5" for a small count, "x" for a complement hidden with it."""
    return HIDDEN if is_small(count) else COMPLEMENT


def shown_or_hidden(count: int, is_hidden: bool) -> str:
    """A count as shown once the complements are known."""
    return marker(count) if is_hidden else str(count)
