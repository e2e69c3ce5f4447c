"""Places with their administrative path (city → province → country), fetched in bulk."""

from __future__ import annotations

from collections.abc import Iterable

from kirok.records.models import Place
from kirok.records.models.hierarchy import MAX_DEPTH


def place_paths(place_ids: Iterable[int | None]) -> dict[int, list[Place]]:
    """Each place's path from itself up to its country, names loaded, keyed by place id.

    One level of the hierarchy per round (two queries: places and their names), so a page
    makes a bounded number of queries however many places it shows.
    """
    wanted = {pk for pk in place_ids if pk is not None}
    known: dict[int, Place] = {}
    missing, rounds = set(wanted), 0
    while missing and rounds <= MAX_DEPTH:
        fetched = list(Place.objects.filter(pk__in=missing).prefetch_related("names"))
        known.update((place.pk, place) for place in fetched)
        missing = {p.parent_id for p in fetched if p.parent_id and p.parent_id not in known}
        rounds += 1
    return paths_among(known, wanted)


def paths_among(known: dict[int, Place], place_ids: Iterable[int | None]) -> dict[int, list[Place]]:
    """Each place's path up to its country, from places already loaded (``known``, by id)."""
    paths = {}
    for pk in {pk for pk in place_ids if pk is not None}:
        path, node = [], known.get(pk)
        while node is not None and len(path) <= MAX_DEPTH and node not in path:
            path.append(node)
            node = known.get(node.parent_id)
        paths[pk] = path
    return paths
