"""Wald, bootstrap and BCa intervals (the profile interval is checked against Rcapture in
test_loglinear_published.py).

Bootstrap counts: 200 replicates. That is enough for what these tests assert (seeded
reproducibility, the interval holding the point, and a BCa interval within 25% of a published
1,000-replicate one) while keeping the run short; the command and the page use 1,000.
"""

from __future__ import annotations

import numpy as np
import pytest

from kirok.lib.estimation import estimate
from tests.estimation.conftest import load_table

SAMPLES = 200


def test_wald_is_log_normal_on_the_dark_figure():
    # README §5: Kosovo BIC model, log-normal 95% interval for the dark figure 9,005-12,105
    # (whole numbers: ±1). It is asymmetric, unlike N ± 1.96 SE.
    result = estimate(load_table("kosovo_4list"), criterion="bic", max_order=3, interval="wald")
    low, high = result.interval
    assert (low, high) == pytest.approx((9005, 12105), abs=1)
    assert high - result.estimate > result.estimate - low


def test_bootstrap_is_seeded_and_reproducible():
    table = load_table("hiv_rome_4list")
    first = estimate(table, model="c1:c2", interval="bootstrap", bootstrap_samples=SAMPLES)
    again = estimate(table, model="c1:c2", interval="bootstrap", bootstrap_samples=SAMPLES)
    other = estimate(table, model="c1:c2", interval="bootstrap", bootstrap_samples=SAMPLES, seed=7)
    assert first.interval == again.interval
    assert np.array_equal(first.samples, again.samples)
    assert first.interval != other.interval
    assert len(first.samples) == SAMPLES
    assert first.interval[0] < first.estimate < first.interval[1]
    assert first.interval_kind == "bootstrap_percentile"
    assert first.details["bootstrap"] == {
        "samples": SAMPLES,
        "failed": 0,
        "seed": 0,
        "model_selection_repeated": False,
    }


def test_bootstrap_redoes_the_search():
    # README §5: Silverman, Chan & Vincent (2024) Table 6, Kosovo, BIC over all models, BCa
    # 95% [6,947, 18,010] redoing the search in each replicate. With 1,000 replicates we get
    # (6,884, 18,407) (bench/estimation.py). Same 25% tolerance and reasoning as New Orleans.
    result = estimate(
        load_table("kosovo_4list"),
        criterion="bic",
        max_order=3,
        interval="bca",
        bootstrap_samples=SAMPLES,
    )
    assert result.details["bootstrap"]["model_selection_repeated"] is True
    assert result.interval[0] < result.estimate < result.interval[1]
    assert result.interval[0] == pytest.approx(6947, rel=0.25)
    assert result.interval[1] == pytest.approx(18010, rel=0.25)


def test_bca_new_orleans_near_the_published_interval():
    # README §2: stepwise (p = 0.02) on the 185 version, N 1,184, BCa 95% CI (717, 1657) from
    # 1,000 replicates (Chan et al. 2021). Tolerance 25% on each end. Why: the ends of a BCa
    # interval rest on the tails of a heavily skewed bootstrap distribution (the stepwise
    # choice changes between replicates; the plain percentile upper end is over 10,000). With
    # 1,000 replicates our seeds 0 and 1 give upper ends 1,710 and 1,528 (±8% around the
    # published one) and lower ends 632 and 633; with 200 the tails rest on ~5 replicates
    # and move by another 15%, and R's random stream is not ours.
    result = estimate(
        load_table("new_orleans_8list"),
        criterion="pvalue",
        interval="bca",
        bootstrap_samples=SAMPLES,
    )
    assert result.model == "D:E"
    assert result.interval_kind == "bootstrap_bca"
    low, high = result.interval
    assert low == pytest.approx(717, rel=0.25)
    assert high == pytest.approx(1657, rel=0.25)
    assert low < result.estimate < high
    assert result.samples is not None and len(result.samples) == SAMPLES
