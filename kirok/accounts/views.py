"""Pages of the login's second step, the two-factor settings and the confirmation page.

Thin views: the checks, device changes and audit events are in two_factor, reauth and
lockout. Every response that shows a secret or a code is marked never to be cached.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from kirok.accounts import gate, lockout, reauth, sessions, two_factor
from kirok.accounts.forms import AuthenticatorCodeForm, ConfirmIdentityForm, SecondFactorForm

# Setting up an authenticator needs a password given this recently: a session left open
# somewhere must not let another person attach their own phone to the account.
ENROL_WITHIN = timedelta(minutes=10)


def _recovery_codes_page(request: HttpRequest, codes: list[str], *, first_time: bool):
    context = {"codes": codes, "first_time": first_time, "next": gate.safe_next(request)}
    return render(request, "accounts/recovery_codes.html", context)


@never_cache
@login_required
def two_factor_enrol(request: HttpRequest) -> HttpResponse:
    user = request.user
    if gate.is_verified(user) or two_factor.has_authenticator(user):
        return HttpResponseRedirect(gate.safe_next(request))
    if not sessions.logged_in_within(request.session, ENROL_WITHIN):
        logout(request)
        messages.info(request, _("Log in again to set up two-factor authentication."))
        return redirect(reverse("web:login") + "?" + urlencode({"next": request.path}))
    device = two_factor.pending_authenticator(user)
    form = AuthenticatorCodeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check, codes = two_factor.confirm_authenticator(request, device, form.cleaned_data["code"])
        if check.locked:
            return lockout.lockout_response(request)
        if check.accepted:
            return _recovery_codes_page(request, codes, first_time=True)
        form.add_error("code", check.message)
    context = {
        "form": form,
        "qr_code": two_factor.qr_code_svg(device),
        "secret": two_factor.secret_in_groups(device),
        "issuer": settings.OTP_TOTP_ISSUER,
        "next": gate.safe_next(request),
    }
    return render(request, "accounts/two_factor_enrol.html", context)


@never_cache
@login_required
def two_factor_verify(request: HttpRequest) -> HttpResponse:
    if gate.is_verified(request.user):
        return HttpResponseRedirect(gate.safe_next(request))
    if not two_factor.has_authenticator(request.user):
        return redirect(reverse(gate.ENROL) + "?" + urlencode({"next": gate.safe_next(request)}))
    form = SecondFactorForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        check = two_factor.check_code(request, form.cleaned_data["code"])
        if check.locked:
            return lockout.lockout_response(request)
        if check.accepted:
            if check.method == "recovery_code":
                _warn_about_recovery_codes(request)
            return HttpResponseRedirect(gate.safe_next(request))
        form.add_error("code", check.message)
    context = {"form": form, "next": gate.safe_next(request)}
    return render(request, "accounts/two_factor_verify.html", context)


def _warn_about_recovery_codes(request: HttpRequest) -> None:
    left = two_factor.recovery_codes_left(request.user)
    messages.warning(
        request,
        _(
            "You used a recovery code; %(left)d are left. If your phone is lost, ask an "
            "administrator to reset your two-factor authentication."
        )
        % {"left": left},
    )


@never_cache
@login_required
def two_factor_settings(request: HttpRequest) -> HttpResponse:
    context = {
        "device": two_factor.authenticator(request.user),
        "codes_left": two_factor.recovery_codes_left(request.user),
        "required": settings.REQUIRE_2FA,
    }
    return render(request, "accounts/two_factor.html", context)


@login_required
@require_POST
@never_cache
@reauth.recent_authentication_required(minutes=5)
def new_recovery_codes(request: HttpRequest) -> HttpResponse:
    if not two_factor.has_authenticator(request.user):
        return redirect("accounts:two_factor")
    codes = two_factor.new_recovery_codes(request)
    return _recovery_codes_page(request, codes, first_time=False)


@never_cache
@login_required
def confirm_identity(request: HttpRequest) -> HttpResponse:
    needs_code = two_factor.has_authenticator(request.user)
    form = ConfirmIdentityForm(request.POST or None, needs_code=needs_code)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        result = reauth.confirm(request, data["password"], data.get("code", ""))
        if result.locked:
            return lockout.lockout_response(request)
        if result.confirmed:
            messages.success(request, _("Thank you. You can continue."))
            return HttpResponseRedirect(gate.safe_next(request))
        form.add_error(None, result.error)
    context = {"form": form, "needs_code": needs_code, "next": gate.safe_next(request)}
    return render(request, "accounts/confirm.html", context)
