"""Warnings about the lists themselves, before any model: every method shows them.

They catch what makes an estimate meaningless whatever the model: a list that shares nobody
with the others (its overlap is what tells how many are missing), too few people, one list
contained in another or two lists that are the same (they are not independent sources, as
when one organisation copies another's list).
"""

from __future__ import annotations

import numpy as np

from kirok.lib.estimation.captures import CaptureTable
from kirok.lib.estimation.results import EstimationWarning

TOO_FEW_OBSERVED = 50
TOO_FEW_ON_A_LIST = 10


def table_warnings(table: CaptureTable) -> list[EstimationWarning]:
    """Every warning the table itself raises, in the order a reader should see them."""
    return [
        *_isolated_lists(table),
        *_pairs_never_overlapping(table),
        *_too_few(table),
        *_nested_lists(table),
    ]


def _isolated_lists(table: CaptureTable) -> list[EstimationWarning]:
    overlaps = table.overlaps()
    found = []
    for i, name in enumerate(table.lists):
        shared = int(overlaps[i].sum() - overlaps[i, i])
        if overlaps[i, i] > 0 and shared == 0:
            found.append(
                EstimationWarning(
                    "list_isolated",
                    f"Nobody on list {name} is on any other list. Its overlap with the others is "
                    "what tells how many are missing; without one, no method can estimate it, "
                    "and any number given is an artefact of the model.",
                    {"list": name},
                )
            )
        if overlaps[i, i] == 0:
            found.append(list_empty(name))
    return found


def list_empty(name: str) -> EstimationWarning:
    """List ``name`` has nobody on it (kirok.lib.estimation.estimate leaves it out)."""
    return EstimationWarning(
        "list_empty",
        f"List {name} has nobody on it: the estimate is made from the other lists.",
        {"list": name},
    )


def _pairs_never_overlapping(table: CaptureTable) -> list[EstimationWarning]:
    overlaps = table.overlaps()
    pairs = [
        (table.lists[i], table.lists[j])
        for i in range(len(table.lists))
        for j in range(i + 1, len(table.lists))
        if overlaps[i, j] == 0 and overlaps[i, i] > 0 and overlaps[j, j] > 0
    ]
    if not pairs:
        return []
    written = ", ".join(f"{a} and {b}" for a, b in pairs)
    return [
        EstimationWarning(
            "lists_never_overlap",
            f"These lists share nobody: {written}. A model with an interaction between such "
            "lists takes it that nobody can be on both, and a model without one assumes they "
            "are independent. The data cannot tell which is right.",
            {"pairs": [list(p) for p in pairs]},
        )
    ]


def _too_few(table: CaptureTable) -> list[EstimationWarning]:
    found = []
    if table.observed < TOO_FEW_OBSERVED:
        found.append(
            EstimationWarning(
                "too_few_records",
                f"Only {table.observed} people were observed. With so few, the interval is wide "
                "and the choice of model can change the estimate several times over.",
                {"observed": table.observed, "threshold": TOO_FEW_OBSERVED},
            )
        )
    small = [name for name, total in table.list_totals().items() if 0 < total < TOO_FEW_ON_A_LIST]
    if small:
        found.append(
            EstimationWarning(
                "small_lists",
                f"These lists have fewer than {TOO_FEW_ON_A_LIST} people: {', '.join(small)}. "
                "Their overlaps are too small to tell much; consider merging them with a "
                "similar list.",
                {"lists": small, "threshold": TOO_FEW_ON_A_LIST},
            )
        )
    return found


def _nested_lists(table: CaptureTable) -> list[EstimationWarning]:
    """One list inside another (everyone on A is also on B) or two identical lists."""
    overlaps = table.overlaps()
    found = []
    sizes = np.diag(overlaps)
    for i, a in enumerate(table.lists):
        for j, b in enumerate(table.lists):
            if i == j or sizes[i] == 0:
                continue
            if overlaps[i, j] == sizes[i] and (
                sizes[i] < sizes[j] or (sizes[i] == sizes[j] and i < j)
            ):
                same = sizes[i] == sizes[j]
                found.append(
                    EstimationWarning(
                        "lists_dependent",
                        (
                            f"Lists {a} and {b} hold exactly the same people: they are one source "
                            "twice, not two. Merge them."
                            if same
                            else f"Everyone on list {a} is also on list {b}: {a} was probably "
                            f"drawn from {b}, so the two are not independent. Merge them or "
                            "model their interaction."
                        ),
                        {"lists": [a, b], "identical": bool(same)},
                    )
                )
    return found
