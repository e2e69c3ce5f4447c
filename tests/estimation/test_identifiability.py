"""Existence and identifiability of the MLE (Chan, Silverman & Vincent 2021, Table 2)."""

from __future__ import annotations

import math

import pytest

from kirok.lib.estimation import estimate
from kirok.lib.estimation.models import parse_model
from kirok.lib.estimation.selection import LoglinearProblem
from tests.estimation.conftest import load_table


@pytest.mark.parametrize(
    ("model", "code"),
    [
        # README §7: SparseMSE checkident on Artificial_3, reproduced exactly (codes are exact).
        ("", 0),  # main effects only: passes
        ("A:C", 0),  # any of AC and BC without AB: passes
        ("B:C", 0),
        ("A:C,B:C", 0),
        ("A:B", 1),  # AB alone, or with AC or BC: LP value 0, the MLE does not exist
        ("A:B,A:C", 1),
        ("A:B,B:C", 1),
        ("A:B,A:C,B:C", 2),  # all three: LP value positive, design rank-deficient
    ],
)
def test_artificial_three_lists(model, code):
    table = load_table("artificial_3list_chan2021")
    problem = LoglinearProblem(table)
    assert problem.check(parse_model(model, table.lists)) == code


def test_a_refused_model_explains_itself():
    table = load_table("artificial_3list_chan2021")
    refused = estimate(table, model="A:B,A:C,B:C")
    assert math.isnan(refused.estimate) and all(math.isnan(x) for x in refused.interval)
    warning = refused.warnings[-1]
    assert warning.code == "not_identifiable"
    assert warning.params == {"model": "A:B,A:C,B:C"}
    assert "Drop an interaction term" in warning.message and "merge" in warning.message
    missing = estimate(table, model="A:B")
    assert missing.warnings[-1].code == "mle_does_not_exist"
    assert "Drop an interaction term or merge lists" in missing.warnings[-1].message
    assert missing.details == {"identifiability": 1}


def test_searches_skip_models_that_fail_the_check():
    # Every model the BIC search may pick on the artificial table passes the check.
    table = load_table("artificial_3list_chan2021")
    chosen = estimate(table, criterion="bic", interval="wald")
    problem = LoglinearProblem(table)
    assert problem.check(parse_model(chosen.model, table.lists)) == 0
    assert chosen.details["models_skipped"] >= 3
    stepwise = estimate(table, criterion="pvalue", interval="wald")
    assert problem.check(parse_model(stepwise.model, table.lists)) == 0
