"""Suggestions while typing in the edit forms (htmx partials), and the date preview.

- places: any spelling or script (혜산, Hyesan-si, 惠山), through kirok.lib.places, then
  matched to the Place records; names of places in the database that the gazetteer lacks
  are matched by their text;
- organizations: by any of their names, Korean or English;
- persons: any romanization of a name (김혜송, Kim Hye-song, Hyesong Kim) through the blind
  name index (PersonName.objects.spelled_like), among the persons the user may see only.
  Each lookup is written to the audit log as a name search (``record_search("name", …)``),
  which feeds the infiltrator alert for many different names (kirok.audit.alerts).

Only users who may edit something use them (kirok.web.editing.may_edit_something).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kirok.audit import services as audit
from kirok.lib import places as gazetteer_places
from kirok.records import access
from kirok.records import forms as record_forms
from kirok.records.models import Organization, Person, PersonName, Place, PlaceName
from kirok.web.auth import account_required
from kirok.web.editing import may_edit_something

MAX_RESULTS = 8
MAX_QUERY = 100
MAX_CANDIDATES = 200  # organizations ranked in Python; the seeded list has a few hundred


@dataclass(frozen=True)
class Suggestion:
    value: str  # the record's public id
    label: str  # what goes into the text box when chosen
    detail: str = ""  # a second line that tells similar records apart


def _query(request: HttpRequest) -> str:
    """The typed text: ``q``, or the one parameter htmx sends (the box's own name and value)."""
    if not may_edit_something(request.user):
        raise PermissionDenied
    text = request.GET.get("q")
    if text is None and len(request.GET) == 1:
        text = next(iter(request.GET.values()))
    # Control characters never belong to a name, and PostgreSQL refuses a NUL in a query.
    printable = "".join(char for char in (text or "") if char.isprintable())
    return printable.strip()[:MAX_QUERY]


def _listbox(request, suggestions: list[Suggestion], query: str) -> HttpResponse:
    context = {"suggestions": suggestions, "query": query}
    return render(request, "web/_autocomplete.html", context)


@account_required
@require_GET
@never_cache
def places(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    return _listbox(request, find_places(query) if query else [], query)


@account_required
@require_GET
@never_cache
def organizations(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    return _listbox(request, find_organizations(query) if query else [], query)


@account_required
@require_GET
@never_cache
def persons(request: HttpRequest) -> HttpResponse:
    query = _query(request)
    if not query:
        return _listbox(request, [], query)
    found = find_persons(request.user, query)
    audit.record_search("name", query, results=len(found), actor=request.user)
    return _listbox(request, found, query)


@account_required
@require_GET
@never_cache
def date_preview(request: HttpRequest) -> HttpResponse:
    """What a typed date phrase means: its EDTF value and first and last days, or why not."""
    return render(request, "web/_date_preview.html", record_forms.date_preview(_query(request)))


def find_places(query: str) -> list[Suggestion]:
    """Places the query may name, best first: gazetteer matches, then other place names."""
    ids = [match.place_id for match in gazetteer_places.find(query, limit=MAX_RESULTS)]
    by_id = {p.gazetteer_id: p for p in _places(models.Q(gazetteer_id__in=ids))}
    found = [by_id[i] for i in ids if i in by_id]
    if len(found) < MAX_RESULTS:
        named = PlaceName.objects.filter(text__icontains=query).values("place_id")
        others = _places(models.Q(pk__in=named)).exclude(pk__in=[p.pk for p in found])
        found += list(others[: MAX_RESULTS - len(found)])
    return [_place_suggestion(place) for place in found]


def _places(condition: models.Q) -> models.QuerySet[Place]:
    return Place.objects.filter(condition).prefetch_related("names").order_by("pk")


def _place_suggestion(place: Place) -> Suggestion:
    path = record_forms.place_label(place)
    return Suggestion(str(place.public_id), path, place.place_type.replace("_", " "))


def find_organizations(query: str) -> list[Suggestion]:
    """Organizations with a name (any language, former names too) containing the query;
    those with a name that starts with it first (보위부 finds hundreds of bureaus)."""
    named = models.Q(names__text__icontains=query) | models.Q(code__icontains=query)
    candidates = (
        Organization.objects.filter(pk__in=Organization.objects.filter(named).values("pk"))
        .prefetch_related("names", "parent__names")
        .order_by("code", "pk")[:MAX_CANDIDATES]
    )
    folded = query.casefold()

    def rank(organization: Organization) -> tuple:
        names = [n.text.casefold() for n in organization.names.all()]
        return (not any(n.startswith(folded) for n in names), min(map(len, names), default=0))

    found = sorted(candidates, key=rank)[:MAX_RESULTS]
    return [
        Suggestion(str(o.public_id), o.display_name(), o.parent.display_name() if o.parent else "")
        for o in found
    ]


def find_persons(user, query: str) -> list[Suggestion]:
    """Persons ``user`` may see with a name spelled like ``query`` (any romanization)."""
    named = PersonName.objects.spelled_like(query).values("person_id")
    found = (
        access.visible_persons(user)
        .filter(pk__in=named)
        .prefetch_related("names")
        .order_by("pk")[:MAX_RESULTS]
    )
    return [Suggestion(str(p.public_id), str(p), _person_detail(p)) for p in found]


def _person_detail(person: Person) -> str:
    """Other names and the birth date, to tell two people with one name apart."""
    primary = person.primary_name()
    others = [n.text for n in person.names.all() if n != primary][:2]
    born = person.birth_date or ""
    return " · ".join(part for part in (", ".join(others), born) if part)
