"""Small counts: shown as "<5", never exactly, and never recoverable by subtraction.

A count of 1 to 4 people could point at someone, so it is never shown. A zero reveals no person
and is shown as "0". Counts that are tied by a sum (a total and its parts) form a *family*: if
exactly one cell of a family is hidden, the others give it back by subtraction, so a second cell
(the smallest shown one above zero) is hidden as well, until no family has a single hidden cell.
"""

from __future__ import annotations

from collections.abc import Collection, Hashable, Iterable, Mapping, Sequence
from typing import TypeVar

SMALL = 5  # counts below this (and above zero) are never shown exactly
HIDDEN = "<5"

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
) -> set[K]:
    """The cells that must not be shown: the small ones and their complements.

    `families` are groups of cells tied by one sum (e.g. a total and its parts). A cell that is in
    `counts` but not in `displayed` is never shown anyway (such as "not followed up", which is
    only the difference of two shown cells); it protects itself when it is small and needs no
    second cell hidden when it is not.
    """
    groups = [tuple(f) for f in families]
    on_page = set(counts) if displayed is None else set(displayed)
    secret = {k for k, v in counts.items() if is_small(v)}
    changed = True
    while changed:
        changed = False
        for family in groups:
            closed = [k for k in family if k in secret or (k not in on_page and k in counts)]
            open_ = [k for k in family if k not in closed and counts.get(k, 0) > 0]
            if sum(k in secret for k in family) == 1 and len(closed) == 1 and open_:
                secret.add(min(open_, key=lambda k: counts[k]))
                changed = True
    return secret


def shown_or_hidden(count: int, is_hidden: bool) -> str:
    """A count as shown once the complements are known."""
    return HIDDEN if is_hidden else str(count)
