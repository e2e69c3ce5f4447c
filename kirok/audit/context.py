"""Who is acting, from which address, in which operation: readable anywhere in the process.

The audit log's model signals run deep inside ``Model.save()``, far from any request. The
middleware (:mod:`kirok.audit.middleware`) binds the current request here, and the signals
read the account and address back. Outside a request (the ``kirok`` command, a shell, a
test) nothing is bound unless code says who is acting with :func:`acting`.

An *operation* groups the changes of one request or one :func:`acting` block: every change
to one record within one operation becomes one revision of it, not one per saved row.

>>> with acting(coordinator):                        # doctest: +SKIP
...     person.names.create(text="김순옥", script="hangul")
...     person.save()                                 # one revision, two audit events
"""

from __future__ import annotations

import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Acting:
    """The account (or the request that carries it), the client address and the operation."""

    user: object | None = None
    ip_address: str | None = None
    request: object | None = None
    operation: str = field(default_factory=lambda: uuid.uuid4().hex)

    @property
    def account(self):
        # Read through the request so that a login or logout during the request is seen.
        if self.request is not None:
            return getattr(self.request, "user", None)
        return self.user


_current: ContextVar[Acting | None] = ContextVar("kirok_audit_acting", default=None)


def current() -> Acting | None:
    return _current.get()


def current_user():
    """The account acting now, or None (an anonymous visitor is returned as it is)."""
    acting_now = _current.get()
    return acting_now.account if acting_now else None


def current_ip() -> str | None:
    acting_now = _current.get()
    return acting_now.ip_address if acting_now else None


def current_operation() -> str:
    """The operation id; "" outside any request or :func:`acting` block."""
    acting_now = _current.get()
    return acting_now.operation if acting_now else ""


def bind_request(request, ip_address: str | None):
    """Bind a request for its duration; returns the token for :func:`unbind`."""
    return _current.set(Acting(ip_address=ip_address, request=request))


def unbind(token) -> None:
    _current.reset(token)


@contextmanager
def acting(user=None, ip_address: str | None = None) -> Iterator[Acting]:
    """Act as ``user`` (default: whoever acts already) in a new operation.

    Used by the ``kirok`` command, by services that need their changes to form one revision
    of their own (restore), and by tests.
    """
    outer = _current.get()
    if user is None and outer is not None:
        user = outer.account
    if ip_address is None and outer is not None:
        ip_address = outer.ip_address
    token = _current.set(Acting(user=user, ip_address=ip_address))
    try:
        yield _current.get()
    finally:
        _current.reset(token)
