"""Log logins, logouts and failed logins (model changes: kirok.audit.tracking)."""

from __future__ import annotations

from django.contrib.auth.signals import user_logged_in, user_logged_out, user_login_failed
from django.dispatch import receiver

from kirok.audit import services
from kirok.audit.middleware import client_address


def _ip(request) -> str | None:
    return client_address(request) if request is not None else None


@receiver(user_logged_in)
def on_login(sender, request, user, **kwargs):
    services.record("login", actor=user, ip_address=_ip(request))


@receiver(user_logged_out)
def on_logout(sender, request, user, **kwargs):
    services.record("logout", actor=user, ip_address=_ip(request))


@receiver(user_login_failed)
def on_login_failed(sender, credentials, request=None, **kwargs):
    # The attempted name is kept (it shows who is being targeted); the password never is.
    services.record(
        "login_failed",
        actor=services.SYSTEM,
        detail={"username": str(credentials.get("username", ""))[:150]},
        ip_address=_ip(request),
    )
