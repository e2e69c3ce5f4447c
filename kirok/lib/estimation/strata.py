"""Estimates by stratum (year, province, sex ...) and their total.

The total estimate is the sum of the strata's estimates. Its interval comes from adding the
strata's draws of the total, replicate by replicate, when every stratum has them (bootstrap
replicates or posterior draws: the strata are independent samples, so the sum of one draw per
stratum is a draw of the total). When some stratum has none (a profile or Wald interval), a
percentile bootstrap is run on each stratum with the same method and options (a log-linear
stratum refits the model it chose), and those replicates are added instead.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from kirok.lib.estimation.captures import CaptureError, CaptureTable
from kirok.lib.estimation.results import Estimate, EstimationWarning

TOTAL_BOOTSTRAP_SAMPLES = 1000
TOTAL_MODEL = "by stratum"  # the total's model: each stratum has its own


@dataclass(frozen=True)
class StratifiedEstimate:
    """One estimate per stratum and their total.

    total.interval_kind says how the total's interval was made: "sum_of_samples" (the strata's
    own draws added up) or "sum_of_stratum_bootstraps" (a percentile bootstrap run per
    stratum for the purpose).
    """

    by_stratum: dict[tuple[str, ...], Estimate]
    total: Estimate
    notes: tuple[str, ...] = field(default=())


def estimate_by_stratum(
    tables: dict[tuple[str, ...], CaptureTable], method: str, **options: Any
) -> StratifiedEstimate:
    """Estimate every stratum with `method` (and `options`) and add them up."""
    from kirok.lib.estimation import estimate  # the dispatcher; imported here to avoid a cycle

    if not tables:
        raise CaptureError("there are no strata to estimate", code="no_strata")
    lists = {table.lists for table in tables.values()}
    if len(lists) > 1:
        raise CaptureError("the strata do not have the same lists", code="strata_lists_differ")
    by_stratum = {key: estimate(table, method, **options) for key, table in tables.items()}
    level = float(options.get("level", 0.95))
    draws, kind = _stratum_draws(tables, by_stratum, method, options)
    total = _total(by_stratum, draws, kind, level, method)
    return StratifiedEstimate(by_stratum=by_stratum, total=total)


def _stratum_draws(
    tables: dict[tuple[str, ...], CaptureTable],
    by_stratum: dict[tuple[str, ...], Estimate],
    method: str,
    options: dict[str, Any],
) -> tuple[list[np.ndarray], str]:
    from kirok.lib.estimation import estimate

    if all(e.samples is not None and len(e.samples) for e in by_stratum.values()):
        return [np.asarray(e.samples, dtype=float) for e in by_stratum.values()], "sum_of_samples"
    draws = []
    seed = int(options.get("seed", 0))
    for offset, (key, table) in enumerate(tables.items()):
        existing = by_stratum[key].samples
        if existing is not None and len(existing):
            draws.append(np.asarray(existing, dtype=float))
            continue
        rerun = dict(options)
        rerun.update(interval="bootstrap", seed=seed + offset)
        if method == "loglinear" and math.isfinite(by_stratum[key].estimate):
            # Refit the model the stratum chose: repeating a model search in every replicate
            # of every stratum took minutes (17 provinces), and the total's interval is meant
            # to add the strata's sampling error, not to redo their model choice.
            rerun["model"] = by_stratum[key].model
        rerun.setdefault("bootstrap_samples", TOTAL_BOOTSTRAP_SAMPLES)
        replicate = estimate(table, method, **rerun)
        draws.append(
            np.asarray(replicate.samples, dtype=float)
            if replicate.samples is not None
            else np.array([replicate.estimate])
        )
    return draws, "sum_of_stratum_bootstraps"


def _total(
    by_stratum: dict[tuple[str, ...], Estimate],
    draws: list[np.ndarray],
    kind: str,
    level: float,
    method: str,
) -> Estimate:
    estimates = [e.estimate for e in by_stratum.values()]
    observed = sum(e.observed for e in by_stratum.values())
    point = float(sum(estimates))
    samples = _add_draws(draws)
    warnings = []
    for key, e in by_stratum.items():
        for w in e.warnings:
            label = "/".join(key) or "all"
            warnings.append(
                EstimationWarning(
                    w.code, f"Stratum {label}: {w.message}", {**w.params, "stratum": label}
                )
            )
    if samples is None or not np.isfinite(point):
        interval = (math.nan, math.nan)
    else:
        tail = (1 - level) / 2
        low, high = np.quantile(samples, [tail, 1 - tail])
        interval = (float(low), float(high))
    return Estimate(
        method=method,
        observed=observed,
        estimate=point,
        interval=interval,
        level=level,
        interval_kind=kind,
        model=TOTAL_MODEL,
        warnings=tuple(warnings),
        details={
            "strata": len(by_stratum),
            "stratum_estimates": {"/".join(k): e.estimate for k, e in by_stratum.items()},
            # A replicate whose model has no estimate on a resampled stratum is left out;
            # the reader sees how many draws the total's interval rests on.
            "draws_used": 0 if samples is None else len(samples),
            "draws_made": min((len(d) for d in draws), default=0),
        },
        samples=samples,
    )


def _add_draws(draws: list[np.ndarray]) -> np.ndarray | None:
    """Draw j of the total = sum of draw j of every stratum (failed draws left out)."""
    usable = [d[np.isfinite(d)] for d in draws]
    if any(len(d) == 0 for d in usable):
        return None
    length = min(len(d) for d in usable)
    return np.sum([d[:length] for d in usable], axis=0)
