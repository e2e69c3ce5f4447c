"""Does the maximum-likelihood estimate of a model exist, and is it identifiable?

The test of Chan, Silverman & Vincent (2021) after Fienberg & Rinaldo (2012), as SparseMSE's
`checkident` does it: terms whose lists share nobody are set aside with their cells (see
fitting.py), then

* existence: the MLE exists when some table with strictly positive cells has the same
  sufficient statistics (margins) as the data. The linear program maximises s subject to
  X'z = X'y and z >= s; a value of 0 means no such table: the MLE does not exist (code 1);
* identifiability: the design of the cells kept must have full column rank (else code 2).

The linear program is the definition; it costs ~20 ms on eight lists. A Newton fit that
converges to finite values is a stationary point of a strictly concave likelihood, which
proves that the MLE exists, and costs ~1 ms: it is tried first, and the linear program
decides only when it does not converge (or when the data have no zero cell, where the data
themselves are the positive table and neither is needed).

Codes: 0 ok, 1 MLE does not exist, 2 not identifiable, 3 both (as SparseMSE).
"""

from __future__ import annotations

import numpy as np
from scipy.optimize import linprog

from kirok.lib.estimation.fitting import empty_margin_masks, fit_batch

OK = 0
DOES_NOT_EXIST = 1
NOT_IDENTIFIABLE = 2
LP_TOLERANCE = 1e-7


def check_model(
    design: np.ndarray,
    counts: np.ndarray,
    uses: np.ndarray,
    first_term: int,
    start: np.ndarray | None = None,
) -> int:
    """The code of one model (uses: bool mask of the design's columns it has).

    start: coefficients to start the trial fit from (a nearby model's fit), for speed.
    """
    estimated, kept = empty_margin_masks(design, counts, uses[None, :], first_term)
    reduced = design[kept[0]][:, estimated[0]]
    y = np.asarray(counts, dtype=float)[kept[0]]
    if (y > 0).all():
        exists = True  # the data themselves are a positive table with their own margins
    elif np.linalg.matrix_rank(reduced) < reduced.shape[1]:
        exists = _positive_table_exists(reduced, y)  # a fit cannot tell: ask the LP
    else:
        y_all = np.asarray(counts, dtype=float)
        fit = fit_batch(design, y_all, uses[None, :], first_term, start)
        converged = fit.converged[0] and np.isfinite(fit.beta[0]).all()
        exists = bool(converged) or _positive_table_exists(reduced, y)
    code = OK if exists else DOES_NOT_EXIST
    if np.linalg.matrix_rank(reduced) < reduced.shape[1]:
        code |= NOT_IDENTIFIABLE
    return code


def _positive_table_exists(reduced: np.ndarray, y: np.ndarray) -> bool:
    cells, width = reduced.shape
    scale = max(y.sum(), 1.0)
    # Variables: z (cells) and s; maximise s, i.e. minimise -s.
    objective = np.zeros(cells + 1)
    objective[-1] = -1.0
    equalities = np.hstack([reduced.T, np.zeros((width, 1))])
    bounds_rows = np.hstack([-np.eye(cells), np.ones((cells, 1))])  # s - z_i <= 0
    result = linprog(
        objective,
        A_ub=bounds_rows,
        b_ub=np.zeros(cells),
        A_eq=equalities,
        b_eq=reduced.T @ (y / scale),
        bounds=[(0, None)] * cells + [(0, 1)],
        method="highs",
    )
    return bool(result.status == 0 and -result.fun > LP_TOLERANCE)


def explain(code: int, model_text: str) -> tuple[str, str]:
    """The warning code and a plain explanation of a failed check, for an analyst."""
    shown = model_text or "main effects only"
    if code & NOT_IDENTIFIABLE:
        return (
            "not_identifiable",
            f"The model ({shown}) has more parameters than the overlaps between the lists can "
            "tell apart, so the data fit many different totals equally well and no single "
            "estimate exists. Drop an interaction term (especially one between lists that "
            "share nobody), or merge small lists.",
        )
    return (
        "mle_does_not_exist",
        f"With this model ({shown}), the best fit pushes some combinations of lists towards "
        "zero without ever reaching it: the estimate runs off to an extreme and is not a "
        "number one can cite. This happens when the lists overlap too sparsely for the "
        "interactions asked for. Drop an interaction term or merge lists that rarely overlap.",
    )
