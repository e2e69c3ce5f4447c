"""Accounts, roles and cases (compartments).

A role says what kind of work an account does; a case says which records it may see. The
default is deny: a record in a case is visible only to the case's members.
"""

from __future__ import annotations

import secrets
import time
from base64 import b32encode
from urllib.parse import quote, urlencode

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _
from django_otp.models import Device, ThrottlingMixin, TimestampMixin
from django_otp.oath import TOTP

from kirok.accounts.roles import Role
from kirok.records.fields import PublicIdField, TimestampedModel
from kirok.security.fields import EncryptedTextField

__all__ = ["Authenticator", "Case", "CaseMembership", "Role", "User"]


class User(AbstractUser):
    public_id = PublicIdField()
    role = models.CharField(_("role"), max_length=20, choices=Role.choices, default=Role.VIEWER)
    # Set for one-time passwords printed by `kirok init`: the first login must replace it.
    must_change_password = models.BooleanField(_("must change password"), default=False)

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")

    @property
    def is_administrator(self) -> bool:
        return self.role == Role.ADMINISTRATOR


class Case(TimestampedModel):
    """A compartment: a set of records with its own list of who may see them."""

    name = models.CharField(_("name"), max_length=200, unique=True)
    description = models.TextField(_("description"), blank=True)
    members = models.ManyToManyField(
        settings.AUTH_USER_MODEL,
        through="CaseMembership",
        related_name="cases",
        verbose_name=_("members"),
    )
    # Current addresses, phone numbers and the like may be kept only where a case says so.
    allows_sensitive_contacts = models.BooleanField(
        _("allows sensitive contact details"), default=False
    )

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name


class CaseMembership(models.Model):
    case = models.ForeignKey(Case, on_delete=models.CASCADE, verbose_name=_("case"))
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, verbose_name=_("user")
    )
    can_edit = models.BooleanField(_("can edit"), default=False)
    added_at = models.DateTimeField(_("added"), auto_now_add=True)

    class Meta:
        verbose_name = _("case membership")
        verbose_name_plural = _("case memberships")
        constraints = [
            models.UniqueConstraint(fields=["case", "user"], name="case_membership_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ∈ {self.case}"


def _new_totp_secret() -> str:
    return secrets.token_hex(20)  # 160 bits, as RFC 4226 recommends for HMAC-SHA1


class Authenticator(TimestampMixin, ThrottlingMixin, Device):
    """An authenticator app (TOTP, RFC 6238) whose shared secret is encrypted at rest.

    django-otp's own TOTPDevice keeps the secret in hex in a plain column: a copied database
    would let its holder generate every account's codes. Here the secret is sealed with the
    data keys like testimony, so a stolen copy is no second factor. Codes have six digits and
    a 30-second step; one step of clock drift either way is accepted, and a code is accepted
    once (``last_step``). Wrong codes slow further tries down (django-otp's throttling).
    """

    STEP_SECONDS = 30
    DIGITS = 6
    TOLERANCE_STEPS = 1

    secret = EncryptedTextField(_("secret"), default=_new_totp_secret)
    drift = models.SmallIntegerField(default=0)
    last_step = models.BigIntegerField(default=-1)

    class Meta(Device.Meta):
        verbose_name = _("authenticator app")
        verbose_name_plural = _("authenticator apps")

    @property
    def bin_key(self) -> bytes:
        return bytes.fromhex(self.secret)

    def clock(self) -> TOTP:
        totp = TOTP(self.bin_key, self.STEP_SECONDS, 0, self.DIGITS, self.drift)
        totp.time = time.time()
        return totp

    def verify_token(self, token) -> bool:
        allowed, _info = self.verify_is_allowed()
        if not allowed:
            return False
        token = str(token).strip()
        totp = self.clock()
        verified = (
            len(token) == self.DIGITS
            and token.isascii()
            and token.isdigit()
            and totp.verify(int(token), self.TOLERANCE_STEPS, self.last_step + 1)
        )
        if not verified:
            self.throttle_increment(commit=True)
            return False
        self.last_step, self.drift = totp.t(), totp.drift
        self.throttle_reset(commit=False)
        self.set_last_used_timestamp(commit=False)
        self.save()
        return True

    def get_throttle_factor(self) -> int:
        return 1

    @property
    def config_url(self) -> str:
        """The otpauth:// address an app reads from the QR code (Key Uri Format)."""
        issuer = settings.OTP_TOTP_ISSUER.replace(":", "")
        label = f"{issuer}:{self.user.get_username()}"
        params = urlencode(
            {
                "secret": b32encode(self.bin_key).decode("ascii"),
                "algorithm": "SHA1",
                "digits": self.DIGITS,
                "period": self.STEP_SECONDS,
            }
        )
        return f"otpauth://totp/{quote(label)}?{params}&issuer={quote(issuer)}"
