"""What the search pages need beside the search itself: places to show, audit, htmx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from kirok.audit import services as audit
from kirok.facts import snapshot
from kirok.records.models import Place
from kirok.search import facets, finder
from kirok.web.places import paths_among


def is_partial(request: HttpRequest) -> bool:
    """An htmx swap asks for the result part only; a history restore wants the whole page."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """One URL answers with a page or a part: caches must tell the two apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def attach_places(incidents) -> None:
    """Set ``place_path`` (the place and its parent, names loaded) on each incident.

    Places are reference data, read here from the counting snapshot's cache (every place
    with its names, once per version; a change to a place or a place name is a new version).
    The list's counting has just brought the snapshot up to date. Two queries and ~100 model
    instances a page cost the incident list about 5 ms at 100,000 incidents.
    """
    known = snapshot.reference("places:with-names", _every_place)
    paths = paths_among(known, (incident.place_id for incident in incidents))
    for incident in incidents:
        incident.place_path = paths.get(incident.place_id, [])[:2]


def _every_place() -> dict[int, Place]:
    return {place.pk: place for place in Place.objects.prefetch_related("names")}


def audit_browse(user, filters: facets.Filters, results: int) -> None:
    """A filtered list is a search: its words are logged as a keyed hash (a name search when
    they may be a name), filters alone as a "filter" search; an unfiltered list is not
    logged."""
    if filters.q:
        finder.audit_search(user, filters.q, results)
    elif not filters.is_empty:
        detail = sorted(f"{k}={v}" for k, v in filters.audit_detail().items())
        audit.record_search("filter", "&".join(detail), results, actor=user)
