"""Intervals for the total of a log-linear fit: Wald (log-normal), profile likelihood and the
nonparametric bootstrap (percentile and BCa).

All return totals (observed included).
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np
from scipy.optimize import brentq, minimize_scalar
from scipy.special import gammaln
from scipy.stats import chi2, norm

from kirok.lib.estimation.fitting import fit_batch
from kirok.lib.estimation.models import Model
from kirok.lib.estimation.selection import LoglinearProblem

PROFILE_MAX_FACTOR = 1e4  # an upper limit beyond 10,000 x the observed is reported as infinite


def wald(
    observed: int, unobserved: float, var_intercept: float, level: float
) -> tuple[float, float]:
    """Log-normal interval for the dark figure, as Rcapture (Chao 1987).

    With f0 = exp(beta0) and its variance v = f0 + f0^2 Var(beta0), the interval is
    observed + f0 / C .. observed + f0 * C, C = exp(z sqrt(log(1 + v / f0^2))). It never goes
    below the number observed, unlike the symmetric N +- z SE.
    """
    if not unobserved > 0 or not math.isfinite(var_intercept):
        return float(observed), math.inf if unobserved > 0 else float(observed)
    z = norm.ppf(0.5 + level / 2)
    variance = unobserved + unobserved**2 * var_intercept
    spread = math.exp(z * math.sqrt(math.log1p(variance / unobserved**2)))
    return observed + unobserved / spread, observed + unobserved * spread


class Profile:
    """The multinomial profile likelihood of the total N (Rcapture's closedpCI).

    For a given N the unobserved cell holds N - n people; the model is fitted to the complete
    2^t table by Poisson maximum likelihood (equivalent to the multinomial for fixed N) and
    log L(N) = log N! - log (N - n)! + sum_i y_i log(mu_i / N), N treated as continuous.
    """

    def __init__(self, problem: LoglinearProblem, model: Model):
        zero_row = np.zeros((1, problem.design.shape[1]))
        zero_row[0, 0] = 1.0
        self.design = np.vstack([zero_row, problem.design])
        self.uses = problem.uses(model)[None, :]
        self.first_term = problem.first_term
        self.counts = problem.counts
        self.observed = float(problem.counts.sum())
        self._start: np.ndarray | None = None

    def loglik(self, total: float) -> float:
        y = np.concatenate([[total - self.observed], self.counts])
        fit = fit_batch(self.design, y, self.uses, self.first_term, self._start)
        if fit.converged[0]:
            self._start = fit.beta  # warm start for the next N: they are close
        mu = fit.fitted[0]
        used = (y > 0) & (mu > 0)
        return float(
            gammaln(total + 1)
            - gammaln(total - self.observed + 1)
            + (y[used] * np.log(mu[used] / total)).sum()
        )

    def interval(self, poisson_estimate: float, level: float) -> tuple[float, tuple[float, float]]:
        """The profile maximum and the interval {N : 2 (max - log L(N)) <= chi2_1(level)}."""
        n = self.observed
        upper_bound = max(poisson_estimate * 4, n + 10)
        found = minimize_scalar(
            lambda x: -self.loglik(n + math.exp(x)),
            bounds=(math.log(1e-6), math.log(upper_bound - n)),
            method="bounded",
            options={"xatol": 1e-7},
        )
        best = self._refined_top(n + math.exp(found.x))
        top = self.loglik(best)
        cut = chi2.ppf(level, 1) / 2

        def gap(total: float) -> float:
            return top - self.loglik(total) - cut

        low_edge = n + 1e-9
        lower = n if gap(low_edge) <= 0 else brentq(gap, low_edge, best, xtol=1e-6)
        upper = best * 1.5 + 1
        while gap(upper) < 0:
            if upper > n * PROFILE_MAX_FACTOR:
                return best, (lower, math.inf)
            upper *= 2
        high = brentq(gap, best, upper, xtol=1e-6)
        return best, (lower, high)

    def _refined_top(self, guess: float) -> float:
        """The profile's maximum, found again where its slope (a central difference) is 0.

        Near its top the profile is flat: at N of tens of thousands, log L changes by about
        1e-11 over a tenth of a person, which is double precision's rounding of log L itself.
        A search comparing values (``guess``) stops anywhere on that plateau, a tenth or two
        off from one processor to another (Rome's 23,269.8 came out 23,269.71 on one). The
        slope across a thousandth of the unobserved count stands far above that noise.
        """
        step = 1e-3 * (guess - self.observed)
        low, high = guess - 10 * step, guess + 10 * step
        if step <= 0 or low - step <= self.observed:
            return guess

        def slope(total: float) -> float:
            return self.loglik(total + step) - self.loglik(total - step)

        if not slope(low) > 0 > slope(high):
            return guess
        return brentq(slope, low, high, xtol=1e-9 * guess)


def bootstrap_totals(
    counts: np.ndarray,
    statistic: Callable[[np.ndarray], float],
    samples: int,
    seed: int,
    batch: Callable[[np.ndarray], np.ndarray] | None = None,
) -> np.ndarray:
    """Totals re-estimated on `samples` tables resampled from the observed individuals.

    Each resample draws the observed number of people with replacement, i.e. multinomially
    with the observed pattern frequencies. `batch` (optional) estimates many tables at once.
    A replicate whose estimate fails is NaN.
    """
    rng = np.random.default_rng(seed)
    total = int(counts.sum())
    tables = rng.multinomial(total, counts / total, size=samples)
    if batch is not None:
        return batch(tables)
    return np.array([statistic(table) for table in tables])


def percentile(replicates: np.ndarray, level: float) -> tuple[float, float]:
    valid = replicates[np.isfinite(replicates)]
    tail = (1 - level) / 2
    low, high = np.quantile(valid, [tail, 1 - tail])
    return float(low), float(high)


def bca(
    replicates: np.ndarray,
    point: float,
    counts: np.ndarray,
    statistic: Callable[[np.ndarray], float],
    level: float,
) -> tuple[float, float]:
    """Bias-corrected and accelerated percentile interval (Efron 1987).

    Bias: the share of replicates below the point estimate. Acceleration: from the jackknife
    over individuals, leaving out one person of each observed pattern in turn (weighted by
    how many people share that pattern).
    """
    valid = replicates[np.isfinite(replicates)]
    below = (np.sum(valid < point) + 0.5 * np.sum(valid == point)) / len(valid)
    bias = norm.ppf(min(max(below, 1e-6), 1 - 1e-6))
    acceleration = _acceleration(counts, statistic)
    tail = (1 - level) / 2
    shares = []
    for z in (norm.ppf(tail), norm.ppf(1 - tail)):
        adjusted = bias + (bias + z) / (1 - acceleration * (bias + z))
        shares.append(norm.cdf(adjusted))
    low, high = np.quantile(valid, shares)
    return float(low), float(high)


def _acceleration(counts: np.ndarray, statistic: Callable[[np.ndarray], float]) -> float:
    cells = np.flatnonzero(counts > 0)
    values = []
    for cell in cells:
        reduced = counts.copy()
        reduced[cell] -= 1
        values.append(statistic(reduced))
    values_array = np.array(values, dtype=float)
    weights = counts[cells].astype(float)
    usable = np.isfinite(values_array)
    if not usable.any():
        return 0.0
    values_array, weights = values_array[usable], weights[usable]
    mean = (weights * values_array).sum() / weights.sum()
    spread = mean - values_array
    denominator = 6 * ((weights * spread**2).sum()) ** 1.5
    return float((weights * spread**3).sum() / denominator) if denominator > 0 else 0.0
