"""Which pairs of records are compared at all: blocking on the precomputed keys.

Comparing every record with every other is quadratic; a pair is only compared when the two
records share a blocking key. The keys are built so that the spellings of one person meet
(see features.py); a key shared by many records (a common name) is split by birth decade,
then by province, and what is still too large, which says little, is dropped: the number
of comparisons grows about linearly with the records.

Rules (a pair is kept if any rule puts both records in one block):

* ``k`` the same name comparison key in any reading (any romanization, Hangul, either order);
* ``d`` main name keys one edit apart (a typo: 수/슈, "Kugg-il", "Eun-shimm"): the key and
  each key with one letter deleted, as in symmetric-delete spelling correction — two keys
  one edit apart always share such a variant — within overlapping birth decades, or where
  either record gives no birth year;
* ``g`` the same given-name key and birth year (a changed surname spelling or a surname
  typo);
* ``p`` the same hometown, the same surname class and overlapping ten-year birth buckets
  (or both without a birth year);
* ``r`` the same surname class and a relative with the same name key;
* ``y`` the same hometown and birth year, whatever the name (a name written so badly that
  no key survives; an alias);
* ``w`` the same hometown and one part of a name key in common, surname or given name in
  any reading (a surname mistyped, "Knag Chin Ok"; a name the names library does not read
  as Korean and whose parts come out in another order, "Aidsn Horsley");
* ``b`` the same full date of birth, whatever the name or hometown.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from functools import cache, lru_cache

import numpy as np

from kirok.linkage.engine.features import RecordFeatures

# A block larger than SPLIT_AT is split by ten-year birth bucket (a common name is shared
# by people of every age), then by province (SPLITS); a part still larger than MAX_BLOCK
# says too little to be worth its pairs (n² / 2 of them) and is dropped.
SPLIT_AT = 40
MAX_BLOCK = 120
# The rules other than the name key are fallbacks for a misspelt name; their blocks mix
# many different names, so a smaller size is enough to say "too common to be useful".
MAX_FALLBACK_BLOCK = 30
# A one-letter variant of a common name is shared by all its bearers: past this size the
# typo block pairs a misspelt record with a crowd it cannot be told from (measured at 50,000
# persons: limit 30 added 539,000 pairs for 636 true ones, limit 10 about 170,000 for 470).
MAX_TYPO_BLOCK = 10


def blocking_keys(f: RecordFeatures) -> Iterable[str]:
    """The blocking keys of one record (see the module docstring for the rules)."""
    for key in f.name_keys:
        yield "k|" + key
    name = f.name
    if name is None:
        return
    for variant in _deletions(name.key):
        yield f"d|{variant}"  # split by birth decade in candidate_pairs
    if f.birth_low is not None and f.birth_high is not None and name.given_key:
        for year in range(f.birth_low, f.birth_high + 1):
            yield f"g|{name.given_key}|{year}"
    if f.place_id and name.surname_class:
        for bucket in _decades(f):
            yield f"p|{f.place_id}|{name.surname_class}|{bucket}"
    for relative in f.relative_keys:
        yield f"r|{name.surname_class}|{relative}"
    if f.place_id and f.birth_low is not None and f.birth_low == f.birth_high:
        yield f"y|{f.place_id}|{f.birth_low}"
    if f.place_id:
        for part in {part for key in f.name_keys for part in key.split(":") if part}:
            yield f"w|{f.place_id}|{part}"
    if f.birth_date:
        yield f"b|{f.birth_date}"


@lru_cache(maxsize=200_000)
def _deletions(key: str) -> frozenset[str]:
    """The key itself and the key with each letter of the name deleted in turn (the
    separator is kept). With the key itself, a letter added or dropped (이은심 / "Eun-shimm")
    meets too: the shorter key is one of the longer one's deletions."""
    return frozenset([key, *(key[:i] + key[i + 1 :] for i, ch in enumerate(key) if ch != ":")])


def _decades(f: RecordFeatures) -> list[int | str]:
    """Ten-year buckets the birth range (±2) touches; one "unknown" bucket without it."""
    if f.birth_low is None or f.birth_high is None:
        return ["?"]
    return list(range((f.birth_low - 2) // 10, (f.birth_high + 2) // 10 + 1))


def blocks(features: Sequence[RecordFeatures]) -> dict[str, list[int]]:
    """Every blocking key with the rows that have it (rows in input order)."""
    found: dict[str, list[int]] = defaultdict(list)
    for f in features:
        for key in dict.fromkeys(blocking_keys(f)):
            found[key].append(f.index)
    return found


def _birth_decades(f: RecordFeatures) -> list[int] | None:
    return None if f.birth_low is None else _decades(f)  # type: ignore[return-value]


def _province(f: RecordFeatures) -> list[str] | None:
    return [f.province] if f.province else None


# How a block too large to pair as a whole is cut: by birth decade, then (a common name in
# one decade at 100,000 records is still hundreds of people) by province.
SPLITS = (_birth_decades, _province)


# A typo block is always cut by birth decade: a one-letter variant is shared by many names.
TYPO_SPLITS = (_birth_decades,)


def _parts(
    rows: list[int], features: Sequence[RecordFeatures], splits=SPLITS, split_at=SPLIT_AT
) -> Iterable[list[int]]:
    """The block itself if small, else its parts by each of ``splits`` in turn. A record
    the split cannot place (no birth year, no province) joins every part: it could belong
    to any of them; such records are also paired among themselves."""
    if len(rows) <= split_at or not splits:
        yield rows
        return
    split, rest = splits[0], splits[1:]
    parts: dict[int | str, list[int]] = defaultdict(list)
    unknown = []
    for row in rows:
        buckets = split(features[row])
        if buckets is None:
            unknown.append(row)
            continue
        for bucket in buckets:
            parts[bucket].append(row)
    for part in parts.values():
        yield from _parts(sorted(part + unknown), features, rest, split_at)
    if unknown:
        yield from _parts(unknown, features, rest, split_at)


@cache
def _within(size: int) -> tuple[np.ndarray, np.ndarray]:
    """Every (i, j), i < j, of a block of ``size`` (blocks repeat a few sizes many times)."""
    return np.triu_indices(size, k=1)


def candidate_pairs(features: Sequence[RecordFeatures]) -> np.ndarray:
    """Distinct candidate pairs as an (n, 2) int64 array of rows, left < right, sorted."""
    chunks = []
    for key, block in blocks(features).items():
        limit = {"k": MAX_BLOCK, "d": MAX_TYPO_BLOCK}.get(key[0], MAX_FALLBACK_BLOCK)
        typo = key[0] == "d"
        parts = _parts(block, features, TYPO_SPLITS, 1) if typo else _parts(block, features)
        for rows in parts:
            if 1 < len(rows) <= limit:
                members = np.asarray(rows, dtype=np.int64)
                left, right = _within(len(members))
                chunks.append(members[left] * len(features) + members[right])
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(chunks))
    return np.stack([codes // len(features), codes % len(features)], axis=1)
