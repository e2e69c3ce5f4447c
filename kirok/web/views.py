"""Pages: thin views that ask kirok.records.access for records and render a template."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.accounts.reauth import recent_authentication_required
from kirok.records import access, services
from kirok.web import auth, editing, pages
from kirok.web.auth import account_required


@account_required
def home(request: HttpRequest) -> HttpResponse:
    return render(
        request,
        "web/home.html",
        {
            "counts": pages.home_counts(request.user),
            "incidents": pages.latest_incidents(request.user),
            "may_create": editing.may_create(request.user),
        },
    )


@account_required
def incident_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    incident, can_edit = access.get_incident_for_user(
        request.user, public_id, queryset=pages.incident_queryset()
    )
    context = pages.incident_details(request.user, incident)
    return render(request, "web/incident.html", {**context, "can_edit": can_edit})


@account_required
def person_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    person, can_edit = access.get_person_for_user(
        request.user, public_id, queryset=pages.person_queryset()
    )
    context = pages.person_details(request.user, person)
    return render(request, "web/person.html", {**context, "can_edit": can_edit})


@account_required
@require_POST
@never_cache
@recent_authentication_required(minutes=5)
def person_sensitive_contacts(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    """Show a person's sensitive contact details once, on an explicit (audited) request."""
    person, contacts = access.get_sensitive_contacts_for_user(request.user, public_id)
    contacts = services.reveal_sensitive_contacts(request.user, person, contacts)
    return render(request, "web/person_sensitive.html", {"person": person, "contacts": contacts})


@login_required
def password_change(request: HttpRequest) -> HttpResponse:
    form = PasswordChangeForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        auth.change_password(request, form)
        messages.success(request, _("Your password has been changed."))
        return redirect("web:home")
    return render(request, "web/password_change.html", {"form": form})
