"""Re-authentication before dangerous actions: the password and a current code, again.

A session left open on a shared computer, or taken over, must not be enough to export
records, rotate keys, restore a backup or change who may see what. Such views are wrapped:

>>> @recent_authentication_required(minutes=5)    # doctest: +SKIP
... def export(request): ...

When the account has not confirmed within ``minutes`` (completing a login counts), the
visitor is sent to ``accounts:confirm``, which asks for the password and a code from the
authenticator app and then returns to the page. A form that was being sent (POST) cannot be
replayed: the visitor returns to the page the form was on and sends it again. Class-based
code (the admin) calls :func:`require_recent_authentication` instead.

Failed confirmations are audited and count towards the lockout.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import wraps
from urllib.parse import urlencode, urlsplit

from django.contrib.auth import authenticate
from django.http import HttpRequest, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kirok.accounts import gate, lockout, sessions, two_factor
from kirok.audit import services as audit


def is_recent(request: HttpRequest, minutes: float = 5) -> bool:
    return sessions.reauthenticated_within(request.session, minutes)


def _return_to(request: HttpRequest) -> str:
    if request.method in ("GET", "HEAD"):
        return request.get_full_path()
    # A form cannot be sent again by a redirect: go back to the page that holds it.
    for candidate in (request.POST.get("next"), request.META.get("HTTP_REFERER")):
        if candidate:
            parts = urlsplit(candidate)
            path = parts.path + (f"?{parts.query}" if parts.query else "")
            if parts.netloc in ("", request.get_host()) and path.startswith("/"):
                return gate.safe_next(request, path)
    return reverse("web:home")


def confirm_url(request: HttpRequest) -> str:
    return reverse("accounts:confirm") + "?" + urlencode({"next": _return_to(request)})


def require_recent_authentication(request: HttpRequest, minutes: float = 5):
    """None if the account confirmed within ``minutes``, else a redirect to confirm."""
    if is_recent(request, minutes):
        return None
    return HttpResponseRedirect(confirm_url(request))


def recent_authentication_required(minutes: float = 5):
    """Decorate a view that must only run shortly after the password and a code were given."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, *args, **kwargs):
            return require_recent_authentication(request, minutes) or view(request, *args, **kwargs)

        return wrapper

    return decorator


@dataclass(frozen=True)
class Confirmation:
    confirmed: bool
    locked: bool = False
    error: str = ""


def confirm(request: HttpRequest, password: str, code: str) -> Confirmation:
    """Check the signed-in account's password and (if it has an authenticator) code."""
    user = request.user
    username = user.get_username()
    # The password goes through the authentication backends: django-axes refuses it during a
    # lockout and counts it when wrong, as on the login page.
    if authenticate(request, username=username, password=password) is None:
        locked = bool(getattr(request, "axes_locked_out", False))
        audit.record("reauth_failed", actor=user, detail={"reason": "password"})
        return Confirmation(False, locked, _("Your password or code is not right."))
    device = two_factor.authenticator(user)
    if device is not None:
        refusal = _check_authenticator(request, device, code)
        if refusal:
            return refusal
    sessions.mark_reauthenticated(request.session)
    audit.record("reauthenticated", actor=user)
    return Confirmation(True)


def _check_authenticator(request: HttpRequest, device, code: str) -> Confirmation | None:
    wait = two_factor.seconds_to_wait(device)
    if wait:
        return Confirmation(False, False, two_factor.CodeCheck(False, wait_seconds=wait).message)
    if two_factor.verify_device(device, code.strip()):
        return None
    locked = lockout.record_failure(request, request.user, "reauth_failed", {"reason": "code"})
    return Confirmation(False, locked, _("Your password or code is not right."))
