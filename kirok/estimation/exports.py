"""An analysis as files: the capture tables (CAPTURES.csv of `kirok estimate`), the results
as CSV, and everything as JSON. Pure functions of the stored analysis."""

from __future__ import annotations

import csv
import io
import math
from typing import Any

from kirok.estimation.models import EstimationAnalysis
from kirok.estimation.services import tables_from_snapshot
from kirok.lib.estimation.captures import STRATUM_PREFIX

RESULT_COLUMNS = (
    "observed",
    "estimate",
    "interval_low",
    "interval_high",
    "level",
    "interval_kind",
    "method",
    "model",
    "warnings",
)


def captures_csv(snapshot: dict[str, Any]) -> str:
    """The capture tables in the CAPTURES.csv format: stratum_*, one 0/1 per list, count.

    The list columns are the lists' letters (A, B …), so that R and `kirok estimate` read
    them as they are; the JSON export and the report say which list each letter is. No
    name is written: the file is the counts only.
    """
    strata = snapshot.get("strata", "none")
    keys = [entry["key"] for entry in snapshot["lists"]]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    stratum_columns = [] if strata == "none" else [f"{STRATUM_PREFIX}{strata}"]
    writer.writerow([*stratum_columns, *keys, "count"])
    for stratum, table in tables_from_snapshot(snapshot).items():
        for bits, count in zip(table.patterns, table.counts, strict=True):
            writer.writerow([*stratum, *(int(b) for b in bits), int(count)])
    return out.getvalue()


def results_csv(analysis: EstimationAnalysis) -> str:
    """One row per stratum and one for the total."""
    strata = analysis.snapshot.get("strata", "none")
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(["stratum", *RESULT_COLUMNS])
    result = analysis.result
    for entry in result.get("by_stratum", []):
        label = f"{strata}={'/'.join(entry['stratum'])}"
        writer.writerow([label, *_result_cells(entry["estimate"])])
    writer.writerow(["total", *_result_cells(result["total"])])
    return out.getvalue()


def _result_cells(found: dict[str, Any]) -> list[Any]:
    low, high = found["interval"]
    return [
        found["observed"],
        _number(found["estimate"]),
        _number(low),
        _number(high),
        found.get("level", ""),
        found.get("interval_kind", ""),
        found.get("method", ""),
        found.get("model", ""),
        " | ".join(w.get("code", "") for w in found.get("warnings", [])),
    ]


def _number(value: Any) -> Any:
    if isinstance(value, float) and math.isfinite(value):
        return round(value, 2)
    return value


def as_json(analysis: EstimationAnalysis) -> dict[str, Any]:
    """Parameters, the input snapshot with its SHA-256, and the results."""
    return {
        "id": str(analysis.public_id),
        "title": analysis.title,
        "created_at": analysis.created_at.isoformat(),
        "kirok_version": analysis.kirok_version,
        "parameters": analysis.parameters,
        "snapshot": analysis.snapshot,
        "snapshot_sha256": analysis.snapshot_sha256,
        "list_names": analysis.labelled_lists(),
        "result": analysis.result,
    }


def same_numbers(first: dict[str, Any], second: dict[str, Any]) -> bool:
    """Whether two results give the same observed, estimate and interval everywhere."""

    def numbers(result: dict[str, Any]) -> list[tuple]:
        entries = [result["total"], *(e["estimate"] for e in result.get("by_stratum", []))]
        return [(e["observed"], e["estimate"], tuple(e["interval"])) for e in entries]

    return numbers(first) == numbers(second)
