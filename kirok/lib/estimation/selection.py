"""Choosing a log-linear model: the stepwise p-value rule of Chan, Silverman & Vincent (2021)
and the exhaustive AIC/BIC search over hierarchical models (as Rcapture's closedpMS.t).

A LoglinearProblem ties one table to the design matrix of every term a run may use, so that a
search, a stepwise run and the bootstrap refits all share it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
from scipy.special import pdtr, pdtrc

from kirok.lib.estimation import identifiability
from kirok.lib.estimation.captures import CaptureTable
from kirok.lib.estimation.fitting import (
    BatchFit,
    empty_margin_masks,
    fit_batch,
    single_threaded,
)
from kirok.lib.estimation.models import (
    MAIN_EFFECTS,
    Model,
    Term,
    all_terms_up_to,
    design_matrix,
    format_model,
    hierarchical_models,
    model_from_mask,
)

CHUNK = 2048  # models fitted together: bounded memory (CHUNK x P x P floats)
TOP_MODELS = 5
SMALL_SEARCH = 256
SEARCH_TOLERANCE = 1e-7  # the chosen model is refitted to full precision afterwards


class LoglinearProblem:
    """One table and the design columns of every term up to `max_order`."""

    def __init__(self, table: CaptureTable, max_order: int = 2, extra: Model = MAIN_EFFECTS):
        self.table = table
        self.lists = table.lists
        self.counts = table.counts.astype(float)
        terms = all_terms_up_to(len(table.lists), max_order)
        terms += sorted(set(extra) - set(terms), key=lambda t: (len(t), sorted(t)))
        self.terms: list[Term] = terms
        self.position = {term: i for i, term in enumerate(terms)}
        self.first_term = 1 + len(table.lists)
        self.design = design_matrix(table.patterns, terms)

    def uses(self, model: Model) -> np.ndarray:
        """The design columns `model` has."""
        mask = np.zeros(self.design.shape[1], dtype=bool)
        mask[: self.first_term] = True
        for term in model:
            mask[self.first_term + self.position[term]] = True
        return mask

    def fit(
        self, model: Model, counts: np.ndarray | None = None, start: np.ndarray | None = None
    ) -> BatchFit:
        """Fit one model (a batch of one); counts may be (n,) or (B, n) for many tables."""
        y = self.counts if counts is None else np.asarray(counts, dtype=float)
        rows = 1 if y.ndim == 1 else y.shape[0]
        uses = np.repeat(self.uses(model)[None, :], rows, axis=0)
        return fit_batch(self.design, y, uses, self.first_term, start)

    def check(
        self, model: Model, counts: np.ndarray | None = None, start: np.ndarray | None = None
    ) -> int:
        """Existence/identifiability code of `model` on these counts (0 = ok)."""
        y = self.counts if counts is None else counts
        return identifiability.check_model(self.design, y, self.uses(model), self.first_term, start)

    def describe(self, model: Model) -> str:
        """The model in the analyst's syntax, with this table's list names."""
        return format_model(model, self.lists)


@dataclass
class SearchResult:
    """The chosen model and what a reader needs to judge the choice."""

    model: Model
    models_searched: int
    skipped: int = 0
    top: list[dict] = field(default_factory=list)


def stepwise(
    problem: LoglinearProblem, threshold: float = 0.02, counts: np.ndarray | None = None
) -> SearchResult:
    """Chan, Silverman & Vincent (2021), as SparseMSE's stepwisefit.

    Start from main effects. For every two-way term not yet in the model, the number of
    people on both lists is Poisson under the current model with mean the sum of the fitted
    cells on both lists; its p-value is the smaller tail. Add the term with the smallest
    p-value (the first in list order on a tie) if it is below the threshold and the model with
    it passes the existence/identifiability check; else stop.
    """
    y = problem.counts if counts is None else np.asarray(counts, dtype=float)
    patterns = problem.table.patterns.astype(float)
    t = len(problem.lists)
    pairs = [frozenset((i, j)) for i in range(t) for j in range(i + 1, t)]
    both = {pair: patterns[:, sorted(pair)].prod(axis=1) for pair in pairs}
    observed = {pair: float(both[pair] @ y) for pair in pairs}
    model: Model = MAIN_EFFECTS
    tried = 1
    start = None
    if threshold <= 0:
        return SearchResult(model, tried)
    while True:
        current = problem.fit(model, y, start)
        fitted = current.fitted[0]
        # Candidates start from this fit (their new term at 0): a few Newton steps each.
        start = current.beta if current.converged[0] else None
        candidates = []
        for index, pair in enumerate(pairs):
            if pair in model:
                continue
            expected = float(both[pair] @ fitted)
            n = observed[pair]
            p = _two_sided_tail(n, expected)
            if p < threshold:
                candidates.append((p, index, pair))
        chosen = None
        for _, _, pair in sorted(candidates):
            tried += 1
            if problem.check(model | {pair}, y, start) == identifiability.OK:
                chosen = pair
                break
        if chosen is None:
            return SearchResult(model, tried)
        model = model | {chosen}


def _two_sided_tail(observed: float, expected: float) -> float:
    """min(P(X <= n), P(X >= n)) for X ~ Poisson(expected), as SparseMSE."""
    lower = float(pdtr(observed, expected))
    upper = 1.0 if observed <= 0 else float(pdtrc(observed - 1, expected))
    return min(lower, upper)


def exhaustive(
    problem: LoglinearProblem,
    criterion: str = "bic",
    max_order: int = 2,
    counts: np.ndarray | None = None,
) -> SearchResult:
    """Fit every hierarchical model up to `max_order` and keep the best by AIC or BIC.

    Models whose MLE does not exist or is not identifiable are skipped. Checking each of
    32,768 models with a linear program would cost more than fitting them, so the check is
    made by the batched fit itself: a fit that converges to finite values proves that the MLE
    exists; one that does not converge in 60 Newton steps (from the parent's fit, with steps
    of at most 8) is running off along a direction where the likelihood keeps rising, which
    is what a missing MLE means (its Newton steps stay near one unit for ever). Rank is
    checked once per set of cells kept (see _full_rank).

    Speed: models are fitted level by level (by number of terms), each starting from the
    fit of its parent (the model without its last term), so Newton needs only a few steps.
    """
    with single_threaded():
        return _exhaustive(problem, criterion, max_order, counts)


def _exhaustive(
    problem: LoglinearProblem, criterion: str, max_order: int, counts: np.ndarray | None
) -> SearchResult:
    y = problem.counts if counts is None else np.asarray(counts, dtype=float)
    terms, masks = hierarchical_models(len(problem.lists), max_order)
    columns = [problem.first_term + problem.position[term] for term in terms]
    uses = np.zeros((len(masks), problem.design.shape[1]), dtype=bool)
    uses[:, : problem.first_term] = True
    uses[:, columns] = masks
    penalty = 2.0 if criterion == "aic" else math.log(max(y.sum(), 1.0))
    parents = _parents(masks)
    betas = np.zeros(uses.shape)
    good_start = np.zeros(len(masks), dtype=bool)
    scores = np.full(len(masks), np.inf)
    estimates = np.full(len(masks), np.nan)
    sizes = masks.sum(axis=1)
    if len(masks) <= SMALL_SEARCH:
        sizes = np.zeros_like(sizes)  # one batch from a cold start beats several warm ones
    for size in range(int(sizes.max()) + 1):
        level = np.flatnonzero(sizes == size)
        for begin in range(0, len(level), CHUNK):
            chunk = level[begin : begin + CHUNK]
            start = _starts(problem, y, betas, parents[chunk], good_start)
            fit = fit_batch(
                problem.design, y, uses[chunk], problem.first_term, start, SEARCH_TOLERANCE
            )
            valid = fit.converged & np.isfinite(fit.var_intercept)
            valid &= _full_rank(problem, y, uses[chunk])
            betas[chunk] = fit.beta
            good_start[chunk] = fit.converged
            score = -2 * fit.loglik + penalty * fit.parameters
            scores[chunk] = np.where(valid, score, np.inf)
            estimates[chunk] = y.sum() + fit.unobserved
    if not np.isfinite(scores).any():
        return SearchResult(MAIN_EFFECTS, len(masks), skipped=len(masks))
    order = np.argsort(scores, kind="stable")
    best = _model(terms, masks[order[0]])
    top = [
        {
            "model": problem.describe(_model(terms, masks[i])),
            criterion: float(scores[i]),
            "estimate": float(estimates[i]),
        }
        for i in order[:TOP_MODELS]
        if np.isfinite(scores[i])
    ]
    skipped = int((~np.isfinite(scores)).sum())
    return SearchResult(best, len(masks), skipped=skipped, top=top)


def _parents(masks: np.ndarray) -> np.ndarray:
    """Index of each model without its last term (-1 for main effects).

    The last term in term order has the highest order, so no other term of the model
    contains it and the parent is hierarchical too.
    """
    count, width = masks.shape
    has_terms = masks.any(axis=1)
    last = width - 1 - np.argmax(masks[:, ::-1], axis=1)
    without_last = masks.copy()
    without_last[np.arange(count), last] = False
    if width <= 62:
        weights = np.left_shift(1, np.arange(width, dtype=np.int64))
        codes, parent_codes = masks @ weights, without_last @ weights
        order = np.argsort(codes)
        found = order[np.searchsorted(codes, parent_codes, sorter=order)]
    else:
        index = {row.tobytes(): i for i, row in enumerate(masks)}
        found = np.array([index[row.tobytes()] for row in without_last])
    return np.where(has_terms, found, -1)


def _starts(
    problem: LoglinearProblem,
    y: np.ndarray,
    betas: np.ndarray,
    parents: np.ndarray,
    good: np.ndarray,
) -> np.ndarray | None:
    if (parents < 0).all():
        return None
    starts = betas[parents].copy()
    poor = ~good[parents]
    if poor.any():
        starts[poor] = problem.fit(MAIN_EFFECTS, y).beta[0]
    return starts


def _model(terms: list[Term], mask: np.ndarray) -> Model:
    return model_from_mask(terms, mask)


def _full_rank(problem: LoglinearProblem, y: np.ndarray, uses: np.ndarray) -> np.ndarray:
    """Whether each model's design (cells kept x columns estimated) has full column rank.

    Only models that set cells aside can lose rank (a non-saturated hierarchical design on all
    cells has full rank). Models that keep the same cells are checked together: if the union
    of their columns has full rank, so has every subset; only otherwise is each one checked.
    """
    estimated, kept = empty_margin_masks(problem.design, y, uses, problem.first_term)
    result = np.ones(len(uses), dtype=bool)
    reduced = np.flatnonzero(~kept.all(axis=1))
    if not len(reduced):
        return result
    groups: dict[bytes, list[int]] = {}
    for i in reduced:
        groups.setdefault(kept[i].tobytes(), []).append(i)
    for members in groups.values():
        rows = kept[members[0]]
        union = estimated[members].any(axis=0)
        if _rank_full(problem.design[rows][:, union]):
            continue
        for i in members:
            result[i] = _rank_full(problem.design[rows][:, estimated[i]])
    return result


def _rank_full(matrix: np.ndarray) -> bool:
    return bool(np.linalg.matrix_rank(matrix) == matrix.shape[1])
