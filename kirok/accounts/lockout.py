"""Lockout after repeated failures, through django-axes.

A wrong password, a wrong two-factor code and a failed confirmation all count against the
pair (account name, client address). At ``KIROK_LOCKOUT_ATTEMPTS`` failures the pair is locked
for ``KIROK_LOCKOUT_MINUTES``: the login form then refuses even the right password, and any
session of the account that was waiting for a code is ended. The page says so without
saying whether the account exists (a name that does not exist locks the same way).

Administrators can lift a lockout early by deleting its "access attempt" in the admin.
"""

from __future__ import annotations

from axes.handlers.proxy import AxesProxyHandler
from django.conf import settings
from django.contrib.auth import get_user_model, logout
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from kirok.audit import services as audit


def lockout_minutes() -> int:
    return int(settings.AXES_COOLOFF_TIME.total_seconds() // 60)


def is_locked(request: HttpRequest, username: str) -> bool:
    """Is this account name locked from this request's address?"""
    return AxesProxyHandler.is_locked(request, {"username": username})


def record_failure(request: HttpRequest, user, action: str, detail: dict | None = None) -> bool:
    """Audit a failed code or confirmation by a signed-in ``user`` and count it towards the
    lockout, as a wrong password would be. True if the account is now locked."""
    audit.record(action, actor=user, detail=detail)
    AxesProxyHandler.user_login_failed(
        sender=__name__, credentials={"username": user.get_username()}, request=request
    )
    return bool(getattr(request, "axes_locked_out", False))


def lockout_response(
    request: HttpRequest, original_response: HttpResponse | None = None, credentials=None
) -> HttpResponse:
    """The page for a locked-out login (django-axes' AXES_LOCKOUT_CALLABLE); ends any session."""
    if getattr(request, "user", None) is not None and request.user.is_authenticated:
        logout(request)
    return render(request, "accounts/locked_out.html", {"minutes": lockout_minutes()}, status=429)


def on_locked_out(sender, request=None, username=None, ip_address=None, **kwargs) -> None:
    """Audit a new lockout (django-axes' ``user_locked_out`` signal).

    Axes also sends the signal for each attempt refused during a lockout; those are in the
    log already as failed logins, so only the attempt that locked is recorded here.
    """
    if request is not None and getattr(request, "axes_failures_since_start", None) is None:
        return
    account = get_user_model().objects.filter(username=username).first() if username else None
    audit.record(
        "lockout",
        actor=account,
        detail={"username": str(username or "")[:150], "minutes": lockout_minutes()},
        ip_address=ip_address,
    )
