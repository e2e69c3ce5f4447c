"""Creating accounts: the state-changing actions of the accounts app."""

from __future__ import annotations

import secrets

from django.contrib.auth import get_user_model, password_validation
from django.core.exceptions import ValidationError
from django.db import transaction

from kirok.accounts.roles import Role
from kirok.audit import services as audit


def one_time_password() -> str:
    """A random password to be shown once and replaced at first login (about 100 bits)."""
    return "-".join(secrets.token_urlsafe(6) for _ in range(3))


@transaction.atomic
def create_account(
    username: str,
    role: str,
    password: str,
    *,
    email: str = "",
    must_change_password: bool = False,
    created_by=None,
):
    """Create an account after validating its name, role and password.

    Administrators also get Django's staff and superuser flags: they manage accounts and
    configuration through the admin. Raises ValidationError with a readable message.
    """
    User = get_user_model()
    username = username.strip()
    if role not in Role.values:
        raise ValidationError(f"Unknown role {role!r}; choose one of: {', '.join(Role.values)}.")
    User.username_validator(username)
    if User.objects.filter(username__iexact=username).exists():
        raise ValidationError(f"An account named {username!r} already exists.")
    user = User(
        username=username,
        email=email,
        role=role,
        is_staff=role == Role.ADMINISTRATOR,
        is_superuser=role == Role.ADMINISTRATOR,
        must_change_password=must_change_password,
    )
    password_validation.validate_password(password, user)
    user.set_password(password)
    user.save()
    audit.record("account_created", actor=created_by, obj=user, detail={"role": role})
    return user
