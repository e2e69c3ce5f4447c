"""Hierarchical log-linear models over t lists: their terms, how an analyst writes them, and
their design matrices.

A model is a set of interaction terms, each a frozenset of list indices of size >= 2. Every
model has the intercept and all main effects, and is hierarchical: with a term it holds every
sub-term of size >= 2 (with LA:NG:GP it also holds LA:NG, LA:GP and NG:GP). An analyst writes a
model as "LA:NG,NG:GP" with the table's list names; "" is main effects only.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable, Sequence

import numpy as np

from kirok.lib.estimation.captures import CaptureError

Term = frozenset[int]
Model = frozenset[Term]

MAIN_EFFECTS: Model = frozenset()
# Beyond this an exhaustive search takes minutes: 2^15 models on six lists take ~4 s.
MAX_SEARCH_MODELS = 2**16


def term_order(term: Term) -> tuple[int, tuple[int, ...]]:
    """Sort key: lower-order terms first, then by list order."""
    return (len(term), tuple(sorted(term)))


def closure(terms: Iterable[Term]) -> Model:
    """The smallest hierarchical model that holds `terms` (all sub-terms of size >= 2)."""
    closed: set[Term] = set()
    for term in terms:
        members = sorted(term)
        for size in range(2, len(members) + 1):
            closed.update(frozenset(c) for c in itertools.combinations(members, size))
    return frozenset(closed)


def sorted_terms(model: Model) -> list[Term]:
    """The model's terms in the order the design matrix uses."""
    return sorted(model, key=term_order)


def generators(model: Model) -> list[Term]:
    """The terms not contained in a larger term of the model (the shortest way to write it)."""
    return [t for t in sorted_terms(model) if not any(t < other for other in model)]


def parse_model(text: str, lists: Sequence[str]) -> Model:
    """Read "LA:NG,NG:GP" (names of `lists`; "" = main effects only) as a hierarchical model.

    Terms may be separated by commas, '+' or spaces; list indices written as c1, c2 ... also
    work when the names are different. A term naming one list only is a main effect, which
    every model has already.
    """
    names = {name: i for i, name in enumerate(lists)}
    terms: list[Term] = []
    for chunk in text.replace("+", ",").replace(" ", ",").split(","):
        chunk = chunk.strip()
        if not chunk:
            continue
        members = [_list_index(part.strip(), names, len(lists)) for part in chunk.split(":")]
        if len(set(members)) != len(members):
            raise CaptureError(
                f"term {chunk!r} names a list twice", code="model_list_twice", term=chunk
            )
        if len(members) >= 2:
            terms.append(frozenset(members))
    return closure(terms)


def without_lists(text: str, lists: Sequence[str], left_out: Iterable[str]) -> str:
    """The model `text` less every term that names a list of `left_out`, written by name.

    >>> without_lists("A:B,B:C,c1:c3", ["A", "B", "C"], ["A"])
    'B:C'
    """
    gone = {lists.index(name) for name in left_out}
    model = parse_model(text, lists)
    return format_model(frozenset(term for term in model if not term & gone), lists)


def _list_index(name: str, names: dict[str, int], list_count: int) -> int:
    if name in names:
        return names[name]
    if name[:1] in ("c", "C") and name[1:].isdigit() and 1 <= int(name[1:]) <= list_count:
        return int(name[1:]) - 1
    raise CaptureError(
        f"the model names {name!r}, which is not one of the lists ({', '.join(names)})",
        code="model_unknown_list",
        name=name,
        lists=", ".join(names),
    )


def format_model(model: Model, lists: Sequence[str], *, all_terms: bool = False) -> str:
    """The model as an analyst writes it: its generating terms, e.g. "LA:NG,NG:GP"."""
    terms = sorted_terms(model) if all_terms else generators(model)
    return ",".join(":".join(lists[i] for i in sorted(term)) for term in terms)


def term_column(patterns: np.ndarray, term: Term) -> np.ndarray:
    """1 where a pattern is on every list of the term."""
    return patterns[:, sorted(term)].all(axis=1).astype(float)


def design_matrix(patterns: np.ndarray, terms: Sequence[Term]) -> np.ndarray:
    """Columns: intercept, one main effect per list, then one column per term given."""
    columns = [np.ones(len(patterns)), *patterns.T.astype(float)]
    columns += [term_column(patterns, term) for term in terms]
    return np.column_stack(columns)


def all_terms_up_to(list_count: int, max_order: int) -> list[Term]:
    """Every interaction term of order 2..max_order, lower orders first."""
    top = min(max_order, list_count)
    return [
        frozenset(c)
        for size in range(2, top + 1)
        for c in itertools.combinations(range(list_count), size)
    ]


def hierarchical_models(list_count: int, max_order: int) -> tuple[list[Term], np.ndarray]:
    """Every hierarchical model with terms of order <= max_order.

    Returns the candidate terms and a boolean matrix (models x terms). A term may be present
    only when all its sub-terms one order lower are: deciding terms in order of size makes the
    enumeration a simple depth-first walk (113 models up to order 3 on four lists).
    Saturated models are left out: with the unobserved cell missing they are not identifiable.
    """
    terms = all_terms_up_to(list_count, max_order)
    if max_order <= 2:
        pair_count = len(terms)
        if 2**pair_count > MAX_SEARCH_MODELS:
            raise _too_many(list_count, max_order, f"2^{pair_count}")
        codes = np.arange(2**pair_count, dtype=np.int64)
        masks = ((codes[:, None] >> np.arange(pair_count)) & 1).astype(bool)
        return terms, _drop_saturated(terms, masks, list_count)
    position = {term: i for i, term in enumerate(terms)}
    parents = [
        [position[term - {member}] for member in term] if len(term) > 2 else [] for term in terms
    ]
    found: list[list[bool]] = []
    chosen = [False] * len(terms)

    def walk(index: int) -> None:
        if index == len(terms):
            found.append(chosen.copy())
            if len(found) > MAX_SEARCH_MODELS:
                raise _too_many(list_count, max_order, f"over {MAX_SEARCH_MODELS:,}")
            return
        chosen[index] = False
        walk(index + 1)
        if all(chosen[p] for p in parents[index]):
            chosen[index] = True
            walk(index + 1)
            chosen[index] = False

    walk(0)
    return terms, _drop_saturated(terms, np.array(found, dtype=bool), list_count)


def _too_many(list_count: int, max_order: int, count: str) -> CaptureError:
    return CaptureError(
        f"A search over every model of {list_count} lists up to order {max_order} would fit "
        f"{count} models, too many to try them all. Use the stepwise rule (criterion "
        "pvalue), a lower order, or merge lists.",
        code="too_many_models",
        lists=list_count,
        order=max_order,
        most=MAX_SEARCH_MODELS,
    )


def _drop_saturated(terms: list[Term], masks: np.ndarray, list_count: int) -> np.ndarray:
    full = [i for i, term in enumerate(terms) if len(term) == list_count]
    if not full:
        return masks
    return masks[~masks[:, full].any(axis=1)]


def model_from_mask(terms: Sequence[Term], mask: np.ndarray) -> Model:
    """The model a row of `hierarchical_models` stands for."""
    return frozenset(term for term, present in zip(terms, mask, strict=True) if present)
