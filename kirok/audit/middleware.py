"""Bind each request to the audit context: who is acting, and from which address."""

from __future__ import annotations

import ipaddress

from django.conf import settings

from kirok.audit import context


def client_address(request) -> str | None:
    """The client's address: REMOTE_ADDR, unless that is a trusted reverse proxy.

    Only when the direct peer is listed in ``KIROK_TRUSTED_PROXIES`` is X-Forwarded-For
    read, from the right, skipping the trusted proxies themselves: the left-hand entries are
    whatever the client chose to send, and a client talking to Kirok directly could claim
    any address. A malformed value falls back to the peer's address.
    """
    peer = request.META.get("REMOTE_ADDR") or None
    trusted = set(getattr(settings, "AUDIT_TRUSTED_PROXIES", ()))
    if peer is None or peer not in trusted:
        return _valid(peer)
    forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
    for hop in reversed([part.strip() for part in forwarded.split(",") if part.strip()]):
        if hop not in trusted:
            return _valid(hop) or _valid(peer)
    return _valid(peer)


def _valid(address: str | None) -> str | None:
    if not address:
        return None
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


class RequestContextMiddleware:
    """Makes the request's account and address readable by audit code outside views."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        token = context.bind_request(request, client_address(request))
        try:
            return self.get_response(request)
        finally:
            context.unbind(token)
