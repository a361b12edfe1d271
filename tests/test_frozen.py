"""The quicker `__init__` of the frozen dataclasses: the same arguments, values and freezing."""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field

import pytest

from matcher.frozen import quick_init
from matcher.ranking.text import Sense


@quick_init
@dataclass(frozen=True, slots=True)
class _Example:
    first: int
    second: str = "two"
    third: list[int] = field(default_factory=list)


def test_the_same_arguments_and_defaults() -> None:
    assert _Example(1) == _Example(first=1, second="two", third=[])
    assert _Example(1, "b", [3]).third == [3]
    assert _Example(1).third is not _Example(1).third  # a new list each time
    assert dataclasses.replace(_Example(1), second="x") == _Example(1, "x")
    with pytest.raises(TypeError):
        _Example()  # type: ignore[call-arg]
    with pytest.raises(TypeError):
        _Example(1, unknown=2)  # type: ignore[call-arg]


def test_still_frozen_and_hashable() -> None:
    example = _Example(1, "b")
    with pytest.raises(dataclasses.FrozenInstanceError):
        example.first = 2  # type: ignore[misc]
    sense = Sense(interest="koken", about=frozenset({"koken"}))
    assert {sense, Sense(interest="koken", about=frozenset({"koken"}))} == {sense}


def test_refuses_what_it_does_not_cover() -> None:
    @dataclass(frozen=True)
    class NoSlots:
        value: int

    @dataclass(slots=True)
    class NotFrozen:
        value: int

    @dataclass(frozen=True, slots=True)
    class KeywordOnly:
        value: int = field(kw_only=True)

    for cls in (NoSlots, NotFrozen, KeywordOnly):
        with pytest.raises(TypeError):
            quick_init(cls)
