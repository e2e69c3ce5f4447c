"""Multiple systems estimation speed against the reference R implementations (issue 8).

    .venv/bin/python bench/estimation.py                  # everything
    .venv/bin/python bench/estimation.py --only loglinear  # the log-linear searches only

Single-threaded: the thread counts of the BLAS libraries are set to 1 before numpy loads,
as the R reference timings were taken on one core of the same 2-core machine kind.

Log-linear (Rcapture 1.4-4 closedpMS.t, R 4.2, measured for issue 8):
- UK 2013 six lists, every hierarchical model up to order 2 (2^15 = 32,768 models), best by
  BIC: Rcapture 178 s (5.4 ms a model), N 12,349.6. Goal: under 18 s, with the profile
  interval of the best model.
- Kosovo four lists, the 113 hierarchical models up to order 3: Rcapture 0.32 s, N 10,356.5.

Also: BCa intervals that redo the model choice in each of 1,000 replicates, beside the
published ones (Chan et al. 2021; Silverman, Chan & Vincent 2024).

Each measurement is one function returning a row or a list of rows (see ROW_FIELDS),
registered in MEASUREMENTS under its group ("loglinear", "lcmcr"); --only picks a group.
"""

from __future__ import annotations

import os

for _variable in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ[_variable] = "1"

import argparse  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from kirok.lib.estimation import CaptureTable, read_captures_csv  # noqa: E402

DATA = ROOT / "tests" / "data" / "mse"
ROW_FIELDS = ("measurement", "work", "seconds", "per unit", "result", "reference", "speed-up")

Row = dict[str, str]
MEASUREMENTS: dict[str, tuple[str, Callable[[], Row | list[Row]]]] = {}


def measurement(group: str, name: str):
    """Register a function as one row of the benchmark table."""

    def register(function: Callable[[], Row | list[Row]]) -> Callable[[], Row | list[Row]]:
        MEASUREMENTS[name] = (group, function)
        return function

    return register


def load(name: str) -> CaptureTable:
    return read_captures_csv((DATA / f"{name}.csv").read_text(encoding="utf-8"))[()]


def timed(function: Callable[[], object]) -> tuple[object, float]:
    start = time.perf_counter()
    result = function()
    return result, time.perf_counter() - start


@measurement("loglinear", "UK six lists, BIC over all models up to order 2")
def uk_six_list_search() -> Row:
    from kirok.lib.estimation.selection import LoglinearProblem, exhaustive

    table = load("uk2013_6list")
    problem = LoglinearProblem(table, 2)
    exhaustive(LoglinearProblem(load("kosovo_4list"), 2), "bic", 2)  # warm up imports
    search, seconds = timed(lambda: exhaustive(problem, "bic", 2))
    return _search_row(
        "UK six lists, BIC, order <= 2", table, problem, search, seconds, 178.0, 12349.6
    )


@measurement("loglinear", "Kosovo, BIC over all models up to order 3")
def kosovo_search() -> Row:
    from kirok.lib.estimation.selection import LoglinearProblem, exhaustive

    table = load("kosovo_4list")
    problem = LoglinearProblem(table, 3)
    search, seconds = timed(lambda: exhaustive(problem, "bic", 3))
    return _search_row("Kosovo, BIC, order <= 3", table, problem, search, seconds, 0.32, 10356.5)


@measurement("loglinear", "UK five lists, stepwise p = 0.02 (Chan et al.)")
def uk_five_list_stepwise() -> Row:
    from kirok.lib.estimation.selection import LoglinearProblem, stepwise

    table = load("uk2013_5list")
    problem = LoglinearProblem(table, 2)
    search, seconds = timed(lambda: stepwise(problem, 0.02))
    fit = problem.fit(search.model)
    return {
        "measurement": "UK five lists, stepwise p = 0.02",
        "work": f"{search.models_searched} models",
        "seconds": f"{seconds:.3f}",
        "per unit": f"{1000 * seconds / search.models_searched:.2f} ms/model",
        "result": f"N {table.observed + fit.unobserved[0]:,.1f} ({problem.describe(search.model)})",
        "reference": "11,313.0 (README §1)",
        "speed-up": "",
    }


@measurement("loglinear", "HIV c1:c2, 1,000 bootstrap refits")
def hiv_bootstrap() -> Row:
    from kirok.lib.estimation import estimate

    table = load("hiv_rome_4list")
    result, seconds = timed(
        lambda: estimate(table, model="c1:c2", interval="bca", bootstrap_samples=1000)
    )
    low, high = result.interval
    return {
        "measurement": "HIV c1:c2, 1,000 bootstrap refits + BCa",
        "work": "1,000 fits",
        "seconds": f"{seconds:.3f}",
        "per unit": f"{1000 * seconds / 1000:.3f} ms/fit",
        "result": f"N {result.estimate:,.1f} ({low:,.0f}, {high:,.0f})",
        "reference": "12,318.5 (Rcapture)",
        "speed-up": "",
    }


LCMCR_CPP_MICROSECONDS = 15.0  # LCMCR 0.4.14 (C++), K = 10, measured for issue 8


@measurement("lcmcr", "LCMCR compile (numba, once per process)")
def lcmcr_compile() -> Row:
    from kirok.lib.estimation.lcmcr import sample_chains

    tiny = CaptureTable.from_counts(["A", "B"], {(1, 0): 3, (0, 1): 4, (1, 1): 2})
    _, seconds = timed(lambda: sample_chains(tiny, iterations=1, burn_in=0, thinning=1, chains=1))
    return {
        "measurement": "LCMCR sampler compile (numba, not cached)",
        "work": "first call",
        "seconds": f"{seconds:.2f}",
        "per unit": "",
        "result": "",
        "reference": "",
        "speed-up": "",
    }


def _lcmcr_speed_row(name: str, label: str) -> Row:
    import numpy as np

    from kirok.lib.estimation.lcmcr import WARM_UP, sample_chains

    table = load(name)
    sample_chains(table, iterations=10, burn_in=0, thinning=1, chains=1)  # compiled
    iterations = 20_000
    # CPU time too: on a shared machine the wall clock also counts other processes' turns.
    cpu_start = time.process_time()
    draws, seconds = timed(
        lambda: sample_chains(table, iterations=iterations, burn_in=0, thinning=10, chains=1)
    )
    cpu_per_iteration = 1e6 * (time.process_time() - cpu_start) / (iterations + WARM_UP)
    per_iteration = 1e6 * seconds / (iterations + WARM_UP)
    return {
        "measurement": f"LCMCR K=10, {label}: one chain",
        "work": f"{iterations + WARM_UP:,} iterations",
        "seconds": f"{seconds:.3f}",
        "per unit": f"{per_iteration:.1f} µs/iteration (CPU {cpu_per_iteration:.1f})",
        "result": f"median N {float(np.median(draws)):,.0f} (one short chain)",
        "reference": f"LCMCR C++ ~{LCMCR_CPP_MICROSECONDS:g} µs; goal <= 30 µs",
        "speed-up": f"{LCMCR_CPP_MICROSECONDS / per_iteration:.2f}x",
    }


@measurement("lcmcr", "LCMCR speed, UK six lists")
def lcmcr_uk_speed() -> Row:
    return _lcmcr_speed_row("uk2013_6list", "UK six lists")


@measurement("lcmcr", "LCMCR speed, Kosovo")
def lcmcr_kosovo_speed() -> Row:
    return _lcmcr_speed_row("kosovo_4list", "Kosovo")


@measurement("lcmcr", "LCMCR Kosovo long run, four chains")
def lcmcr_kosovo_long_run() -> Row:
    from kirok.lib.estimation.lcmcr import estimate_lcmcr

    table = load("kosovo_4list")
    result, seconds = timed(
        lambda: estimate_lcmcr(table, iterations=100_000, burn_in=10_000, thinning=10, seed=0)
    )
    low, high = result.interval
    details = result.details
    return {
        "measurement": "LCMCR K=10, Kosovo: 4 chains x (10,000 burn-in + 100,000, thin 10)",
        "work": "4 x 110,500 iterations",
        "seconds": f"{seconds:.2f}",
        "per unit": f"ESS {details['effective_sample_size']:,.0f}, R-hat {details['rhat']:.3f}",
        "result": f"median N {result.estimate:,.0f} ({low:,.0f}, {high:,.0f})",
        "reference": "about 10,400 (HRDAG); KMB 10,401",
        "speed-up": "",
    }


BCA_REFERENCES = [
    # README: published BCa 95% intervals that redo the model choice in every replicate.
    ("new_orleans_8list", {"criterion": "pvalue"}, "Chan et al. 2021: 1,184 (717, 1,657)"),
    ("western_us_5list", {"criterion": "pvalue"}, "Chan et al. 2021: 2,483 (1,293, 3,670)"),
    ("kosovo_4list", {"criterion": "bic", "max_order": 3}, "SCV 2024: 10,357 (6,947, 18,010)"),
]


@measurement("loglinear", "BCa with the model choice redone, 1,000 replicates")
def bca_with_model_choice() -> list[Row]:
    from kirok.lib.estimation import estimate

    rows = []
    for name, options, reference in BCA_REFERENCES:
        table = load(name)
        result, seconds = timed(
            lambda table=table, options=options: estimate(
                table, interval="bca", bootstrap_samples=1000, **options
            )
        )
        low, high = result.interval
        rows.append(
            {
                "measurement": f"{name}, {options['criterion']}, BCa",
                "work": "1,000 searches",
                "seconds": f"{seconds:.2f}",
                "per unit": f"{seconds:.2f} ms/replicate",
                "result": f"N {result.estimate:,.1f} ({low:,.0f}, {high:,.0f})",
                "reference": reference,
                "speed-up": "",
            }
        )
    return rows


def _search_row(
    label: str, table, problem, search, seconds: float, r_seconds: float, r_estimate: float
) -> Row:
    from kirok.lib.estimation.intervals import Profile

    fit = problem.fit(search.model)
    estimate = table.observed + float(fit.unobserved[0])
    (_, (low, high)), profile_seconds = timed(
        lambda: Profile(problem, search.model).interval(estimate, 0.95)
    )
    count = search.models_searched
    return {
        "measurement": f"{label}: {problem.describe(search.model)}",
        "work": f"{count:,} models",
        "seconds": f"{seconds:.2f} (+{profile_seconds:.2f} profile)",
        "per unit": f"{1000 * seconds / count:.3f} ms/model",
        "result": f"N {estimate:,.1f} ({low:,.0f}, {high:,.0f})",
        "reference": f"Rcapture {r_seconds:g} s, N {r_estimate:,.1f}",
        "speed-up": f"{r_seconds / seconds:.1f}x",
    }


def print_table(rows: list[Row]) -> None:
    widths = {f: max(len(f), *(len(r.get(f, "")) for r in rows)) for f in ROW_FIELDS}
    print("  ".join(f.ljust(widths[f]) for f in ROW_FIELDS))
    print("  ".join("-" * widths[f] for f in ROW_FIELDS))
    for row in rows:
        print("  ".join(row.get(f, "").ljust(widths[f]) for f in ROW_FIELDS))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", choices=("loglinear", "lcmcr", "all"), default="all")
    args = parser.parse_args()
    rows = []
    for name, (group, function) in MEASUREMENTS.items():
        if args.only in (group, "all"):
            print(f"... {name}", file=sys.stderr)
            produced = function()
            rows.extend(produced if isinstance(produced, list) else [produced])
    print_table(rows)


if __name__ == "__main__":
    main()
