"""Request-level guards: the security gate every signed-in request passes, and the headers
that Django and django-csp do not send themselves."""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.urls import reverse
from django.utils.translation import gettext as _

from kirok.accounts import gate, sessions
from kirok.audit import services as audit


def _redirect(request: HttpRequest, url: str) -> HttpResponse:
    if request.headers.get("HX-Request"):
        # htmx would swap the target page into a fragment; ask it to load the page instead.
        response = HttpResponse()
        response["HX-Redirect"] = url
        return response
    return HttpResponseRedirect(url)


class SecurityGateMiddleware:
    """Every request of a signed-in session passes here before its view.

    - A session idle for ``KIROK_SESSION_IDLE_MINUTES``, or older than 12 hours, is logged
      out (audited as ``session_expired``) and sent to the login page with a message.
    - A session that has not finished logging in (two-factor, a one-time password) is sent
      to the step it must take (kirok.accounts.gate), from every page but that step's.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self._check(request) or self.get_response(request)

    def _check(self, request: HttpRequest) -> HttpResponse | None:
        if not request.user.is_authenticated:
            return None
        reason = sessions.expiry_reason(request.session)
        if reason:
            return self._end_expired_session(request, reason)
        sessions.touch(request.session)
        step = request.login_step_pending = gate.pending_step(request)
        if step is None or gate.is_open_during(step, request):
            return None
        return _redirect(request, gate.step_url(step, request))

    def _end_expired_session(self, request: HttpRequest, reason: str) -> HttpResponse:
        audit.record("session_expired", actor=request.user, detail={"reason": reason})
        logout(request)
        if reason == sessions.IDLE:
            minutes = int(settings.SESSION_IDLE_TIMEOUT.total_seconds() // 60)
            text = _(
                "You were logged out after %(minutes)d minutes without activity. "
                "Log in again to continue."
            ) % {"minutes": minutes}
        else:
            hours = int(settings.SESSION_MAX_AGE.total_seconds() // 3600)
            text = _(
                "You were logged out because you logged in more than %(hours)d hours ago. "
                "Log in again to continue."
            ) % {"hours": hours}
        messages.info(request, text)
        url = reverse("web:login")
        if request.method in ("GET", "HEAD"):
            url += "?" + urlencode({"next": request.get_full_path()})
        return _redirect(request, url)


class SecurityHeadersMiddleware:
    """Permissions-Policy (no camera, microphone or location for any page) and
    Cross-Origin-Resource-Policy (other sites may not embed Kirok's responses)."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        response.setdefault("Permissions-Policy", settings.PERMISSIONS_POLICY)
        response.setdefault("Cross-Origin-Resource-Policy", "same-origin")
        return response
