"""Turning the failures an operator can fix into one readable line."""

from __future__ import annotations


class KirokCommandError(Exception):
    """A command could not do what was asked; the message says why and what to do."""

    def __init__(self, message: str, exit_code: int = 2) -> None:
        super().__init__(message)
        self.exit_code = exit_code


def one_line(error: Exception) -> str | None:
    """The operator-facing line for a known kind of failure, or None for a real bug."""
    from django.core.exceptions import ImproperlyConfigured
    from django.db import DatabaseError

    from kirok.config import ConfigurationError

    if isinstance(error, ConfigurationError | ImproperlyConfigured):
        return str(error)
    if isinstance(error, DatabaseError):
        first = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
        return f"database error: {first} (check KIROK_DATABASE_URL and run `kirok doctor`)"
    if isinstance(error, PermissionError):
        return f"permission denied: {error.filename or error}"
    return None
