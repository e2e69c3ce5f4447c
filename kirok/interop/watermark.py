"""Watermarked, spreadsheet-safe CSV files, and tracing a leaked copy back to its request.

A file starts with one comment line naming who exported it, the request, the time and the
approver; every row ends with a ``watermark`` cell: a keyed hash (HMAC-SHA-256 with the
blind-index key, kirok.security.keyring) of the request's id and the row's cells. Whoever
holds the database and the master key can tell which request a copied row came from, even
when the comment line was cut off; nobody else can forge or strip a valid mark other than by
dropping the column, which itself shows the copy was tampered with.

Cells are written so that a spreadsheet does not run them: a value starting with ``=``,
``+``, ``-``, ``@``, a tab or a carriage return gets a leading apostrophe (OWASP, "CSV
injection").
"""

from __future__ import annotations

import csv
import io
import uuid
from collections.abc import Iterable, Sequence
from dataclasses import dataclass

from kirok.lib.spreadsheet_cells import safe_cell
from kirok.security import keyring

PURPOSE = "interop.export.watermark"
WATERMARK_COLUMN = "watermark"
_COMMENT = "# "


def row_mark(request_id: uuid.UUID | str, cells: Sequence[str]) -> str:
    """The watermark of one row of one export request."""
    message = "\x1f".join([str(request_id), *cells])
    return keyring.blind_index(message, purpose=PURPOSE)


def write(
    heading: str,
    request_id: uuid.UUID | str,
    columns: Sequence[str],
    rows: Iterable[Sequence],
    *,
    marked: bool = True,
) -> tuple[str, int]:
    """The whole file: heading comment, header row, marked rows. Returns (text, row count).

    ``marked=False`` leaves the watermark column out, for a table meant to be published."""
    buffer = io.StringIO()
    buffer.write(_COMMENT + heading.replace("\r", " ").replace("\n", " ") + "\r\n")
    writer = csv.writer(buffer, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    writer.writerow([safe_cell(c) for c in columns] + ([WATERMARK_COLUMN] if marked else []))
    count = 0
    for row in rows:
        cells = [safe_cell(value) for value in row]
        writer.writerow([*cells, row_mark(request_id, cells)] if marked else cells)
        count += 1
    return buffer.getvalue(), count


@dataclass(frozen=True)
class Trace:
    request_id: str
    rows: int
    marked_rows: int


def trace(text: str, candidate_ids: Iterable[uuid.UUID | str]) -> Trace | None:
    """Which of ``candidate_ids`` a (possibly cut) copy of an export came from.

    Every data row is checked against each candidate; the candidate that marks most rows
    wins. None if no row carries a valid mark of any candidate.
    """
    rows = _data_rows(text)
    best: Trace | None = None
    for candidate in candidate_ids:
        marked = sum(1 for cells, mark in rows if row_mark(candidate, cells) == mark)
        if marked and (best is None or marked > best.marked_rows):
            best = Trace(str(candidate), len(rows), marked)
    return best


def _data_rows(text: str) -> list[tuple[list[str], str]]:
    body = text.lstrip("\ufeff")
    while body.startswith(_COMMENT.strip()):
        body = body.partition("\n")[2]
    parsed = list(csv.reader(io.StringIO(body)))
    if parsed and parsed[0] and parsed[0][-1] == WATERMARK_COLUMN:
        parsed = parsed[1:]
    return [(row[:-1], row[-1]) for row in parsed if len(row) >= 2]
