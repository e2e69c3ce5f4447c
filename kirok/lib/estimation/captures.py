"""Capture histories: how many people were seen on exactly which lists.

A CaptureTable holds every observable pattern (all 2^t - 1 of them, zeros written out) in one
fixed order, so that models, tests and exports agree cell by cell. The order is the one
../shared/data/mse uses: by number of lists a person is on, then lexicographically with the
first list as the most significant digit.
"""

from __future__ import annotations

import csv
import functools
import io
import itertools
from collections import Counter
from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass

import numpy as np

MAX_LISTS = 15  # 2^15 - 1 cells; beyond this no method here is meaningful or fast
# More people than any documentation holds: a larger count is a typing error (and would
# overflow the 64-bit arrays the methods work on).
MAX_COUNT = 1_000_000_000
STRATUM_PREFIX = "stratum_"


class CaptureError(ValueError):
    """The capture data cannot be used; the message says what is wrong and where, in English.

    Errors an analyst can meet on the estimation page also carry a ``code`` and the
    ``params`` of their sentence, so that the page can say the same in the reader's language
    (kirok.estimation.messages.error_text); the others come only from a CAPTURES.csv, which
    the command reads.
    """

    def __init__(self, message: str, *, code: str = "", **params: object) -> None:
        super().__init__(message)
        self.code, self.params = code, params

    def __reduce__(self):
        # Pickled as it was made (the default would call the class with the message alone).
        return functools.partial(type(self), str(self), code=self.code, **self.params), ()


def all_patterns(list_count: int) -> np.ndarray:
    """Every observable pattern as rows of 0/1 (shape (2^t - 1, t)), in the canonical order."""
    rows = [bits for bits in itertools.product((0, 1), repeat=list_count) if any(bits)]
    rows.sort(key=lambda bits: (sum(bits), tuple(-b for b in bits)))
    return np.array(rows, dtype=np.int8).reshape(len(rows), list_count)


@dataclass(frozen=True)
class CaptureTable:
    """Counts of people per capture pattern for one population (or one stratum).

    lists: the list names, in column order.
    patterns: int8 array (2^t - 1, t), every observable pattern in canonical order.
    counts: int64 array (2^t - 1,), people seen with exactly that pattern.
    """

    lists: tuple[str, ...]
    patterns: np.ndarray
    counts: np.ndarray

    @classmethod
    def from_counts(
        cls, lists: Sequence[str], counts: Mapping[tuple[int, ...], int]
    ) -> CaptureTable:
        """A table from {pattern: count}; patterns not given count zero."""
        lists = tuple(lists)
        _check_lists(lists)
        patterns = all_patterns(len(lists))
        index = {tuple(int(b) for b in row): i for i, row in enumerate(patterns)}
        values = np.zeros(len(patterns), dtype=np.int64)
        for pattern, count in counts.items():
            key = tuple(int(b) for b in pattern)
            if key not in index:
                raise CaptureError(
                    f"pattern {''.join(map(str, key))} is not an observable pattern of "
                    f"{len(lists)} lists"
                )
            if count < 0:
                raise CaptureError(f"pattern {''.join(map(str, key))} has a negative count")
            if count > MAX_COUNT:
                raise CaptureError(
                    f"pattern {''.join(map(str, key))} has a count over {MAX_COUNT:,}"
                )
            values[index[key]] += int(count)
        return cls(lists, patterns, values)

    @property
    def observed(self) -> int:
        """Distinct people seen on at least one list."""
        return int(self.counts.sum())

    def list_totals(self) -> dict[str, int]:
        """People on each list."""
        totals = self.patterns.T.astype(np.int64) @ self.counts
        return dict(zip(self.lists, (int(t) for t in totals), strict=True))

    def overlaps(self) -> np.ndarray:
        """People on both list i and list j (the diagonal: on list i), shape (t, t)."""
        weighted = self.patterns.astype(np.int64) * self.counts[:, None]
        return weighted.T @ self.patterns.astype(np.int64)

    def without_empty_lists(self) -> tuple[CaptureTable, tuple[str, ...]]:
        """The table without the lists that nobody is on, and their names.

        A list with nobody on it (in a stratum, often) says nothing about the others: every
        model fits it as a list nobody can be caught by, the limit of the maximum-likelihood
        fit, and that fit of the other lists' cells is the fit of the table without it. The
        table is returned unchanged when fewer than two lists would be left.
        """
        totals = self.list_totals()
        empty = tuple(name for name in self.lists if totals[name] == 0)
        if not empty or len(self.lists) - len(empty) < 2:
            return self, ()
        kept = np.array([totals[name] > 0 for name in self.lists])
        # The patterns on an empty list all count zero: the others, without its column.
        counts = {
            tuple(int(bit) for bit in pattern[kept]): int(count)
            for pattern, count in zip(self.patterns, self.counts, strict=True)
            if count
        }
        lists = [name for name in self.lists if totals[name] > 0]
        return CaptureTable.from_counts(lists, counts), empty

    def pattern_labels(self) -> list[str]:
        """Each pattern written as its lists joined by '&' (e.g. 'LA&NG')."""
        return [
            "&".join(name for name, bit in zip(self.lists, row, strict=True) if bit)
            for row in self.patterns
        ]


def from_memberships(
    memberships: Iterable[tuple[Hashable, str]], lists: Sequence[str] | None = None
) -> CaptureTable:
    """A table from (identity, list) pairs, as linked records give them.

    A person named twice on one list counts once. `lists` fixes the columns and their order;
    a membership of a list not named there is an error rather than silently dropped.
    """
    on_lists: dict[Hashable, set[str]] = {}
    for identity, list_name in memberships:
        on_lists.setdefault(identity, set()).add(list_name)
    names = (
        tuple(lists)
        if lists is not None
        else tuple(sorted({n for s in on_lists.values() for n in s}))
    )
    unknown = {n for s in on_lists.values() for n in s} - set(names)
    if unknown:
        raise CaptureError(
            f"memberships name lists that were not chosen: {', '.join(sorted(unknown))}"
        )
    counts = Counter(tuple(int(n in seen) for n in names) for seen in on_lists.values())
    return CaptureTable.from_counts(names, counts)


def read_captures_csv(text: str) -> dict[tuple[str, ...], CaptureTable]:
    """Parse the CAPTURES.csv format of ../shared/data/mse into tables by stratum.

    One 0/1 column per list plus `count`, optionally `stratum_*` columns first. Rows may be
    in any order and patterns may be missing (they count zero) or repeated (they add up).
    The key of an unstratified table is (). Errors name the line.
    """
    reader = csv.reader(io.StringIO(text))
    try:
        header = [name.strip() for name in next(reader)]
    except StopIteration:
        raise CaptureError(
            "the file is empty; expected a header with list columns and count"
        ) from None
    if "count" not in header:
        raise CaptureError("the header has no 'count' column")
    if len(set(header)) != len(header):
        raise CaptureError("the header names a column twice")
    strata = [i for i, name in enumerate(header) if name.startswith(STRATUM_PREFIX)]
    count_at = header.index("count")
    list_at = [i for i in range(len(header)) if i not in strata and i != count_at]
    lists = tuple(header[i] for i in list_at)
    _check_lists(lists)
    by_stratum: dict[tuple[str, ...], Counter] = {}
    for line_number, row in enumerate(reader, start=2):
        if not any(cell.strip() for cell in row):
            continue
        if len(row) != len(header):
            raise CaptureError(
                f"line {line_number}: {len(row)} cells, the header has {len(header)}"
            )
        pattern = tuple(_bit(row[i], header[i], line_number) for i in list_at)
        if not any(pattern):
            raise CaptureError(
                f"line {line_number}: a pattern on no list cannot be observed; remove the row"
            )
        count = _count(row[count_at], line_number)
        stratum = tuple(row[i].strip() for i in strata)
        by_stratum.setdefault(stratum, Counter())[pattern] += count
    if not by_stratum:
        raise CaptureError("the file has a header but no rows")
    return {
        stratum: CaptureTable.from_counts(lists, counts) for stratum, counts in by_stratum.items()
    }


def stratum_names(text: str) -> tuple[str, ...]:
    """The stratum column names of a CAPTURES.csv header, without the prefix."""
    header = next(csv.reader(io.StringIO(text)), [])
    return tuple(
        h.strip()[len(STRATUM_PREFIX) :] for h in header if h.strip().startswith(STRATUM_PREFIX)
    )


def _check_lists(lists: tuple[str, ...]) -> None:
    if len(lists) < 2:
        raise CaptureError(
            f"at least two lists are needed, found {len(lists)}",
            code="too_few_lists",
            count=len(lists),
        )
    if len(lists) > MAX_LISTS:
        raise CaptureError(
            f"{len(lists)} lists; at most {MAX_LISTS} are supported",
            code="too_many_lists",
            count=len(lists),
            most=MAX_LISTS,
        )
    if any(not name for name in lists):
        raise CaptureError("a list column has no name")
    if len(set(lists)) != len(lists):
        raise CaptureError("two lists have the same name")


def _bit(cell: str, column: str, line_number: int) -> int:
    value = cell.strip()
    if value not in ("0", "1"):
        raise CaptureError(f"line {line_number}, column {column}: expected 0 or 1, found {value!r}")
    return int(value)


def _count(cell: str, line_number: int) -> int:
    value = cell.strip()
    try:
        number = int(value)
    except ValueError:
        try:
            as_float = float(value)
        except ValueError:
            raise CaptureError(f"line {line_number}: count {value!r} is not a number") from None
        if not as_float.is_integer():
            raise CaptureError(
                f"line {line_number}: count {value!r} is not a whole number"
            ) from None
        number = int(as_float)
    if number < 0:
        raise CaptureError(f"line {line_number}: count {number} is negative")
    if number > MAX_COUNT:
        raise CaptureError(f"line {line_number}: count {number} is more than {MAX_COUNT:,}")
    return number
