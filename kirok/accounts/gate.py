"""What a signed-in session must still do before it may use Kirok, and where to send it.

After the password, in this order:

1. two-factor: set up an authenticator (``accounts:two_factor_enrol``) if the account has
   none, else give a code (``accounts:two_factor_verify``). Required of every account
   unless ``KIROK_REQUIRE_2FA=false``; an account that has set one up always gives a code.
2. a one-time password (``must_change_password``) replaced (``web:password_change``). It
   comes second so that an account that already has an authenticator cannot have its
   password changed by someone who only knows the old one.

While a step is pending, only that step's pages, logging in and out and the language switch
answer; every other page redirects to the step (kirok.accounts.middleware).
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.conf import settings
from django.http import HttpRequest
from django.urls import Resolver404, resolve, reverse
from django.utils.http import url_has_allowed_host_and_scheme

from kirok.accounts import two_factor

ENROL = "accounts:two_factor_enrol"
VERIFY = "accounts:two_factor_verify"
CHANGE_PASSWORD = "web:password_change"  # noqa: S105 (a URL name, not a password)

# Pages that answer whatever step is pending.
ALWAYS_OPEN = {"web:login", "web:logout", "admin:logout", "set_language"}
OPEN_DURING = {ENROL: {ENROL}, VERIFY: {VERIFY}, CHANGE_PASSWORD: {CHANGE_PASSWORD}}


def is_verified(user) -> bool:
    """Has this session passed two-factor? (OTPMiddleware puts ``is_verified`` on the user.)"""
    check = getattr(user, "is_verified", None)
    return bool(check and check())


def pending_step(request: HttpRequest) -> str | None:
    """The URL name of the step this session must take next, or None when it is done."""
    user = request.user
    if not user.is_authenticated:
        return None
    if not is_verified(user):
        has_device = two_factor.has_authenticator(user)
        if has_device:
            return VERIFY
        if settings.REQUIRE_2FA:
            return ENROL
    if getattr(user, "must_change_password", False):
        return CHANGE_PASSWORD
    return None


def is_open_during(step: str, request: HttpRequest) -> bool:
    """May this request go through while ``step`` is pending?"""
    if request.path_info.startswith("/" + settings.STATIC_URL.lstrip("/")):
        return True
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return False
    name = f"{match.namespace}:{match.url_name}" if match.namespace else match.url_name
    return name in ALWAYS_OPEN or name in OPEN_DURING.get(step, ())


def step_url(step: str, request: HttpRequest) -> str:
    """The step's page, carrying where the visitor was going (pages read, not forms sent)."""
    url = reverse(step)
    if request.method in ("GET", "HEAD") and step != CHANGE_PASSWORD:
        url += "?" + urlencode({"next": request.get_full_path()})
    return url


def safe_next(request: HttpRequest, candidate: str | None = None) -> str:
    """``candidate`` (or ``next`` from the form or query) if it is a path on this site, else
    home. Only absolute paths: anything else is not a page Kirok sent the visitor from."""
    if candidate is None:
        candidate = request.POST.get("next") or request.GET.get("next")
    if (
        candidate
        and candidate.startswith("/")
        and url_has_allowed_host_and_scheme(
            candidate, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        )
    ):
        return candidate
    return reverse("web:home")
