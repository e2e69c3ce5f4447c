"""Warnings about the lists themselves (diagnostics.table_warnings): what an analyst reads
before trusting any number."""

from __future__ import annotations

from kirok.lib.estimation import CaptureTable
from kirok.lib.estimation.diagnostics import table_warnings
from tests.estimation.conftest import load_table


def codes(table):
    return [w.code for w in table_warnings(table)]


def test_a_healthy_table_raises_nothing():
    # Kosovo: 4,400 people, every pair of lists overlaps (README section 5).
    assert codes(load_table("kosovo_4list")) == []


def test_pairs_that_share_nobody_are_named():
    # UK six lists: LA and GP, LA and NCA share nobody (counts in uk2013_6list.csv).
    (warning,) = table_warnings(load_table("uk2013_6list"))
    assert warning.code == "lists_never_overlap"
    assert warning.params == {"pairs": [["LA", "GP"], ["LA", "NCA"]]}
    assert "LA and GP, LA and NCA" in warning.message


def test_isolated_list_small_lists_and_too_few_people():
    table = CaptureTable.from_counts(
        ["A", "B", "C"], {(1, 0, 0): 20, (0, 1, 0): 15, (1, 1, 0): 4, (0, 0, 1): 3}
    )
    found = codes(table)
    assert found[:2] == ["list_isolated", "lists_never_overlap"]
    assert "too_few_records" in found and "small_lists" in found
    small = next(w for w in table_warnings(table) if w.code == "small_lists")
    assert small.params["lists"] == ["C"]


def test_empty_list_is_reported():
    table = CaptureTable.from_counts(["A", "B", "C"], {(1, 0, 0): 60, (0, 1, 0): 60, (1, 1, 0): 9})
    empty = [w for w in table_warnings(table) if w.code == "list_empty"]
    assert [w.params["list"] for w in empty] == ["C"]


def test_nested_and_identical_lists_are_dependent():
    nested = CaptureTable.from_counts(["A", "B"], {(1, 0): 80, (1, 1): 30})
    (warning,) = [w for w in table_warnings(nested) if w.code == "lists_dependent"]
    assert warning.params == {"lists": ["B", "A"], "identical": False}
    assert "Everyone on list B is also on list A" in warning.message
    same = CaptureTable.from_counts(["A", "B"], {(1, 1): 70})
    (warning,) = [w for w in table_warnings(same) if w.code == "lists_dependent"]
    assert warning.params["identical"] is True
    assert "exactly the same people" in warning.message
