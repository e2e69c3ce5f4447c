"""A list with nobody on it, as a list often is in one stratum: the others give the estimate.

Every model fits an empty list as one that nobody can be caught by (the limit of its
maximum-likelihood fit), and the fit of the other lists' cells is then the fit of the table
without it. Kirok estimates from the other lists and says which list it left out.
"""

from __future__ import annotations

import math

import pytest

from kirok.lib.estimation import CaptureTable, estimate
from kirok.lib.estimation.strata import estimate_by_stratum
from tests.estimation.conftest import load_table
from tests.estimation.test_dga import SPINA_BIFIDA


def with_empty_list(table: CaptureTable, name: str, position: int) -> CaptureTable:
    """`table` with one more list, nobody on it, at `position`."""
    counts = {}
    for pattern, count in zip(table.patterns, table.counts, strict=True):
        bits = [int(b) for b in pattern]
        counts[(*bits[:position], 0, *bits[position:])] = int(count)
    lists = [*table.lists[:position], name, *table.lists[position:]]
    return CaptureTable.from_counts(lists, counts)


def test_the_table_without_its_empty_list():
    table = with_empty_list(load_table("kosovo_4list"), "UN", 1)
    reduced, left_out = table.without_empty_lists()
    assert left_out == ("UN",)
    assert reduced.lists == load_table("kosovo_4list").lists
    assert (reduced.counts == load_table("kosovo_4list").counts).all()


def test_a_search_gives_the_published_estimate_and_names_the_list_left_out():
    # README §5: BIC over hierarchical models up to order 3 gives 10,356.5 on Kosovo's lists.
    table = with_empty_list(load_table("kosovo_4list"), "UN", 2)
    result = estimate(table, criterion="bic", max_order=3, interval="wald")
    assert result.estimate == pytest.approx(10356.5, abs=0.05)
    assert result.observed == 4400
    assert result.details["lists_left_out"] == ["UN"]
    [note] = [w for w in result.warnings if w.code == "list_empty"]
    assert note.params == {"list": "UN"}
    assert "made from the other lists" in note.message


def test_a_given_model_loses_only_the_terms_of_the_empty_list():
    # README §8: the Rome HIV model with main effects plus c1:c2 gives 12,318.5 (the lists are
    # named c1 ... c4). The term of the empty list X goes; c1:c2 stays.
    table = with_empty_list(load_table("hiv_rome_4list"), "X", 0)
    result = estimate(table, model="c1:c2,X:c1", interval="wald")
    assert result.estimate == pytest.approx(12318.5, abs=0.05)
    assert result.model == "c1:c2"


def test_model_averaging_is_unchanged_by_an_empty_list():
    # README §9: Madigan & York's Bayes estimate 731 on the three spina bifida lists.
    table = with_empty_list(load_table("spina_bifida_ny_3list_my1997"), "Z", 3)
    result = estimate(table, "dga", **SPINA_BIFIDA)
    assert round(result.details["bayes_estimate"]) == 731
    assert result.details["lists_left_out"] == ["Z"]


def test_a_stratum_missing_a_list_still_counts_in_the_total():
    kosovo = load_table("kosovo_4list")
    april_counts = {(1, 0, 0): 40, (0, 1, 0): 35, (0, 0, 1): 50, (1, 1, 0): 12, (1, 0, 1): 15,
                    (0, 1, 1): 11, (1, 1, 1): 4}  # fmt: skip
    # A month in which the ABA list recorded nobody.
    april = CaptureTable.from_counts(["EXH", "OSCE", "HRW"], april_counts)
    missing = with_empty_list(april, "ABA", 1)
    assert missing.lists == kosovo.lists
    tables = {("1999-03",): kosovo, ("1999-04",): missing}
    result = estimate_by_stratum(
        tables, "loglinear", criterion="bic", interval="bootstrap", bootstrap_samples=200
    )
    found = result.by_stratum[("1999-04",)]
    assert found.estimate == pytest.approx(estimate(april, criterion="bic").estimate)
    assert found.estimate >= missing.observed
    assert math.isfinite(result.total.estimate)
    assert result.total.estimate == pytest.approx(
        sum(e.estimate for e in result.by_stratum.values()), rel=1e-12
    )
    low, high = result.total.interval
    assert low <= result.total.estimate <= high
    assert any(
        w.code == "list_empty" and w.params["stratum"] == "1999-04" for w in result.total.warnings
    )


def test_with_one_list_left_nothing_is_left_out_and_no_estimate_is_made():
    table = CaptureTable.from_counts(["A", "B"], {(1, 0): 30})
    reduced, left_out = table.without_empty_lists()
    assert reduced is table and left_out == ()
    assert math.isnan(estimate(table, model="").estimate)


def test_terms_written_by_position_keep_their_meaning():
    # "c1:c3" names the first and third lists of the table as given, whatever is left out.
    from kirok.lib.estimation.models import without_lists

    assert without_lists("c1:c3,c1:c2", ["A", "B", "C"], ["B"]) == "A:C"
    assert without_lists("A:B:C", ["A", "B", "C"], ["C"]) == "A:B"
    assert without_lists("", ["A", "B", "C"], ["C"]) == ""
