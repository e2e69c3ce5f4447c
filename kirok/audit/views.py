"""Audit pages: thin views over kirok.audit's permissions, history, alerts and services."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.accounts.reauth import recent_authentication_required
from kirok.audit import alerts, history, permissions, revisions, services
from kirok.audit.forms import AcknowledgeForm, LogFilterForm
from kirok.audit.models import Alert, AlertStatus, AuditEvent

PAGE_SIZE = 50


def _require(allowed: bool, request: HttpRequest, page: str) -> None:
    if not allowed:
        permissions.refuse(request.user, page)
        raise PermissionDenied


@login_required
@never_cache
def log(request: HttpRequest) -> HttpResponse:
    _require(permissions.may_read_log(request.user), request, "audit:log")
    form = LogFilterForm(request.GET or None)
    services.record("audit_log_viewed", detail={"filters": form.filters()})
    events = form.apply(AuditEvent.objects.order_by("-pk"))
    page = Paginator(events, PAGE_SIZE).get_page(request.GET.get("page"))
    chain = services.chain_status()
    return render(request, "audit/log.html", {"form": form, "page": page, "chain": chain})


@login_required
@never_cache
def alert_list(request: HttpRequest) -> HttpResponse:
    _require(permissions.may_handle_alerts(request.user), request, "audit:alerts")
    found = Alert.objects.select_related("account", "acknowledged_by").order_by(
        "status", "-last_at"
    )
    page = Paginator(found, PAGE_SIZE).get_page(request.GET.get("page"))
    return render(
        request,
        "audit/alerts.html",
        {"page": page, "form": AcknowledgeForm(), "open_status": AlertStatus.OPEN},
    )


@login_required
@require_POST
def alert_acknowledge(request: HttpRequest) -> HttpResponse:
    alert = alerts.get_alert_for_user(request.user, request.POST.get("alert", ""))
    form = AcknowledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(m for ms in form.errors.values() for m in ms))
        return redirect("audit:alerts")
    try:
        alerts.acknowledge(alert, request.user, form.cleaned_data["note"])
    except alerts.AcknowledgeRefused as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, alerts.acknowledged_message(alert))
    return redirect("audit:alerts")


@login_required
@never_cache
def record_history(request: HttpRequest, kind: str, public_id: uuid.UUID) -> HttpResponse:
    found = history.get_history_for_user(request.user, kind, public_id)
    lines = history.versions(found)
    return render(request, "audit/history.html", {"history": found, "versions": lines})


@login_required
@never_cache
def diff(request: HttpRequest, kind: str, public_id: uuid.UUID) -> HttpResponse:
    """Two versions side by side: ``?old=N&new=M``, by default the newest and the one before."""
    found = history.get_history_for_user(request.user, kind, public_id)
    old, new = history.version_numbers(request.GET.get("old"), request.GET.get("new"))
    comparison = history.compare(request.user, found, old, new)
    return render(request, "audit/diff.html", {"history": found, "comparison": comparison})


@login_required
@require_POST
@never_cache
@recent_authentication_required(minutes=5)
def restore(request: HttpRequest, kind: str, public_id: uuid.UUID) -> HttpResponse:
    """Restore version ``number`` (POST), if ``expected`` is still the newest version."""
    found = history.get_history_for_user(request.user, kind, public_id)
    _require(found.record is not None and found.can_edit, request, "audit:restore")
    number, expected = history.version_numbers(
        request.POST.get("number"), request.POST.get("expected")
    )
    try:
        new = revisions.restore(
            found.record, number or 0, expected_latest=expected or 0, actor=request.user
        )
    except revisions.RestoreError as refusal:
        messages.error(request, str(refusal))
    else:
        messages.success(request, history.restored_message(number, new.number))
    return redirect("audit:history", kind=kind, public_id=found.public_id)
