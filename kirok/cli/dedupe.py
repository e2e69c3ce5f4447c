"""`kirok link dedupe INPUT.csv --out CLUSTERS.csv`: link an analyst's own list, no database.

Analysts often hold a spreadsheet of names from several lists; this command finds which
rows are one person with the same engine as `kirok link run`, without Django or Kirok's
database. Input is UTF-8 CSV with a header; `record_id` is required, and any of
INPUT_COLUMNS may be present (others are ignored, empty cells are missing values).
Output is written only when everything succeeded (to a temporary file, then renamed), so a
failed run never leaves a half-written CLUSTERS.csv behind; an id that a spreadsheet would
run as a formula is written with a leading apostrophe (kirok.lib.spreadsheet_cells).
"""

from __future__ import annotations

import csv
import os
import tempfile
from collections.abc import Sequence
from pathlib import Path

import click

from kirok.lib import workbooks
from kirok.lib.file_types import RefusedFile
from kirok.lib.spreadsheet_cells import safe_cell
from kirok.linkage.engine import LinkResult, PersonRecord, link, lists
from kirok.linkage.engine.lists import INPUT_COLUMNS

__all__ = ["INPUT_COLUMNS", "dedupe", "parse_records", "read_text"]

OUTPUT_COLUMNS = ("record_id", "cluster_id", "match_probability")
# Beyond this the command refuses, rather than run for hours or exhaust memory; larger
# lists belong on the Spark backend (docs/deployment/linkage-spark.md).
MAX_INPUT_BYTES = 100 * 1024 * 1024


class InputError(click.ClickException):
    """The input file cannot be used; the message says what to fix."""


def read_text(path: Path) -> str:
    """The file as text: UTF-8 (a byte-order mark is allowed), or an Excel workbook's one
    sheet written as CSV (kirok.lib.workbooks), within MAX_INPUT_BYTES."""
    size = path.stat().st_size
    if size == 0:
        raise InputError(f"{path} is empty; expected a CSV header with a record_id column.")
    if size > MAX_INPUT_BYTES:
        raise InputError(
            f"{path} is {size:,} bytes; the limit is {MAX_INPUT_BYTES:,} bytes. "
            "Split the list or use the Spark backend."
        )
    try:
        if workbooks.is_workbook(path.name):
            return workbooks.sheet_as_csv(path.read_bytes(), lists.MAX_RECORDS)
        return lists.decode(path.read_bytes(), str(path))
    except lists.ListError as error:
        raise InputError(error.message) from None
    except (RefusedFile, workbooks.WorkbookError) as error:
        raise InputError(f"{path}: {error}") from None


def parse_records(text: str) -> list[PersonRecord]:
    """Records from CSV text (kirok.linkage.engine.lists); InputError for a list that cannot
    be used (no record_id column, a repeated id, a bad cell …)."""
    try:
        return lists.parse_records(text)
    except lists.ListError as error:
        raise InputError(error.message) from None


def strongest_links(result: LinkResult) -> dict[str, float]:
    """Each linked record's strongest link to another record of its own cluster."""
    best: dict[str, float] = {}
    for pair in result.pairs:
        if result.clusters[pair.left] == result.clusters[pair.right]:
            for record_id in (pair.left, pair.right):
                best[record_id] = max(best.get(record_id, 0.0), pair.match_probability)
    return best


def output_rows(result: LinkResult, order: Sequence[str]) -> list[tuple[str, str, str]]:
    """(record_id, cluster_id, match_probability) in input order.

    match_probability is the record's strongest link inside its cluster; it is empty for a
    record alone in its cluster (nothing links it, and "1.0" would read as certainty), and
    for a record joined only through a reviewer's decision with no scored link.
    """
    best = strongest_links(result)
    rows = []
    for record_id in order:
        probability = best.get(record_id)
        shown = f"{probability:.6f}" if probability is not None else ""
        rows.append((record_id, result.clusters[record_id], shown))
    return rows


def write_atomically(path: Path, rows: Sequence[tuple[str, str, str]]) -> None:
    """Write the CSV to a temporary file beside ``path``, then rename it into place."""
    directory = path.parent if str(path.parent) else Path(".")
    handle, temporary = tempfile.mkstemp(prefix=".dedupe-", suffix=".csv", dir=directory)
    try:
        with os.fdopen(handle, "w", encoding="utf-8", newline="") as out:
            writer = csv.writer(out)
            writer.writerow(OUTPUT_COLUMNS)
            # An id planted in a shared list ("=HYPERLINK(…)") must not run as a formula
            # when the analyst opens the clusters in a spreadsheet.
            writer.writerows([safe_cell(cell) for cell in row] for row in rows)
        os.replace(temporary, path)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise


def _progress(stage: str, done: int, total: int) -> None:
    if done >= total:
        click.echo(f"  {stage}: {done}/{total}", err=True)


@click.command("dedupe")
@click.argument("input_csv", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--out",
    "out_csv",
    required=True,
    type=click.Path(dir_okay=False, writable=True, path_type=Path),
    help="Where to write record_id,cluster_id,match_probability.",
)
@click.option(
    "--threshold",
    default=0.5,
    show_default=True,
    type=click.FloatRange(0.0, 1.0),
    help="Link two records when the model's probability is at least this (0.5: more likely "
    "than not).",
)
def dedupe(input_csv: Path, out_csv: Path, threshold: float) -> None:
    """Find which rows of INPUT_CSV are the same person; write clusters to --out.

    INPUT_CSV is UTF-8 with a header, or an Excel workbook (.xlsx) with the list on one sheet:
    record_id (required) and any of source, name, name_hangul, sex, birth_year, birth_date,
    age_at_event, event_year, hometown ("Record ID" and "Birth year" are read as record_id and
    birth_year; Korean headings too: 이름, 성별, 출생연도 …). Years are whole numbers from 1850
    to this year ("1984년생", "84년생", "about 1984", "1984년경", "1984 or 1985" too), ages from
    0 to 130 ("35세", "만 35세", "aged 35", "35 years old", an age group "30대", "late 30s" or
    "thirties", a span "35-40"), dates YYYY-MM-DD or as Korean lists write them ("1984.03.05",
    "1984년 3월 5일"); event_year may be the date of the event or a period ("2019년 5월",
    "03/05/2019", "2018~2019", "2018 or 2019"); a name may list aliases ("김혜송(일명 김순희)",
    "김혜송 일명 김순희", "김혜송, Kim Hye-song") or be in Chinese characters ("金惠松"); NA,
    nan, 미상 and unknown are missing values. Needs no database.
    """
    records = parse_records(read_text(input_csv))
    click.echo(f"Linking {_count(len(records), 'record')} from {input_csv} …", err=True)
    result = link(records, threshold=threshold, progress=_progress)
    rows = output_rows(result, [r.record_id for r in records])
    write_atomically(out_csv, rows)
    persons = len(set(result.clusters.values()))
    counted = f"{_count(len(records), 'record')}, {_count(persons, 'cluster')}"
    click.echo(f"Wrote {out_csv}: {counted}.", err=True)


def _count(number: int, noun: str) -> str:
    return f"{number:,} {noun}{'' if number == 1 else 's'}"
