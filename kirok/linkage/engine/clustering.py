"""Clusters from scored pairs, under the reviewers' decisions.

Links are added strongest first (union–find): first every "same" decision, then every pair
at or above the threshold in falling probability. A link that would put two records a
reviewer called "different" into one cluster is skipped. The result is what cutting the
weakest links between the two records would give, and it holds by construction: no
cluster ever contains a "different" pair, whatever the scores, and a "same" pair is always
together unless it contradicts a "different" decision (then "different" wins: the safer
error when counting victims is to keep two people apart until a person decides).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence


class _Clusters:
    """Union–find that remembers, per cluster, the records it must never contain."""

    def __init__(self, size: int) -> None:
        self.parent = list(range(size))
        self.members: dict[int, set[int]] = {i: {i} for i in range(size)}
        self.forbidden: dict[int, set[int]] = {}  # "different" decisions
        self.doubtful: dict[int, set[int]] = {}  # scored pairs the model thinks unlikely

    def root(self, item: int) -> int:
        while self.parent[item] != item:
            self.parent[item] = self.parent[self.parent[item]]
            item = self.parent[item]
        return item

    def forbid(self, a: int, b: int, kind: str = "forbidden") -> None:
        table = getattr(self, kind)
        table.setdefault(self.root(a), set()).add(b)
        table.setdefault(self.root(b), set()).add(a)

    def _conflict(self, kind: str, ra: int, rb: int) -> bool:
        table = getattr(self, kind)
        return bool(
            table.get(ra, set()) & self.members[rb] or table.get(rb, set()) & self.members[ra]
        )

    def _merge_sets(self, kind: str, ra: int, rb: int) -> None:
        table = getattr(self, kind)
        merged = table.get(ra, set()) | table.pop(rb, set())
        if merged:
            table[ra] = merged

    def join(self, a: int, b: int, *, forced: bool = False) -> bool:
        """Merge the clusters of a and b unless a "different" decision forbids it.

        A scored link (not ``forced``) is also refused when the model found some pair
        across the two clusters unlikely: that stops chains (A–B strong, B–C strong, but A
        and C clearly two people) from gluing different people together.
        """
        ra, rb = self.root(a), self.root(b)
        if ra == rb:
            return True
        if self._conflict("forbidden", ra, rb):
            return False
        if not forced and self._conflict("doubtful", ra, rb):
            return False
        if len(self.members[ra]) < len(self.members[rb]):
            ra, rb = rb, ra
        self.parent[rb] = ra
        self.members[ra] |= self.members.pop(rb)
        self._merge_sets("forbidden", ra, rb)
        self._merge_sets("doubtful", ra, rb)
        return True


def cluster(
    record_ids: Sequence[str],
    scored: Iterable[tuple[int, int, float]],
    *,
    threshold: float,
    same: Iterable[tuple[int, int]] = (),
    different: Iterable[tuple[int, int]] = (),
    doubt_below: float = 0.0,
) -> dict[str, str]:
    """record_id → cluster id (the smallest record_id in the cluster).

    ``scored`` holds (row, row, probability); rows index ``record_ids``. A scored pair below
    ``doubt_below`` keeps its two records' clusters apart unless a reviewer joins them.
    """
    scored = list(scored)
    clusters = _Clusters(len(record_ids))
    for a, b in sorted(different):
        clusters.forbid(a, b)
    for a, b, p in scored:
        if p < doubt_below:
            clusters.forbid(a, b, "doubtful")
    for a, b in sorted(same):
        clusters.join(a, b, forced=True)
    strong = sorted((-p, a, b) for a, b, p in scored if p >= threshold)
    for _, a, b in strong:
        clusters.join(a, b)
    cluster_id = {}
    for root, members in clusters.members.items():
        cluster_id[root] = min(record_ids[i] for i in members)
    return {record_id: cluster_id[clusters.root(i)] for i, record_id in enumerate(record_ids)}
