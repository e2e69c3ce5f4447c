"""Bayesian model averaging over decomposable graphical models (Madigan & York 1997).

Lists are rarely independent: an NGO that works with the police sees the same people the
police see. A graphical model says which lists depend on which (an edge between two lists:
they are related); a decomposable one can be written as groups of mutually related lists
(its cliques, e.g. "B:D,R": B and D related, R independent of both). Rather than choosing
one model, this method weighs every decomposable model by how well it explains the
overlaps and averages their answers, so the interval includes the uncertainty about which
model is right.

The maths (Madigan, D. & York, J. C. (1997) "Bayesian methods for estimation of the size of
a closed population", Biometrika 84(1):19-31; R package dga by Johndrow, Lum & Ball, whose
bma.cr this follows):

    p(N, G | y) ∝ p(N) p(G) · N! / (n0! ∏ y!) · ∏_C M_C(N) / ∏_S M_S(N)

over the cliques C and (non-empty) separators S of the graph G, where M_A is the
Dirichlet-multinomial marginal likelihood of the table collapsed onto the lists in A, with
the n0 = N - n unobserved people added to its all-zero cell:

    M_A(N) = Γ(δ 2^t) / Γ(N + δ 2^t) · ∏_cells Γ(y_A,cell + δ 2^(t-|A|)) / Γ(δ 2^(t-|A|))

(the hyper-Dirichlet prior with δ prior people per cell of the full table). p(N) is 1/N by
default, or the negative-binomial-type prior of Madigan & York,
p(N) = Γ(N + a) / (Γ(a) N!) · b^N / (1 + b)^(N + a) (prior mean a·b). Models are equally
likely a priori. Everything is computed exactly on a grid of n0, no simulation.

>>> len(decomposable_graphs(3)), len(decomposable_graphs(4)), len(decomposable_graphs(5))
(8, 61, 822)
"""

from __future__ import annotations

import itertools
from collections.abc import Callable
from dataclasses import dataclass
from functools import cache

import numpy as np
from scipy.special import gammaln

from kirok.lib.estimation.captures import CaptureError, CaptureTable
from kirok.lib.estimation.diagnostics import table_warnings
from kirok.lib.estimation.results import Estimate, EstimationWarning

MAX_LISTS = 5
PRIORS = ("1/N", "negative_binomial")
TOP_MODELS = 10
DRAWS = 4000
# The posterior is truncated at max_missing; more than this mass in the last tenth of the
# range means the range cuts the tail off.
TAIL_MASS_LIMIT = 1e-3
# Posterior values computed at once (graphs x totals doubles: 100 MB); a block holds as
# many graphs as fit.
BLOCK_VALUES = 64 * 200_000
# Most totals the posterior is evaluated at (each one a column of 2^t marginal
# likelihoods): ten times an observed 100,000. Larger tables are refused with a reason.
MAX_TOTALS = 1_000_001
# Above this posterior probability of the complete graph, the prior sets the answer.
SATURATED_LIMIT = 0.5


@dataclass(frozen=True)
class Graph:
    """A decomposable graph on lists 0..t-1 given by its cliques and non-empty separators
    (each a bitmask of lists; bit i is list i)."""

    cliques: tuple[int, ...]
    separators: tuple[int, ...]

    def written(self, lists: tuple[str, ...]) -> str:
        """The cliques as list names, e.g. "B:D,R"."""
        return ",".join(":".join(_members(clique, lists)) for clique in self.cliques)


def estimate_dga(
    table: CaptureTable,
    *,
    delta: float | None = None,
    prior: str = "1/N",
    prior_a: float | None = None,
    prior_b: float | None = None,
    max_missing: int | None = None,
    level: float = 0.95,
    seed: int = 0,
) -> Estimate:
    """Model-averaged posterior of the total over every decomposable graph (t <= 5 lists).

    delta: prior people per cell of the full 2^t table (dga's δ). None means 2^-t, dga's
        suggestion: with δ = 1 and four or five lists the prior alone can hand the saturated
        graph nearly all the weight (Kosovo: 98%, an estimate of about 4,600). Madigan &
        York used δ = 1 for three lists.
    prior: "1/N" or "negative_binomial" (needs prior_a and prior_b; prior mean a·b).
    max_missing: the largest number of unobserved people considered (default 10 times the
        observed, at least 1,000); a warning says when the posterior reaches it. More than
        MAX_TOTALS totals is refused (CaptureError): the posterior is evaluated at each.
    The estimate is the posterior median; details also give the Madigan–York Bayes
    estimate E[1/N]/E[1/N²] and the posterior mode.
    """
    if delta is None:
        delta = 2.0 ** -len(table.lists)
    _check(table, delta, prior, prior_a, prior_b, level)
    top_missing = max_missing if max_missing is not None else max(10 * table.observed, 1000)
    if top_missing < 1:
        raise ValueError("max_missing must be at least 1")
    if top_missing + 1 > MAX_TOTALS:
        raise CaptureError(
            f"Madigan & York model averaging evaluates every total from the "
            f"{table.observed:,} observed to {top_missing:,} more; at most "
            f"{MAX_TOTALS - 1:,} more fit in memory. Estimate strata separately, or use the "
            "log-linear or LCMCR method.",
            code="dga_too_many_totals",
            observed=table.observed,
            missing=top_missing,
            most=MAX_TOTALS - 1,
        )
    totals = table.observed + np.arange(top_missing + 1)
    graphs = decomposable_graphs(len(table.lists))
    posterior = model_posterior(
        table, graphs, totals, delta, _log_prior(totals, prior, prior_a, prior_b)
    )
    by_total, by_model = posterior.by_total, posterior.by_model
    order = np.argsort(-by_model, kind="stable")
    top = order[:TOP_MODELS]
    tail = (1.0 - level) / 2.0
    low, median, high = _quantiles(totals, by_total, [tail, 0.5, 1.0 - tail])
    samples = np.random.default_rng(seed).choice(totals, size=DRAWS, p=by_total / by_total.sum())
    details = {
        "posterior_mean": float(totals @ by_total),
        "bayes_estimate": _bayes_estimate(totals, by_total),
        "mode": int(totals[np.argmax(by_total)]),
        "quantiles": _quantile_table(totals, by_total),
        "top_models": [
            _model_summary(graphs[i], table.lists, totals, row, by_model[i])
            for i, row in zip(top, posterior.given_model(top), strict=True)
        ],
        "models": len(graphs),
        "delta": delta,
        "prior": prior,
        "prior_a": prior_a,
        "prior_b": prior_b,
        "max_missing": top_missing,
    }
    return Estimate(
        method="dga",
        observed=table.observed,
        estimate=float(median),
        interval=(float(low), float(high)),
        level=level,
        interval_kind="posterior quantiles",
        model=graphs[order[0]].written(table.lists),
        warnings=tuple(
            [
                *table_warnings(table),
                *_range_warnings(by_total, top_missing),
                *_saturated_warnings(graphs, by_model, delta),
            ]
        ),
        details=details,
        samples=samples.astype(float),
    )


@dataclass(frozen=True)
class Posterior:
    """The joint posterior p(G, N | y) over graphs x totals, kept as its margins.

    by_model: (graphs,) posterior probability of each graph.
    by_total: (totals,) model-averaged posterior of the total.
    The full matrix (822 graphs x every total considered) can run to gigabytes for a
    large table, so it is computed a block of graphs at a time and only the rows asked for
    (`rows`) are rebuilt.
    """

    by_model: np.ndarray
    by_total: np.ndarray
    log_rows: Callable[[np.ndarray], np.ndarray]
    log_scale: float

    def rows(self, indices: np.ndarray) -> np.ndarray:
        """p(G = g, N | y) for the graphs `indices`, shaped (len(indices), totals)."""
        return np.exp(self.log_rows(indices) - self.log_scale)

    def given_model(self, indices: np.ndarray) -> np.ndarray:
        """p(N | G = g, y) up to a factor per row, for the graphs `indices`: each row scaled
        by its own peak, so that a graph of negligible probability still has a posterior
        over N to summarise (its joint row underflows to zeros)."""
        logs = self.log_rows(indices)
        return np.exp(logs - logs.max(axis=1, keepdims=True))


def model_posterior(
    table: CaptureTable,
    graphs: list[Graph],
    totals: np.ndarray,
    delta: float,
    log_prior: np.ndarray,
) -> Posterior:
    """The joint posterior p(G, N | y), normalised over graphs and totals."""
    lists = len(table.lists)
    missing = totals - table.observed
    marginal = _marginal_log_likelihoods(table, missing, delta)  # (2^t, totals), row 0 unused
    signs = np.zeros((len(graphs), 1 << lists))
    for row, graph in enumerate(graphs):
        for clique in graph.cliques:
            signs[row, clique] += 1.0
        for separator in graph.separators:
            signs[row, separator] -= 1.0
    prior_mass = delta * 2.0**lists
    normaliser = gammaln(prior_mass) - gammaln(totals + prior_mass)
    components = signs.sum(axis=1)  # cliques minus separators
    shared = gammaln(totals + 1.0) - gammaln(missing + 1.0) - gammaln(table.counts + 1.0).sum()
    shared += log_prior

    def log_rows(indices: np.ndarray) -> np.ndarray:
        rows = signs[indices] @ marginal + components[indices, None] * normaliser[None, :]
        return rows + shared

    size = max(1, BLOCK_VALUES // totals.size)
    blocks = [np.arange(i, min(i + size, len(graphs))) for i in range(0, len(graphs), size)]
    log_scale = max(float(log_rows(block).max()) for block in blocks)
    by_model = np.empty(len(graphs))
    by_total = np.zeros(totals.size)
    for block in blocks:
        weights = np.exp(log_rows(block) - log_scale)
        by_model[block] = weights.sum(axis=1)
        by_total += weights.sum(axis=0)
    mass = by_total.sum()
    return Posterior(by_model / mass, by_total / mass, log_rows, log_scale + float(np.log(mass)))


@cache
def decomposable_graphs(lists: int) -> list[Graph]:
    """Every decomposable (chordal) graph on `lists` labelled vertices: 8, 61, 822 for
    three, four, five lists, the empty graph first."""
    edges = list(itertools.combinations(range(lists), 2))
    found = []
    for chosen in itertools.product((False, True), repeat=len(edges)):
        neighbours = [0] * lists
        for (i, j), present in zip(edges, chosen, strict=True):
            if present:
                neighbours[i] |= 1 << j
                neighbours[j] |= 1 << i
        if _is_chordal(neighbours):
            cliques = _maximal_cliques(neighbours)
            found.append(Graph(cliques, _separators(cliques)))
    return found


def _is_chordal(neighbours: list[int]) -> bool:
    """A graph is chordal iff simplicial vertices (whose neighbours are all linked) can be
    removed one by one until none is left."""
    remaining = (1 << len(neighbours)) - 1
    while remaining:
        for vertex in _members_of(remaining):
            around = neighbours[vertex] & remaining
            if _is_complete(around, neighbours):
                remaining &= ~(1 << vertex)
                break
        else:
            return False
    return True


def _is_complete(vertices: int, neighbours: list[int]) -> bool:
    return all((neighbours[v] | 1 << v) & vertices == vertices for v in _members_of(vertices))


def _maximal_cliques(neighbours: list[int]) -> tuple[int, ...]:
    """Maximal complete vertex sets, ordered by their lowest list (few vertices: brute force)."""
    everything = range(1, 1 << len(neighbours))
    complete = [s for s in everything if _is_complete(s, neighbours)]
    maximal = [s for s in complete if not any(s != o and s & o == s for o in complete)]
    return tuple(sorted(maximal, key=lambda s: (s & -s).bit_length()))


def _separators(cliques: tuple[int, ...]) -> tuple[int, ...]:
    """Separators of a junction tree: a maximum spanning tree of the cliques weighted by the
    size of their intersections (Prim); empty ones contribute nothing and are dropped."""
    joined = [cliques[0]]
    waiting = list(cliques[1:])
    separators = []
    while waiting:
        weight, best, separator = max(
            ((c & j).bit_count(), c, c & j) for c in waiting for j in joined
        )
        waiting.remove(best)
        joined.append(best)
        if weight:
            separators.append(separator)
    return tuple(separators)


def _marginal_log_likelihoods(table: CaptureTable, missing: np.ndarray, delta: float) -> np.ndarray:
    """Σ_cells log Γ(y + α) - log Γ(α) of the table collapsed onto every subset of lists,
    for each number missing (row = the subset's bitmask)."""
    lists = len(table.lists)
    bits = table.patterns.astype(np.int64) @ (1 << np.arange(lists))
    result = np.zeros((1 << lists, missing.size))
    for subset in range(1, 1 << lists):
        alpha = delta * 2.0 ** (lists - subset.bit_count())
        cells = np.zeros(1 << lists, dtype=np.int64)
        np.add.at(cells, bits & subset, table.counts)
        margin = cells[[c for c in range(1 << lists) if c & subset == c]]
        # margin[0] is the all-zero cell of the collapsed table: it holds the missing too.
        fixed = (gammaln(margin[1:] + alpha) - gammaln(alpha)).sum()
        result[subset] = fixed + gammaln(margin[0] + missing + alpha) - gammaln(alpha)
    return result


def _log_prior(totals: np.ndarray, prior: str, a: float | None, b: float | None) -> np.ndarray:
    if prior == "1/N":
        return -np.log(totals)
    return (
        totals * np.log(b)
        - (totals + a) * np.log1p(b)
        + gammaln(totals + a)
        - gammaln(totals + 1.0)
        - gammaln(a)
    )


def _check(
    table: CaptureTable,
    delta: float,
    prior: str,
    a: float | None,
    b: float | None,
    level: float,
) -> None:
    if len(table.lists) > MAX_LISTS:
        raise CaptureError(
            f"Madigan & York model averaging handles at most {MAX_LISTS} lists "
            f"({len(table.lists)} given): with six there are 18,154 decomposable models. "
            "Merge related lists, or use the log-linear or LCMCR method.",
            code="dga_too_many_lists",
            count=len(table.lists),
            most=MAX_LISTS,
        )
    if table.observed == 0:
        raise CaptureError(
            "nobody is on any list: there is nothing to estimate from", code="nobody_listed"
        )
    if delta <= 0:
        raise ValueError("delta (prior people per cell) must be positive")
    if prior not in PRIORS:
        raise ValueError(f"unknown prior {prior!r}; choose one of {', '.join(PRIORS)}")
    if prior == "negative_binomial" and not (a and b and a > 0 and b > 0):
        raise ValueError("the negative binomial prior needs prior_a > 0 and prior_b > 0")
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1, e.g. 0.95")


def _quantiles(totals: np.ndarray, mass: np.ndarray, probabilities: list[float]) -> list[int]:
    """The smallest total whose cumulative posterior reaches each probability."""
    cumulative = np.cumsum(mass) / mass.sum()
    found = np.searchsorted(cumulative, np.asarray(probabilities) - 1e-12)
    return [int(totals[min(i, totals.size - 1)]) for i in found]


def _quantile_table(totals: np.ndarray, mass: np.ndarray) -> dict[str, int]:
    levels = (0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975)
    values = _quantiles(totals, mass, list(levels))
    return {f"{q * 100:g}": v for q, v in zip(levels, values, strict=True)}


def _bayes_estimate(totals: np.ndarray, mass: np.ndarray) -> float:
    """Madigan & York's estimate under the loss (N - N̂)²/N: E[1/N] / E[1/N²]."""
    totals = totals.astype(np.float64)  # N² of an int64 total overflows beyond 3 billion
    return float((mass / totals).sum() / (mass / totals**2).sum())


def _model_summary(
    graph: Graph, lists: tuple[str, ...], totals: np.ndarray, mass: np.ndarray, probability: float
) -> dict:
    return {
        "model": graph.written(lists),
        "probability": float(probability),
        "mode": int(totals[np.argmax(mass)]),
        "median": _quantiles(totals, mass, [0.5])[0],
        "bayes_estimate": _bayes_estimate(totals, mass),
    }


def _range_warnings(mass: np.ndarray, top_missing: int) -> list[EstimationWarning]:
    last_tenth = mass[-max(1, mass.size // 10) :].sum() / mass.sum()
    if last_tenth <= TAIL_MASS_LIMIT:
        return []
    return [
        EstimationWarning(
            "posterior_truncated",
            f"The estimate considered at most {top_missing} unobserved people, and the "
            f"posterior still gives {last_tenth:.1%} of its weight to the top tenth of that "
            "range: the data cannot rule out far larger numbers, and the upper end of the "
            "interval is set by the range, not the data. Allow a larger maximum, or check the "
            "lists' overlaps.",
            {"max_missing": top_missing, "tail_mass": round(float(last_tenth), 4)},
        )
    ]


def _saturated_warnings(
    graphs: list[Graph], by_model: np.ndarray, delta: float
) -> list[EstimationWarning]:
    """The complete graph (every list related to every other) says nothing about the people
    on no list: its answer is the prior's. When it carries the average, so does the prior."""
    everything = max(graph.cliques[0] for graph in graphs)
    weight = sum(p for g, p in zip(graphs, by_model, strict=True) if g.cliques == (everything,))
    if weight <= SATURATED_LIMIT:
        return []
    return [
        EstimationWarning(
            "saturated_model_dominates",
            f"The model in which every list depends on every other carries {weight:.0%} of "
            "the posterior. That model cannot tell how many people no list recorded, so the "
            f"estimate mostly reflects the prior (delta = {delta:g}). Try a smaller delta "
            "(dga suggests 2^-t for t lists) and compare with the other methods.",
            {"probability": round(float(weight), 4), "delta": delta},
        )
    ]


def _members_of(mask: int) -> list[int]:
    return [i for i in range(mask.bit_length()) if mask >> i & 1]


def _members(mask: int, lists: tuple[str, ...]) -> list[str]:
    return [lists[i] for i in _members_of(mask)]
