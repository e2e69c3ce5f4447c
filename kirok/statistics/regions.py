"""Incidents counted by the map's regions: the province (or Chinese prefecture) that the
incident's place rolls up to through the place hierarchy (Hoeryong → North Hamgyong)."""

from __future__ import annotations

from collections.abc import Iterable

from kirok.facts import snapshot
from kirok.records.models import Place
from kirok.statistics.cartogram import region_ids


def place_regions() -> dict[int, str]:
    """Each place's region (gazetteer id of a map tile), for places inside one."""
    return snapshot.reference("place_regions", _place_regions)


def _place_regions() -> dict[int, str]:
    wanted = set(region_ids())
    rows = list(Place.objects.values_list("pk", "parent_id", "gazetteer_id"))
    parent = {pk: parent_id for pk, parent_id, _gid in rows}
    gazetteer_id = {pk: gid for pk, _parent, gid in rows}
    found: dict[int, str] = {}
    for pk in parent:
        node, steps = pk, 0
        while node is not None and steps < 32:
            if gazetteer_id.get(node) in wanted:
                found[pk] = gazetteer_id[node]
                break
            node, steps = parent.get(node), steps + 1
    return found


def region_counts(incident_rows: Iterable[tuple]) -> tuple[dict[str, int], int]:
    """Incidents per region, and how many have no place or one outside every region.

    ``incident_rows`` are (status, place id, number of incidents), as Scope.incident_rows.
    """
    regions = place_regions()
    counted: dict[str, int] = {}
    elsewhere = 0
    for _status, place_id, n in incident_rows:
        region = regions.get(place_id)
        if region is None:
            elsewhere += n
        else:
            counted[region] = counted.get(region, 0) + n
    return counted, elsewhere
