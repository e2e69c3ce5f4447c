"""What the search pages need beside the search itself: places to show, audit, htmx."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.utils.cache import patch_vary_headers

from kirok.audit import services as audit
from kirok.records.models import Place
from kirok.search import facets, finder


def is_partial(request: HttpRequest) -> bool:
    """An htmx swap asks for the result part only; a history restore wants the whole page."""
    headers = request.headers
    return headers.get("HX-Request") == "true" and not headers.get("HX-History-Restore-Request")


def vary_on_htmx(response: HttpResponse) -> HttpResponse:
    """One URL answers with a page or a part: caches must tell the two apart."""
    patch_vary_headers(response, ("HX-Request",))
    return response


def attach_places(incidents) -> None:
    """Set ``place_path`` (the place and its parent, names loaded) on each incident, in two
    queries for the whole page."""
    wanted = {i.place_id for i in incidents if i.place_id}
    places = {p.pk: p for p in Place.objects.filter(pk__in=wanted).prefetch_related("names")}
    parents = {p.parent_id for p in places.values() if p.parent_id}
    above = {p.pk: p for p in Place.objects.filter(pk__in=parents).prefetch_related("names")}
    for incident in incidents:
        place = places.get(incident.place_id)
        path = [place] if place else []
        if place and place.parent_id in above:
            path.append(above[place.parent_id])
        incident.place_path = path


def audit_browse(user, filters: facets.Filters, results: int) -> None:
    """A filtered list is a search: its words are logged as a keyed hash (a name search when
    they may be a name), filters alone as a "filter" search; an unfiltered list is not
    logged."""
    if filters.q:
        finder.audit_search(user, filters.q, results)
    elif not filters.is_empty:
        detail = sorted(f"{k}={v}" for k, v in filters.audit_detail().items())
        audit.record_search("filter", "&".join(detail), results, actor=user)
