"""The linkage benchmark's metrics on hand-made clusterings (bench/linkage_metrics.py)."""

from __future__ import annotations

import random
import time
from collections import defaultdict

import pytest

from bench.linkage_metrics import bcubed, best_threshold, pairwise

# Five records of two persons: a, b, c are one person; d, e another.
TRUTH = {"a": "P1", "b": "P1", "c": "P1", "d": "P2", "e": "P2"}


def test_a_perfect_clustering_scores_one_everywhere():
    predicted = {"a": 1, "b": 1, "c": 1, "d": 2, "e": 2}
    assert pairwise(predicted, TRUTH).f1 == 1.0
    assert bcubed(predicted, TRUTH).f1 == 1.0


def test_a_split_and_a_wrong_merge_are_counted_pair_by_pair():
    # {a, b} and {c, d, e}: right pairs ab and de; wrong pairs cd, ce; missed ac, bc.
    scores = pairwise({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}, TRUTH)
    assert (scores.precision, scores.recall) == (0.5, 0.5)
    assert scores.f1 == 0.5


def test_bcubed_averages_over_records():
    scores = bcubed({"a": 1, "b": 1, "c": 2, "d": 2, "e": 2}, TRUTH)
    # precision: a, b 2/2; c 1/3; d, e 2/3 — recall: a, b 2/3; c 1/3; d, e 2/2.
    assert scores.precision == pytest.approx((1 + 1 + 1 / 3 + 2 / 3 + 2 / 3) / 5)
    assert scores.recall == pytest.approx((2 / 3 + 2 / 3 + 1 / 3 + 1 + 1) / 5)


def test_everything_in_one_cluster_has_full_recall_and_low_precision():
    predicted = dict.fromkeys(TRUTH, "all")
    scores = pairwise(predicted, TRUTH)
    assert scores.recall == 1.0
    assert scores.precision == pytest.approx(4 / 10)  # 3 + 1 true pairs of 10
    assert bcubed(predicted, TRUTH).precision == pytest.approx((3 * 3 / 5 + 2 * 2 / 5) / 5)


def test_records_missing_from_the_prediction_are_singletons():
    scores = pairwise({"a": 1, "b": 1}, TRUTH)
    assert scores.precision == 1.0
    assert scores.recall == pytest.approx(1 / 4)
    assert bcubed({}, TRUTH).precision == 1.0
    assert bcubed({}, TRUTH).recall == pytest.approx((1 / 3 * 3 + 1 / 2 * 2) / 5)


def test_no_predicted_pairs_is_full_precision_and_zero_recall():
    scores = pairwise({r: r for r in TRUTH}, TRUTH)
    assert (scores.precision, scores.recall, scores.f1) == (1.0, 0.0, 0.0)


def test_a_huge_cluster_is_counted_without_enumerating_its_pairs():
    # 300,000 records in one predicted cluster: 45 billion pairs, counted in well under
    # a second because only (cluster, person) cell sizes are summed.
    truth = {f"r{i}": f"p{i // 3}" for i in range(300_000)}
    started = time.perf_counter()
    scores = pairwise(dict.fromkeys(truth, "one"), truth)
    assert time.perf_counter() - started < 5
    assert scores.recall == 1.0
    assert scores.precision == pytest.approx(100_000 * 3 / (300_000 * 299_999 / 2))


def test_best_threshold_finds_the_cut_with_the_best_f1():
    scored = [("a", "b", 0.99), ("b", "c", 0.95), ("c", "d", 0.9), ("d", "e", 0.5)]
    best = best_threshold(scored, TRUTH)
    # ≥ 0.95 gives {a, b, c}: 3 right pairs of 3 predicted, 3 of the 4 true pairs found.
    assert best.threshold == 0.95
    assert best.scores.precision == 1.0
    assert best.scores.recall == pytest.approx(0.75)


def test_pairs_with_equal_probability_are_taken_together():
    scored = [("a", "b", 0.8), ("c", "d", 0.8)]
    best = best_threshold(scored, TRUTH)
    # Only the whole tie can be accepted: {a, b} right, {c, d} wrong.
    assert best.scores.precision == pytest.approx(0.5)


def test_pairs_of_unknown_records_are_ignored():
    best = best_threshold([("a", "b", 0.9), ("a", "zz", 0.95)], TRUTH)
    assert best.scores.precision == 1.0


def test_best_threshold_agrees_with_clustering_at_each_threshold():
    rng = random.Random(3)
    truth = {f"r{i}": f"p{rng.randrange(60)}" for i in range(200)}
    records = list(truth)
    scored = []
    for _ in range(600):
        left, right = rng.sample(records, 2)
        same = truth[left] == truth[right]
        scored.append((left, right, round(rng.betavariate(5 if same else 1, 1 if same else 5), 2)))
    best = best_threshold(scored, truth)
    brute = max(
        (pairwise(_components(scored, t, records), truth).f1, t) for t in {p for *_, p in scored}
    )
    assert best.scores.f1 == pytest.approx(brute[0])
    recomputed = pairwise(_components(scored, best.threshold, records), truth)
    assert recomputed.precision == pytest.approx(best.scores.precision)
    assert recomputed.recall == pytest.approx(best.scores.recall)


def _components(scored, threshold, records) -> dict[str, int]:
    """Connected components of the pairs at or above ``threshold``, by flood fill."""
    edges = defaultdict(list)
    for left, right, p in scored:
        if p >= threshold:
            edges[left].append(right)
            edges[right].append(left)
    label: dict[str, int] = {}
    for start in records:
        if start in label:
            continue
        stack = [start]
        label[start] = len(label)
        root = label[start]
        while stack:
            for nxt in edges[stack.pop()]:
                if nxt not in label:
                    label[nxt] = root
                    stack.append(nxt)
    return label


def test_the_report_judges_the_goals_against_splinks_best_threshold():
    from bench.linkage import Outcome, goals
    from bench.linkage_metrics import Scores

    kirok = Outcome("kirok", "korean-2000", 10.0, pairwise=Scores(0.97, 0.95), best_f1=0.96)
    splink = Outcome("splink", "korean-2000", 5.0, pairwise=Scores(1.0, 0.01), best_f1=0.75)
    lines = goals([kirok, splink])
    assert lines[0].startswith("[met] korean-2000: pairwise F1 0.960")
    # 0.960 is 0.95 above Splink's 0.9 cut, but only 0.21 above its best threshold.
    assert lines[1].startswith("[NOT met] korean-2000: +0.210 over Splink's best F1")
