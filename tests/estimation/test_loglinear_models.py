"""Model syntax, enumeration of hierarchical models, the fit itself (checked against
statsmodels' GLM) and the options and warnings of estimate_loglinear."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest
import statsmodels.api as sm

from kirok.lib.estimation import CaptureError, CaptureTable, estimate
from kirok.lib.estimation.models import (
    design_matrix,
    format_model,
    hierarchical_models,
    parse_model,
    sorted_terms,
)
from kirok.lib.estimation.selection import LoglinearProblem
from tests.estimation.conftest import load_table

UK5 = ("LA", "NG", "PFNCA", "GO", "GP")


def test_models_are_read_and_written_in_the_analysts_syntax():
    model = parse_model("NG:GP, LA:NG", UK5)
    assert model == {frozenset({0, 1}), frozenset({1, 4})}
    assert format_model(model, UK5) == "LA:NG,NG:GP"
    assert parse_model("", UK5) == frozenset()
    # Positional names (c1 = the first list) and '+' separators work too.
    assert parse_model("c1:c2 + c2:c5", UK5) == model
    # A three-way term brings its two-way sub-terms (hierarchical closure); written back as
    # its generator only.
    closed = parse_model("LA:NG:GP", UK5)
    assert len(closed) == 4
    assert format_model(closed, UK5) == "LA:NG:GP"
    assert format_model(closed, UK5, all_terms=True) == "LA:NG,LA:GP,NG:GP,LA:NG:GP"
    assert [len(t) for t in sorted_terms(closed)] == [2, 2, 2, 3]


def test_bad_models_are_refused_with_the_list_names():
    with pytest.raises(CaptureError, match=r"the model names 'XX', which is not one of the lists"):
        parse_model("LA:XX", UK5)
    with pytest.raises(CaptureError, match="term 'LA:LA' names a list twice"):
        parse_model("LA:LA", UK5)


def test_hierarchical_model_counts():
    # 113 hierarchical models up to order 3 on four lists (README §5: "exhaustive over 113").
    assert len(hierarchical_models(4, 3)[1]) == 113
    assert len(hierarchical_models(6, 2)[1]) == 2**15
    # Three lists up to order 3: the saturated model (with the 3-way term) is left out, as it
    # is not identifiable without the unobserved cell: 2^3 = 8 models.
    assert len(hierarchical_models(3, 3)[1]) == 8


def test_design_rows_follow_the_table_order():
    table = load_table("korea_palembang_3list")
    design = design_matrix(table.patterns, sorted_terms(parse_model("b:c", table.lists)))
    assert design.shape == (7, 5)
    assert design[:, 4].tolist() == [0, 0, 0, 1, 0, 0, 1]


@pytest.mark.parametrize(
    ("name", "model"),
    [
        ("hiv_rome_4list", "c1:c2"),
        ("kosovo_4list", "EXH:ABA:OSCE,EXH:HRW,OSCE:HRW"),
        ("uk2013_5list", "LA:NG,NG:GP,PFNCA:GP,LA:PFNCA,GO:GP,NG:GO"),
        ("diabetes_casale_4list", "c1:c3,c2:c4,c3:c4"),
    ],
)
def test_fit_agrees_with_statsmodels_glm(name, model):
    # Tolerance: 1e-6 relative on coefficients and deviance, 1e-5 on Var(beta0) (statsmodels
    # stops IRLS on a deviance change of 1e-8 and takes the covariance at that iterate).
    table = load_table(name)
    problem = LoglinearProblem(table, 3)
    chosen = parse_model(model, table.lists)
    ours = problem.fit(chosen)
    columns = problem.uses(chosen)
    reference = sm.GLM(table.counts, problem.design[:, columns], family=sm.families.Poisson()).fit()
    assert ours.beta[0][columns] == pytest.approx(reference.params, rel=1e-6, abs=1e-8)
    assert ours.var_intercept[0] == pytest.approx(reference.cov_params()[0, 0], rel=1e-5)
    assert ours.deviance[0] == pytest.approx(reference.deviance, rel=1e-6)
    assert ours.loglik[0] == pytest.approx(reference.llf, rel=1e-9)


def test_unknown_options_are_plain_errors():
    table = load_table("korea_palembang_3list")
    with pytest.raises(ValueError, match="unknown criterion 'cic'; choose one of aic, bic, pvalue"):
        estimate(table, criterion="cic")
    with pytest.raises(ValueError, match="unknown interval 'x'"):
        estimate(table, interval="x")
    with pytest.raises(ValueError, match="level must be between 0 and 1"):
        estimate(table, level=95)
    with pytest.raises(ValueError, match="unknown method 'dgaa'"):
        estimate(table, method="dgaa")


def test_aic_search_and_details_are_json_ready():
    table = load_table("korea_palembang_3list")
    result = estimate(table, criterion="aic", interval="wald", level=0.9)
    assert result.details["criterion"] == "aic"
    assert result.details["models_searched"] == 8
    assert result.details["top_models"][0]["aic"] == pytest.approx(result.details["aic"])
    assert result.interval[0] < result.estimate < result.interval[1]
    assert result.level == 0.9 and result.interval_kind == "wald_lognormal"
    json.dumps(result.as_json())  # every value serialises
    assert result.unobserved == pytest.approx(result.estimate - 123)


def test_degenerate_estimates_are_flagged():
    # Two lists that barely overlap: independence gives 200 x 200 / 1 = 40,000 from 399 seen.
    table = CaptureTable.from_counts(["A", "B"], {(1, 0): 199, (0, 1): 199, (1, 1): 1})
    result = estimate(table, model="", interval="wald")
    assert result.estimate == pytest.approx(200 * 200, rel=1e-6)
    assert [w.code for w in result.warnings] == ["degenerate_fit"]
    assert result.warnings[0].params["factor"] == 100


def test_table_warnings_come_first():
    result = estimate(load_table("western_us_5list"), criterion="pvalue", interval="wald")
    assert [w.code for w in result.warnings] == ["lists_never_overlap"]
    assert not math.isnan(result.estimate)
    assert np.isfinite(result.details["se"])
