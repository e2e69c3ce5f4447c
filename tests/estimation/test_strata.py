"""Estimates by stratum and their total (strata.estimate_by_stratum)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from kirok.lib.estimation import CaptureError
from kirok.lib.estimation.strata import estimate_by_stratum
from tests.estimation.conftest import load_tables

SAMPLES = 200  # per stratum: enough to show the total's interval brackets it (see below)


def test_spina_bifida_by_ethnicity():
    # README §9: conting's `spina` by ethnicity (621 people). The "other" stratum holds 2
    # people, none on D. Left with B and R (both on B, one on R too), no model can be fitted
    # and the stratum says so; the total is then not a number either, and its warnings name
    # the stratum.
    tables = load_tables("spina_bifida_ny_3list_by_ethnicity")
    result = estimate_by_stratum(tables, "loglinear", model="D:R", bootstrap_samples=SAMPLES)
    other = result.by_stratum[("other",)]
    assert math.isnan(other.estimate)
    assert "mle_does_not_exist" in [w.code for w in other.warnings]
    assert math.isnan(result.total.estimate)
    assert any(w.params.get("stratum") == "other" for w in result.total.warnings)

    usable = {key: t for key, t in tables.items() if key != ("other",)}
    result = estimate_by_stratum(usable, "loglinear", criterion="bic", bootstrap_samples=SAMPLES)
    parts = [e.estimate for e in result.by_stratum.values()]
    # The total is the sum (exact up to float addition) and the interval brackets it.
    assert result.total.estimate == pytest.approx(sum(parts), rel=1e-12)
    assert result.total.observed == 619
    low, high = result.total.interval
    assert low < result.total.estimate < high
    # Profile intervals have no draws, so a per-stratum bootstrap was run for the total.
    assert result.total.interval_kind == "sum_of_stratum_bootstraps"
    # Each stratum refits the model it chose; a few resamples of the 36-person stratum
    # leave that model without an estimate, and those draws are left out and counted.
    assert result.total.details["draws_made"] == SAMPLES
    assert 0.9 * SAMPLES <= len(result.total.samples) == result.total.details["draws_used"]


def test_scotland_by_region_gender_age_adds_bootstrap_samples():
    # README §11: ScotPWID, 8 strata, 5,670 people; no published total. Each stratum's own
    # bootstrap replicates (main effects model) are added draw by draw.
    tables = load_tables("scotland_pwid2006_4list_by_region_gender_age")
    result = estimate_by_stratum(
        tables, "loglinear", model="", interval="bootstrap", bootstrap_samples=SAMPLES
    )
    assert len(result.by_stratum) == 8
    assert result.total.observed == 5670
    assert result.total.estimate == pytest.approx(
        sum(e.estimate for e in result.by_stratum.values()), rel=1e-12
    )
    assert result.total.interval_kind == "sum_of_samples"
    expected = np.sum([e.samples for e in result.by_stratum.values()], axis=0)
    assert np.allclose(np.sort(result.total.samples), np.sort(expected))
    low, high = result.total.interval
    assert low < result.total.estimate < high


def test_strata_must_share_their_lists():
    tables = load_tables("spina_bifida_ny_3list_by_ethnicity")
    other = load_tables("korea_palembang_3list")[()]
    with pytest.raises(CaptureError, match="the strata do not have the same lists"):
        estimate_by_stratum({**tables, ("x",): other}, "loglinear")
    with pytest.raises(CaptureError, match="there are no strata to estimate"):
        estimate_by_stratum({}, "loglinear")
