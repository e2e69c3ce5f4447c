"""Convergence diagnostics for Markov chain Monte Carlo: is a sampler's answer trustworthy?

A Gibbs sampler's draws are not independent: each one starts from the previous one, so a
thousand draws may carry the information of only a few dozen. Two numbers say how much to
trust them:

effective sample size (ESS)
    how many independent draws the chain is worth. Quantiles of the posterior need a few
    hundred; fewer means the interval's ends move from run to run.
split R-hat
    whether several chains started apart agree. Each chain is cut in half (so a chain that
    drifts disagrees with itself) and the spread between halves is compared with the spread
    within them. Near 1.00 means they agree; above 1.01 to 1.1 means run longer.

Both follow Vehtari, Gelman, Simpson, Carpenter & Bürkner (2021), "Rank-normalization,
folding, and localization: an improved R-hat for assessing convergence of MCMC", Bayesian
Analysis 16(2):667-718, as Stan and ArviZ compute them: autocorrelations by FFT, Geyer's
(1992) initial monotone sequence to truncate their sum, and ranks instead of raw values so
that heavy tails (a population total often has one) do not mislead.

>>> import numpy as np
>>> draws = np.random.default_rng(1).normal(size=(4, 1000))
>>> bool(3000 < effective_sample_size(draws) < 5000), bool(split_rhat(draws) < 1.01)
(True, True)
"""

from __future__ import annotations

import numpy as np
from scipy import special, stats


def effective_sample_size(chains: np.ndarray) -> float:
    """ESS of draws shaped (chains, draws) or (draws,), by the multi-chain Geyer method.

    This is the "basic" ESS of Stan (no splitting, no ranks); `bulk_effective_sample_size`
    is the one to report.
    """
    draws = _as_chains(chains)
    chain_count, length = draws.shape
    if length < 4:
        return float("nan")
    autocovariance = np.array([_autocovariance(chain) for chain in draws])
    chain_variance = autocovariance[:, 0] * length / (length - 1.0)
    within = chain_variance.mean()
    pooled_variance = within * (length - 1.0) / length
    if chain_count > 1:
        pooled_variance += draws.mean(axis=1).var(ddof=1)
    if pooled_variance <= 0:
        # Every draw identical: nothing to estimate, and nothing uncertain either.
        return float(chain_count * length)
    mean_autocovariance = autocovariance.mean(axis=0)
    rho = 1.0 - (within - mean_autocovariance) / pooled_variance
    rho[0] = 1.0
    tau = _integrated_time(rho)
    return float(chain_count * length / tau)


def bulk_effective_sample_size(chains: np.ndarray) -> float:
    """ESS of the centre of the distribution: split chains, rank-normalised (Vehtari 2021)."""
    return effective_sample_size(_rank_normalise(_split(_as_chains(chains))))


def split_rhat(chains: np.ndarray, *, rank_normalised: bool = True) -> float:
    """Split R-hat of draws shaped (chains, draws); ~1.00 when the chains agree.

    Rank-normalised by default: the larger of the bulk R-hat and the R-hat of the folded
    draws (|x - median|), which also catches chains that agree on the centre but not on the
    spread (Vehtari et al. 2021). With rank_normalised=False, the classic split R-hat of
    Gelman et al. (BDA3, section 11.4).
    """
    halves = _split(_as_chains(chains))
    if not rank_normalised:
        return _rhat(halves)
    folded = np.abs(halves - np.median(halves))
    return max(_rhat(_rank_normalise(halves)), _rhat(_rank_normalise(folded)))


def _as_chains(chains: np.ndarray) -> np.ndarray:
    draws = np.asarray(chains, dtype=float)
    if draws.ndim == 1:
        draws = draws[None, :]
    if draws.ndim != 2:
        raise ValueError("draws must be shaped (chains, draws)")
    return draws


def _split(draws: np.ndarray) -> np.ndarray:
    """Each chain cut in two halves (the middle draw of an odd chain is dropped)."""
    half = draws.shape[1] // 2
    return np.concatenate([draws[:, :half], draws[:, draws.shape[1] - half :]], axis=0)


def _rank_normalise(draws: np.ndarray) -> np.ndarray:
    """Pooled ranks mapped to normal scores (Blom's offset), shape kept."""
    ranks = stats.rankdata(draws, method="average").reshape(draws.shape)
    return special.ndtri((ranks - 0.375) / (draws.size + 0.25))


def _rhat(draws: np.ndarray) -> float:
    chain_count, length = draws.shape
    if chain_count < 2 or length < 2:
        return float("nan")
    within = draws.var(axis=1, ddof=1).mean()
    between = length * draws.mean(axis=1).var(ddof=1)
    if within <= 0:
        # Constant chains: they agree only if they are the same constant.
        return 1.0 if between == 0 else float("inf")
    pooled = (length - 1.0) / length * within + between / length
    return float(np.sqrt(pooled / within))


def _autocovariance(chain: np.ndarray) -> np.ndarray:
    """Biased autocovariance at every lag, by FFT (zero-padded to avoid wrap-around)."""
    length = chain.size
    centred = chain - chain.mean()
    size = 1 << (2 * length - 1).bit_length()
    spectrum = np.fft.rfft(centred, n=size)
    return np.fft.irfft(spectrum * np.conjugate(spectrum), n=size)[:length] / length


def _integrated_time(rho: np.ndarray) -> float:
    """Geyer's initial monotone positive sequence: sum autocorrelations in pairs while the
    pair sums stay positive, forcing them to decrease, as Stan does."""
    pair_count = rho.size // 2
    pairs = rho[: 2 * pair_count].reshape(pair_count, 2).sum(axis=1)
    positive = pairs > 0
    last = pair_count if positive.all() else int(np.argmin(positive))
    pairs = np.minimum.accumulate(pairs[:last]) if last else pairs[:0]
    tau = -1.0 + 2.0 * pairs.sum()
    # Antithetic chains can make tau tiny; Stan bounds ESS at n * log10(n).
    return max(tau, 1.0 / np.log10(max(rho.size, 10)))
