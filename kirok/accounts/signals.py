"""Receivers: a password login starts the session's clocks; a new lockout is audited."""

from __future__ import annotations

from axes.signals import user_locked_out
from django.contrib.auth.signals import user_logged_in
from django.dispatch import receiver

from kirok.accounts import lockout, sessions


@receiver(user_logged_in)
def start_session_clocks(sender, request, user, **kwargs) -> None:
    if request is not None and hasattr(request, "session"):
        sessions.start(request.session)


receiver(user_locked_out)(lockout.on_locked_out)
