"""Two-factor authentication: an authenticator app (TOTP) and single-use recovery codes.

After the password, every account gives a six-digit code from an authenticator app, or one
of ten recovery codes when the phone is not at hand (kirok.accounts.gate decides when). The
actions that change devices live here and write the audit log; the views only call them.

- Setting up: :func:`pending_authenticator` makes an unconfirmed device whose secret is shown
  as a QR code (:func:`qr_code_svg`) and in letters (:func:`secret_in_groups`);
  :func:`confirm_authenticator` turns it on once the app's first code is right, and returns
  the recovery codes, which are shown that one time.
- Logging in: :func:`check_code` accepts a code from the app or a recovery code (each works
  once). Wrong codes are audited and count towards the lockout (kirok.accounts.lockout).
- :func:`new_recovery_codes` replaces them all; :func:`reset` (administrators, from the
  admin) removes a lost phone so that its owner sets up a new one at the next login.

Recovery codes are kept as hashes: a copied database holds no usable code. Each has 80
random bits, so the unsalted hash cannot be reversed by trying codes.
"""

from __future__ import annotations

import base64
import hashlib
import re
import secrets
from dataclasses import dataclass

import segno
from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django_otp import login as otp_login
from django_otp.plugins.otp_static.models import StaticDevice, StaticToken

from kirok.accounts import lockout, sessions
from kirok.accounts.models import Authenticator
from kirok.audit import services as audit

AUTHENTICATOR_NAME = "authenticator"
RECOVERY_NAME = "recovery codes"
RECOVERY_CODE_COUNT = 10
_AUTHENTICATOR_CODE = re.compile(r"\d{6}")


def authenticator(user) -> Authenticator | None:
    """The account's confirmed authenticator app, if it has set one up."""
    return Authenticator.objects.filter(user=user, confirmed=True).first()


def has_authenticator(user) -> bool:
    return Authenticator.objects.filter(user=user, confirmed=True).exists()


def pending_authenticator(user) -> Authenticator:
    """The device being set up: the same secret on every visit until it is confirmed."""
    device = Authenticator.objects.filter(user=user, confirmed=False).order_by("pk").first()
    return device or Authenticator.objects.create(
        user=user, name=AUTHENTICATOR_NAME, confirmed=False
    )


def secret_in_groups(device: Authenticator) -> str:
    """The secret as an app asks for it when typed in: base32, in groups of four letters."""
    secret = base64.b32encode(device.bin_key).decode("ascii").rstrip("=")
    return " ".join(secret[i : i + 4] for i in range(0, len(secret), 4))


def qr_code_svg(device: Authenticator) -> SafeString:
    """The otpauth:// address as an inline SVG QR code (no image request, no script, no style
    attribute: it passes the Content-Security-Policy)."""
    svg = segno.make(device.config_url, error="m").svg_inline(
        scale=5,
        border=4,
        dark="#1b1f24",
        light="#ffffff",
        title=_("QR code to scan with your authenticator app"),
        svgclass="qr-code",
        lineclass=None,
    )
    # segno escapes the title and builds the rest from the key and account name (URL-quoted).
    return mark_safe(svg.replace("<svg ", '<svg role="img" ', 1))  # noqa: S308


def recovery_codes_left(user) -> int:
    return StaticToken.objects.filter(
        device__user=user, device__name=RECOVERY_NAME, device__confirmed=True
    ).count()


# Base32 has no 0, 1 or 8: read them as the letters they are mistaken for.
_LOOKALIKES = str.maketrans("018", "OIB")


def _hash_recovery_code(code: str) -> str:
    normalised = re.sub(r"[\s-]+", "", code).upper().translate(_LOOKALIKES)
    digest = hashlib.sha256(normalised.encode("utf-8")).digest()
    return base64.b32encode(digest[:10]).decode("ascii")  # 16 characters, StaticToken's size


def _make_recovery_codes(user) -> list[str]:
    device, _created = StaticDevice.objects.get_or_create(
        user=user, name=RECOVERY_NAME, defaults={"confirmed": True}
    )
    device.token_set.all().delete()
    device.throttle_reset()
    codes = []
    for _i in range(RECOVERY_CODE_COUNT):
        raw = base64.b32encode(secrets.token_bytes(10)).decode("ascii")
        codes.append("-".join(raw[i : i + 4] for i in range(0, 16, 4)))
    StaticToken.objects.bulk_create(
        StaticToken(device=device, token=_hash_recovery_code(code)) for code in codes
    )
    return codes


def _complete_login(request: HttpRequest, device) -> None:
    # A new session key at the step up (no fixation); both factors count as a confirmation.
    request.session.cycle_key()
    otp_login(request, device)
    sessions.mark_reauthenticated(request.session)


@dataclass(frozen=True)
class CodeCheck:
    """The outcome of a code: accepted, wrong, too soon after wrong ones, or now locked out."""

    accepted: bool
    locked: bool = False
    wait_seconds: int = 0
    method: str = ""

    @property
    def message(self) -> str:
        if self.wait_seconds:
            return ngettext(
                "Too many wrong codes. Wait %(seconds)d second, then try again.",
                "Too many wrong codes. Wait %(seconds)d seconds, then try again.",
                self.wait_seconds,
            ) % {"seconds": self.wait_seconds}
        return _("That code is not right. Check it and try again.")


def seconds_to_wait(device) -> int:
    """After wrong codes django-otp makes each device wait (1, 2, 4 … seconds): how long."""
    allowed, info = device.verify_is_allowed()
    if allowed or not info or "locked_until" not in info:
        return 0
    return max(1, int((info["locked_until"] - timezone.now()).total_seconds() + 0.999))


def verify_device(device, token: str) -> bool:
    """Check ``token`` against a confirmed device, with its row locked: two requests cannot
    both spend the same recovery code or the same authenticator time step."""
    with transaction.atomic():
        locked = type(device).objects.select_for_update().get(pk=device.pk)
        return locked.verify_token(token)


def _refuse(request: HttpRequest, action: str, method: str) -> CodeCheck:
    locked = lockout.record_failure(request, request.user, action, {"method": method})
    return CodeCheck(accepted=False, locked=locked, method=method)


def confirm_authenticator(request: HttpRequest, device: Authenticator, code: str):
    """Turn on ``device`` if ``code`` is its current code; returns (CodeCheck, recovery codes).

    The session counts as verified from then on, and the recovery codes are returned to be
    shown once.
    """
    user = request.user
    if lockout.is_locked(request, user.get_username()):
        return CodeCheck(accepted=False, locked=True), []
    wait = seconds_to_wait(device)
    if wait:
        return CodeCheck(accepted=False, wait_seconds=wait), []
    if not device.verify_token(code.strip()):
        return _refuse(request, "two_factor_setup_failed", "authenticator"), []
    with transaction.atomic():
        device.confirmed = True
        device.save(update_fields=["confirmed"])
        Authenticator.objects.filter(user=user).exclude(pk=device.pk).delete()
        codes = _make_recovery_codes(user)
    _complete_login(request, device)
    audit.record("two_factor_enrolled", actor=user, obj=user)
    return CodeCheck(accepted=True, method="authenticator"), codes


def check_code(request: HttpRequest, code: str) -> CodeCheck:
    """Verify the signed-in account's second factor: a code from its app or a recovery code."""
    user = request.user
    if lockout.is_locked(request, user.get_username()):
        return CodeCheck(accepted=False, locked=True)
    code = code.strip()
    if _AUTHENTICATOR_CODE.fullmatch(code):
        method, device, token = "authenticator", authenticator(user), code
    else:
        method, token = "recovery_code", _hash_recovery_code(code)
        device = StaticDevice.objects.filter(user=user, name=RECOVERY_NAME, confirmed=True).first()
    if device is None:
        return _refuse(request, "two_factor_failed", method)
    wait = seconds_to_wait(device)
    if wait:
        return CodeCheck(accepted=False, wait_seconds=wait, method=method)
    if not verify_device(device, token):
        return _refuse(request, "two_factor_failed", method)
    _complete_login(request, device)
    detail = {"method": method}
    if method == "recovery_code":
        detail["recovery_codes_left"] = recovery_codes_left(user)
    audit.record("two_factor_verified", actor=user, detail=detail)
    return CodeCheck(accepted=True, method=method)


def new_recovery_codes(request: HttpRequest) -> list[str]:
    """Replace the signed-in account's recovery codes; the old ones stop working."""
    codes = _make_recovery_codes(request.user)
    audit.record("recovery_codes_regenerated", actor=request.user, obj=request.user)
    return codes


def reset(user, *, by) -> None:
    """Remove an account's authenticator and recovery codes (a lost or stolen phone).

    At the next login the account sets up a new authenticator. Its sessions that had passed
    two-factor lose that standing at once.
    """
    with transaction.atomic():
        Authenticator.objects.filter(user=user).delete()
        StaticDevice.objects.filter(user=user).delete()
    audit.record("two_factor_reset", actor=by, obj=user)
