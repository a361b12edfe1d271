"""Work kept across queries: made once per key, and never more than the limit of keys."""

from __future__ import annotations

from matcher.ranking.kept import kept


def test_it_makes_a_value_once_and_stays_bounded() -> None:
    cache: dict[str, int] = {}
    made: list[str] = []

    def make(key: str) -> int:
        made.append(key)
        return len(key)

    assert [kept(cache, k, 2, lambda k=k: make(k)) for k in ("a", "bb", "a")] == [1, 2, 1]
    assert made == ["a", "bb"]
    assert kept(cache, "ccc", 2, lambda: make("ccc")) == 3  # full: emptied first
    assert cache == {"ccc": 3} and len(cache) <= 2
