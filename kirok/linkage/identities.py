"""An Identity as a table: which record (and which source behind it) says what.

Each column is one Person of the Identity the reader may see, headed by the sources that
cite it; each row one field. Values that disagree are flagged, never averaged: two birth
years stay two birth years.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from kirok.lib import names as name_lib
from kirok.linkage import comparison
from kirok.records.models import Person
from kirok.web import dates


@dataclass(frozen=True)
class FieldRow:
    label: str
    values: list[str]  # one per column, "" where the record is silent
    # What is compared, when it is not the value shown: a name's comparison keys, so that
    # 김혜송 and "Kim Hye-song" are one name spelled twice, not a disagreement.
    compared: tuple[frozenset[str], ...] | None = None

    @property
    def conflicting(self) -> bool:
        if self.compared is not None:
            known = [keys for keys in self.compared if keys]
            return len(known) > 1 and not frozenset.intersection(*known)
        return len({value for value in self.values if value}) > 1


@dataclass(frozen=True)
class IdentityTable:
    columns: list[comparison.Side]
    rows: list[FieldRow]


def _birth(side: comparison.Side) -> str:
    if not side.birth_date:
        return ""
    words = dates.describe(side.birth_date)
    return words if words == side.birth_date else f"{words} ({side.birth_date})"


def _name_keys(side: comparison.Side) -> frozenset[str]:
    return frozenset(filter(None, (name_lib.comparison_key(n.text) for n in side.names)))


def field_table(user, persons: list[Person]) -> IdentityTable:
    """The table for the persons ``user`` may see (already filtered by the caller)."""
    columns = [comparison.side(user, person) for person in persons]
    rows = [
        FieldRow(
            str(_("Names")),
            [" · ".join(n.text for n in side.names) for side in columns],
            compared=tuple(_name_keys(side) for side in columns),
        ),
        FieldRow(str(_("Sex")), [_known(side.person.sex, side.sex) for side in columns]),
        FieldRow(str(_("Birth date")), [_birth(side) for side in columns]),
        FieldRow(str(_("Hometown")), [side.hometown for side in columns]),
        FieldRow(
            str(_("Relatives")),
            [" · ".join(f"{kind}: {name}" for kind, name in side.relatives) for side in columns],
        ),
    ]
    return IdentityTable(columns=columns, rows=rows)


def _known(code: str, label: str) -> str:
    return "" if code in ("", "unknown") else str(label)
