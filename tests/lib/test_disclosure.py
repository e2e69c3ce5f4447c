"""kirok.lib.disclosure: a table to publish has no count below the threshold, merges small
groups before it drops them, and no row can be subtracted from another to uncover one."""

from __future__ import annotations

import random

import pytest

from kirok.lib.disclosure import Step, everything, five_year_period, protect

# Cells: (year, region, sex).
STEPS = (Step(0, five_year_period), Step(1, lambda region: region[:2]), Step(2, everything))


def entries(*groups: tuple[tuple[str, str, str], int]) -> list:
    """(cell, victim) pairs: ``count`` distinct victims in each cell."""
    made, serial = [], 0
    for cell, count in groups:
        for _ in range(count):
            serial += 1
            made.append((cell, f"victim-{serial}"))
    return made


def test_a_large_cell_is_published_as_it_is():
    table = protect(entries((("2019", "KP-09", "female"), 7)), STEPS, threshold=5)
    assert table.cells == [(("2019", "KP-09", "female"), 7)]
    assert table.suppressed == 0 and table.members == 7


def test_small_years_are_merged_into_their_period_and_published_when_they_reach_it():
    table = protect(
        entries(
            (("2019", "KP-09", "female"), 6),
            (("2016", "KP-09", "female"), 2),
            (("2018", "KP-09", "female"), 3),
        ),
        STEPS,
        threshold=5,
    )
    # 2019 stands alone; 2016 and 2018 (2 + 3) become 2015–2019, apart from 2019's six.
    assert dict(table.cells) == {
        ("2019", "KP-09", "female"): 6,
        ("2015–2019", "KP-09", "female"): 5,
    }
    assert table.suppressed == 0


def test_what_no_step_makes_large_enough_is_left_out_and_only_counted():
    table = protect(
        entries((("2019", "KP-09", "female"), 5), (("1999", "CN-JL-YANBIAN", "male"), 2)),
        STEPS,
        threshold=5,
    )
    assert dict(table.cells) == {("2019", "KP-09", "female"): 5}
    assert table.suppressed == 2 and table.members == 7


def test_later_steps_coarsen_the_region_then_the_sex():
    table = protect(
        entries(
            (("2019", "KP-09", "female"), 2),
            (("2012", "KP-10", "female"), 1),
            (("2011", "KP-09", "male"), 2),
        ),
        STEPS,
        threshold=5,
    )
    # Periods 2015–2019 and 2010–2014 differ, and stay apart even as regions and sexes
    # merge: five victims in two periods make no cell of five.
    assert table.cells == [] and table.suppressed == 5
    same_period = protect(
        entries(
            (("2010", "KP-09", "female"), 2),
            (("2012", "KP-10", "female"), 1),
            (("2014", "KP-09", "male"), 2),
        ),
        STEPS,
        threshold=5,
    )
    assert same_period.cells == [(("2010–2014", "KP", "all"), 5)]


def test_a_victim_with_two_entries_in_one_cell_counts_once():
    cell = ("2019", "KP-09", "female")
    five_entries = [(cell, "V"), (cell, "V"), (cell, "W"), (cell, "X"), (cell, "Y")]
    table = protect(five_entries, STEPS, threshold=5)
    assert table.cells == [] and table.suppressed == 4  # four people, not five


def test_a_threshold_below_two_is_refused():
    with pytest.raises(ValueError, match="protects no one"):
        protect([], STEPS, threshold=1)


@pytest.mark.parametrize("seed", range(20))
def test_no_count_is_below_the_threshold_and_no_row_holds_another(seed):
    """Over random tables: every published count reaches the threshold; with one entry per
    victim, the rows and the suppressed total add up to everyone, so no row contains
    another and no difference of rows uncovers a small group."""
    rng = random.Random(seed)
    groups = [
        (
            (str(rng.randint(1995, 2024)), rng.choice(["KP-09", "KP-10", "CN-JL-YANBIAN"]),
             rng.choice(["female", "male", "unknown"])),
            rng.choice([1, 1, 2, 3, 4, 5, 8, 13]),
        )
        for _ in range(rng.randint(1, 60))
    ]  # fmt: skip
    threshold = rng.choice([3, 5, 10])
    table = protect(entries(*groups), STEPS, threshold=threshold)
    counts = [count for _cell, count in table.cells]
    assert all(count >= threshold for count in counts)
    assert len({cell for cell, _count in table.cells}) == len(table.cells)
    assert sum(counts) + table.suppressed == table.members == sum(n for _g, n in groups)
