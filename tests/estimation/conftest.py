"""The published capture tables of tests/data/mse (README.md there gives every number's source).

A missing file fails the test (FileNotFoundError), it never skips it.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from kirok.lib.estimation import CaptureTable, read_captures_csv

DATA = Path(__file__).resolve().parent.parent / "data" / "mse"


def load_tables(name: str) -> dict[tuple[str, ...], CaptureTable]:
    return read_captures_csv((DATA / f"{name}.csv").read_text(encoding="utf-8"))


def load_table(name: str) -> CaptureTable:
    return load_tables(name)[()]


@pytest.fixture
def table():
    return load_table
