"""Work kept per index or per resolver across queries: what a word, topic or sense stands for."""

from __future__ import annotations

from collections.abc import Callable, Hashable
from typing import TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


def kept(cache: dict[K, V], key: K, limit: int, make: Callable[[], V]) -> V:
    """The value of `key` in `cache`, made on its first sight.

    The same words come back in query after query, but they come from anyone: a cache that holds
    `limit` keys is emptied before it takes another one, so it stays bounded.
    """
    found = cache.get(key)
    if found is None:
        if len(cache) >= limit:
            cache.clear()
        found = cache[key] = make()
    return found
