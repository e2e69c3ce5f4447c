"""Read the gazetteer shipped with Kirok (kirok/data/gazetteer): places and all their names.

The files list North Korea's administrative units, camps and holding centres, and the
Chinese border region (see the README beside them for sources and the CC-BY-4.0 credit that
the coordinates require). This module only reads them; it has no Django in it.

>>> hyesan = entries_by_id()["KP-10-hyesan-si"]
>>> hyesan.parent_id, hyesan.country_code
('KP-10', 'KP')
>>> ("혜산시", "hangul") in hyesan.names
True
"""

from __future__ import annotations

import csv
from dataclasses import dataclass, field
from functools import cache
from importlib import resources

COUNTRIES = {
    "KP": {"hangul": "조선민주주의인민공화국", "common": "North Korea (DPRK)"},
    "CN": {"hangul": "중화인민공화국", "common": "China", "chinese": "中华人民共和国"},
}
COORDINATES_CREDIT = "Open Admin Data (openadmindata.org/kp), CC-BY-4.0"

_KP_NAME_COLUMNS = {
    "name_hangul": "hangul",
    "name_hangul_dprk": "hangul_dprk",
    "name_rr": "rr",
    "name_mr": "mr",
    "name_common": "common",
}
_CN_NAME_COLUMNS = {
    "name_hangul": "hangul",
    "name_hangul_loan": "hangul_loan",
    "name_zh": "chinese",
    "name_pinyin": "pinyin",
    "name_common": "common",
}


@dataclass(frozen=True)
class GazetteerEntry:
    id: str
    level: str  # "country", "admin1", "admin2", "admin3" (Chinese counties) or "site"
    parent_id: str | None
    country_code: str
    place_type: str
    names: tuple[tuple[str, str], ...]  # (text, kind), kinds as in records.PlaceName.Kind
    latitude: float | None = None
    longitude: float | None = None
    status: str = ""
    valid_from: int | None = None
    valid_to: int | None = None
    notes: str = ""
    citation: str = ""
    opposite_ids: tuple[str, ...] = field(default=())


@cache
def entries() -> tuple[GazetteerEntry, ...]:
    """Every place, parents before children (countries first)."""
    found = [_country(code, names) for code, names in COUNTRIES.items()]
    found += [_kp_entry(row) for row in _rows("kp_admin.csv")]
    found += [_cn_entry(row) for row in _rows("cn_border.csv")]
    order = {"country": 0, "admin1": 1, "admin2": 2, "admin3": 3, "site": 4}
    return tuple(sorted(found, key=lambda e: order[e.level]))


@cache
def entries_by_id() -> dict[str, GazetteerEntry]:
    return {entry.id: entry for entry in entries()}


@cache
def province_of(place_id: str) -> str | None:
    """The id of the first-level division (province, or directly governed city) holding a
    place, itself when it is one; None for a country or an unknown id."""
    by_id = entries_by_id()
    entry = by_id.get(place_id)
    while entry is not None and entry.level not in ("admin1", "country"):
        entry = by_id.get(entry.parent_id) if entry.parent_id else None
    return entry.id if entry is not None and entry.level == "admin1" else None


def _rows(filename: str) -> list[dict[str, str]]:
    text = resources.files("kirok.data").joinpath("gazetteer", filename).read_text("utf-8")
    return list(csv.DictReader(text.splitlines()))


def _country(code: str, names: dict[str, str]) -> GazetteerEntry:
    return GazetteerEntry(
        id=code,
        level="country",
        parent_id=None,
        country_code=code,
        place_type="country",
        names=tuple((text, kind) for kind, text in names.items()),
    )


def _names(row: dict[str, str], columns: dict[str, str]) -> tuple[tuple[str, str], ...]:
    names: list[tuple[str, str]] = []
    for column, kind in columns.items():
        text = row.get(column, "").strip()
        if text and (text, kind) not in names:
            names.append((text, kind))
    known = {text for text, _ in names}
    for variant in row.get("other_variants", "").split(";"):
        variant = variant.strip()
        if variant and variant not in known:
            names.append((variant, "variant"))
            known.add(variant)
    return tuple(names)


def _number(text: str) -> float | None:
    return float(text) if text.strip() else None


def _year(text: str) -> int | None:
    return int(text) if text.strip().isdigit() else None


def _kp_entry(row: dict[str, str]) -> GazetteerEntry:
    level = {"1": "admin1", "2": "admin2", "site": "site"}[row["level"]]
    return GazetteerEntry(
        id=row["id"],
        level=level,
        parent_id=row["parent_id"] or "KP",
        country_code="KP",
        place_type=row["type"],
        names=_names(row, _KP_NAME_COLUMNS),
        latitude=_number(row["lat"]),
        longitude=_number(row["lon"]),
        status=row.get("status", ""),
        valid_from=_year(row.get("valid_from", "")),
        valid_to=_year(row.get("valid_to", "")),
        notes=row.get("notes", ""),
        citation=row.get("source", ""),
    )


def _cn_entry(row: dict[str, str]) -> GazetteerEntry:
    level = {"1": "admin1", "2": "admin2", "3": "admin3"}[row["level"]]
    return GazetteerEntry(
        id=row["id"],
        level=level,
        parent_id=row["parent_id"] or "CN",
        country_code="CN",
        place_type=row["type"],
        names=_names(row, _CN_NAME_COLUMNS),
        latitude=_number(row["lat"]),
        longitude=_number(row["lon"]),
        notes=row.get("notes", ""),
        citation=row.get("source", ""),
        opposite_ids=tuple(
            i.strip() for i in row.get("opposite_kp_ids", "").split(";") if i.strip()
        ),
    )
