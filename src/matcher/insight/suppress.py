"""Small counts: shown as "<5", never exactly, and never recoverable by subtraction.

A count of 1 to 4 people could point at someone, so it is never shown. A zero reveals no person
and is shown as "0". Counts that are tied by a sum (a total and its parts) form a *family*: if
exactly one cell of a family is hidden, the others give it back by subtraction, so a second cell
(the smallest shown one above zero) is hidden as well ("x"), and so on until no hidden cell can be
worked out exactly from the rest.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable, Collection, Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

import numpy as np
from scipy.optimize import Bounds, LinearConstraint, milp
from scipy.sparse import coo_array

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

    Families that share no unknown cell tell nothing about each other, so each connected part (a
    *component*) is searched on its own, and again only when a newly hidden cell changes it; the
    leak acted on is still the one a search over all families at once would find first.
    """
    groups = [tuple(dict.fromkeys(f)) for f in families]
    on_page = set(counts) if displayed is None else set(displayed)
    secret = {k for k, v in counts.items() if is_small(v)}
    state = _State(counts, groups, on_page, secret)
    components = _Components(state)
    leaks: dict[int, tuple[int, int] | None] = {}  # component -> (round, family) of its first leak
    solved: dict[int, tuple[int, int] | None] = {}  # component -> (cell's place, family)
    while True:
        for label, component in components.members.items():
            if label not in leaks:
                leaks[label] = _leak(state, component)
        found = [(leak, label) for label, leak in leaks.items() if leak is not None]
        if not found:
            for label, component in components.members.items():
                if label not in solved:
                    solved[label] = _solved(state, component)
            found = [(pinned, label) for label, pinned in solved.items() if pinned is not None]
        if not found:
            return secret
        (_, leak), label = min(found)
        family = groups[leak]
        open_ = [k for k in family if state.can_hide(k)]
        if open_:
            cell = min(open_, key=lambda k: (keep(k), k == family[0], counts[k]))
            secret.add(cell)
            state.forget(cell)
            changed = components.join(label, cell)
        else:
            state.stuck.add(leak)  # nothing left to hide here: every part above zero already is
            changed = [label]
        for gone in changed:
            leaks.pop(gone, None)
            solved.pop(gone, None)


class _State(Generic[K]):
    """What the reader sees, and what the search for leaks has learnt so far."""

    def __init__(
        self,
        counts: Mapping[K, int],
        groups: Sequence[tuple[K, ...]],
        on_page: set[K],
        secret: set[K],
    ) -> None:
        self.counts = counts
        self.groups = groups
        self.on_page = on_page
        self.secret = secret
        self.stuck: set[int] = set()  # families with no cell left to hide
        # Small hidden cells a solver showed to have more than one possible value. Hiding more
        # only widens what a reader can not tell apart, so they stay unpinned: never solved again.
        self.free: set[K] = set()
        self.order = {k: n for n, k in enumerate(counts)}
        self.of_cell: dict[K, list[int]] = defaultdict(list)  # the families a cell is in
        for number, family in enumerate(groups):
            for cell in family:
                self.of_cell[cell].append(number)
        self._splits: dict[int, _Split[K]] = {}

    def split(self, number: int) -> _Split[K]:
        """A family's shown cells summed once, and its unknown cells by place; kept until one
        of its cells is hidden (most cells of a family are shown, and a search visits each
        family many times)."""
        found = self._splits.get(number)
        if found is None:
            family = self.groups[number]
            unknown = [(n, k) for n, k in enumerate(family) if self.unknown(k)]
            places = {n for n, _ in unknown}
            total = None if 0 in places else float(self.counts.get(family[0], 0))
            parts = sum(
                float(self.counts.get(k, 0)) for n, k in enumerate(family) if n and n not in places
            )
            found = self._splits[number] = _Split(total, parts, unknown)
        return found

    def forget(self, cell: K) -> None:
        """A cell is newly hidden: the splits of its families no longer hold."""
        for number in self.of_cell[cell]:
            self._splits.pop(number, None)

    def unknown(self, cell: K) -> bool:
        return cell in self.secret or (cell in self.counts and cell not in self.on_page)

    def can_hide(self, cell: K) -> bool:
        return cell in self.on_page and cell not in self.secret and self.counts.get(cell, 0) > 0


@dataclass(frozen=True, slots=True)
class _Split(Generic[K]):
    """A family as a reader sees it: the total if shown, the sum of the shown parts, and the
    unknown cells with their places (0 is the total)."""

    total: float | None
    parts: float
    unknown: list[tuple[int, K]]


class _Components(Generic[K]):
    """The families connected through unknown cells, each component named by its first family."""

    def __init__(self, state: _State[K]) -> None:
        groups, unknown = state.groups, state.unknown
        self.of_cell = state.of_cell
        self.component_of: dict[int, int] = {}
        self.members: dict[int, list[int]] = {}
        for number, family in enumerate(groups):
            if number in self.component_of or not any(unknown(k) for k in family):
                continue
            found, frontier = {number}, [number]
            while frontier:
                for cell in groups[frontier.pop()]:
                    if unknown(cell):
                        fresh = [n for n in self.of_cell[cell] if n not in found]
                        found.update(fresh)
                        frontier += fresh
            self._add(found)

    def _add(self, families: set[int]) -> int:
        label = min(families)
        self.members[label] = sorted(families)
        for number in families:
            self.component_of[number] = label
        return label

    def join(self, label: int, cell: K) -> list[int]:
        """A newly hidden cell ties its families and their components to this one; the names of
        the components that changed."""
        changed = [label]
        joined = set(self.members.pop(label))
        for number in self.of_cell[cell]:
            joined.add(number)
            other = self.component_of.get(number)
            if other is not None and other in self.members:
                joined.update(self.members.pop(other))
                changed.append(other)
        changed.append(self._add(joined))
        return changed


def _leak(state: _State[K], component: Sequence[int]) -> tuple[int, int] | None:
    """The round and family through which a reader narrows a hidden count down to one value, if
    any.

    The reader's knowledge is a range per unknown cell: "<5" is 1 to 4, "x" 5 or more, a cell
    never shown 0 or more. Each family's sum narrows the range of each of its cells from the
    ranges of the others, round after round, until nothing changes.
    """
    counts = state.counts
    low: dict[K, float] = {}
    high: dict[K, float] = {}
    for number in component:
        for _, k in state.split(number).unknown:
            if k in state.secret:
                small = is_small(counts[k])
                low[k], high[k] = (1.0, SMALL - 1.0) if small else (float(SMALL), INF)
            else:
                low[k], high[k] = 0.0, INF
    # Working a family through again changes nothing until one of its cells changes elsewhere.
    settled: set[int] = set()
    for round_ in range(_ROUNDS):
        changed = False
        for number in component:
            if number in settled:
                continue
            settled.add(number)
            split = state.split(number)
            sums = _Sums(split, low, high)
            for position, cell in split.unknown:
                if low[cell] == high[cell]:
                    continue
                # total = sum of the parts: a cell's range follows from the others' ranges
                least, most = sums.range_of(position, low[cell], high[cell])
                new_low, new_high = max(low[cell], least), min(high[cell], most)
                if (new_low, new_high) != (low[cell], high[cell]):
                    sums.replace(position, low[cell], high[cell], new_low, new_high)
                    low[cell], high[cell] = new_low, new_high
                    settled.difference_update(state.of_cell[cell])
                    changed = True
                    if new_low >= new_high and cell in state.secret and number not in state.stuck:
                        return round_, number
        if not changed:
            return None
    return None


class _Sums(Generic[K]):
    """The least and most a family's total and the sum of its parts can be, kept as sums of the
    finite bounds plus a count of the unbounded ones, so each cell's range costs one step."""

    def __init__(self, split: _Split[K], low: Mapping[K, float], high: Mapping[K, float]) -> None:
        self.total = (split.total, split.total) if split.total is not None else (INF, INF)
        self.low = self.high = split.parts
        self.unbounded = 0
        for position, k in split.unknown:
            if position == 0:
                self.total = (low[k], high[k])
                continue
            self.low += low[k]
            if high[k] == INF:
                self.unbounded += 1
            else:
                self.high += high[k]

    def _parts_high_without(self, high: float) -> float:
        if self.unbounded - (high == INF) > 0:
            return INF
        return self.high - (0.0 if high == INF else high)

    def range_of(self, position: int, low: float, high: float) -> tuple[float, float]:
        if position == 0:
            return self.low, INF if self.unbounded else self.high
        return (
            self.total[0] - self._parts_high_without(high),
            self.total[1] - (self.low - low),
        )

    def replace(
        self, position: int, low: float, high: float, new_low: float, new_high: float
    ) -> None:
        if position == 0:
            self.total = (new_low, new_high)
            return
        self.low += new_low - low
        self.unbounded -= (high == INF) - (new_high == INF)
        self.high += (0.0 if new_high == INF else new_high) - (0.0 if high == INF else high)


def _solved(state: _State[K], component: Sequence[int]) -> tuple[int, int] | None:
    """A small hidden count that all the sums together pin to one value, if any: its place in
    the counts and the nearest family with a cell left to hide.

    Range narrowing family by family misses what only their combination shows (a table's rows
    and columns at once), so a solver takes the least and the most each small hidden count can
    be, in whole numbers, under every sum and marker. One solve pushing all of them up (or down)
    at once shows most of them to be free; only the rest are solved one by one.
    """
    counts, groups, secret = state.counts, state.groups, state.secret
    unknown = sorted(
        {k for n in component for k in groups[n] if state.unknown(k)}, key=state.order.__getitem__
    )
    small = [k for k in unknown if k in secret and is_small(counts[k])]
    if not small or all(k in state.free for k in small):
        return None
    column = {k: n for n, k in enumerate(unknown)}
    rows, columns, signs, rhs = [], [], [], []
    for row, number in enumerate(component):
        family = groups[number]
        rest = 0.0
        for k in family:
            sign = -1.0 if k == family[0] else 1.0
            if k in column:
                rows.append(row)
                columns.append(column[k])
                signs.append(sign)
            else:
                rest -= sign * counts.get(k, 0)
        rhs.append(rest)
    matrix = coo_array((signs, (rows, columns)), shape=(len(component), len(unknown))).tocsr()
    low = [(1 if is_small(counts[k]) else SMALL) if k in secret else 0 for k in unknown]
    high = [SMALL - 1 if k in secret and is_small(counts[k]) else np.inf for k in unknown]

    def solve(objective: np.ndarray) -> np.ndarray | None:
        result = milp(
            objective,
            constraints=LinearConstraint(matrix, rhs, rhs),
            integrality=np.ones(len(unknown)),
            bounds=Bounds(low, high),
        )
        return np.round(result.x) if result.status == 0 else None

    for direction in (-1.0, 1.0):
        while candidates := [k for k in small if k not in state.free]:
            objective = np.zeros(len(unknown))
            objective[[column[k] for k in candidates]] = direction
            values = solve(objective)
            moved = (
                [] if values is None else [k for k in candidates if values[column[k]] != counts[k]]
            )
            if not moved:
                break
            state.free.update(moved)
    for cell in small:
        if cell in state.free:
            continue
        ends = []
        for direction in (1.0, -1.0):
            objective = np.zeros(len(unknown))
            objective[column[cell]] = direction
            values = solve(objective)
            ends.append(None if values is None else values[column[cell]])
        if ends[0] is None or ends[1] is None:
            continue
        if ends[0] != ends[1]:
            state.free.add(cell)
            continue
        found = _nearest_open(state, cell, component)
        if found is not None:
            return state.order[cell], found
    return None


def _nearest_open(state: _State[K], cell: K, component: Sequence[int]) -> int | None:
    """The family nearest to a cell (through hidden cells) that still has a shown cell to hide."""
    seen_cells, seen_families = {cell}, set()
    frontier = [cell]
    while frontier:
        following = []
        for n in component:
            family = state.groups[n]
            if n in seen_families or not any(k in family for k in frontier):
                continue
            seen_families.add(n)
            if n not in state.stuck and any(state.can_hide(k) for k in family):
                return n
            following += [k for k in family if k in state.secret and k not in seen_cells]
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
