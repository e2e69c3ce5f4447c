"""Convergence diagnostics against cases whose answer is known in closed form."""

from __future__ import annotations

import numpy as np
import pytest
from scipy.signal import lfilter

from kirok.lib.estimation.mcmc import (
    bulk_effective_sample_size,
    effective_sample_size,
    split_rhat,
)


def autoregressive(rho: float, chains: int, length: int, seed: int) -> np.ndarray:
    """Stationary AR(1) chains x_t = rho x_(t-1) + e_t, e_t ~ N(0, 1)."""
    noise = np.random.default_rng(seed).normal(size=(chains, length))
    noise[:, 0] /= np.sqrt(1.0 - rho**2)  # start in the stationary distribution
    return lfilter([1.0], [1.0, -rho], noise, axis=1)


def test_independent_draws_are_worth_their_number():
    draws = np.random.default_rng(0).normal(size=(4, 5000))
    assert effective_sample_size(draws) == pytest.approx(20_000, rel=0.05)
    assert bulk_effective_sample_size(draws) == pytest.approx(20_000, rel=0.05)


@pytest.mark.parametrize("rho", [0.5, 0.9])
def test_an_autoregressive_chain_is_worth_n_times_1_minus_rho_over_1_plus_rho(rho):
    # The integrated autocorrelation time of AR(1) is (1 + rho) / (1 - rho). With 4 x 20,000
    # draws the estimate's own sampling error is a few percent at rho = 0.9; 12% allows it.
    draws = autoregressive(rho, chains=4, length=20_000, seed=1)
    expected = draws.size * (1 - rho) / (1 + rho)
    assert effective_sample_size(draws) == pytest.approx(expected, rel=0.12)
    assert bulk_effective_sample_size(draws) == pytest.approx(expected, rel=0.12)


def test_a_single_chain_is_accepted_as_a_flat_array():
    draws = autoregressive(0.5, chains=1, length=10_000, seed=2)[0]
    assert effective_sample_size(draws) == pytest.approx(10_000 / 3, rel=0.12)


def test_chains_from_one_distribution_agree():
    draws = autoregressive(0.5, chains=4, length=5000, seed=3)
    assert split_rhat(draws) < 1.01
    assert split_rhat(draws, rank_normalised=False) < 1.01


def test_a_chain_stuck_elsewhere_is_caught():
    draws = autoregressive(0.5, chains=4, length=2000, seed=4)
    draws[0] += 2.0
    assert split_rhat(draws) > 1.1


def test_a_drifting_chain_disagrees_with_itself():
    # One chain only: splitting it in halves is what reveals the trend.
    trend = np.linspace(0.0, 5.0, 4000) + np.random.default_rng(5).normal(size=4000)
    assert split_rhat(trend) > 1.1


def test_chains_that_agree_on_the_centre_but_not_the_spread_are_caught():
    # The folded (rank-normalised) R-hat of Vehtari et al. (2021) sees a scale difference.
    rng = np.random.default_rng(6)
    draws = np.vstack([rng.normal(size=(3, 4000)), 3.0 * rng.normal(size=(1, 4000))])
    assert split_rhat(draws, rank_normalised=False) < 1.05
    assert split_rhat(draws) > 1.1


def test_constant_draws_do_not_break_the_diagnostics():
    draws = np.full((2, 100), 7.0)
    assert effective_sample_size(draws) == 200
    assert split_rhat(draws, rank_normalised=False) == 1.0
