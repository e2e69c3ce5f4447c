"""Romanizations checked against published examples (romanization_cases.csv).

Each row names its reference: the RR rules' own examples (국립국어원), BGN/PCGN's MR tables for
the DPRK, ALA-LC's personal names, the DPRK system's examples, common given names romanized
by hand by those rules, and the stems of the gazetteer's place names. Rows marked ``limit``
show a rule that needs word structure (ㄴ-insertion, compounds); they must still differ, so
that the table notices the day they are fixed.
"""

import csv
from pathlib import Path

import pytest

from kirok.lib.names import romanize, romanize_name
from kirok.lib.names.formatting import NameStyle, format_given
from kirok.lib.names.romanization import SYSTEMS, romanize_given_pieces

CASES = Path(__file__).with_name("romanization_cases.csv")
ROWS = list(csv.DictReader(CASES.open(encoding="utf-8")))


def produce(row: dict, system: str) -> str:
    """What the library writes for a row, the way the row's reference writes it."""
    hangul = row["hangul"]
    if system != "rr" and row["hangul_dprk"]:
        hangul = row["hangul_dprk"]  # the gazetteer's MR is of the DPRK spelling
    if row["kind"] == "word":
        return romanize(hangul, system)
    if row["kind"] == "given":
        style = NameStyle.SPACED if system.startswith("dprk") else NameStyle.JOINED
        return format_given(romanize_given_pieces(hangul, system), style)
    return romanize_name(hangul, system)


CHECKS = [
    pytest.param(row, system, id=f"{row['hangul']}-{system}")
    for row in ROWS
    for system in SYSTEMS
    if row[system]
]


def test_the_table_has_at_least_200_rows_each_with_a_reference():
    assert len(ROWS) >= 200
    assert all(row["reference"].strip() for row in ROWS)
    assert sum(row["kind"] in ("person", "given") for row in ROWS) >= 90


@pytest.mark.parametrize(("row", "system"), CHECKS)
def test_it_romanizes_like_the_reference(row, system):
    produced = produce(row, system)
    # Case follows the reference's use (allyak is a common noun); the letters must match.
    if row["status"] == "ok":
        assert produced.lower() == row[system].lower()
    else:
        assert produced.lower() != row[system].lower(), "a known limit now passes: mark it ok"
