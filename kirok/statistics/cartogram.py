"""A schematic tile map of North Korea's provinces and the Chinese border prefectures.

The gazetteer has no boundary polygons (and nothing may be downloaded), so the map does not
pretend to have them: it is a tile cartogram, one square per province, put on a grid at the
province's approximate centroid (the gazetteer's level-1 coordinates). Chinese prefectures
have no coordinates; each goes one row north of the provinces it faces across the border
(the gazetteer's ``opposite_kp_ids``). Pure Python: no Django, so it can be tested alone.

>>> rows = {tile.region_id: tile.row for tile in layout()}
>>> rows["KP-09"] < rows["KP-01"]  # North Hamgyong lies north of Pyongyang
True
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import cache

from kirok.lib import gazetteer

# One grid cell in degrees (east–west, north–south). Coarse on purpose: tiles must not
# collide much, and the picture only needs to keep each province's neighbours around it.
CELL_LON, CELL_LAT = 0.9, 0.75
ORIGIN_LON, ORIGIN_LAT = 124.2, 42.6
# Two provinces have no centroid in the gazetteer and no child with one. Their positions
# here are hand-placed approximations (Rason at the north-eastern tip beside North Hamgyong,
# Kaesong on the southern edge), good only for this schematic picture.
HAND_PLACED = {"KP-13": (42.5, 130.6), "KP-15": (37.9, 126.5)}


@dataclass(frozen=True)
class Tile:
    region_id: str  # gazetteer id, e.g. KP-09 or CN-JL-YANBIAN
    column: int
    row: int
    country_code: str
    names: tuple[tuple[str, str], ...]

    def short_name(self, korean: bool) -> str:
        """The name written on the tile: Hangul (at most five letters) or the English one."""
        if korean:
            hangul = [text for text, kind in self.names if kind == "hangul"]
            variants = [
                text
                for text, kind in self.names
                if kind == "variant" and text.isalpha() and _is_hangul(text)
            ]
            if hangul and len(hangul[0]) <= 5:
                return hangul[0]
            return min(variants or hangul, key=len)
        common = [text for text, kind in self.names if kind == "common"]
        return common[0] if common else self.region_id


def _is_hangul(text: str) -> bool:
    return all("\uac00" <= char <= "\ud7a3" for char in text)


def province_entries() -> list[gazetteer.GazetteerEntry]:
    """North Korea's current first-level units (the nominal special zones left out)."""
    return [
        e
        for e in gazetteer.entries()
        if e.country_code == "KP" and e.level == "admin1" and e.status != "nominal"
    ]


def border_prefecture_entries() -> list[gazetteer.GazetteerEntry]:
    """Chinese prefecture-level units that face a North Korean place across the border."""
    return [
        e
        for e in gazetteer.entries()
        if e.country_code == "CN" and e.level == "admin2" and e.opposite_ids
    ]


def region_ids() -> tuple[str, ...]:
    """Every region a tile stands for."""
    return tuple(tile.region_id for tile in layout())


@cache
def layout() -> tuple[Tile, ...]:
    """Every tile with its grid position, provinces first."""
    taken: dict[tuple[int, int], str] = {}
    tiles = []
    for entry in sorted(province_entries(), key=lambda e: e.id):
        column, row = _free_cell(_cell_of(entry), taken)
        taken[(column, row)] = entry.id
        tiles.append(Tile(entry.id, column, row, "KP", entry.names))
    by_id = {tile.region_id: tile for tile in tiles}
    for entry in border_prefecture_entries():
        faced = [by_id[p] for p in _provinces_faced(entry) if p in by_id]
        if not faced:
            continue
        wanted = (
            round(sum(t.column for t in faced) / len(faced)),
            min(t.row for t in faced) - 1,
        )
        column, row = _free_cell(wanted, taken, northward=True)
        taken[(column, row)] = entry.id
        tiles.append(Tile(entry.id, column, row, "CN", entry.names))
    return _shifted(tiles)


def _cell_of(entry: gazetteer.GazetteerEntry) -> tuple[int, int]:
    latitude, longitude = _position(entry)
    return (
        round((longitude - ORIGIN_LON) / CELL_LON),
        round((ORIGIN_LAT - latitude) / CELL_LAT),
    )


def _position(entry: gazetteer.GazetteerEntry) -> tuple[float, float]:
    if entry.latitude is not None and entry.longitude is not None:
        return entry.latitude, entry.longitude
    children = [
        (e.latitude, e.longitude)
        for e in gazetteer.entries()
        if e.parent_id == entry.id and e.latitude is not None and e.longitude is not None
    ]
    if children and entry.id not in HAND_PLACED:
        return (
            sum(lat for lat, _lon in children) / len(children),
            sum(lon for _lat, lon in children) / len(children),
        )
    return HAND_PLACED[entry.id]


def _provinces_faced(entry: gazetteer.GazetteerEntry) -> list[str]:
    """The provinces of the places ``entry`` faces (a county counts for its province)."""
    places = gazetteer.entries_by_id()
    found = []
    for place_id in entry.opposite_ids:
        node = places.get(place_id)
        while node is not None and node.level not in ("admin1", "country"):
            node = places.get(node.parent_id) if node.parent_id else None
        if node is not None and node.level == "admin1" and node.id not in found:
            found.append(node.id)
    return found


def _free_cell(wanted: tuple[int, int], taken: dict, northward: bool = False) -> tuple[int, int]:
    """The free cell nearest to ``wanted`` (north of it only, for the Chinese side)."""
    if wanted not in taken:
        return wanted
    candidates = [
        (wanted[0] + dc, wanted[1] + dr)
        for dr in range(-4, 5)
        for dc in range(-4, 5)
        if not (northward and dr > 0)
    ]
    free = [cell for cell in candidates if cell not in taken]
    return min(free, key=lambda c: (math.dist(c, wanted), c[1], c[0]))


def _shifted(tiles: list[Tile]) -> tuple[Tile, ...]:
    """Move the grid so that its top-left tile is at (0, 0)."""
    left = min(t.column for t in tiles)
    top = min(t.row for t in tiles)
    return tuple(
        Tile(t.region_id, t.column - left, t.row - top, t.country_code, t.names) for t in tiles
    )
