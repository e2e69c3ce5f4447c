"""Passages of a text: where a quote is, and how to mark several (overlapping) passages.

Offsets count Unicode code points, as Python's ``str`` does (a browser counts UTF-16 units;
kirok/web/static/web/evidence.js converts).

>>> locate("어머니와 남동생을 데려갔다. 남동생은", "남동생")
[5, 16]
>>> [(s.text, s.marks) for s in segments("abcdef", [("x", 1, 3), ("y", 2, 5)])]
[('a', ()), ('b', ('x',)), ('c', ('x', 'y')), ('de', ('y',)), ('f', ())]
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable
from dataclasses import dataclass
from itertools import pairwise


@dataclass(frozen=True)
class Segment:
    """A stretch of text and the passages covering it; ``starts`` begin at this stretch."""

    text: str
    marks: tuple[Hashable, ...] = ()
    starts: tuple[Hashable, ...] = ()


def locate(text: str, quote: str) -> list[int]:
    """Every offset at which ``quote`` occurs in ``text`` (overlapping occurrences too)."""
    if not quote:
        return []
    found, at = [], text.find(quote)
    while at != -1:
        found.append(at)
        at = text.find(quote, at + 1)
    return found


def fits(text: str, start: int | None, end: int | None, quote: str) -> bool:
    """Whether ``quote`` is exactly ``text[start:end]`` (a passage still in its place)."""
    if start is None or end is None:
        return False
    return 0 <= start < end <= len(text) and text[start:end] == quote


def nearest(text: str, quote: str, near: int) -> int | None:
    """Where ``quote`` now is in a changed ``text``: the occurrence closest to ``near``."""
    places = locate(text, quote)
    return min(places, key=lambda at: abs(at - near)) if places else None


def segments(text: str, passages: Iterable[tuple[Hashable, int, int]]) -> list[Segment]:
    """Cut ``text`` where any passage ``(key, start, end)`` starts or ends.

    Each segment lists the keys of the passages that cover it, in the order given; passages
    outside the text are ignored. Joining the segments' text gives ``text`` back.
    """
    inside = [(key, start, end) for key, start, end in passages if 0 <= start < end <= len(text)]
    cuts = sorted({0, len(text), *(s for _, s, _ in inside), *(e for _, _, e in inside)})
    result = []
    for left, right in pairwise(cuts):
        marks = tuple(key for key, start, end in inside if start <= left and right <= end)
        starts = tuple(key for key, start, _ in inside if start == left)
        result.append(Segment(text[left:right], marks, starts))
    return result
