"""An Excel workbook's list as CSV text, so that it is read, shown and cited like any list.

Korean NGOs keep their lists in Excel, and Korean Excel saves "CSV" in the Windows Korean
encoding unless told otherwise; reading the .xlsx itself spares that step. The workbook is a
ZIP archive, so its directory is checked first as a Word file's is (kirok.lib.text_extraction:
parts, unpacked size, compression ratio); then openpyxl reads the one sheet that holds
anything, values only (a formula's last computed value). Dates become ISO dates, whole
numbers lose the ".0" Excel gives them.

Pure Python; no Django.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from kirok.lib import text_extraction

XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


class WorkbookError(ValueError):
    """The workbook cannot be read as one list; ``code`` says why (``sheets``, ``unreadable``)."""

    def __init__(self, code: str, message: str, **params) -> None:
        super().__init__(message)
        self.code, self.message, self.params = code, message, params


def is_workbook(filename: str) -> bool:
    return filename.lower().endswith(".xlsx")


def sheet_as_csv(data: bytes, max_rows: int) -> str:
    """The CSV text of the workbook's one sheet with content, at most ``max_rows`` + 1 lines
    read (the caller refuses a longer list). RefusedFile for a hostile archive (a zip bomb),
    WorkbookError for a damaged workbook or one with lists on several sheets."""
    text_extraction.check_archive(data, text_extraction.Limits(), "Excel")
    import openpyxl

    try:
        book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many kinds on a damaged file
        raise _unreadable(error) from None
    try:
        found = (_rows(sheet, max_rows + 2) for sheet in book.worksheets)
        sheets = [rows for rows in found if rows]
    except Exception as error:
        raise _unreadable(error) from None
    finally:
        book.close()
    if len(sheets) > 1:
        raise WorkbookError(
            "sheets",
            f"the workbook holds {len(sheets)} sheets with content; keep the list on one sheet, "
            "or save each sheet as its own file.",
            count=len(sheets),
        )
    buffer = io.StringIO()
    csv.writer(buffer, lineterminator="\n").writerows(sheets[0] if sheets else [])
    return buffer.getvalue()


def _unreadable(error: Exception) -> WorkbookError:
    detail = " ".join(str(error).split())[:200] or type(error).__name__
    return WorkbookError("unreadable", f"not a readable Excel workbook ({detail}).", detail=detail)


def _rows(sheet, limit: int) -> list[list[str]]:
    """The sheet's rows as text, without the empty rows and columns at its end."""
    rows = []
    for values in sheet.iter_rows(values_only=True):
        rows.append([_text(value) for value in values])
        if len(rows) >= limit:
            break
    while rows and not any(rows[-1]):
        rows.pop()
    width = max((i + 1 for row in rows for i, cell in enumerate(row) if cell), default=0)
    return [row[:width] + [""] * (width - len(row)) for row in rows]


def _text(value: object) -> str:
    """A cell as a list would write it in CSV."""
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        return value.date().isoformat() if value.time() == dt.time() else value.isoformat(" ")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()
