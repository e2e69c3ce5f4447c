"""LCMCR (Manrique-Vallier 2016): calibration on simulated data, Kosovo, reproducibility.

The sampler is compiled by numba on first use (several seconds, once per test process).
"""

from __future__ import annotations

import json
from collections import Counter

import numpy as np
import pytest
from scipy import stats

from kirok.lib.estimation import CaptureError, CaptureTable, estimate
from kirok.lib.estimation.lcmcr import _binomial_sample, estimate_lcmcr, sample_chains
from tests.estimation.conftest import load_table

# A known latent-class population: N = 2,000 people, four lists, three classes of people who
# are hard, middling and easy to record (about 11% are on no list).
TRUE_TOTAL = 2000
CLASS_WEIGHTS = np.array([0.45, 0.35, 0.20])
CAPTURE = np.array(
    [
        [0.30, 0.35, 0.30, 0.40],
        [0.50, 0.45, 0.55, 0.50],
        [0.80, 0.75, 0.80, 0.70],
    ]
)


def simulate(seed: int) -> CaptureTable:
    """Who each list records, person by person, then the observed patterns' counts."""
    rng = np.random.default_rng(seed)
    classes = rng.choice(CLASS_WEIGHTS.size, size=TRUE_TOTAL, p=CLASS_WEIGHTS)
    recorded = rng.random((TRUE_TOTAL, CAPTURE.shape[1])) < CAPTURE[classes]
    seen = recorded[recorded.any(axis=1)].astype(int)
    return CaptureTable.from_counts(
        [f"L{j + 1}" for j in range(CAPTURE.shape[1])], Counter(map(tuple, seen))
    )


def test_the_true_total_lies_in_the_95_percent_interval_of_at_least_90_of_100_simulations():
    # Issue 8's requirement. One short chain per data set: 2,000 iterations after LCMCR's
    # 500-iteration warm-up and a 1,000-iteration burn-in, every draw kept (about 8 s in
    # all). On these data the chain settles within a few hundred iterations. This run gives
    # 98 (and 95 on another 100 data sets); longer chains give much the same (4,000
    # iterations: 99 and 98). Calibration is a property of the population, not only the run:
    # with five lists of similar classes, 91 to 94 of 100; when half the people are
    # rarely recorded (capture probability about 0.2 on every list) the posterior itself
    # sits too low and only about 75% of intervals hold the truth whatever the run length,
    # as a separate per-person sampler confirmed. docs/methodology/estimation.md explains.
    inside = 0
    for seed in range(100):
        draws = sample_chains(
            simulate(10_000 + seed), iterations=2000, burn_in=1000, thinning=1, chains=1, seed=seed
        )
        low, high = np.quantile(draws, [0.025, 0.975])
        inside += int(low <= TRUE_TOTAL <= high)
    assert inside >= 90


def test_kosovo_posterior_median_is_about_10400():
    # README §5: no published LCMCR figure for these data; HRDAG quotes LCMCR around 10,400
    # and the Kosovo Memory Book counts 10,401. The chains mix slowly: 4 chains of 20,000
    # iterations are worth only 20 to 250 independent draws, and over 8 seeds the median
    # of such a run fell between 10,230 and 10,590 (sd about 120). +-400 is over three of
    # those; the diagnostics themselves vary too much at this length to be asserted.
    result = estimate_lcmcr(load_table("kosovo_4list"), iterations=20_000, seed=0)
    assert result.estimate == pytest.approx(10_400, abs=400)
    assert result.observed == 4400
    assert 7_500 < result.interval[0] < result.estimate < result.interval[1] < 18_000
    assert result.details["effective_sample_size"] > 0
    assert result.details["rhat"] is not None


def test_the_same_seed_gives_the_same_numbers():
    table = load_table("kosovo_4list")
    options = {"iterations": 500, "burn_in": 500, "thinning": 5, "chains": 2}
    first = estimate(table, "lcmcr", seed=7, **options)
    again = estimate(table, "lcmcr", seed=7, **options)
    other = estimate(table, "lcmcr", seed=8, **options)
    assert first == again
    assert (first.samples == again.samples).all()
    assert not (first.samples == other.samples).all()


def test_adding_a_chain_keeps_the_earlier_ones():
    table = load_table("kosovo_4list")
    two = sample_chains(table, iterations=300, burn_in=100, thinning=3, chains=2, seed=1)
    three = sample_chains(table, iterations=300, burn_in=100, thinning=3, chains=3, seed=1)
    assert (three[:2] == two).all()


def test_the_result_carries_what_a_report_needs():
    result = estimate_lcmcr(
        load_table("kosovo_4list"), iterations=6000, burn_in=1000, thinning=2, chains=2
    )
    details = result.details
    assert result.method == "lcmcr"
    assert result.model == "LCMCR K=10"
    assert result.interval_kind == "posterior quantiles"
    assert list(details["quantiles"]) == ["2.5", "5", "25", "50", "75", "95", "97.5"]
    assert details["quantiles"]["50"] == result.estimate
    assert (details["quantiles"]["2.5"], details["quantiles"]["97.5"]) == result.interval
    assert details["iterations"] == 6000 and details["thinning"] == 2 and details["chains"] == 2
    # 3,000 kept draws per chain, thinned again to at most 500 points for the trace plot.
    assert len(details["trace"]) == 2
    assert all(len(chain) == 500 for chain in details["trace"])
    assert details["trace_every"] == 12
    assert result.samples.shape == (6000,)
    assert json.loads(json.dumps(result.as_json()))["model"] == "LCMCR K=10"


def test_a_short_run_is_flagged_as_unreliable():
    result = estimate_lcmcr(
        load_table("kosovo_4list"), iterations=200, burn_in=100, thinning=1, chains=2
    )
    codes = [w.code for w in result.warnings]
    assert "low_effective_sample_size" in codes
    warning = next(w for w in result.warnings if w.code == "low_effective_sample_size")
    assert "more iterations" in warning.message
    assert warning.params["effective_sample_size"] < 400


def test_chains_that_disagree_are_flagged():
    # On the UK six-list table LCMCR's chains "can flip between modes" (issue 8): short
    # chains sit near very different totals (here about 5,000 to 16,000).
    result = estimate_lcmcr(
        load_table("uk2013_6list"), iterations=2000, burn_in=1000, thinning=1, chains=4
    )
    warning = next(w for w in result.warnings if w.code == "not_converged")
    assert warning.params["rhat"] > 1.1
    assert "Run more iterations" in warning.message


def test_bad_options_are_refused():
    table = load_table("kosovo_4list")
    with pytest.raises(ValueError, match="K"):
        estimate_lcmcr(table, K=1)
    with pytest.raises(ValueError, match="thinning"):
        estimate_lcmcr(table, iterations=5, thinning=10)
    with pytest.raises(ValueError, match="level"):
        estimate_lcmcr(table, level=95)
    with pytest.raises(CaptureError, match="nobody"):
        estimate_lcmcr(CaptureTable.from_counts(["A", "B"], {}))


def test_a_run_too_short_to_diagnose_still_gives_valid_json():
    table = CaptureTable.from_counts(["A", "B"], {(1, 0): 30, (0, 1): 40, (1, 1): 20})
    result = estimate_lcmcr(table, iterations=3, burn_in=0, thinning=1, chains=1)
    assert result.details["effective_sample_size"] is None
    assert "too few draws" in result.warnings[-1].message
    json.dumps(result.as_json(), allow_nan=False)


@pytest.mark.parametrize(
    ("trials", "p"),
    [(1, 0.3), (40, 0.2), (1131, 0.31), (4400, 0.9), (2000, 0.004), (300, 0.999)],
)
def test_the_binomial_draws_follow_the_binomial_distribution(trials, p):
    # The sampler's own binomial generator (inversion below a mean of 10, Hörmann's BTRS
    # above, p > 1/2 by symmetry): a chi-square test of 50,000 seeded draws against scipy.
    draws = _binomial_sample(trials, p, 50_000, 3)
    values = np.arange(trials + 1)
    expected = stats.binom.pmf(values, trials, p) * draws.size
    observed = np.bincount(draws, minlength=trials + 1)
    kept = expected >= 5
    pooled_rest = observed[~kept].sum(), expected[~kept].sum()
    statistic = ((observed[kept] - expected[kept]) ** 2 / expected[kept]).sum()
    categories = int(kept.sum())
    if pooled_rest[1] >= 5:  # the thin tails, pooled into one category
        statistic += (pooled_rest[0] - pooled_rest[1]) ** 2 / pooled_rest[1]
        categories += 1
    assert stats.chi2.sf(statistic, categories - 1) > 1e-3
    assert draws.min() >= 0 and draws.max() <= trials
