"""Poisson log-linear estimation of the total (Bishop, Fienberg & Holland; Rcapture; Chan,
Silverman & Vincent 2021): the entry point `estimate_loglinear`.

The pieces: models.py (terms, syntax, design), fitting.py (vectorised Newton/IRLS),
identifiability.py (does the MLE exist, is it identifiable), selection.py (stepwise p-value
rule and exhaustive AIC/BIC search), intervals.py (Wald, profile, bootstrap, BCa).
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import numpy as np

from kirok.lib.estimation import identifiability
from kirok.lib.estimation.captures import CaptureError, CaptureTable
from kirok.lib.estimation.diagnostics import table_warnings
from kirok.lib.estimation.fitting import BatchFit, single_threaded
from kirok.lib.estimation.intervals import Profile, bca, bootstrap_totals, percentile, wald
from kirok.lib.estimation.models import Model, format_model, parse_model
from kirok.lib.estimation.results import Estimate, EstimationWarning
from kirok.lib.estimation.selection import LoglinearProblem, SearchResult, exhaustive, stepwise

CRITERIA = ("aic", "bic", "pvalue")
INTERVALS = ("wald", "profile", "bootstrap", "bca")
DEGENERATE_FACTOR = 100
# Redoing an exhaustive search in every bootstrap replicate is affordable up to this many
# models (Kosovo's 113 up to order 3); beyond, the chosen model is refitted instead.
RESEARCH_LIMIT = 1024

Selector = Callable[[LoglinearProblem], Model]

__all__ = ["CRITERIA", "INTERVALS", "estimate_loglinear"]


def estimate_loglinear(
    table: CaptureTable,
    *,
    model: str | None = None,
    criterion: str = "bic",
    pvalue: float = 0.02,
    max_order: int = 2,
    interval: str = "profile",
    level: float = 0.95,
    seed: int = 0,
    bootstrap_samples: int = 1000,
) -> Estimate:
    """Estimate the total behind `table` with a Poisson log-linear model.

    model: the analyst's model ("LA:NG,NG:GP"; "" = main effects only). When None, the model
    is chosen by `criterion`: "aic" or "bic" over every hierarchical model with terms up to
    `max_order`, or "pvalue", the stepwise rule of Chan et al. (2021) with threshold `pvalue`.
    interval: "wald" (log-normal), "profile" (multinomial profile likelihood), "bootstrap"
    (percentile) or "bca"; bootstraps resample the observed individuals `bootstrap_samples`
    times with `seed` and repeat the model choice when a search made it.

    A given model whose MLE does not exist or is not identifiable is refused: the estimate
    and interval are NaN and a warning says why and what to do.
    """
    _check_options(criterion, interval, level, max_order, bootstrap_samples, pvalue)
    warnings = list(table_warnings(table))
    order = max_order
    if model is not None:
        chosen_model = parse_model(model, table.lists)
        order = max([2, *(len(term) for term in chosen_model)])
    problem = LoglinearProblem(table, order)
    search = _choose(problem, model, criterion, pvalue, max_order)
    chosen = search.model
    code = problem.check(chosen)
    if code != identifiability.OK:
        return _refused(table, problem, chosen, code, warnings, level)
    fit = problem.fit(chosen)
    point = table.observed + float(fit.unobserved[0])
    details = _details(problem, chosen, fit, search, criterion if model is None else None)
    details["identifiability"] = code
    warnings += _fit_warnings(table, fit, point)
    bounds, kind, samples = _interval(
        problem,
        chosen,
        fit,
        point,
        interval,
        level,
        seed,
        bootstrap_samples,
        _selector(model, criterion, pvalue, max_order, search),
        details,
    )
    return Estimate(
        method="loglinear",
        observed=table.observed,
        estimate=point,
        interval=bounds,
        level=level,
        interval_kind=kind,
        model=problem.describe(chosen),
        warnings=tuple(warnings),
        details=details,
        samples=samples,
    )


def _check_options(
    criterion: str, interval: str, level: float, max_order: int, samples: int, pvalue: float
) -> None:
    if criterion not in CRITERIA:
        raise ValueError(f"unknown criterion {criterion!r}; choose one of {', '.join(CRITERIA)}")
    if interval not in INTERVALS:
        raise ValueError(f"unknown interval {interval!r}; choose one of {', '.join(INTERVALS)}")
    if not 0 < level < 1:
        raise ValueError(f"level must be between 0 and 1, not {level}")
    if max_order < 1:
        raise ValueError(f"max_order must be at least 1, not {max_order}")
    if samples < 10:
        raise ValueError(f"bootstrap_samples must be at least 10, not {samples}")
    if not 0 <= pvalue <= 1:
        raise ValueError(f"pvalue must be between 0 and 1, not {pvalue}")


def _choose(
    problem: LoglinearProblem, model: str | None, criterion: str, pvalue: float, max_order: int
) -> SearchResult:
    if model is not None:
        return SearchResult(parse_model(model, problem.lists), models_searched=1)
    if criterion == "pvalue":
        return stepwise(problem, pvalue)
    return exhaustive(problem, criterion, max_order)


def _selector(
    model: str | None, criterion: str, pvalue: float, max_order: int, search: SearchResult
) -> Selector | None:
    """How a bootstrap replicate chooses its model: None = refit the chosen one."""
    if model is not None:
        return None
    if criterion == "pvalue":
        return lambda problem: stepwise(problem, pvalue).model
    if search.models_searched <= RESEARCH_LIMIT:
        return lambda problem: exhaustive(problem, criterion, max_order).model
    return None


def _details(
    problem: LoglinearProblem,
    chosen: Model,
    fit: BatchFit,
    search: SearchResult,
    criterion: str | None,
) -> dict[str, Any]:
    unobserved = float(fit.unobserved[0])
    variance = unobserved + unobserved**2 * float(fit.var_intercept[0])
    parameters = int(fit.parameters[0])
    loglik = float(fit.loglik[0])
    observed = problem.table.observed
    details: dict[str, Any] = {
        "se": math.sqrt(variance),
        "unobserved": unobserved,
        "deviance": float(fit.deviance[0]),
        "df": int(fit.cells[0]) - int((problem.uses(chosen)).sum()) + _set_aside(problem, chosen),
        "parameters": parameters,
        "aic": -2 * loglik + 2 * parameters,
        "bic": -2 * loglik + math.log(observed) * parameters,
        "models_searched": search.models_searched,
        "all_terms": format_model(chosen, problem.lists, all_terms=True),
        "converged": bool(fit.converged[0]),
    }
    if criterion is not None:
        details["criterion"] = criterion
    if search.skipped:
        details["models_skipped"] = search.skipped
    if search.top:
        details["top_models"] = search.top
    return details


def _set_aside(problem: LoglinearProblem, chosen: Model) -> int:
    """Terms with an empty margin are not estimated: they do not use a degree of freedom."""
    margins = problem.counts @ problem.design
    uses = problem.uses(chosen)
    uses[: problem.first_term] = False
    return int((uses & (margins == 0)).sum())


def _fit_warnings(table: CaptureTable, fit: BatchFit, point: float) -> list[EstimationWarning]:
    if not fit.converged[0]:
        return [
            EstimationWarning(
                "degenerate_fit",
                "The model fit did not settle on a value: the estimate is not reliable. "
                "Try a simpler model.",
                {"converged": False},
            )
        ]
    if point > DEGENERATE_FACTOR * table.observed:
        return [
            EstimationWarning(
                "degenerate_fit",
                f"The estimate is more than {DEGENERATE_FACTOR} times the number observed. Such "
                "a figure comes from the model, not from the data: the lists overlap too little "
                "for this model. Try a simpler model.",
                {"factor": DEGENERATE_FACTOR, "estimate": point, "observed": table.observed},
            )
        ]
    return []


def _refused(
    table: CaptureTable,
    problem: LoglinearProblem,
    chosen: Model,
    code: int,
    warnings: list[EstimationWarning],
    level: float,
) -> Estimate:
    text = problem.describe(chosen)
    warning_code, message = identifiability.explain(code, text)
    warnings.append(EstimationWarning(warning_code, message, {"model": text}))
    return Estimate(
        method="loglinear",
        observed=table.observed,
        estimate=math.nan,
        interval=(math.nan, math.nan),
        level=level,
        interval_kind="none",
        model=text,
        warnings=tuple(warnings),
        details={"identifiability": code},
    )


def _interval(
    problem: LoglinearProblem,
    chosen: Model,
    fit: BatchFit,
    point: float,
    kind: str,
    level: float,
    seed: int,
    samples: int,
    selector: Selector | None,
    details: dict[str, Any],
) -> tuple[tuple[float, float], str, np.ndarray | None]:
    observed = problem.table.observed
    if kind == "wald":
        bounds = wald(observed, float(fit.unobserved[0]), float(fit.var_intercept[0]), level)
        return bounds, "wald_lognormal", None
    if kind == "profile":
        try:
            best, bounds = Profile(problem, chosen).interval(point, level)
        except (ValueError, RuntimeError, FloatingPointError):
            # The profile could not be traced (a fit on the way failed): say so, and give
            # the Wald interval rather than none.
            details["profile_failed"] = True
            bounds = wald(observed, float(fit.unobserved[0]), float(fit.var_intercept[0]), level)
            return bounds, "wald_lognormal", None
        details["profile_estimate"] = best
        return bounds, "profile", None
    statistic = _statistic(problem, chosen, selector)
    batch = None if selector is not None else _batch_statistic(problem, chosen)
    replicates = bootstrap_totals(problem.counts, statistic, samples, seed, batch)
    failed = int((~np.isfinite(replicates)).sum())
    details["bootstrap"] = {
        "samples": samples,
        "failed": failed,
        "seed": seed,
        "model_selection_repeated": selector is not None,
    }
    if failed == samples:
        return (math.nan, math.nan), kind, replicates
    if kind == "bootstrap":
        return percentile(replicates, level), "bootstrap_percentile", replicates
    return bca(replicates, point, problem.counts, statistic, level), "bootstrap_bca", replicates


def _statistic(
    problem: LoglinearProblem, chosen: Model, selector: Selector | None
) -> Callable[[np.ndarray], float]:
    """The estimate on a resampled table: the same procedure that produced the point."""

    def estimate_on(counts: np.ndarray) -> float:
        table = CaptureTable(problem.lists, problem.table.patterns, np.asarray(counts))
        try:
            replica = LoglinearProblem(table, _order(problem))
        except CaptureError:
            return math.nan
        model = chosen if selector is None else selector(replica)
        if replica.check(model) != identifiability.OK:
            return math.nan
        fit = replica.fit(model)
        if not fit.converged[0]:
            return math.nan
        return float(table.observed + fit.unobserved[0])

    return estimate_on


def _batch_statistic(
    problem: LoglinearProblem, chosen: Model
) -> Callable[[np.ndarray], np.ndarray]:
    """The chosen model refitted to every resampled table in one batched fit."""

    def estimate_all(tables: np.ndarray) -> np.ndarray:
        with single_threaded():
            fit = problem.fit(chosen, tables)
        totals = tables.sum(axis=1) + fit.unobserved
        return np.where(fit.converged & np.isfinite(totals), totals, np.nan)

    return estimate_all


def _order(problem: LoglinearProblem) -> int:
    return max(len(term) for term in problem.terms) if problem.terms else 2
