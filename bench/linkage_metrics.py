"""How well predicted clusters of records match the true persons.

* Pairwise precision/recall/F1: a pair of records is predicted when both are in one
  predicted cluster, true when both belong to one person. Counted from the contingency
  table of (predicted cluster, true person) without enumerating the pairs, so one huge
  cluster costs no more than a small one.
* B-cubed precision/recall/F1 (Bagga & Baldwin 1998): for each record, the share of its
  predicted cluster that is the same person (precision) and the share of its person that
  is in its predicted cluster (recall), averaged over the records.
* The best pairwise F1 over thresholds: scored pairs are added from the most to the least
  probable; connected components are merged with a union–find that keeps, per component,
  how many records of each person it holds, so every threshold is scored in one pass.

Records missing from the predicted clustering count as singletons.

>>> truth = {"a": 1, "b": 1, "c": 2}
>>> pairwise({"a": "x", "b": "x", "c": "y"}, truth).f1
1.0
>>> round(bcubed({"a": "x", "b": "y", "c": "y"}, truth).precision, 3)
0.667
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass

__all__ = ["Scores", "bcubed", "best_threshold", "pairwise"]


@dataclass(frozen=True)
class Scores:
    """Precision, recall and their harmonic mean."""

    precision: float
    recall: float

    @property
    def f1(self) -> float:
        total = self.precision + self.recall
        return 2 * self.precision * self.recall / total if total else 0.0


def _pairs(n: int) -> int:
    return n * (n - 1) // 2


def _ratio(part: float, whole: float) -> float:
    # No predicted (or no true) pairs at all: nothing was wrong (or missed).
    return part / whole if whole else 1.0


def _complete(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> dict:
    """Predicted clusters for every record of ``truth``; unknown records are singletons."""
    return {r: predicted.get(r, ("singleton", r)) for r in truth}


def pairwise(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> Scores:
    """Pairwise precision and recall of ``predicted`` (record → cluster) against ``truth``
    (record → person)."""
    predicted = _complete(predicted, truth)
    cells = Counter((predicted[r], truth[r]) for r in truth)
    true_positive = sum(_pairs(n) for n in cells.values())
    predicted_pairs = sum(_pairs(n) for n in Counter(predicted.values()).values())
    true_pairs = sum(_pairs(n) for n in Counter(truth.values()).values())
    return Scores(_ratio(true_positive, predicted_pairs), _ratio(true_positive, true_pairs))


def bcubed(predicted: Mapping[str, Hashable], truth: Mapping[str, Hashable]) -> Scores:
    """B-cubed precision and recall, averaged over the records of ``truth``."""
    predicted = _complete(predicted, truth)
    cells = Counter((predicted[r], truth[r]) for r in truth)
    cluster_sizes = Counter(predicted.values())
    person_sizes = Counter(truth.values())
    # Each record of a cell contributes cell/cluster; the n records of a cell together n²/…
    precision = sum(n * n / cluster_sizes[c] for (c, _), n in cells.items())
    recall = sum(n * n / person_sizes[p] for (_, p), n in cells.items())
    return Scores(precision / len(truth), recall / len(truth))


@dataclass(frozen=True)
class ThresholdResult:
    """The threshold with the best pairwise F1 and its scores."""

    threshold: float
    scores: Scores


def best_threshold(
    scored_pairs: Iterable[tuple[str, str, float]], truth: Mapping[str, Hashable]
) -> ThresholdResult:
    """The probability threshold whose connected components have the best pairwise F1.

    ``scored_pairs`` are (left, right, probability); pairs with unknown records are ignored.
    """
    true_pairs = sum(_pairs(n) for n in Counter(truth.values()).values())
    merger = _Merger(truth)
    best = ThresholdResult(1.0, Scores(1.0, 0.0 if true_pairs else 1.0))
    ordered = sorted(
        (p for p in scored_pairs if p[0] in truth and p[1] in truth), key=lambda p: -p[2]
    )
    for i, (left, right, probability) in enumerate(ordered):
        merger.union(left, right)
        # Score once all pairs of equal probability are in: a threshold cannot split them.
        if i + 1 < len(ordered) and ordered[i + 1][2] == probability:
            continue
        scores = Scores(
            _ratio(merger.true_positive, merger.predicted_pairs),
            _ratio(merger.true_positive, true_pairs),
        )
        if scores.f1 > best.scores.f1:
            best = ThresholdResult(probability, scores)
    return best


class _Merger:
    """Union–find over records that counts predicted and correct pairs as it merges."""

    def __init__(self, truth: Mapping[str, Hashable]):
        self.parent = {r: r for r in truth}
        self.people = {r: Counter({truth[r]: 1}) for r in truth}
        self.size = dict.fromkeys(truth, 1)
        self.predicted_pairs = 0
        self.true_positive = 0

    def find(self, record: str) -> str:
        root = record
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[record] != root:  # path compression
            self.parent[record], record = root, self.parent[record]
        return root

    def union(self, left: str, right: str) -> None:
        a, b = self.find(left), self.find(right)
        if a == b:
            return
        if self.size[a] < self.size[b]:
            a, b = b, a
        self.predicted_pairs += self.size[a] * self.size[b]
        big, small = self.people[a], self.people.pop(b)
        self.true_positive += sum(n * big.get(p, 0) for p, n in small.items())
        big.update(small)
        self.parent[b] = a
        self.size[a] += self.size.pop(b)
