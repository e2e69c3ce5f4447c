"""Signing in to pages: login required, and the login's remaining steps taken first.

The steps after the password (two-factor, replacing a one-time password) are enforced for
every request by kirok.accounts.middleware.SecurityGateMiddleware; ``account_required``
checks them again at the view, so that a page stays closed even if the middleware is ever
left out.
"""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect

from kirok.accounts import gate
from kirok.audit import services as audit


def account_required(view):
    """Like login_required; a session that has not finished logging in takes its next step.

    The steps (kirok.accounts.gate): set up or give a two-factor code, then replace a
    one-time password printed by `kirok init` or `kirok createuser` (``must_change_password``).
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        step = _pending_step(request)
        if step is not None:
            return redirect(gate.step_url(step, request))
        return view(request, *args, **kwargs)

    return login_required(wrapper)


_NOT_ASKED = object()


def _pending_step(request) -> str | None:
    """The step the middleware found for this very request, or asked now if it did not run:
    asking twice cost every page a second query for the account's authenticator."""
    step = getattr(request, "login_step_pending", _NOT_ASKED)
    return gate.pending_step(request) if step is _NOT_ASKED else step


def change_password(request, form: PasswordChangeForm) -> None:
    """Save the new password, keep this session signed in, and log the change."""
    user = form.save()
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    update_session_auth_hash(request, user)
    audit.record("password_changed", actor=user, ip_address=request.META.get("REMOTE_ADDR"))
