"""Multiple systems estimation (capture-recapture): how many people no list recorded.

No Django here: the command (`kirok estimate`), the analysts' page and the tests all call
`estimate` on a CaptureTable and get an Estimate back, whichever method ran.

    loglinear  Poisson log-linear models (Bishop, Fienberg & Holland; Rcapture), a model
               given or chosen by AIC/BIC or the stepwise p-value rule of Chan, Silverman &
               Vincent (2021), with Wald, profile-likelihood or bootstrap intervals.
    lcmcr      the Bayesian non-parametric latent-class model of Manrique-Vallier (2016).
    dga        Bayesian model averaging over decomposable graphical models (Madigan & York
               1997), up to five lists.

Method and sources: docs/methodology/estimation.md.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any

from kirok.lib.estimation.captures import (
    CaptureError,
    CaptureTable,
    from_memberships,
    read_captures_csv,
)
from kirok.lib.estimation.diagnostics import list_empty
from kirok.lib.estimation.models import without_lists
from kirok.lib.estimation.results import Estimate, EstimationWarning

METHODS = ("loglinear", "lcmcr", "dga")

__all__ = [
    "METHODS",
    "CaptureError",
    "CaptureTable",
    "Estimate",
    "EstimationWarning",
    "estimate",
    "from_memberships",
    "read_captures_csv",
]


def estimate(table: CaptureTable, method: str = "loglinear", **options: Any) -> Estimate:
    """Estimate the total population behind `table` with `method`.

    Options are the method's own keyword arguments (see each module); an unknown method or
    option is a ValueError with a message that names it.
    """
    runner = _runner(method)
    reduced, left_out = table.without_empty_lists()
    if not left_out:
        return runner(table, **options)
    if options.get("model"):
        options = {**options, "model": without_lists(options["model"], table.lists, left_out)}
    return _noting_left_out(runner(reduced, **options), left_out)


def _noting_left_out(found: Estimate, left_out: tuple[str, ...]) -> Estimate:
    """The estimate made without the empty lists, saying which they were."""
    return replace(
        found,
        warnings=(*(list_empty(name) for name in left_out), *found.warnings),
        details={**found.details, "lists_left_out": list(left_out)},
    )


def _runner(method: str) -> Any:
    # Imported on use: the samplers compile with numba, which a log-linear fit never needs.
    if method == "loglinear":
        from kirok.lib.estimation.loglinear import estimate_loglinear

        return estimate_loglinear
    if method == "lcmcr":
        from kirok.lib.estimation.lcmcr import estimate_lcmcr

        return estimate_lcmcr
    if method == "dga":
        from kirok.lib.estimation.dga import estimate_dga

        return estimate_dga
    raise ValueError(f"unknown method {method!r}; choose one of {', '.join(METHODS)}")


def method_options(options: Mapping[str, Any], method: str) -> dict[str, Any]:
    """Only the options that `method` takes (the command passes all it was given)."""
    import inspect

    accepted = inspect.signature(_runner(method)).parameters
    return {
        name: value for name, value in options.items() if name in accepted and value is not None
    }
