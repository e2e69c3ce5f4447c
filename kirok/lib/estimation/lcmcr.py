"""LCMCR: the Bayesian non-parametric latent-class model of Manrique-Vallier (2016).

People differ in how likely each list is to record them (a victim killed in a village an
NGO visited is on its list; one killed in a remote valley is on none). The model lets the
population be a mixture of up to K groups ("latent classes"), each with its own chance of
being on each list, and lets the data decide how many groups matter (a Dirichlet process,
truncated at K, by stick-breaking). People on no list are added as unknowns: the sampler
imagines how many there are, given how likely a member of each group is to escape every
list, and the posterior of that number is the estimate.

The model (Manrique-Vallier, D. (2016) "Bayesian population size estimation using
Dirichlet process mixtures", Biometrics 72(4):1246-1254; R package LCMCR):

    x_ij | z_i = k  ~ Bernoulli(lambda_jk)              list j records person i
    lambda_jk       ~ Beta(1, 1)
    z_i             ~ Categorical(pi),  pi_k = V_k prod_{l<k} (1 - V_l),  V_K = 1
    V_k             ~ Beta(1, alpha),   alpha ~ Gamma(a, b)   (rate b; a = b = 0.25)
    p(N)            ∝ 1/N

The Gibbs sampler works on the aggregated table (how many people per capture pattern), as
LCMCR's C++ does: the class counts of a pattern's n people are one multinomial draw, so an
iteration costs O(patterns x K x lists) whatever N is. The unobserved n0 = N - n is drawn
from its negative binomial full conditional, NegBin(n, 1 - P(unobserved)), which is what
the 1/N prior gives once the n observed are fixed, and its people are then split among
the classes like any pattern's.

The sampler is compiled with numba (once per process, about 6 s of CPU; never cached
to disk) and seeds numba's own generator per chain, so a seed gives the same numbers.

>>> from kirok.lib.estimation.captures import read_captures_csv
>>> table = read_captures_csv("A,B,count\\n1,0,30\\n0,1,40\\n1,1,20\\n")[()]
>>> result = estimate_lcmcr(table, iterations=1000, burn_in=1000, chains=2)
>>> result.method, result.model
('lcmcr', 'LCMCR K=10')
"""

from __future__ import annotations

import math
import os
from typing import NamedTuple

import numpy as np
from numba import njit

from kirok.lib.estimation.captures import CaptureError, CaptureTable
from kirok.lib.estimation.diagnostics import table_warnings
from kirok.lib.estimation.mcmc import bulk_effective_sample_size, split_rhat
from kirok.lib.estimation.results import Estimate, EstimationWarning

WARM_UP = 500  # LCMCR's own warm-up before burn-in, with alpha held small
RHAT_LIMIT = 1.1
ESS_LIMIT = 400
TRACE_POINTS = 500
QUANTILES = (0.025, 0.05, 0.25, 0.5, 0.75, 0.95, 0.975)
# A class's probability of escaping every list is capped below 1 so that a runaway chain
# (lists that share nobody leave N unbounded) cannot overflow the integers.
MAX_PROBABILITY_UNOBSERVED = 1.0 - 1e-9
# Below this many people, a pattern's class counts are drawn person by person (cheaper
# than K conditional binomials).
SMALL_CELL = 8
# Compiling the sampler takes seconds. Kirok's settings point NUMBA_CACHE_DIR into the data
# dir, so a server compiles it once per installation; without that variable (the library
# used on its own) nothing is cached, so that no compiled file is written beside the code.
CACHE_COMPILED = bool(os.environ.get("NUMBA_CACHE_DIR"))


def estimate_lcmcr(
    table: CaptureTable,
    *,
    K: int = 10,  # the paper's and the R package's name for the number of classes
    iterations: int = 10_000,
    burn_in: int = 10_000,
    thinning: int = 10,
    chains: int = 4,
    seed: int = 0,
    level: float = 0.95,
    a: float = 0.25,
    b: float = 0.25,
) -> Estimate:
    """Posterior of the total under LCMCR, from `chains` independent Gibbs chains.

    iterations: iterations kept per chain after burn_in, of which every `thinning`-th is
        stored (10,000 / 10 gives 1,000 draws per chain).
    a, b: shape and rate of the Gamma prior on the Dirichlet process concentration alpha
        (LCMCR's a_alpha, b_alpha). The lists' capture probabilities have Beta(1, 1) priors.
    The estimate is the posterior median, the interval equal-tailed posterior quantiles.
    """
    _check_options(K, iterations, burn_in, thinning, chains, level, a, b)
    if table.observed == 0:
        raise CaptureError(
            "nobody is on any list: there is nothing to estimate from", code="nobody_listed"
        )
    draws = sample_chains(
        table,
        K=K,
        iterations=iterations,
        burn_in=burn_in,
        thinning=thinning,
        chains=chains,
        seed=seed,
        a=a,
        b=b,
    )
    pooled = draws.ravel()
    tail = round((1.0 - level) / 2.0, 12)  # 0.025, not 0.025000000000000022
    low, high = np.quantile(pooled, [tail, round(1.0 - tail, 12)])
    ess = bulk_effective_sample_size(draws)
    rhat = split_rhat(draws)  # one chain: its two halves are compared
    details = {
        "posterior_mean": float(pooled.mean()),
        "quantiles": {
            _percent(q): float(v)
            for q, v in zip(QUANTILES, np.quantile(pooled, QUANTILES), strict=True)
        },
        "effective_sample_size": _rounded(ess, 1),
        "rhat": _rounded(rhat, 4),
        "K": K,
        "iterations": iterations,
        "burn_in": burn_in,
        "warm_up": WARM_UP,
        "thinning": thinning,
        "chains": chains,
        "seed": seed,
        "alpha_prior": [a, b],
        **_trace(draws, thinning),
    }
    return Estimate(
        method="lcmcr",
        observed=table.observed,
        estimate=float(np.median(pooled)),
        interval=(float(low), float(high)),
        level=level,
        interval_kind="posterior quantiles",
        model=f"LCMCR K={K}",
        warnings=tuple([*table_warnings(table), *_convergence_warnings(ess, rhat, chains)]),
        details=details,
        samples=pooled.astype(float),
    )


def sample_chains(
    table: CaptureTable,
    *,
    K: int = 10,
    iterations: int = 10_000,
    burn_in: int = 10_000,
    thinning: int = 10,
    chains: int = 4,
    seed: int = 0,
    a: float = 0.25,
    b: float = 0.25,
) -> np.ndarray:
    """Posterior draws of the total N, shaped (chains, iterations // thinning).

    Chain c is seeded from (seed, c), so adding chains never changes the earlier ones.
    """
    seen = table.counts > 0
    patterns = np.ascontiguousarray(table.patterns[seen], dtype=np.int8)
    counts = np.ascontiguousarray(table.counts[seen], dtype=np.int64)
    kept = np.empty((chains, iterations // thinning), dtype=np.int64)
    for chain in range(chains):
        _run_chain(
            patterns,
            counts,
            _ChainState.start(patterns, counts, K),
            (WARM_UP, burn_in, iterations, thinning),
            (float(a), float(b)),
            _chain_seed(seed, chain),
            kept[chain],
        )
    return kept


class _ChainState(NamedTuple):
    """The sampler's state, allocated here so that the compiled code allocates nothing."""

    capture: np.ndarray  # (lists, K) probability that list j records a member of class k
    weights: np.ndarray  # (K,) class weights pi_k
    missing_by_class: np.ndarray  # (K,) the unobserved people's classes
    class_size: np.ndarray  # (K,) people per class, observed and unobserved
    on_list: np.ndarray  # (lists, K) people of class k on list j
    scratch: np.ndarray  # (K,) class probabilities of one pattern
    draw: np.ndarray  # (K,) class counts of one pattern

    @classmethod
    def start(cls, patterns: np.ndarray, counts: np.ndarray, K: int) -> _ChainState:
        """Every class starts at the lists' overall capture rates, as LCMCR does."""
        rates = np.clip(patterns.T.astype(float) @ counts / counts.sum(), 0.01, 0.99)
        lists = patterns.shape[1]
        return cls(
            capture=np.repeat(rates[:, None], K, axis=1),
            weights=np.full(K, 1.0 / K),
            missing_by_class=np.zeros(K, dtype=np.int64),
            class_size=np.zeros(K, dtype=np.int64),
            on_list=np.zeros((lists, K), dtype=np.int64),
            scratch=np.empty(K),
            draw=np.zeros(K, dtype=np.int64),
        )


def _chain_seed(seed: int, chain: int) -> int:
    return int(np.random.SeedSequence([seed, chain]).generate_state(1)[0])


def _check_options(
    K: int,
    iterations: int,
    burn_in: int,
    thinning: int,
    chains: int,
    level: float,
    a: float,
    b: float,
) -> None:
    if K < 2:
        raise ValueError("K (the number of latent classes) must be at least 2")
    if thinning < 1 or iterations < thinning:
        raise ValueError("iterations must be at least thinning, and thinning at least 1")
    if burn_in < 0 or chains < 1:
        raise ValueError("burn_in cannot be negative and at least one chain is needed")
    if not 0.0 < level < 1.0:
        raise ValueError("level must be between 0 and 1, e.g. 0.95")
    if a <= 0 or b <= 0:
        raise ValueError("the Gamma prior on alpha needs a > 0 and b > 0")


def _rounded(value: float, digits: int) -> float | None:
    """None when a diagnostic cannot be computed (too few draws): JSON has no NaN."""
    return round(value, digits) if math.isfinite(value) else None


def _percent(quantile: float) -> str:
    return f"{quantile * 100:g}"


def _trace(draws: np.ndarray, thinning: int) -> dict:
    """At most TRACE_POINTS draws per chain, evenly spaced, for a trace plot."""
    step = max(1, math.ceil(draws.shape[1] / TRACE_POINTS))
    return {
        "trace": [[int(v) for v in chain[::step]] for chain in draws],
        "trace_every": step * thinning,
    }


def _convergence_warnings(ess: float, rhat: float, chains: int) -> list[EstimationWarning]:
    found = []
    if math.isfinite(rhat) and rhat > RHAT_LIMIT:
        which = f"The {chains} chains disagree" if chains > 1 else "The chain drifts"
        found.append(
            EstimationWarning(
                "not_converged",
                f"{which} (R-hat {rhat:.2f}, above {RHAT_LIMIT}): the sampler has not "
                "settled on one answer, so the estimate and interval may be wrong. Run more "
                "iterations and a longer burn-in, with several chains, and compare the "
                "chains' traces.",
                {"rhat": round(rhat, 3), "limit": RHAT_LIMIT, "chains": chains},
            )
        )
    if not (math.isfinite(ess) and ess >= ESS_LIMIT):
        worth = (
            f"The draws are worth only about {ess:.0f} independent ones (fewer than {ESS_LIMIT})"
            if math.isfinite(ess)
            else "There are too few draws to tell what they are worth"
        )
        found.append(
            EstimationWarning(
                "low_effective_sample_size",
                f"{worth}, so the interval's ends would move if the analysis were run "
                "again. Run more iterations or more chains.",
                {"effective_sample_size": _rounded(ess, 1), "limit": ESS_LIMIT},
            )
        )
    return found


# --- The Gibbs sampler (numba) ---------------------------------------------------------
# Compile time matters (it is paid by every process that estimates): the kernel allocates
# nothing, uses loops rather than array expressions, and draws only from numba's uniform,
# standard gamma and Poisson generators (binomials are drawn here, see _binomial).


@njit(cache=CACHE_COMPILED)
def _run_chain(patterns, counts, state, lengths, alpha_prior, seed, kept):
    """One chain: warm_up + burn_in iterations, then every `thinning`-th N into `kept`."""
    np.random.seed(seed)
    warm_up, burn_in, iterations, thinning = lengths
    a_alpha, b_alpha = alpha_prior
    K = state.weights.size
    observed = 0
    for m in range(counts.size):
        observed += counts[m]
    # As LCMCR does: a small alpha during the warm-up lets a few classes take the data.
    alpha = 0.3 / K
    missing = 0
    for step in range(warm_up + burn_in + iterations):
        _allocate_observed(patterns, counts, state)
        _draw_capture_probabilities(state)
        log_last_weight = _draw_weights(state, alpha, observed + missing)
        missing = _draw_missing(state, observed)
        if step >= warm_up:
            rate = b_alpha - log_last_weight
            alpha = np.random.standard_gamma(a_alpha + K - 1.0) / rate
        if step == warm_up - 1:
            _order_classes_by_weight(state)
        done = step - warm_up - burn_in + 1
        if done > 0 and done % thinning == 0:
            kept[done // thinning - 1] = observed + missing


@njit(cache=CACHE_COMPILED)
def _allocate_observed(patterns, counts, state):
    """Class counts of each observed pattern (multinomial), tallied per class and list;
    the unobserved people's classes from the last iteration are included."""
    capture, weights, class_size, on_list = (
        state.capture,
        state.weights,
        state.class_size,
        state.on_list,
    )
    cells, lists = patterns.shape
    K = weights.size
    for k in range(K):
        class_size[k] = state.missing_by_class[k]
        for j in range(lists):
            on_list[j, k] = 0
    for m in range(cells):
        for k in range(K):
            p = weights[k]
            for j in range(lists):
                p *= capture[j, k] if patterns[m, j] else 1.0 - capture[j, k]
            state.scratch[k] = p
        _multinomial(counts[m], state.scratch, state.draw)
        for k in range(K):
            taken = state.draw[k]
            if taken:
                class_size[k] += taken
                for j in range(lists):
                    if patterns[m, j]:
                        on_list[j, k] += taken


@njit(cache=CACHE_COMPILED)
def _draw_capture_probabilities(state):
    """lambda_jk ~ Beta(1 + on list, 1 + not on list), as the ratio of two gamma draws."""
    capture = state.capture
    lists, K = capture.shape
    for k in range(K):
        if state.class_size[k] == 0:
            # An empty class: Beta(1, 1) is the uniform, drawn at a fraction of the cost.
            for j in range(lists):
                capture[j, k] = np.random.random()
            continue
        for j in range(lists):
            on = np.random.standard_gamma(1.0 + state.on_list[j, k])
            off = np.random.standard_gamma(1.0 + state.class_size[k] - state.on_list[j, k])
            capture[j, k] = on / (on + off)


@njit(cache=CACHE_COMPILED)
def _draw_weights(state, alpha, population):
    """Stick-breaking weights given class sizes; returns log(pi_K) = sum log(1 - V_k).

    Drawn in logs (V = G1 / (G1 + G2) with log-gamma draws), as LCMCR does, because with a
    small alpha the last sticks are far below the smallest double.
    """
    weights, class_size = state.weights, state.class_size
    K = weights.size
    log_rest = 0.0
    assigned = 0
    for k in range(K - 1):
        assigned += class_size[k]
        later = alpha + (population - assigned)
        if class_size[k] == 0:
            # V ~ Beta(1, later) is 1 - U^(1/later): exact, and cheaper than two gammas.
            log_not_v = math.log(1.0 - np.random.random()) / later
            log_v = math.log(-math.expm1(log_not_v)) if log_not_v < 0.0 else -math.inf
        else:
            log_g1 = _log_gamma_draw(1.0 + class_size[k])
            log_g2 = _log_gamma_draw(later)
            log_sum = max(log_g1, log_g2) + math.log1p(math.exp(-abs(log_g1 - log_g2)))
            log_v, log_not_v = log_g1 - log_sum, log_g2 - log_sum
        weights[k] = math.exp(log_v + log_rest)
        log_rest += log_not_v
    weights[K - 1] = math.exp(log_rest)
    return log_rest


@njit(cache=CACHE_COMPILED)
def _log_gamma_draw(shape):
    """log of a Gamma(shape, 1) draw, accurate when shape is tiny (Gamma(a) = Gamma(a + 1)
    * U^(1/a), whose log does not underflow)."""
    if shape >= 1.0:
        return math.log(np.random.standard_gamma(shape))
    uniform = 1.0 - np.random.random()  # in (0, 1]
    return math.log(np.random.standard_gamma(shape + 1.0)) + math.log(uniform) / shape


@njit(cache=CACHE_COMPILED)
def _draw_missing(state, observed):
    """n0 ~ NegBin(n, 1 - P(unobserved)), then its people split among the classes."""
    capture, weights, probs = state.capture, state.weights, state.scratch
    lists, K = capture.shape
    unobserved = 0.0
    for k in range(K):
        p = weights[k]
        for j in range(lists):
            p *= 1.0 - capture[j, k]
        probs[k] = p
        unobserved += p
    unobserved = min(unobserved, MAX_PROBABILITY_UNOBSERVED)
    # Failures before `observed` successes with success probability 1 - unobserved: a
    # Poisson whose mean is Gamma(observed, scale unobserved / (1 - unobserved)).
    mean = np.random.standard_gamma(float(observed)) * unobserved / (1.0 - unobserved)
    missing = np.random.poisson(mean) if mean > 0.0 else 0
    _multinomial(missing, probs, state.missing_by_class)
    return missing


@njit(cache=CACHE_COMPILED)
def _multinomial(total, weights, out):
    """out ~ Multinomial(total, weights / sum(weights)), weights not normalised."""
    K = weights.size
    whole = 0.0
    for k in range(K):
        out[k] = 0
        whole += weights[k]
    if total <= SMALL_CELL:
        for _ in range(total):
            target = np.random.random() * whole
            k = 0
            below = weights[0]
            while k < K - 1 and below <= target:
                k += 1
                below += weights[k]
            out[k] += 1
        return
    # Conditional binomials: class k takes its share of what the earlier classes left.
    remaining = total
    rest = whole
    for k in range(K - 1):
        if remaining == 0:
            return
        share = weights[k] / rest if rest > 0.0 else 1.0
        taken = remaining if share >= 1.0 else _binomial(remaining, share)
        out[k] = taken
        remaining -= taken
        rest -= weights[k]
    out[K - 1] = remaining


@njit(cache=CACHE_COMPILED)
def _binomial(trials, p):
    """A Binomial(trials, p) draw, exact.

    numba's own np.random.binomial (BTPE) takes seconds to compile; these two classic
    algorithms take a fraction of that: inversion (BINV, Kachitvichyanukul & Schmeiser
    1988) when the mean is small, Hörmann's (1993) transformed rejection (BTRS, as in
    TensorFlow and JAX) otherwise, its acceptance test on the exact probability ratio.
    """
    # Both algorithms want p <= 1/2: count the failures instead when it is not.
    flipped = p > 0.5
    small = 1.0 - p if flipped else p
    if trials * small < 10.0:
        drawn = _binomial_inversion(trials, small)
    else:
        drawn = _binomial_rejection(trials, small)
    return trials - drawn if flipped else drawn


@njit(cache=CACHE_COMPILED)
def _binomial_sample(trials, p, size, seed):
    """`size` seeded draws of _binomial, to check it against the binomial distribution."""
    np.random.seed(seed)
    out = np.empty(size, dtype=np.int64)
    for i in range(size):
        out[i] = _binomial(trials, p)
    return out


@njit(cache=CACHE_COMPILED)
def _binomial_inversion(trials, p):
    odds = p / (1.0 - p)
    step = (trials + 1) * odds
    start = math.exp(trials * math.log1p(-p))  # P(X = 0)
    while True:
        mass = start
        u = np.random.random()
        drawn = 0
        while u > mass and drawn < trials:
            u -= mass
            drawn += 1
            mass *= step / drawn - odds
        if u <= mass:
            return drawn
        # Rounding left u above the whole distribution (vanishingly rare): draw again.


@njit(cache=CACHE_COMPILED)
def _binomial_rejection(trials, p):
    spread = math.sqrt(trials * p * (1.0 - p))
    b = 1.15 + 2.53 * spread
    a = -0.0873 + 0.0248 * b + 0.01 * p
    c = trials * p + 0.5
    box = 0.92 - 4.2 / b
    alpha = (2.83 + 5.1 / b) * spread
    log_odds = math.log(p / (1.0 - p))
    mode = math.floor((trials + 1) * p)
    log_mode = math.lgamma(mode + 1.0) + math.lgamma(trials - mode + 1.0)
    while True:
        u = np.random.random() - 0.5
        v = np.random.random()
        centre = 0.5 - abs(u)
        k = math.floor((2.0 * a / centre + b) * u + c)
        if k < 0 or k > trials:
            continue
        if centre >= 0.07 and v <= box:
            return k
        log_ratio = log_mode - math.lgamma(k + 1.0) - math.lgamma(trials - k + 1.0)
        if math.log(v * alpha / (a / (centre * centre) + b)) <= log_ratio + (k - mode) * log_odds:
            return k


@njit(cache=CACHE_COMPILED)
def _order_classes_by_weight(state):
    """Largest class first, as LCMCR does after its warm-up: stick-breaking mixes better
    when the sticks are in decreasing order. (A selection sort: K is small, and numba
    compiles argsort slowly.)"""
    weights, capture, missing_by_class = state.weights, state.capture, state.missing_by_class
    K = weights.size
    for target in range(K - 1):
        largest = target
        for k in range(target + 1, K):
            if weights[k] > weights[largest]:
                largest = k
        if largest == target:
            continue
        weights[target], weights[largest] = weights[largest], weights[target]
        missing_by_class[target], missing_by_class[largest] = (
            missing_by_class[largest],
            missing_by_class[target],
        )
        for j in range(capture.shape[0]):
            capture[j, target], capture[j, largest] = capture[j, largest], capture[j, target]
