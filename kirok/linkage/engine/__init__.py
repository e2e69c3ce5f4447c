"""Record linkage of disappeared persons across lists, documents and spellings.

``link`` takes person records from any number of sources and returns scored candidate
pairs, clusters (one per person) and everything needed to reproduce the run. It is
Fellegi–Sunter on Splink (DuckDB in-process, or Spark), with Korean-aware columns and
blocking from kirok.lib.names and kirok.lib.places. Reviewers' decisions constrain it:
"same" forces a link and trains the model, "different" is never overridden. No Django here.
See docs/methodology/linkage.md.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Sequence
from dataclasses import asdict

import numpy as np

from kirok.linkage.engine.blocking import candidate_pairs
from kirok.linkage.engine.clustering import cluster_arrays
from kirok.linkage.engine.features import record_features
from kirok.linkage.engine.model import SEED, score
from kirok.linkage.engine.records import Decision, LinkResult, PersonRecord, ScoredPair

__all__ = ["Decision", "LinkResult", "PersonRecord", "ScoredPair", "link", "snapshot"]

ENGINE_VERSION = "1.1"
REVIEW_FLOOR = 0.05  # pairs below this probability are not worth a reviewer's time
BACKENDS = ("duckdb", "spark")
VERDICTS = ("same", "different", "unsure")

Progress = Callable[[str, int, int], None]


def _canonical(value) -> str:
    return json.dumps(value, sort_keys=True, ensure_ascii=False, separators=(",", ":"))


def snapshot(records: Sequence[PersonRecord]) -> str:
    """sha256 of the records as canonical JSON, sorted by record_id (order does not matter)."""
    rows = sorted((asdict(r) for r in records), key=lambda row: row["record_id"])
    return hashlib.sha256(_canonical(rows).encode("utf-8")).hexdigest()


def _decision_pairs(
    decisions: Sequence[Decision], row_of: dict[str, int]
) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """("same" pairs, "different" pairs) as row pairs; unknown ids and "unsure" are ignored."""
    same, different = set(), set()
    for d in decisions:
        if d.verdict not in VERDICTS:
            raise ValueError(f"unknown verdict {d.verdict!r}; expected one of {VERDICTS}")
        if d.left not in row_of or d.right not in row_of or d.left == d.right:
            continue
        pair = tuple(sorted((row_of[d.left], row_of[d.right])))
        {"same": same, "different": different}.get(d.verdict, set()).add(pair)
    return sorted(same - different), sorted(different)


def _api(backend: str):
    if backend == "duckdb":
        from kirok.linkage.engine.model import duckdb_api

        return duckdb_api()
    if backend == "spark":
        from kirok.linkage.engine.spark import spark_api

        return spark_api()
    raise ValueError(f"unknown backend {backend!r}; expected one of {BACKENDS}")


def link(
    records: Sequence[PersonRecord],
    *,
    decisions: Sequence[Decision] = (),
    threshold: float = 0.5,
    backend: str = "duckdb",
    progress: Progress | None = None,
) -> LinkResult:
    """Link ``records``: candidate pairs for review, clusters, the model and provenance.

    Deterministic: the same records and decisions give the same result, whatever their order.
    """
    report = progress or (lambda stage, done, total: None)
    ordered = sorted(records, key=lambda r: r.record_id)
    ids = [r.record_id for r in ordered]
    if len(set(ids)) != len(ids):
        raise ValueError("record_id values must be unique")
    if not 0.0 <= threshold <= 1.0:
        raise ValueError("threshold must be between 0 and 1")
    row_of = {record_id: row for row, record_id in enumerate(ids)}
    same, different = _decision_pairs(decisions, row_of)
    report("features", 0, len(ordered))
    features = [record_features(i, r) for i, r in enumerate(ordered)]
    report("features", len(ordered), len(ordered))
    report("blocking", 0, 1)
    pairs = candidate_pairs(features)
    report("blocking", 1, 1)
    scored = None
    if len(ordered) >= 2 and len(pairs):
        report("scoring", 0, len(pairs))
        scored = score(
            _api(backend), features, pairs, floor=0.0, levels_from=REVIEW_FLOOR, same_pairs=same
        )
        report("scoring", len(pairs), len(pairs))
    report("clustering", 0, 1)
    review_pairs = []
    if scored is not None:
        # Rounded so that the last bits of floating point do not change the result.
        probability = np.round(scored.probability, 10)
        left, right = scored.left, scored.right
        for k in np.flatnonzero(probability >= REVIEW_FLOOR).tolist():
            review_pairs.append(
                ScoredPair(
                    ids[int(left[k])],
                    ids[int(right[k])],
                    float(probability[k]),
                    round(float(scored.weight[k]), 8),
                    scored.levels[k],
                )
            )
    else:
        left = right = np.empty(0, dtype=np.int64)
        probability = np.empty(0, dtype=np.float64)
    clusters = cluster_arrays(
        ids, left, right, probability, threshold=threshold, same=same, different=different
    )
    report("clustering", 1, 1)
    parameters = {
        "threshold": threshold,
        "backend": backend,
        "engine_version": ENGINE_VERSION,
        "seed": SEED,
        "review_floor": REVIEW_FLOOR,
        "clustering": "mean log-odds across clusters",
        "records": len(ordered),
        "candidate_pairs": len(pairs),
        "decisions": {"same": len(same), "different": len(different)},
        "decisions_sha256": hashlib.sha256(
            _canonical(sorted((d.left, d.right, d.verdict) for d in decisions)).encode()
        ).hexdigest()
        if decisions
        else None,
    }
    return LinkResult(
        pairs=review_pairs,
        clusters=clusters,
        model=scored.model if scored is not None else {},
        snapshot=snapshot(ordered),
        parameters=parameters,
    )
