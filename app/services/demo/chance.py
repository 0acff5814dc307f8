"""Drawing from the run's random stream.

Every draw here takes exactly one number from the stream, so the order of draws, and with it
the data a seed gives, stays put when code that draws is moved around.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterable, Sequence
from itertools import accumulate
from random import Random
from typing import Generic, TypeVar

T = TypeVar("T")


class Weighted(Generic[T]):
    """Picks from weighted choices with one random number (``Random.choices`` is slower)."""

    __slots__ = ("_cumulative", "_items", "_total")

    def __init__(self, pairs: Iterable[tuple[T, float]]) -> None:
        items, weights = zip(*pairs, strict=True)
        self._items: tuple[T, ...] = items
        self._cumulative = list(accumulate(weights))
        self._total = self._cumulative[-1]

    def pick(self, rng: Random) -> T:
        index = bisect_right(self._cumulative, rng.random() * self._total)
        return self._items[min(index, len(self._items) - 1)]


def pick(rng: Random, options: Sequence[T]) -> T:
    """One of ``options``, all equally likely (``Random.choice`` draws a varying amount)."""
    return options[int(rng.random() * len(options))]


def tri(rng: Random, low: float, high: float, mode: float) -> int:
    return int(rng.triangular(low, high, mode))
