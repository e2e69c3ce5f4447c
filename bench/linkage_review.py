"""How many reviewer decisions a list needs: linkage with a simulated reviewer in the loop.

    .venv/bin/python bench/linkage_review.py                       # 50,000 persons, seed 6
    .venv/bin/python bench/linkage_review.py --persons 2000 --per-round 100 --rounds 3
    .venv/bin/python bench/linkage_review.py --data independent --persons 10000 --seed 2

The engine alone leaves pairs it cannot settle (namesakes whose records say too little); in
Kirok those go to the review queue, and the decisions taken there change the result: "same"
forces a link and, from 30 of them on, trains the model's m; "different" is never
overridden (docs/methodology/linkage.md). This script measures what that buys.

A simulated reviewer works the queue the way the app orders it (kirok.linkage.queue: the
undecided pairs of the latest run whose probability is nearest 0.5 first, then the heavier
evidence) and answers every pair truthfully from the generator's truth, ``--per-round``
pairs at a time. After each round the engine runs again with every decision so far, as
``kirok link run`` does, and the clusters are scored: pairwise precision / recall / F1 and
B-cubed F1 (bench/linkage_metrics.py), with the time of the run.

A real reviewer is sometimes wrong or unsure; ``--wrong 0.05`` makes that share of the
answers the opposite of the truth, drawn with a fixed seed, to see what mistakes cost.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.linkage import Dataset, independent, korean
from bench.linkage_metrics import bcubed, pairwise
from kirok.linkage.engine import Decision, LinkResult, link


def queue_order(result: LinkResult, decided: set[tuple[str, str]]) -> list[tuple[str, str]]:
    """The undecided pairs in the review queue's order (kirok.linkage.queue.pending_pairs:
    certainty = |p − 0.5| ascending, then match weight descending)."""
    pending = [p for p in result.pairs if (p.left, p.right) not in decided]
    pending.sort(key=lambda p: (abs(p.match_probability - 0.5), -p.match_weight, p.left, p.right))
    return [(p.left, p.right) for p in pending]


def answer(pair: tuple[str, str], truth: dict[str, str], wrong: float, draw: random.Random) -> str:
    same = truth[pair[0]] == truth[pair[1]]
    if draw.random() < wrong:
        same = not same
    return "same" if same else "different"


def simulate(dataset: Dataset, rounds: int, per_round: int, wrong: float) -> None:
    draw = random.Random(1)
    decisions: list[Decision] = []
    decided: set[tuple[str, str]] = set()
    print(f"{dataset.name}: {len(dataset.records):,} records, "
          f"{len(set(dataset.truth.values())):,} persons")  # fmt: skip
    print(f"{'decisions':>10}{'same':>7}{'diff.':>7}{'wrong':>7}{'queue':>9}"
          f"{'P':>8}{'R':>8}{'F1':>8}{'B³ F1':>8}{'s':>6}")  # fmt: skip
    for round_number in range(rounds + 1):
        started = time.perf_counter()
        result = link(dataset.records, decisions=decisions)
        seconds = time.perf_counter() - started
        queue = queue_order(result, decided)
        scores = pairwise(result.clusters, dataset.truth)
        b3 = bcubed(result.clusters, dataset.truth)
        same = sum(d.verdict == "same" for d in decisions)
        mistaken = sum((d.verdict == "same") != (dataset.truth[d.left] == dataset.truth[d.right])
                       for d in decisions)  # fmt: skip
        print(f"{len(decisions):>10,}{same:>7,}{len(decisions) - same:>7,}{mistaken:>7,}"
              f"{len(queue):>9,}{scores.precision:>8.3f}{scores.recall:>8.3f}"
              f"{scores.f1:>8.3f}{b3.f1:>8.3f}{seconds:>6.0f}", flush=True)  # fmt: skip
        if round_number == rounds:
            break
        for pair in queue[:per_round]:
            decisions.append(Decision(pair[0], pair[1], answer(pair, dataset.truth, wrong, draw)))
            decided.add(pair)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--data", choices=("korean", "independent"), default="korean")
    parser.add_argument("--persons", type=int, default=50000)
    parser.add_argument("--seed", type=int, default=6)
    parser.add_argument("--rounds", type=int, default=4, help="review rounds (4)")
    parser.add_argument("--per-round", type=int, default=1000, help="decisions a round (1000)")
    parser.add_argument("--wrong", type=float, default=0.0,
                        help="share of the reviewer's answers that are wrong (0)")  # fmt: skip
    args = parser.parse_args()
    load = korean if args.data == "korean" else independent
    simulate(load(args.persons, args.seed), args.rounds, args.per_round, args.wrong)


if __name__ == "__main__":
    main()
