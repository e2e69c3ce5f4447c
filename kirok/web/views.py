"""Pages: thin views that ask kirok.records.access for records and render a template."""

from __future__ import annotations

import uuid

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kirok.records import access
from kirok.web import pages


@login_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "counts": pages.home_counts(request.user),
            "incidents": pages.latest_incidents(request.user),
        },
    )


@login_required
def incident_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(
        request.user, public_id, queryset=pages.incident_queryset()
    )
    return render(request, "web/incident.html", pages.incident_details(request.user, incident))


@login_required
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    person = access.get_person_for_user(request.user, public_id, queryset=pages.person_queryset())
    return render(request, "web/person.html", pages.person_details(request.user, person))
