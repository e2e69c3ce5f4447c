"""The text tables the other modules are written in, and weighted draws from them."""

import random
from collections.abc import Mapping, Sequence
from typing import TypeVar

T = TypeVar("T")


def weighted_choice(rng: random.Random, items: Sequence[tuple[T, float]]) -> T:
    """Pick a value with probability proportional to its weight.

    >>> weighted_choice(random.Random(0), [("a", 1), ("b", 0)])
    'a'
    """
    remaining = rng.random() * sum(weight for _, weight in items)
    for value, weight in items:
        remaining -= weight
        if remaining <= 0:
            return value
    return items[-1][0]


def pick(rng: random.Random, weights: Mapping[str, float]) -> str:
    """Pick a key of ``weights``, whose order is part of what a seed produces."""
    return weighted_choice(rng, list(weights.items()))


def table_rows(text: str) -> list[list[str]]:
    """Split a whitespace-separated text table into rows of cells; ``-`` is an empty cell."""
    return [
        ["" if cell == "-" else cell for cell in line.split()] for line in text.strip().splitlines()
    ]


def text_pairs(text: str) -> list[tuple[str, str]]:
    """Read ``"key value key value ..."`` into pairs, keeping their order."""
    cells = text.split()
    return list(zip(cells[::2], cells[1::2], strict=True))


def weight_table(text: str) -> list[tuple[str, float]]:
    """Read ``"name weight name weight ..."`` into (name, weight) pairs, keeping their order."""
    return [(name, float(weight)) for name, weight in text_pairs(text)]
