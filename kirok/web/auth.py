"""Signing in to pages: login required, and a one-time password replaced before anything else."""

from __future__ import annotations

from functools import wraps

from django.contrib.auth import update_session_auth_hash
from django.contrib.auth.decorators import login_required
from django.contrib.auth.forms import PasswordChangeForm
from django.shortcuts import redirect

from kirok.audit import services as audit


def account_required(view):
    """Like login_required; an account with a one-time password must replace it first.

    `kirok init` and `kirok createuser` print one-time passwords (``must_change_password``);
    until it is replaced, every page sends the account to the password page.
    """

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if getattr(request.user, "must_change_password", False):
            return redirect("web:password_change")
        return view(request, *args, **kwargs)

    return login_required(wrapper)


def change_password(request, form: PasswordChangeForm) -> None:
    """Save the new password, keep this session signed in, and log the change."""
    user = form.save()
    if user.must_change_password:
        user.must_change_password = False
        user.save(update_fields=["must_change_password"])
    update_session_auth_hash(request, user)
    audit.record("password_changed", actor=user, ip_address=request.META.get("REMOTE_ADDR"))
