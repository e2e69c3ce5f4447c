"""How long a signed-in session lives, and when its owner last proved who they are.

Three moments are kept in the session, as seconds since the epoch:

- when the password was entered (``AUTHENTICATED_AT``): the session ends
  ``settings.SESSION_MAX_AGE`` (12 hours) later, whatever happens;
- the last request (``LAST_ACTIVITY``): the session ends after
  ``settings.SESSION_IDLE_TIMEOUT`` (``KIROK_SESSION_IDLE_MINUTES``) without one;
- the last time both factors were given (``REAUTHENTICATED_AT``): at the end of the login, or
  on the confirmation page (kirok.accounts.reauth) before a dangerous action.

Only kirok.accounts.middleware and the login signals write them. A session without them
(made before this code ran) counts as starting now.

>>> start(request.session)                    # doctest: +SKIP
>>> expiry_reason(request.session)            # doctest: +SKIP
None
"""

from __future__ import annotations

import time
from collections.abc import MutableMapping
from datetime import timedelta

from django.conf import settings

AUTHENTICATED_AT = "kirok_authenticated_at"
LAST_ACTIVITY = "kirok_last_activity"
REAUTHENTICATED_AT = "kirok_reauthenticated_at"

IDLE = "idle"
TOO_OLD = "too_old"

Session = MutableMapping


def start(session: Session, now: float | None = None) -> None:
    """A password was just accepted: the session's clocks start now."""
    now = time.time() if now is None else now
    session[AUTHENTICATED_AT] = now
    session[LAST_ACTIVITY] = now
    session.pop(REAUTHENTICATED_AT, None)


def expiry_reason(session: Session, now: float | None = None) -> str | None:
    """``IDLE`` or ``TOO_OLD`` if the session must end, else None."""
    now = time.time() if now is None else now
    started = session.setdefault(AUTHENTICATED_AT, now)
    last = session.setdefault(LAST_ACTIVITY, now)
    if now - started > settings.SESSION_MAX_AGE.total_seconds():
        return TOO_OLD
    if now - last > settings.SESSION_IDLE_TIMEOUT.total_seconds():
        return IDLE
    return None


def touch(session: Session, now: float | None = None) -> None:
    """Record activity; at most every tenth of the idle timeout (and once a minute), so that
    most requests do not write the session."""
    now = time.time() if now is None else now
    step = min(60.0, settings.SESSION_IDLE_TIMEOUT.total_seconds() / 10)
    if now - session.get(LAST_ACTIVITY, 0) >= step:
        session[LAST_ACTIVITY] = now


def mark_reauthenticated(session: Session, now: float | None = None) -> None:
    """Both factors were just given (a completed login, or the confirmation page)."""
    session[REAUTHENTICATED_AT] = time.time() if now is None else now


def reauthenticated_within(session: Session, minutes: float, now: float | None = None) -> bool:
    now = time.time() if now is None else now
    confirmed = session.get(REAUTHENTICATED_AT)
    return confirmed is not None and 0 <= now - confirmed <= minutes * 60


def logged_in_within(session: Session, period: timedelta, now: float | None = None) -> bool:
    """Was the password entered within ``period``? (Setting up an authenticator needs it.)"""
    now = time.time() if now is None else now
    started = session.get(AUTHENTICATED_AT)
    return started is not None and 0 <= now - started <= period.total_seconds()
