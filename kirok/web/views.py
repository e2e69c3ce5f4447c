"""Pages: thin views that ask kirok.records.access for records and render a template."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from kirok.records import access
from kirok.web import auth, pages
from kirok.web.auth import account_required


@account_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "counts": pages.home_counts(request.user),
            "incidents": pages.latest_incidents(request.user),
        },
    )


@account_required
def incident_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    incident = access.get_incident_for_user(
        request.user, public_id, queryset=pages.incident_queryset()
    )
    return render(request, "web/incident.html", pages.incident_details(request.user, incident))


@account_required
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    person = access.get_person_for_user(request.user, public_id, queryset=pages.person_queryset())
    return render(request, "web/person.html", pages.person_details(request.user, person))


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.change_password(request, form)
        messages.success(request, _("Your password has been changed."))
        return redirect("web:home")
    return render(request, "web/password_change.html", {"form": form})
