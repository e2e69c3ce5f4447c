"""What the result page, the saved analysis page and the report show, from stored JSON.

Everything here reads the parameters, the input snapshot and the result as they are saved,
so that a live run and a saved analysis look the same, and a re-run can be compared.
"""

from __future__ import annotations

from typing import Any

import numpy as np
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from kirok.estimation import charts
from kirok.estimation.messages import warning_text
from kirok.estimation.services import UNKNOWN, tables_from_snapshot
from kirok.lib.estimation import CaptureTable
from kirok.lib.estimation.strata import TOTAL_MODEL
from kirok.records.models import Place, Sex

MAX_DETAIL_ITEMS = 12  # a list in the details longer than this is summarised, not printed


def stratum_label(strata: str, value: tuple[str, ...] | list[str]) -> str:
    """A stratum as a reader names it: a year, a province's name, a sex."""
    if not value:
        return _("All")
    text = value[0]
    if text == UNKNOWN:
        unknown = {
            "year": _("Year unknown"),
            "period": _("Year unknown"),
            "province": _("Province unknown"),
        }
        return unknown.get(strata, _("Sex unknown"))
    if strata == "province":
        place = Place.objects.filter(gazetteer_id=text).prefetch_related("names").first()
        return place.display_name() if place else text
    if strata == "sex":
        return str(dict(Sex.choices).get(text, text))
    return text


def combined_table(snapshot: dict[str, Any]) -> CaptureTable:
    """All strata added up: the table of the whole population."""
    tables = list(tables_from_snapshot(snapshot).values())
    first = tables[0]
    total = sum((t.counts for t in tables[1:]), start=first.counts.copy())
    return CaptureTable(first.lists, first.patterns, np.asarray(total))


def capture_rows(snapshot: dict[str, Any]) -> list[dict[str, Any]]:
    """Every stratum's table as rows: the stratum, one 0/1 per list, the count."""
    rows = []
    strata = snapshot.get("strata", "none")
    for stratum, table in tables_from_snapshot(snapshot).items():
        label = stratum_label(strata, stratum)
        for bits, count in zip(table.patterns, table.counts, strict=True):
            rows.append({"stratum": label, "bits": [int(b) for b in bits], "count": int(count)})
    return rows


def overlap_matrix(table: CaptureTable) -> list[dict[str, Any]]:
    """Rows of the overlap matrix: people on list i and list j (the diagonal: on list i)."""
    matrix = table.overlaps()
    return [{"key": key, "cells": [int(v) for v in matrix[i]]} for i, key in enumerate(table.lists)]


def upset_chart(lists: list[dict[str, str]], table: CaptureTable) -> charts.UpsetGeometry:
    named = [(entry["key"], entry["label"]) for entry in lists]
    patterns = [
        (tuple(int(b) for b in bits), label, int(count))
        for bits, label, count in zip(
            table.patterns, table.pattern_labels(), table.counts, strict=True
        )
    ]
    return charts.upset(named, patterns)


def result_rows(result: dict[str, Any], strata: str) -> list[dict[str, Any]]:
    """One row per stratum, then the total (alone when there are no strata)."""
    rows = [
        _row(stratum_label(strata, entry["stratum"]), entry["estimate"], False)
        for entry in result.get("by_stratum", [])
    ]
    total = _row(_("Total"), result["total"], True)
    total["warnings"] = _own_warnings(result["total"], True, bool(rows))
    # What is said of the whole population ("A and D share nobody") is true of every
    # stratum: said once, for the total, not again under each stratum.
    for row in rows:
        row["warnings"] = [text for text in row["warnings"] if text not in total["warnings"]]
    rows.append(total)
    return rows


def _row(label: str, found: dict[str, Any], is_total: bool) -> dict[str, Any]:
    low, high = found["interval"]
    return {
        "label": label,
        "is_total": is_total,
        "observed": found["observed"],
        "estimate": found["estimate"],
        "low": low,
        "high": high,
        "unobserved": None if found["estimate"] is None else found["estimate"] - found["observed"],
        "level_percent": round(100 * float(found.get("level", 0.95))),
        "interval_kind": found.get("interval_kind", ""),
        "model": _model_and_lists_left_out(found),
        "interval_name": interval_name(found.get("interval_kind", "")),
        "warnings": [warning_text(w) for w in found.get("warnings", [])],
        "details": _details(found.get("details", {})),
        "tables": _detail_tables(found.get("details", {}), found.get("method", "")),
    }


def _model_and_lists_left_out(found: dict[str, Any]) -> str:
    """The model, and the lists left out because nobody is on them (in this stratum)."""
    text = model_text(found.get("model", ""), found.get("method", ""))
    left_out = found.get("details", {}).get("lists_left_out") or []
    if not left_out:
        return text
    return _("%(model)s, without %(lists)s") % {"model": text, "lists": ", ".join(left_out)}


def model_text(model: str, method: str) -> str:
    """A log-linear model's terms, or what an empty model means."""
    if model == TOTAL_MODEL:
        return _("each stratum its own")
    if model:
        return model
    return _("main effects only") if method == "loglinear" else "—"


def interval_name(kind: str) -> str:
    """The interval's kind in words (the library's code when this version does not know it)."""
    names = {
        "profile": _("profile likelihood"),
        "wald": _("Wald"),
        "wald_lognormal": _("Wald (log-normal)"),
        "bootstrap": _("bootstrap (percentile)"),
        "bootstrap_percentile": _("bootstrap (percentile)"),
        "bca": _("bootstrap (BCa)"),
        "posterior": _("posterior quantiles"),
        "posterior quantiles": _("posterior quantiles"),
        "sum_of_samples": _("the strata's draws added up"),
        "sum_of_stratum_bootstraps": _("a bootstrap of each stratum, added up"),
    }
    return names.get(kind, kind)


# The library's detail keys, as a reader would name them; an unknown key is shown as it is.
DETAIL_LABELS = {
    "se": gettext_lazy("standard error"),
    "unobserved": gettext_lazy("not on any list"),
    "deviance": gettext_lazy("deviance"),
    "df": gettext_lazy("degrees of freedom"),
    "parameters": gettext_lazy("parameters"),
    "aic": "AIC",
    "bic": "BIC",
    "models_searched": gettext_lazy("models searched"),
    "all_terms": gettext_lazy("terms considered"),
    "converged": gettext_lazy("fit converged"),
    "criterion": gettext_lazy("model choice"),
    "top_models": gettext_lazy("best models"),
    "identifiability": gettext_lazy("identifiability check (0: passed)"),
    "profile_estimate": gettext_lazy("profile likelihood estimate"),
    "posterior_mean": gettext_lazy("posterior mean"),
    "bayes_estimate": gettext_lazy("Bayes estimate (Madigan & York)"),
    "mode": gettext_lazy("posterior mode"),
    "quantiles": gettext_lazy("posterior quantiles"),
    "models": gettext_lazy("models averaged"),
    "delta": gettext_lazy("prior (delta)"),
    "prior": gettext_lazy("prior on the total"),
    "max_missing": gettext_lazy("most people missing considered"),
    "effective_sample_size": gettext_lazy("effective sample size"),
    "rhat": "R-hat",
    "K": gettext_lazy("latent classes (K)"),
    "iterations": gettext_lazy("iterations per chain"),
    "burn_in": gettext_lazy("burn-in"),
    "thinning": gettext_lazy("thinning"),
    "chains": gettext_lazy("chains"),
    "seed": gettext_lazy("seed"),
    "draws_used": gettext_lazy("draws the interval rests on"),
    "draws_made": gettext_lazy("draws made"),
    "strata": gettext_lazy("strata"),
    "stratum_estimates": gettext_lazy("estimate by stratum"),
}


def _detail_label(name: str) -> str:
    return str(DETAIL_LABELS.get(name, name.replace("_", " ")))


def _detail_tables(details: dict[str, Any], method: str) -> list[dict[str, Any]]:
    """Lists of records in the details (the best models of a search …) as small tables."""
    tables = []
    for name, value in details.items():
        if not (isinstance(value, list) and value and all(isinstance(v, dict) for v in value)):
            continue
        columns = list(value[0])
        rows = [
            [
                model_text(v.get(c, ""), method) if c == "model" else _value_text(v.get(c, ""))
                for c in columns
            ]
            for v in value[:MAX_DETAIL_ITEMS]
        ]
        tables.append({"name": _detail_label(name), "columns": columns, "rows": rows})
    return tables


def _details(details: dict[str, Any]) -> list[tuple[str, str]]:
    """Method details worth printing, as (name, value); long series are summarised."""
    shown = []
    for name, value in details.items():
        if name in ("trace", "samples"):
            continue
        if isinstance(value, list) and value and all(isinstance(v, dict) for v in value):
            continue  # shown as a table (_detail_tables)
        shown.append((_detail_label(name), _value_text(value)))
    return shown


def _value_text(value: Any) -> str:
    if isinstance(value, float):
        return f"{value:,.4g}" if abs(value) < 1e6 else f"{value:,.0f}"
    if isinstance(value, list) and len(value) > MAX_DETAIL_ITEMS:
        return _("%(count)s values") % {"count": len(value)}
    if isinstance(value, list):
        return "; ".join(_value_text(v) for v in value)
    if isinstance(value, dict):
        return ", ".join(f"{k}: {_value_text(v)}" for k, v in value.items())
    return str(value)


def plot(rows: list[dict[str, Any]]) -> charts.PlotGeometry:
    """The estimate plot; a row without an estimate shows its observed count only."""
    return charts.estimate_plot(
        [
            (
                r["label"],
                r["observed"],
                _or(r["estimate"], r["observed"]),
                _or(r["low"], r["observed"]),
                _or(r["high"], r["observed"]),
                r["is_total"],
            )
            for r in rows
        ]
    )


def _or(value: float | None, fallback: float) -> float:
    return fallback if value is None else value


def trace_chart(result: dict[str, Any]) -> charts.TraceGeometry | None:
    """The sampler's draws of the total, one line per chain (a flat list is one chain)."""
    values = (result["total"].get("details") or {}).get("trace")
    if not isinstance(values, list) or not values:
        return None
    chains = values if all(isinstance(v, list) for v in values) else [values]
    return charts.trace(
        [[float(v) for v in chain if isinstance(v, int | float)] for chain in chains]
    )


def page_context(
    parameters: dict[str, Any],
    snapshot: dict[str, Any],
    result: dict[str, Any] | None,
    lists: list[dict[str, str]],
) -> dict[str, Any]:
    """Everything a result is shown with (the page, the saved analysis, the report).

    ``lists``: each list's letter and name (EstimationAnalysis.labelled_lists).
    """
    strata = snapshot.get("strata", "none")
    table = combined_table(snapshot)
    context: dict[str, Any] = {
        "lists": lists,
        "observed": table.observed,
        "overlaps": overlap_matrix(table),
        "upset": upset_chart(lists, table),
        "capture_rows": capture_rows(snapshot),
        "stratified": strata != "none",
        "strata_name": dict(strata_choices()).get(strata, strata),
        "method_name": dict(method_choices()).get(parameters.get("method"), ""),
    }
    if result:
        rows = result_rows(result, strata)
        context.update(
            {
                "rows": rows,
                "total": rows[-1],
                "plot": plot(rows),
                "trace": trace_chart(result),
                "warnings": _all_warnings(rows),
            }
        )
    return context


def _all_warnings(rows: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    """(where, messages) for every row that has warnings: the total first."""
    ordered = [rows[-1], *rows[:-1]]
    return [(row["label"], row["warnings"]) for row in ordered if row["warnings"]]


def _own_warnings(found: dict[str, Any], is_total: bool, stratified: bool) -> list[str]:
    """The warnings of one row; a stratified total repeats its strata's, shown with them."""
    return [
        warning_text(w)
        for w in found.get("warnings", [])
        if not (is_total and stratified and "stratum" in (w.get("params") or {}))
    ]


def strata_choices() -> list[tuple[str, str]]:
    return [
        ("none", _("No strata")),
        ("year", _("By incident year")),
        ("period", _("By five-year period of the incident")),
        ("province", _("By province")),
        ("sex", _("By victim's sex")),
    ]


def method_choices() -> list[tuple[str, str]]:
    return [
        ("loglinear", _("Log-linear models")),
        ("lcmcr", _("Latent classes (LCMCR)")),
        ("dga", _("Decomposable graphical models (DGA)")),
    ]
