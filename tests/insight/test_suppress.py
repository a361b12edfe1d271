"""Small counts: "<5" never exactly, and no hidden cell can be worked out from the shown ones."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st
from scipy.optimize import Bounds, LinearConstraint, milp

from matcher.insight import suppress


def test_it_shows_1_to_4_as_less_than_5_and_zero_and_5_as_they_are() -> None:
    assert [suppress.shown(n) for n in range(7)] == ["0", "<5", "<5", "<5", "<5", "5", "6"]


def test_it_hides_a_second_part_when_a_total_would_give_a_small_part_back() -> None:
    counts = {"totaal": 19, "Assendorp": 12, "Holtenbroek": 5, "onbekend": 2}
    assert suppress.hidden(counts, [list(counts)]) == {"onbekend", "Holtenbroek"}


def test_it_hides_a_third_part_when_two_hidden_ones_pin_each_other() -> None:
    # 1 + 5 = 6 with "<5" and "x" (5 or more) can only be 1 and 5.
    counts = {"t": 20, "a": 1, "b": 5, "c": 14}
    assert suppress.hidden(counts, [list(counts)]) == {"a", "b", "c"}


def test_it_hides_the_total_only_when_no_part_is_left() -> None:
    counts = {"t": 3, "a": 3, "b": 0}
    assert suppress.hidden(counts, [list(counts)]) == {"t", "a"}
    counts = {"t": 9, "a": 3, "b": 6}
    assert suppress.hidden(counts, [list(counts)], keep=lambda k: k == "t") == {"a", "b"}


def test_a_difference_never_shown_is_protected_when_small() -> None:
    # 8 referrals, 7 with contact: the 1 who went no further is never a column, yet 8 - 7 says it.
    counts = {"verwijzingen": 8, "contact": 7, "niet_verder": 1}
    found = suppress.hidden(counts, [list(counts)], displayed={"verwijzingen", "contact"})
    assert found == {"niet_verder", "contact"}


def test_a_hidden_cell_is_not_given_back_through_a_second_family() -> None:
    # Hiding Assendorp's 12 alone is not enough when Assendorp's 12 = its 12 regulier.
    counts = {"tot": 14, "ass": 12, "onb": 2, "ass_reg": 12, "ass_opg": 0}
    found = suppress.hidden(counts, [["tot", "ass", "onb"], ["ass", "ass_reg", "ass_opg"]])
    assert {"onb", "ass", "ass_reg"} <= found and "tot" not in found


def _range_of(
    counts: dict[str, int], families: list[list[str]], hidden: set[str], cell: str
) -> tuple[float, float]:
    """The least and most a hidden cell can be (whole numbers), given the shown cells, the sums
    and the markers: what a reader with a solver can work out."""
    cells = sorted(hidden)
    rows, rhs = [], []
    for family in families:
        signs = {k: (-1 if k == family[0] else 1) for k in family}
        rows.append([signs.get(c, 0) for c in cells])
        rhs.append(-sum(signs[k] * counts[k] for k in family if k not in hidden))
    low = [1 if suppress.is_small(counts[c]) else suppress.SMALL for c in cells]
    high = [suppress.SMALL - 1 if suppress.is_small(counts[c]) else 10_000 for c in cells]
    found = []
    for direction in (1, -1):
        objective = np.array([direction if c == cell else 0 for c in cells], dtype=float)
        result = milp(
            objective,
            constraints=LinearConstraint(np.array(rows, dtype=float), rhs, rhs),
            integrality=np.ones(len(cells)),
            bounds=Bounds(low, high),
        )
        assert result.status == 0
        found.append(direction * result.fun)
    return found[0], found[1]


@settings(max_examples=300, deadline=None)
@given(st.lists(st.lists(st.integers(0, 9), min_size=2, max_size=4), min_size=2, max_size=4))
def test_no_small_count_of_a_table_can_be_worked_out_from_what_is_shown(
    grid: list[list[int]],
) -> None:
    # A table of rows x columns with row, column and grand totals: the families of a breakdown.
    counts: dict[str, int] = {}
    families: list[list[str]] = []
    width = len(grid[0])
    rows = [row[:width] + [0] * (width - len(row)) for row in grid]
    for r, row in enumerate(rows):
        for c, value in enumerate(row):
            counts[f"{r},{c}"] = value
        counts[f"{r},T"] = sum(row)
        families.append([f"{r},T", *(f"{r},{c}" for c in range(width))])
    for c in range(width):
        counts[f"T,{c}"] = sum(row[c] for row in rows)
        families.append([f"T,{c}", *(f"{r},{c}" for r in range(len(rows)))])
    counts["T,T"] = sum(map(sum, rows))
    families.append(["T,T", *(f"T,{c}" for c in range(width))])
    families.append(["T,T", *(f"{r},T" for r in range(len(rows)))])
    hidden = suppress.hidden(counts, families)
    assert {k for k, v in counts.items() if suppress.is_small(v)} <= hidden
    if hidden == {k for k, v in counts.items() if v}:
        return  # nothing left to hide (a small grand total spread over ones): see docs/insight.md
    for cell in (k for k in hidden if suppress.is_small(counts[k])):
        least, most = _range_of(counts, families, hidden, cell)
        assert least < most, f"{cell}: {least}..{most} in {counts}, hidden {sorted(hidden)}"
