"""`kirok estimate CAPTURES.csv`: multiple systems estimation on a capture table, no database.

CAPTURES.csv has one 0/1 column per list and `count` (optionally `stratum_*` columns), the
format of the published tables in tests/data/mse and of the estimation page's CSV export, so
a number from the page can be checked here, and one from R here. Every method is in
kirok.lib.estimation; this module only reads, dispatches and prints.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import click

# kirok.lib.estimation (numpy, scipy) is imported when the command runs, not for every
# `kirok` invocation; tests check that these names are the library's METHODS.
METHODS = ("loglinear", "lcmcr", "dga")
MAX_INPUT_BYTES = 10 * 1024 * 1024  # a capture table is at most a few thousand rows


class InputError(click.ClickException):
    """The capture file cannot be used; the message says what to fix."""


@click.command("estimate")
@click.argument("captures", type=click.Path(dir_okay=False, path_type=Path))
@click.option("--method", type=click.Choice(METHODS), default="loglinear", show_default=True)
@click.option(
    "--criterion",
    type=click.Choice(("aic", "bic", "pvalue")),
    default="bic",
    show_default=True,
    help="How the log-linear model is chosen (ignored with --model).",
)
@click.option(
    "--pvalue",
    type=click.FloatRange(0, 1, min_open=True, max_open=True),
    default=0.02,
    show_default=True,
    help="Threshold of the stepwise p-value rule (Chan, Silverman & Vincent 2021).",
)
@click.option(
    "--max-order",
    type=click.IntRange(1, 15),
    default=2,
    show_default=True,
    help="Highest interaction order the AIC/BIC search considers.",
)
@click.option("--model", "model", default=None, help="Log-linear terms, e.g. 'c1:c2,c2:c3'.")
@click.option(
    "--interval",
    type=click.Choice(("profile", "wald", "bootstrap", "bca")),
    default="profile",
    show_default=True,
    help="Log-linear interval: profile likelihood, Wald, or bootstrap (percentile or BCa).",
)
@click.option(
    "--level",
    type=click.FloatRange(0.5, 1, max_open=True),
    default=0.95,
    show_default=True,
    help="Coverage of the interval.",
)
@click.option(
    "--bootstrap-samples",
    type=click.IntRange(100, 10_000),
    default=1000,
    show_default=True,
    help="Log-linear bootstrap intervals: replicates (each repeats the model choice).",
)
@click.option(
    "--classes",
    type=click.IntRange(2, 50),
    default=10,
    show_default=True,
    help="LCMCR: the number of latent classes K.",
)
@click.option(
    "--iterations",
    type=click.IntRange(100, 1_000_000),
    default=10_000,
    show_default=True,
    help="LCMCR: iterations kept per chain, after as many again of burn-in.",
)
@click.option(
    "--chains",
    type=click.IntRange(1, 16),
    default=4,
    show_default=True,
    help="LCMCR: independent chains, whose agreement R-hat measures.",
)
@click.option(
    "--delta",
    type=click.FloatRange(0, min_open=True),
    default=None,
    help="DGA: prior people per cell of the full table (default 2^-lists, dga's suggestion).",
)
@click.option("--seed", type=int, default=0, show_default=True, help="Seed for bootstrap/MCMC.")
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of a table.")
def estimate_command(
    captures: Path,
    method: str,
    criterion: str,
    pvalue: float,
    max_order: int,
    model: str | None,
    interval: str,
    level: float,
    bootstrap_samples: int,
    classes: int,
    iterations: int,
    chains: int,
    delta: float | None,
    seed: int,
    as_json: bool,
) -> None:
    """Estimate how many people no list recorded, from CAPTURES.csv.

    CAPTURES.csv: a header with one 0/1 column per list, `count`, and optionally
    `stratum_*` columns; one row per capture pattern. With strata, each stratum is
    estimated and the total is given too. JSON output:
    {"observed", "estimate", "interval": [lo, hi], "method", "model", "warnings", ...}.
    """
    from kirok.lib.estimation import CaptureError, estimate, method_options
    from kirok.lib.estimation.captures import stratum_names

    tables = _read(captures)
    options = method_options(
        {
            "criterion": criterion,
            "pvalue": pvalue,
            "max_order": max_order,
            "model": model,
            "interval": interval,
            "level": level,
            "seed": seed,
            "bootstrap_samples": bootstrap_samples,
            "K": classes,
            "iterations": iterations,
            "burn_in": iterations,
            "chains": chains,
            "delta": delta,
        },
        method,
    )
    try:
        if list(tables) == [()]:
            result = estimate(tables[()], method, **options)
            payload = result.as_json()
            text = _describe(result)
        else:
            from kirok.lib.estimation.strata import estimate_by_stratum

            stratified = estimate_by_stratum(tables, method, **options)
            names = stratum_names(captures.read_text(encoding="utf-8-sig"))
            payload = _stratified_json(stratified, names)
            text = _describe_strata(stratified, names)
    except CaptureError as error:
        raise InputError(str(error)) from None
    click.echo(
        json.dumps(payload, ensure_ascii=False, indent=2, allow_nan=False) if as_json else text
    )
    if payload["estimate"] is None:
        # The warnings above say why; a script must not take the missing number for a result.
        raise click.exceptions.Exit(1)


def _read(path: Path) -> dict[tuple[str, ...], Any]:
    from kirok.lib.estimation import CaptureError, read_captures_csv

    if not path.exists():
        raise InputError(f"{path} does not exist")
    size = path.stat().st_size
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"{path} is {size:,} bytes; a capture table is at most {MAX_INPUT_BYTES:,}"
        )
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(
            f"{path} is not UTF-8 (byte {error.start}); save it as UTF-8 CSV"
        ) from None
    try:
        return read_captures_csv(text)
    except CaptureError as error:
        raise InputError(f"{path}: {error}") from None


def _stratified_json(stratified: Any, names: tuple[str, ...]) -> dict[str, Any]:
    payload = stratified.total.as_json()
    payload["strata"] = [
        {"stratum": dict(zip(names, key, strict=True)), **result.as_json()}
        for key, result in stratified.by_stratum.items()
    ]
    return payload


def _number(value: float) -> str:
    if value is None or (isinstance(value, float) and not math.isfinite(value)):
        return "—"
    return f"{value:,.1f}"


def _describe(result: Any, title: str = "") -> str:
    low, high = result.interval
    kind = f" ({result.interval_kind})" if result.interval_kind else ""
    rows = [
        ("method", f"{result.method}{kind}"),
        ("model", result.model or "main effects only"),
        ("observed", f"{result.observed:,}"),
        ("estimate", _number(result.estimate)),
        (f"{result.level:.0%} interval", f"{_number(low)} – {_number(high)}"),
        ("unobserved", _number(result.unobserved)),
        *(("warning", w.message) for w in result.warnings),
    ]
    width = max(len(label) for label, _ in rows) + 2
    return "\n".join([*([title] if title else []), *(f"{k:<{width}}{v}" for k, v in rows)])


def _describe_strata(stratified: Any, names: tuple[str, ...]) -> str:
    parts = []
    for key, result in stratified.by_stratum.items():
        label = ", ".join(f"{n}={v}" for n, v in zip(names, key, strict=True))
        parts.append(_describe(result, f"== {label}"))
    parts.append(_describe(stratified.total, "== total"))
    return "\n\n".join(parts)
