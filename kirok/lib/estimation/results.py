"""What every estimation method returns: one shape, so that the command, the web page and the
exports never need to know which method produced a number.

The library has no Django and no translations. A warning therefore carries a stable `code`
and its `params` (the page translates by code) besides an English `message` (the command
prints it).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np


@dataclass(frozen=True)
class EstimationWarning:
    """Something an analyst must know before citing the number.

    code: stable identifier, e.g. "lists_never_overlap", "too_few_records",
        "not_identifiable", "mle_does_not_exist", "lists_dependent", "not_converged",
        "low_effective_sample_size", "degenerate_fit".
    message: one or two plain English sentences that say what it means for the estimate.
    params: the values the message names (list names, counts), for translated messages.
    """

    code: str
    message: str
    params: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Estimate:
    """An estimate of the total population: the observed plus those on no list.

    estimate and interval are totals (observed included), never only the dark figure.
    model is how the method's model is written for a reader: log-linear terms as
    "c1:c2,c2:c3" ("" for main effects only), "LCMCR K=10", or the top model of an average.
    details holds method-specific numbers that the report shows (standard error, deviance,
    degrees of freedom, AIC/BIC, effective sample size, posterior quantiles, model
    probabilities ...); every value is JSON-serialisable.
    samples holds draws of the total when the method has them (bootstrap replicates,
    posterior draws): stratified totals add them up stratum by stratum. Not serialised.
    """

    method: str
    observed: int
    estimate: float
    interval: tuple[float, float]
    level: float = 0.95
    interval_kind: str = ""
    model: str = ""
    warnings: tuple[EstimationWarning, ...] = ()
    details: dict[str, Any] = field(default_factory=dict)
    samples: np.ndarray | None = field(default=None, compare=False, repr=False)

    @property
    def unobserved(self) -> float:
        """The dark figure: how many the lists missed."""
        return self.estimate - self.observed

    def as_json(self) -> dict[str, Any]:
        """The command's --json shape (issue 8), plus the fields a report needs."""
        return {
            "observed": self.observed,
            "estimate": finite_or_none(self.estimate),
            "interval": [finite_or_none(self.interval[0]), finite_or_none(self.interval[1])],
            "level": self.level,
            "interval_kind": self.interval_kind,
            "method": self.method,
            "model": self.model,
            "warnings": [
                {"code": w.code, "message": w.message, "params": w.params} for w in self.warnings
            ],
            "details": _json_safe(self.details),
        }


def finite_or_none(value: Any) -> Any:
    """A number JSON can carry: an infinite or undefined one (a degenerate fit) becomes None."""
    if isinstance(value, (float, np.floating)):
        return float(value) if np.isfinite(value) else None
    if isinstance(value, np.integer):
        return int(value)
    return value


def _json_safe(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): _json_safe(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_json_safe(v) for v in value]
    if isinstance(value, np.ndarray):
        return [_json_safe(v) for v in value.tolist()]
    return finite_or_none(value)
