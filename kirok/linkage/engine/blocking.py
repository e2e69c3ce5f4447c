"""Which pairs of records are compared at all: blocking on the precomputed keys.

Comparing every record with every other is quadratic; a pair is only compared when the two
records share a blocking key. The keys are built so that the spellings of one person meet
(see features.py); a key shared by many records (a common name) is split by birth decade,
and what is still too large, which says little, is dropped: the number of comparisons
grows about linearly with the records.

Rules (a pair is kept if any rule puts both records in one block):

* ``k`` the same name comparison key in any reading (any romanization, Hangul, either order);
* ``g`` the same given-name key and overlapping two-year birth buckets (a changed surname
  spelling or a surname typo);
* ``s`` the same surname class and birth year (a given-name typo), within one hometown when
  the hometown is known to both;
* ``p`` the same hometown, the same surname class and overlapping ten-year birth buckets
  (or both without a birth year);
* ``r`` the same surname class and a relative with the same name key.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence

import numpy as np

from kirok.linkage.engine.features import RecordFeatures

# A block larger than SPLIT_AT is split by ten-year birth bucket (a common name is shared
# by people of every age); a part still larger than MAX_BLOCK says too little to be worth
# its pairs (n² / 2 of them) and is dropped.
SPLIT_AT = 40
MAX_BLOCK = 120
# The rules other than the name key are fallbacks for a misspelt name; their blocks mix
# many different names, so a smaller size is enough to say "too common to be useful".
MAX_FALLBACK_BLOCK = 30
BIRTH_BUCKET = 2


def blocking_keys(f: RecordFeatures) -> Iterable[str]:
    """The blocking keys of one record (see the module docstring for the rules)."""
    for key in f.name_keys:
        yield "k|" + key
    name = f.name
    if name is None:
        return
    if f.birth_low is not None and f.birth_high is not None and name.given_key:
        low, high = f.birth_low - 1, f.birth_high + 1
        for bucket in range(low // BIRTH_BUCKET, high // BIRTH_BUCKET + 1):
            yield f"g|{name.given_key}|{bucket}"
        if name.surname_class:
            for year in range(f.birth_low, f.birth_high + 1):
                yield f"s|{name.surname_class}|{year}|{f.place_id or ''}"
    if f.place_id and name.surname_class:
        for bucket in _decades(f):
            yield f"p|{f.place_id}|{name.surname_class}|{bucket}"
    for relative in f.relative_keys:
        yield f"r|{name.surname_class}|{relative}"


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


def _parts(rows: list[int], features: Sequence[RecordFeatures]) -> Iterable[list[int]]:
    """The block itself if small, else its birth-decade parts; a record without a birth
    year joins every part (it could be any of them)."""
    if len(rows) <= SPLIT_AT:
        yield rows
        return
    parts: dict[int | str, list[int]] = defaultdict(list)
    unknown = []
    for row in rows:
        buckets = _decades(features[row])
        if buckets == ["?"]:
            unknown.append(row)
        for bucket in buckets:
            parts[bucket].append(row)
    for bucket, part in parts.items():
        yield part if bucket == "?" else sorted(part + unknown)


def candidate_pairs(features: Sequence[RecordFeatures]) -> np.ndarray:
    """Distinct candidate pairs as an (n, 2) int64 array of rows, left < right, sorted."""
    chunks = []
    for key, block in blocks(features).items():
        limit = MAX_BLOCK if key.startswith("k|") else MAX_FALLBACK_BLOCK
        for rows in _parts(block, features):
            if 1 < len(rows) <= limit:
                members = np.asarray(rows, dtype=np.int64)
                left, right = np.triu_indices(len(members), k=1)
                chunks.append(members[left] * len(features) + members[right])
    if not chunks:
        return np.empty((0, 2), dtype=np.int64)
    codes = np.unique(np.concatenate(chunks))
    return np.stack([codes // len(features), codes % len(features)], axis=1)
