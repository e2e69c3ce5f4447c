"""Madigan & York model averaging against the published numbers (tests/data/mse/README.md)."""

from __future__ import annotations

import json

import pytest

from kirok.lib.estimation import CaptureError, estimate
from kirok.lib.estimation.captures import CaptureTable
from kirok.lib.estimation.dga import decomposable_graphs, estimate_dga
from tests.estimation.conftest import load_table

# README §9: dga's test "3 lists example against Madigan and York": delta 1 and the
# negative-binomial-type prior a = 13.14, b = 55.17 on N, n0 from 1 to 300.
SPINA_BIFIDA = {
    "delta": 1.0,
    "prior": "negative_binomial",
    "prior_a": 13.14,
    "prior_b": 55.17,
    "max_missing": 300,
}


def test_every_decomposable_graph_is_enumerated():
    # Labelled chordal graphs on 3, 4, 5 vertices (OEIS A058862), as dga's graphs3/4/5.
    assert [len(decomposable_graphs(t)) for t in (3, 4, 5)] == [8, 61, 822]


def test_spina_bifida_reproduces_madigan_and_york_exactly():
    # README §9 (Madigan & York 1997; dga's test): top model posterior probability 0.37,
    # Bayes estimate E[1/N]/E[1/N^2] 731 for the top model and for the average, top-model
    # posterior mode 729, model-averaged mode 728. Rounded as dga's test rounds them.
    result = estimate_dga(load_table("spina_bifida_ny_3list_my1997"), **SPINA_BIFIDA)
    top = result.details["top_models"][0]
    assert round(top["probability"], 2) == 0.37
    assert round(top["bayes_estimate"]) == 731
    assert top["mode"] == 729
    assert round(result.details["bayes_estimate"]) == 731
    assert result.details["mode"] == 728
    # The top model links D and R only; the log-linear stepwise rule picks D:R too (730.9).
    assert result.model == "B,D:R"
    assert result.method == "dga"


def test_spina_bifida_interval_is_an_equal_tailed_posterior_interval():
    result = estimate_dga(load_table("spina_bifida_ny_3list_my1997"), **SPINA_BIFIDA)
    quantiles = result.details["quantiles"]
    assert result.interval == (quantiles["2.5"], quantiles["97.5"])
    assert result.estimate == quantiles["50"]
    assert result.observed == 626 < result.interval[0] < result.estimate < result.interval[1]
    assert result.interval_kind == "posterior quantiles"
    assert json.loads(json.dumps(result.as_json()))["details"]["mode"] == 728


def test_the_five_list_example_gives_a_sane_answer():
    # README §10: dga's bma.cr example with delta 0.5 and n0 in 1..300 (a plot, no number).
    # With the 1/N prior the posterior sits well inside that range, so the default range
    # (up to ten times the observed) gives the same answer and no truncation warning.
    table = load_table("madigan_york1997_5list_example")
    result = estimate_dga(table, delta=0.5)
    narrow = estimate_dga(table, delta=0.5, max_missing=300)
    assert result.observed == 537
    assert 537 < result.interval[0] < result.estimate < result.interval[1] < 537 + 300
    assert result.estimate == narrow.estimate
    assert result.interval == narrow.interval
    assert result.details["models"] == 822
    assert sum(m["probability"] for m in result.details["top_models"]) <= 1.0 + 1e-9
    assert not [w for w in result.warnings if w.code == "posterior_truncated"]


def test_six_lists_are_refused_with_a_reason():
    with pytest.raises(CaptureError, match="at most 5 lists"):
        estimate_dga(load_table("uk2013_6list"))


def test_a_range_that_cuts_the_posterior_is_reported():
    result = estimate_dga(load_table("spina_bifida_ny_3list_my1997"), max_missing=40)
    codes = [w.code for w in result.warnings]
    assert "posterior_truncated" in codes


def test_the_negative_binomial_prior_needs_its_parameters():
    with pytest.raises(ValueError, match="prior_a"):
        estimate_dga(load_table("spina_bifida_ny_3list_my1997"), prior="negative_binomial")
    with pytest.raises(ValueError, match="unknown prior"):
        estimate_dga(load_table("spina_bifida_ny_3list_my1997"), prior="flat")


def test_draws_are_seeded_and_follow_the_posterior():
    table = load_table("spina_bifida_ny_3list_my1997")
    first = estimate(table, "dga", seed=3, **SPINA_BIFIDA)
    again = estimate(table, "dga", seed=3, **SPINA_BIFIDA)
    other = estimate(table, "dga", seed=4, **SPINA_BIFIDA)
    assert (first.samples == again.samples).all()
    assert not (first.samples == other.samples).all()
    assert first.samples.mean() == pytest.approx(first.details["posterior_mean"], rel=0.01)


def test_a_prior_driven_answer_is_reported():
    # Kosovo with delta 1 (16 prior people per cell of the four-list table): the complete
    # graph, which cannot say how many were missed, takes almost all the weight and the
    # "estimate" (about 4,600) is the prior's. dga's suggested delta 2^-t lets the data speak.
    table = load_table("kosovo_4list")
    prior_driven = estimate_dga(table, delta=1.0)
    assert "saturated_model_dominates" in [w.code for w in prior_driven.warnings]
    assert prior_driven.model == "EXH:ABA:OSCE:HRW"
    data_driven = estimate_dga(table, delta=2**-4)
    assert "saturated_model_dominates" not in [w.code for w in data_driven.warnings]
    assert 9_000 < data_driven.estimate < 16_000
    # The default is dga's suggestion, 2^-t.
    assert estimate_dga(table).estimate == data_driven.estimate


def test_every_model_summarised_is_a_finite_number(monkeypatch):
    """Spina bifida with every count times 50: the models other than the best get a
    posterior that underflows to zeros when taken jointly; each is summarised from its own
    posterior over N instead (strict JSON has no NaN)."""
    small = load_table("spina_bifida_ny_3list_my1997")
    table = CaptureTable(small.lists, small.patterns, small.counts * 50)
    result = estimate_dga(table)
    summaries = result.details["top_models"]
    assert len(summaries) == 8
    assert sum(model["probability"] == 0.0 for model in summaries) >= 3
    for model in summaries:
        assert table.observed <= model["mode"] <= model["median"] * 2
        assert table.observed <= model["bayes_estimate"] <= table.observed * 11
    json.dumps(result.as_json(), allow_nan=False)


def test_a_table_too_large_to_average_over_is_refused_with_a_way_out(monkeypatch):
    """Ten times 6.26 million observed would be 62.6 million totals with 2^3 values each
    (gigabytes): refused, naming the other methods, instead of running out of memory."""
    small = load_table("spina_bifida_ny_3list_my1997")
    table = CaptureTable(small.lists, small.patterns, small.counts * 10_000)
    with pytest.raises(CaptureError, match="Estimate strata separately, or use the log-linear"):
        estimate_dga(table)
    assert estimate_dga(table, max_missing=500_000).observed == 6_260_000
