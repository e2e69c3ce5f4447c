"""Cells of the CSV files Kirok writes, defused for spreadsheet programs.

A cell that starts with = + - @ (or a tab or carriage return) runs as a formula when the
file is opened in a spreadsheet: a name or an id planted in a list could reach out of the
analyst's machine (OWASP, "CSV injection"). Such a cell is written with a leading
apostrophe, which spreadsheets read as "text". Pure Python; no Django.

>>> safe_cell("=1+2"), safe_cell("-3"), safe_cell("김순옥"), safe_cell(None)
("'=1+2", "'-3", '김순옥', '')
"""

from __future__ import annotations

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: object) -> str:
    """The text of one cell, defused for spreadsheets."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text
