"""Pages for proceedings (in cases, like incidents) and for organizations and places
(shared reference data), to view, create and edit them (kirok.records.reference_forms).

Proceedings follow kirok.records.access like every record: a proceeding outside the
reader's cases is a 404 (audited), and its incidents and persons are shown only where the
reader may see them. Organizations and places are in no case: every reading role views them,
coordinators and documenters who may edit somewhere change them. A place page never lists
persons: Kirok does not tell where a living person is. Saves are audited by the model
signals (kirok.audit.tracking), so these views write no audit events themselves.
"""

from __future__ import annotations

import uuid
from functools import partial

from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from kirok.audit import services as audit
from kirok.records import access
from kirok.records.models import Incident, Organization, Place, Proceeding
from kirok.records.reference_forms import (
    OrganizationEditor,
    PlaceEditor,
    ProceedingEditor,
    may_edit_reference,
)
from kirok.security import indexing
from kirok.web import autocomplete
from kirok.web.auth import account_required
from kirok.web.editing import edit_page, may_create

# --- Proceedings ------------------------------------------------------------------------------


def _proceeding_queryset() -> models.QuerySet[Proceeding]:
    return Proceeding.objects.select_related("forum", "filed_by").prefetch_related(
        "filed_by__names"
    )


@account_required
def proceeding_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    proceeding, can_edit = access.get_proceeding_for_user(
        request.user, public_id, queryset=_proceeding_queryset()
    )
    # Only what the reader may see: the others are not named, nor counted.
    incidents = access.visible_incidents(request.user).filter(proceedings=proceeding)
    persons = access.visible_persons(request.user).filter(proceedings=proceeding)
    context = {
        "proceeding": proceeding,
        "can_edit": can_edit,
        "incidents": list(incidents.order_by("start_date_earliest", "pk")),
        "persons": list(persons.prefetch_related("names").order_by("pk")),
    }
    return render(request, "web/proceeding.html", context)


@account_required
@never_cache
def proceeding_new(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied
    editor_class = ProceedingEditor
    wanted = request.GET.get("incident")
    if wanted and request.method != "POST":
        # A hidden incident is the usual audited 404, whatever the rest of the request.
        incident, _can_edit = access.get_incident_for_user(request.user, wanted)
        editor_class = partial(ProceedingEditor, incident=incident)
    return edit_page(request, editor_class, None, "web/proceeding_form.html", "web:proceeding")


@account_required
@never_cache
def proceeding_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    proceeding, can_edit = access.get_proceeding_for_user(request.user, public_id)
    if not can_edit:
        raise PermissionDenied
    return edit_page(
        request, ProceedingEditor, proceeding, "web/proceeding_form.html", "web:proceeding"
    )


@account_required
@require_GET
@never_cache
def incident_suggestions(request: HttpRequest) -> HttpResponse:
    """Incidents the user may see whose title or summary holds the typed words (blind index)."""
    query = autocomplete._query(request)
    found = []
    if query:
        visible = access.visible_incidents(request.user)
        found = indexing.search(
            visible, query, Incident.SEARCHABLE_TEXT, limit=autocomplete.MAX_RESULTS
        )
        audit.record_search("text", query, results=len(found), actor=request.user)
    suggestions = [
        autocomplete.Suggestion(str(i.public_id), i.title, i.start_date or "") for i in found
    ]
    return autocomplete._listbox(request, suggestions, query)


# --- Organizations and places ------------------------------------------------------------------


def _reference(model, public_id, user) -> models.Model:
    """An organization or place by public id, for any reading role; 404 otherwise."""
    if not access.may_see_records(user):
        raise Http404
    found = model.objects.filter(public_id=public_id).prefetch_related("names").first()
    if found is None:
        raise Http404
    return found


def _require_reference_editor(user) -> None:
    if not may_edit_reference(user):
        raise PermissionDenied


@account_required
def organization_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    organization = _reference(Organization, public_id, request.user)
    context = {
        "organization": organization,
        "names": organization.names.order_by("-is_preferred", "is_former", "language", "text"),
        "ancestors": organization.ancestors(),
        "children": _ordered_by_name(organization.children.prefetch_related("names")),
        "can_edit": may_edit_reference(request.user),
    }
    return render(request, "web/organization.html", context)


@account_required
@never_cache
def organization_new(request: HttpRequest) -> HttpResponse:
    _require_reference_editor(request.user)
    return edit_page(
        request, OrganizationEditor, None, "web/organization_form.html", "web:organization"
    )


@account_required
@never_cache
def organization_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    organization = _reference(Organization, public_id, request.user)
    _require_reference_editor(request.user)
    return edit_page(
        request, OrganizationEditor, organization, "web/organization_form.html", "web:organization"
    )


@account_required
def place_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    place = _reference(Place, public_id, request.user)
    context = {
        "place": place,
        "names": place.names.order_by("kind", "text"),
        "ancestors": place.ancestors(),
        "children": _ordered_by_name(place.children.prefetch_related("names")),
        "can_edit": may_edit_reference(request.user),
    }
    return render(request, "web/place.html", context)


@account_required
@never_cache
def place_new(request: HttpRequest) -> HttpResponse:
    _require_reference_editor(request.user)
    return edit_page(request, PlaceEditor, None, "web/place_form.html", "web:place")


@account_required
@never_cache
def place_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    place = _reference(Place, public_id, request.user)
    _require_reference_editor(request.user)
    return edit_page(request, PlaceEditor, place, "web/place_form.html", "web:place")


def _ordered_by_name(records: models.QuerySet) -> list:
    """Children in the reader's language's alphabetical order (names are read in Python)."""
    return sorted(records, key=lambda record: record.display_name().casefold())
