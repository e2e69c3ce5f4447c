"""Capture tables: reading CAPTURES.csv, building from memberships, and the errors an analyst
sees for bad input (exact messages matter: the command prints them)."""

from __future__ import annotations

import numpy as np
import pytest

from kirok.lib.estimation import CaptureError, CaptureTable, from_memberships, read_captures_csv
from kirok.lib.estimation.captures import all_patterns, stratum_names
from tests.estimation.conftest import DATA, load_table, load_tables


def test_patterns_are_in_the_order_of_the_data_files():
    # Source: tests/data/mse/README.md "Row order": by number of lists, first list most significant.
    patterns = all_patterns(3).tolist()
    assert patterns == [[1, 0, 0], [0, 1, 0], [0, 0, 1], [1, 1, 0], [1, 0, 1], [0, 1, 1], [1, 1, 1]]


def test_every_data_file_reads_with_its_documented_observed_count():
    # Source: README "N obs" column (exact).
    expected = {
        "uk2013_6list": 2744,
        "uk2013_5list": 2744,
        "uk2013_4list": 2428,
        "kosovo_4list": 4400,
        "new_orleans_8list": 185,
        "new_orleans_8list_mse2025": 186,
        "western_us_5list": 345,
        "hiv_rome_4list": 1896,
        "korea_palembang_3list": 123,
        "artificial_3list_chan2021": 96,
    }
    for name, observed in expected.items():
        assert load_table(name).observed == observed, name
    assert (
        sum(t.observed for t in load_tables("spina_bifida_ny_3list_by_ethnicity").values()) == 621
    )
    scotland = load_tables("scotland_pwid2006_4list_by_region_gender_age")
    assert len(scotland) == 8 and sum(t.observed for t in scotland.values()) == 5670
    assert stratum_names(
        (DATA / "scotland_pwid2006_4list_by_region_gender_age.csv").read_text()
    ) == ("region", "gender", "age")


def test_file_row_order_matches_the_table_order():
    rows = (DATA / "uk2013_5list.csv").read_text().splitlines()[1:]
    table = load_table("uk2013_5list")
    assert [int(r.split(",")[-1]) for r in rows] == table.counts.tolist()


def test_missing_and_repeated_patterns_count_as_zero_and_add_up():
    tables = read_captures_csv("A,B,count\n1,0,5\n1,0,2\n1,1,3\n")
    table = tables[()]
    assert table.counts.tolist() == [7, 0, 3]
    assert table.list_totals() == {"A": 10, "B": 3}
    assert table.overlaps().tolist() == [[10, 3], [3, 3]]
    assert table.pattern_labels() == ["A", "B", "A&B"]


def test_memberships_count_a_person_once_per_list():
    table = from_memberships(
        [("p1", "NGO"), ("p1", "NGO"), ("p1", "UN"), ("p2", "UN"), ("p3", "NGO")], ["NGO", "UN"]
    )
    assert table.counts.tolist() == [1, 1, 1]
    with pytest.raises(CaptureError, match="memberships name lists that were not chosen: X"):
        from_memberships([("p1", "X")], ["NGO", "UN"])


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("A,B\n1,0\n", "the header has no 'count' column"),
        ("A,A,count\n1,0,1\n", "the header names a column twice"),
        ("A,count\n1,3\n", "at least two lists are needed, found 1"),
        ("A,B,count\n", "the file has a header but no rows"),
        ("A,B,count\n1,0\n", "line 2: 2 cells, the header has 3"),
        ("A,B,count\n2,0,1\n", "line 2, column A: expected 0 or 1, found '2'"),
        ("A,B,count\n0,0,4\n", "line 2: a pattern on no list cannot be observed"),
        ("A,B,count\n1,0,x\n", "line 2: count 'x' is not a number"),
        ("A,B,count\n1,0,1.5\n", "line 2: count '1.5' is not a whole number"),
        ("A,B,count\n1,0,-1\n", "line 2: count -1 is negative"),
        ("A,B,count\n1,0,1e30\n", "line 2: count 1000000000000000019884624838656 is more than"),
        ("A,B,count\n1,0,99999999999999999999\n", "count 99999999999999999999 is more than"),
    ],
)
def test_bad_files_say_what_is_wrong_and_where(text, message):
    with pytest.raises(CaptureError, match=message.replace("(", r"\(")):
        read_captures_csv(text)


def test_whole_number_written_as_float_is_accepted():
    assert read_captures_csv("A,B,count\n1,1,4.0\n")[()].counts.tolist() == [0, 0, 4]


def test_too_many_lists_and_bad_patterns_are_refused():
    with pytest.raises(CaptureError, match="16 lists; at most 15"):
        CaptureTable.from_counts([f"L{i}" for i in range(16)], {})
    with pytest.raises(CaptureError, match="pattern 00 is not an observable pattern"):
        CaptureTable.from_counts(["A", "B"], {(0, 0): 1})
    with pytest.raises(CaptureError, match="pattern 10 has a negative count"):
        CaptureTable.from_counts(["A", "B"], {(1, 0): -2})
    with pytest.raises(CaptureError, match="pattern 01 has a count over 1,000,000,000"):
        CaptureTable.from_counts(["A", "B"], {(0, 1): 10**20})
    with pytest.raises(CaptureError, match="two lists have the same name"):
        CaptureTable.from_counts(["A", "A"], {})
    assert np.array_equal(CaptureTable.from_counts(["A", "B"], {}).counts, [0, 0, 0])


def test_a_refusal_survives_pickling_with_its_code_and_values():
    """Errors cross process boundaries (a worker's result); the code must come along."""
    import pickle

    error = CaptureError("at least two lists are needed, found 1", code="too_few_lists", count=1)
    copy = pickle.loads(pickle.dumps(error))  # noqa: S301 - our own bytes, just made
    assert (str(copy), copy.code, copy.params) == (str(error), "too_few_lists", {"count": 1})
