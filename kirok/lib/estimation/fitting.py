"""Poisson log-linear fits of the observed cells, many models at once.

The cell counts are Poisson with log-mean X·β. The log-likelihood is concave, so Newton's
method (the same as IRLS for this canonical link) converges in a handful of steps from the
main-effects fit. Fits are vectorised over a batch of models that share one design matrix:
a model is a mask of the columns it uses, and the p x p normal matrices of the whole batch come
from one matrix product (mu @ outer products of the rows), then one batched solve. That is what
makes an exhaustive search over 32,768 models take seconds rather than minutes.

Terms whose lists share nobody ("empty margins"): the MLE of such a term is -infinity and its
cells have fitted value 0. As in SparseMSE (Chan, Silverman & Vincent 2021, the "extended" MLE)
the term is kept in the model (it counts as a parameter) but its cells are left out of the fit,
which is the limit R's glm reaches only approximately.
"""

from __future__ import annotations

import contextlib
from dataclasses import dataclass

import numpy as np
from scipy.special import gammaln
from threadpoolctl import ThreadpoolController

_controller = None

MAX_ITERATIONS = 60
TOLERANCE = 1e-9
MAX_STEP = 8.0  # largest change of any coefficient per step: keeps exp() from overflowing
RUNAWAY_AFTER = 15
VANISHING = 1e-9  # a fitted cell this small relative to the total means the fit runs away


@dataclass
class BatchFit:
    """Fits of a batch of models (arrays indexed by model first)."""

    beta: np.ndarray  # (B, P), 0 for columns a model does not use
    var_intercept: np.ndarray  # (B,) Var(beta0) from the inverse information
    fitted: np.ndarray  # (B, n), 0 for cells left out
    converged: np.ndarray  # (B,) bool
    loglik: np.ndarray  # (B,) full Poisson log-likelihood of the cells used
    deviance: np.ndarray  # (B,)
    parameters: np.ndarray  # (B,) parameters counted for AIC/BIC (empty-margin terms too)
    cells: np.ndarray  # (B,) cells used

    @property
    def unobserved(self) -> np.ndarray:
        """exp(beta0): the fitted count of the pattern on no list."""
        return np.exp(self.beta[:, 0])


def single_threaded() -> contextlib.AbstractContextManager:
    """Keep BLAS on one thread for batches of tiny products.

    Threads only add contention here (each product is small): the UK six-list search takes
    5 s on one thread and 14 s with OpenBLAS's default threads on a loaded 2-core machine.
    """
    global _controller
    if _controller is None:
        _controller = ThreadpoolController()  # finding the libraries costs ~4 ms: once
    return _controller.limit(limits=1, user_api="blas")


def empty_margin_masks(
    design: np.ndarray, counts: np.ndarray, uses: np.ndarray, first_term: int
) -> tuple[np.ndarray, np.ndarray]:
    """Columns estimated and cells kept, once terms whose margin is empty are set aside.

    design (n, P); counts (B, n) or (n,); uses (B, P) bool, the columns each model has.
    Only interaction columns (index >= first_term) can have an empty margin here: a list with
    nobody on it is left out before (kirok.lib.estimation.estimate).
    """
    counts = np.broadcast_to(counts, (uses.shape[0], design.shape[0]))
    margins = counts @ design  # (B, P)
    empty = uses & (margins == 0)
    empty[:, :first_term] = False
    # A cell is left out when it lies in the margin of any empty term the model has.
    dropped = (empty.astype(float) @ design.T) > 0  # (B, n)
    return uses & ~empty, ~dropped


def fit_batch(
    design: np.ndarray,
    counts: np.ndarray,
    uses: np.ndarray,
    first_term: int,
    start: np.ndarray | None = None,
    tolerance: float = TOLERANCE,
) -> BatchFit:
    """Fit every model of the batch (rows of `uses`) to `counts` ((n,) or one row per model)."""
    # A fit running off to infinity overflows or divides by zero on the way; that is
    # expected, detected (it does not converge) and reported, so numpy need not warn.
    with np.errstate(all="ignore"):
        return _fit_batch(design, counts, uses, first_term, start, tolerance)


def _fit_batch(
    design: np.ndarray,
    counts: np.ndarray,
    uses: np.ndarray,
    first_term: int,
    start: np.ndarray | None,
    tolerance: float,
) -> BatchFit:
    models, width = uses.shape
    y = np.broadcast_to(np.asarray(counts, dtype=float), (models, design.shape[0]))
    estimated, kept = empty_margin_masks(design, y, uses, first_term)
    # Work only with the columns some model of the batch uses: a single small model on eight
    # lists uses 10 of the 37 columns, and the cost grows with the square of the width.
    union = np.flatnonzero(uses.any(axis=0))
    narrow = design[:, union]
    narrow_estimated = estimated[:, union]
    if start is None:
        beta = _starting_values(narrow, y, kept, narrow_estimated)
    else:
        beta = start[:, union].copy()
    beta[~narrow_estimated] = 0.0
    converged = _newton(narrow, y, narrow_estimated, kept, beta, tolerance)
    fitted = np.exp(np.minimum(beta @ narrow.T, 700.0)) * kept
    info = _information(narrow, _outer(narrow), fitted, narrow_estimated)
    unit = np.zeros((models, len(union), 1))
    unit[:, 0, 0] = 1.0
    var0 = _solve(info, unit)[:, 0, 0]
    loglik, deviance = _likelihoods(y, fitted, kept)
    full_beta = np.zeros((models, width))
    full_beta[:, union] = beta
    return BatchFit(
        beta=full_beta,
        var_intercept=var0,
        fitted=fitted,
        converged=converged,
        loglik=loglik,
        deviance=deviance,
        parameters=uses.sum(axis=1),
        cells=kept.sum(axis=1),
    )


def _starting_values(
    design: np.ndarray, y: np.ndarray, kept: np.ndarray, estimated: np.ndarray
) -> np.ndarray:
    """Where R's glm starts: one weighted least-squares step from mu = y + 0.5 (log scale).

    It lands near the optimum, so Newton then needs about half the steps it would from
    a flat start.
    """
    start_mu = (y + 0.5) * kept
    working = np.log(y + 0.5) + (y - start_mu) / np.where(kept, start_mu, 1.0)
    info = _information(design, _outer(design), start_mu, estimated)
    right = ((start_mu * working) @ design) * estimated
    return _solve(info, right[:, :, None])[:, :, 0]


def _newton(
    design: np.ndarray,
    y: np.ndarray,
    estimated: np.ndarray,
    kept: np.ndarray,
    beta: np.ndarray,
    tolerance: float,
) -> np.ndarray:
    """Newton steps in place on `beta`, only for models not yet converged. Returns converged."""
    models = beta.shape[0]
    converged = np.zeros(models, dtype=bool)
    active = np.arange(models)
    totals = (y * kept).sum(axis=1)
    outer = _outer(design)
    for iteration in range(MAX_ITERATIONS):
        b = beta[active]
        mask = estimated[active]
        fitted = np.exp(np.minimum(b @ design.T, 700.0)) * kept[active]
        score = ((y[active] - fitted) * kept[active]) @ design * mask
        step = _solve(_information(design, outer, fitted, mask), score[:, :, None])[:, :, 0]
        largest = np.abs(step).max(axis=1)
        scale = np.minimum(1.0, MAX_STEP / np.maximum(largest, 1e-300))
        beta[active] = b + step * scale[:, None]
        done = largest < tolerance * np.maximum(1.0, np.abs(b).max(axis=1))
        converged[active[done]] = True
        # A fit still taking big steps while a cell vanishes is running off to infinity (the
        # MLE does not exist): Newton converges quadratically otherwise, so stop it early.
        runaway = np.zeros(len(active), dtype=bool)
        if iteration >= RUNAWAY_AFTER:
            vanishing = fitted + ~kept[active] < VANISHING * totals[active, None]
            runaway = vanishing.any(axis=1) & (largest > 0.5)
        active = active[~done & ~runaway]
        if not len(active):
            break
    return converged


OUTER_LIMIT = 4_000_000  # floats; beyond (many lists and terms) products are formed per model


def _outer(design: np.ndarray) -> np.ndarray | None:
    """Row-wise outer products x_i x_i', flattened, so that X' diag(mu) X = mu @ this.

    None when that array would be too large (15 lists with all two-way terms: 32,767 cells
    x 121^2); _information then multiplies model by model.
    """
    n, width = design.shape
    if n * width * width > OUTER_LIMIT:
        return None
    return (design[:, :, None] * design[:, None, :]).reshape(n, width * width)


def _information(
    design: np.ndarray, outer: np.ndarray | None, fitted: np.ndarray, mask: np.ndarray
) -> np.ndarray:
    """X' diag(mu) X per model, with unused columns replaced by identity rows."""
    width = design.shape[1]
    if outer is not None:
        info = (fitted @ outer).reshape(-1, width, width)
    else:
        info = np.stack([design.T @ (design * weights[:, None]) for weights in fitted])
    m = mask.astype(float)
    info *= m[:, :, None] * m[:, None, :]
    diagonal = np.arange(width)
    info[:, diagonal, diagonal] += 1.0 - m
    return info


def _solve(matrices: np.ndarray, right: np.ndarray) -> np.ndarray:
    try:
        return np.linalg.solve(matrices, right)
    except np.linalg.LinAlgError:
        # A singular model (not identifiable) in the batch: pseudo-inverse for all.
        return np.linalg.pinv(matrices) @ right


def _likelihoods(
    y: np.ndarray, fitted: np.ndarray, kept: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    safe = np.where(kept & (fitted > 0), fitted, 1.0)
    log_fitted = np.log(safe)
    loglik = ((y * log_fitted - fitted - gammaln(y + 1)) * kept).sum(axis=1)
    positive = y > 0
    ratio = np.where(positive & kept, y / safe, 1.0)
    deviance = 2 * ((np.where(positive, y * np.log(ratio), 0.0) - (y - fitted)) * kept).sum(axis=1)
    return loglik, deviance
