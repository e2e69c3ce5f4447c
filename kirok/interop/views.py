"""Export pages: thin views over kirok.interop.access and kirok.interop.services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.accounts.reauth import recent_authentication_required
from kirok.interop import access, public_tables, services, tables
from kirok.interop.forms import DenyForm, ExportRequestForm
from kirok.interop.models import ExportKind


@login_required
def export_list(request: HttpRequest) -> HttpResponse:
    access.require_requesting_role(request.user)
    services.expire_overdue()
    mine = access.visible_export_requests(request.user).filter(requester=request.user)
    pending = access.pending_for(request.user)
    return render(
        request,
        "interop/list.html",
        {"mine": mine.select_related("approver"), "pending": pending.select_related("requester")},
    )


@login_required
def export_pending(request: HttpRequest) -> HttpResponse:
    access.require_deciding_role(request.user)
    services.expire_overdue()
    pending = access.pending_for(request.user).select_related("requester")
    return render(request, "interop/pending.html", {"pending": pending})


# The field a refusal of the request form is about, so the error stands beside it.
REFUSAL_FIELDS = {
    "reason": "reason",
    "no_cases": "cases",
    "not_member": "cases",
    "no_proceeding": "proceeding",
    "no_un_consent": "proceeding",
}


@login_required
def export_new(request: HttpRequest) -> HttpResponse:
    access.require_requesting_role(request.user)
    form = ExportRequestForm(request.user, request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            export = services.request_export(request.user, **form.cleaned_data)
        except services.ExportRefused as refusal:
            form.add_error(REFUSAL_FIELDS.get(refusal.code), refusal)
        else:
            messages.success(request, _("Your request waits for a second coordinator."))
            return redirect("interop:detail", public_id=export.public_id)
    return render(request, "interop/new.html", {"form": form})


@login_required
def export_detail(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    services.expire_overdue()
    export, may_decide = access.get_export_request_for_user(request.user, public_id)
    context = {
        "export": export,
        "may_decide": may_decide,
        "is_requester": export.requester_id == request.user.pk,
        "is_public_table": export.kind == ExportKind.VICTIMS_PUBLIC,
        # Its heading names the request only (services.heading): the note must not say
        # "your name".
        "names_no_account": export.kind == ExportKind.PERSONS_PUBLIC,
        "left_out": tables.lacking_consent(export, request.user).count(),
        "deny_form": DenyForm(),
    }
    if context["is_public_table"] and may_decide:
        # The approver decides what will be published, so sees it: counts only, each of at
        # least five, no more than the statistics page already shows a member of the cases.
        table = public_tables.build(export, request.user)
        context |= {"rows_now": len(table.rows), "table": table, "columns": public_tables.COLUMNS}
    else:
        context["rows_now"] = tables.row_count(export, request.user)
    return render(request, "interop/detail.html", context)


@login_required
@require_POST
@recent_authentication_required(minutes=5)
def export_approve(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    export = access.get_export_request_to_decide(request.user, public_id)
    return _act(request, export, lambda: services.approve(export, request.user), _("Approved."))


@login_required
@require_POST
@recent_authentication_required(minutes=5)
def export_deny(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    export = access.get_export_request_to_decide(request.user, public_id)
    form = DenyForm(request.POST)
    note = form.cleaned_data["note"] if form.is_valid() else ""
    return _act(request, export, lambda: services.deny(export, request.user, note), _("Denied."))


@login_required
@require_POST
@never_cache
@recent_authentication_required(minutes=5)
def export_download(request: HttpRequest, public_id: uuid.UUID) -> HttpResponse:
    export = access.get_export_request_to_download(request.user, public_id)
    try:
        made = services.download(export, request.user)
    except services.ExportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
        return redirect("interop:detail", public_id=export.public_id)
    # A byte-order mark so that spreadsheet programs read the Korean as UTF-8.
    response = HttpResponse("\ufeff" + made.text, content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{made.filename}"'
    return response


def _act(request: HttpRequest, export, action, done: str) -> HttpResponse:
    try:
        action()
    except services.ExportRefused as refusal:
        messages.error(request, " ".join(refusal.messages))
    else:
        messages.success(request, done)
    return redirect("interop:detail", public_id=export.public_id)
