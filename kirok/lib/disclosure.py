"""Counts safe to publish: a table of how many victims share some characteristics, in which
no published count is below a threshold, so that no row points at one person or family.

The people counted are hunted, and so are their relatives: a published row "2019, Musan,
woman, 60 and over, forced repatriation: 1" tells the security services whose family spoke.
Statistical agencies answer this with a *threshold rule* (no cell below k), made good by
*generalising* small cells before *suppressing* them (Hundepool et al., *Statistical
Disclosure Control*, 2012, ch. 5). This module does that, and nothing else:

1. Count the members (victims) of every cell of the finest table.
2. Publish every cell that has at least k members.
3. Generalise the others one step (a year to its five-year period, a province to its
   country, an age group or a sex to "all"): the small cells that become the same cell are
   merged, their members counted once. Publish the merged cells that reach k.
4. Repeat with the next step; whatever is still below k after the last step is suppressed,
   and only the number of its members is given, as one total.

A member may be in several cells (one victim, two violations); a cell counts each member
once, however many of its entries the cell holds.

A large cell is never merged into a generalised one, so each entry is counted in one
published row at most, and no published row contains another: no difference of two rows
can uncover a count below k. Two tables made at different times (or over different cases)
can still be subtracted from each other; the caller says so.

Pure Python, no Django: kirok.interop.public_tables builds the rows from the records.
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Iterable, Sequence
from dataclasses import dataclass

Cell = tuple[str, ...]


@dataclass(frozen=True)
class Step:
    """One generalisation: the value of ``column`` replaced by ``coarser(value)``."""

    column: int
    coarser: Callable[[str], str]


@dataclass(frozen=True)
class Protected:
    """The publishable table: cells with their counts (each at least ``threshold``), in the
    order they were first published; and how many members have an entry in no published
    cell (``suppressed``: they may be counted in other rows for their other entries)."""

    cells: list[tuple[Cell, int]]
    suppressed: int
    members: int  # distinct members counted, published or not
    threshold: int


def protect(
    memberships: Iterable[tuple[Cell, Hashable]], steps: Sequence[Step], threshold: int
) -> Protected:
    """The cells of ``memberships`` ((cell, member) pairs; a member may be in several cells)
    with no count below ``threshold``, by the method of the module docstring."""
    if threshold < 2:
        raise ValueError("a threshold below 2 protects no one")
    pending: dict[Cell, set[Hashable]] = {}
    everyone: set[Hashable] = set()
    for cell, member in memberships:
        pending.setdefault(tuple(cell), set()).add(member)
        everyone.add(member)
    published: dict[Cell, set[Hashable]] = {}
    for step in [*steps, None]:
        small: dict[Cell, set[Hashable]] = {}
        for cell, members in pending.items():
            target = published if len(members) >= threshold else small
            target.setdefault(cell, set()).update(members)
        if step is None:
            break
        pending = {}
        for cell, members in small.items():
            pending.setdefault(_coarsened(cell, step), set()).update(members)
    left_out = set().union(*small.values()) if small else set()
    return Protected(
        cells=[(cell, len(members)) for cell, members in published.items()],
        suppressed=len(left_out),
        members=len(everyone),
        threshold=threshold,
    )


def _coarsened(cell: Cell, step: Step) -> Cell:
    values = list(cell)
    values[step.column] = step.coarser(values[step.column])
    return tuple(values)


def five_year_period(year: str) -> str:
    """ "2017" → "2015–2019"; a value that is not a year (already a period, "unknown") stays.

    >>> five_year_period("2017"), five_year_period("unknown")
    ('2015–2019', 'unknown')
    """
    if not year.isdigit():
        return year
    start = int(year) // 5 * 5
    return f"{start}–{start + 4}"


def everything(_value: str) -> str:
    """The coarsest value of any column: "all"."""
    return "all"
