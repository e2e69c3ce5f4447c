"""Pages to create and edit persons and incidents (kirok.records.forms does the work).

Who may: a new record needs a case the user may edit in (access.editable_case_ids); an
edit needs access.can_edit on the record. Anyone else who may see the record gets 403; a
record they may not see is a 404 (and audited) as everywhere. Saves are audited by the
model signals (kirok.audit.tracking), so these views write no audit events themselves.
"""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache

from kirok.accounts.models import Role
from kirok.records import access
from kirok.records.editors import (
    EditConflict,
    IncidentEditor,
    PersonEditor,
    RecordEditor,
    conflict_rows,
)
from kirok.web.auth import account_required


def may_create(user) -> bool:
    """Whether ``user`` may put a new record in at least one case."""
    return access.may_see_records(user) and access.editable_case_ids(user).exists()


def may_edit_something(user) -> bool:
    """Whether ``user`` may edit any record at all (the editing helpers are for them)."""
    return may_create(user) or (access.may_see_records(user) and user.role == Role.COORDINATOR)


@account_required
@never_cache
def person_new(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied
    return edit_page(request, PersonEditor, None, "web/person_form.html", "web:person")


@account_required
@never_cache
def person_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    person, can_edit = access.get_person_for_user(request.user, public_id)
    if not can_edit:
        raise PermissionDenied
    return edit_page(request, PersonEditor, person, "web/person_form.html", "web:person")


@account_required
@never_cache
def incident_new(request: HttpRequest) -> HttpResponse:
    if not may_create(request.user):
        raise PermissionDenied
    return edit_page(request, IncidentEditor, None, "web/incident_form.html", "web:incident")


@account_required
@never_cache
def incident_edit(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    incident, can_edit = access.get_incident_for_user(request.user, public_id)
    if not can_edit:
        raise PermissionDenied
    return edit_page(request, IncidentEditor, incident, "web/incident_form.html", "web:incident")


def edit_page(request, editor_class: type[RecordEditor], record, template: str, detail: str):
    """Show the form; on POST save it all, or show what is wrong, or the edit conflict."""
    if request.method != "POST":
        editor = editor_class(request.user, instance=record)
        return render(request, template, {"editor": editor})
    editor = editor_class(request.user, instance=record, data=request.POST)
    if editor.is_stale():
        return _conflict(request, editor, record, template)
    if not editor.is_valid():
        return render(request, template, {"editor": editor, "invalid": True}, status=400)
    try:
        saved = editor.save()
    except EditConflict as conflict:
        return _conflict(request, editor, conflict.current, template)
    messages.success(request, _("Saved."))
    return redirect(detail, public_id=saved.public_id)


def _conflict(request, editor: RecordEditor, current, template: str) -> HttpResponse:
    """Someone saved meanwhile: their values beside yours; saving again re-applies yours."""
    current = type(current).objects.get(pk=current.pk)
    rows = conflict_rows(editor, current)
    context = {"editor": editor.rebased(current), "conflict": rows}
    return render(request, template, context, status=409)
