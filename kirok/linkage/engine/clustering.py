"""Clusters from scored pairs, under the reviewers' decisions.

Links are added strongest first (union–find): first every "same" decision, then every pair
at or above the threshold in falling probability. Two clusters are only merged when the
evidence between *all* their records clears the threshold: the mean log-odds of every
pair across them that the model scored. One strong pair does not glue two clusters whose
other records the model found to be different people (A–B strong, B–C strong, but A and C
clearly two people), and one doubtful pair (a wrong sex on one record) does not veto a
merge the other pairs support. A pair blocking never compared counts as an unlikely one.
Measured against single linkage in docs/methodology/linkage.md.

A link that would put two records a reviewer called "different" into one cluster is
skipped. That holds by construction: no cluster ever contains a "different" pair, whatever
the scores, and a "same" pair is always together unless it contradicts a "different"
decision (then "different" wins: the safer error when counting victims is to keep two
people apart until a person decides).
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Sequence

import numpy as np

# Probabilities are clipped before taking log-odds, so that a pair scored 0 or 1 counts as
# very strong evidence rather than infinite evidence.
_CLIP = 1e-9
# A pair across two clusters that blocking never compared shares no name key, no spelling
# one letter apart, no given name with a birth year …: it counts as a pair found unlikely.
# Ignoring such pairs let one alias or one record glue two people's clusters together
# (pairwise precision 0.945 → 0.978 at 2,000 persons when they count; 0.05–0.3 all give
# about the same; docs/methodology/linkage.md).
UNCOMPARED_PROBABILITY = 0.1


def log_odds(probability: float) -> float:
    p = min(max(probability, _CLIP), 1.0 - _CLIP)
    return math.log(p / (1.0 - p))


class _Clusters:
    """Union–find that remembers, per cluster, the records it must never contain."""

    def __init__(self, size: int, evidence: dict[tuple[int, int], float]) -> None:
        self.parent = list(range(size))
        self.members: dict[int, list[int]] = {i: [i] for i in range(size)}
        self.forbidden: dict[int, set[int]] = {}  # "different" decisions
        self.evidence = evidence  # (row, row), smaller first → log-odds of the scored pair
        self.uncompared = log_odds(UNCOMPARED_PROBABILITY)

    def root(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def forbid(self, a: int, b: int) -> None:
        self.forbidden.setdefault(self.root(a), set()).add(b)
        self.forbidden.setdefault(self.root(b), set()).add(a)

    def _forbidden(self, ra: int, rb: int) -> bool:
        return bool(
            self.forbidden.get(ra, set()) & set(self.members[rb])
            or self.forbidden.get(rb, set()) & set(self.members[ra])
        )

    def mean_evidence(self, ra: int, rb: int) -> float:
        """Mean log-odds of every pair between two clusters (UNCOMPARED_PROBABILITY for
        the pairs blocking kept apart)."""
        found = []
        for x in self.members[ra]:
            for y in self.members[rb]:
                found.append(self.evidence.get((x, y) if x < y else (y, x), self.uncompared))
        return sum(found) / len(found)

    def join(self, a: int, b: int, *, needed: float | None = None) -> bool:
        """Merge the clusters of a and b unless a "different" decision forbids it, or the
        mean evidence between them is below ``needed`` (None: a reviewer's "same")."""
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        if self._forbidden(ra, rb):
            return False
        if needed is not None and self.mean_evidence(ra, rb) < needed:
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] += self.members.pop(rb)
        merged = self.forbidden.get(ra, set()) | self.forbidden.pop(rb, set())
        if merged:
            self.forbidden[ra] = merged
        return True


def cluster(
    record_ids: Sequence[str],
    scored: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
) -> dict[str, str]:
    """record_id → cluster id (the smallest record_id in the cluster).

    ``scored`` holds (row, row, probability); rows index ``record_ids``.
    """
    rows = list(scored)
    return cluster_arrays(
        record_ids,
        np.array([a for a, _, _ in rows], dtype=np.int64),
        np.array([b for _, b, _ in rows], dtype=np.int64),
        np.array([p for _, _, p in rows], dtype=np.float64),
        threshold=threshold,
        same=same,
        different=different,
    )


def cluster_arrays(
    record_ids: Sequence[str],
    left: np.ndarray,
    right: np.ndarray,
    probability: np.ndarray,
    *,
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
) -> dict[str, str]:
    """:func:`cluster` on aligned arrays of scored pairs (millions of them at 100,000
    records: only the pairs between records that some link could join are looked at)."""
    same, different = sorted(same), sorted(different)
    strong = probability >= threshold
    linked = np.zeros(len(record_ids), dtype=bool)
    linked[left[strong]] = linked[right[strong]] = True
    for a, b in same:
        linked[a] = linked[b] = True
    useful = linked[left] & linked[right]
    low = np.minimum(left[useful], right[useful]).tolist()
    high = np.maximum(left[useful], right[useful]).tolist()
    clipped = np.clip(probability[useful], _CLIP, 1.0 - _CLIP)
    log_odds_useful = np.log(clipped / (1.0 - clipped)).tolist()
    evidence = dict(zip(zip(low, high, strict=True), log_odds_useful, strict=True))
    clusters = _Clusters(len(record_ids), evidence)
    for a, b in different:
        clusters.forbid(a, b)
    for a, b in same:
        clusters.join(a, b)
    needed = log_odds(threshold)
    # Strongest first; ties in row order, so that the result does not depend on input order.
    order = np.lexsort((right[strong], left[strong], -probability[strong]))
    for a, b in zip(left[strong][order].tolist(), right[strong][order].tolist(), strict=True):
        clusters.join(a, b, needed=needed)
    cluster_id = {}
    for root, members in clusters.members.items():
        cluster_id[root] = min(record_ids[i] for i in members)
    return {record_id: cluster_id[clusters.root(i)] for i, record_id in enumerate(record_ids)}
