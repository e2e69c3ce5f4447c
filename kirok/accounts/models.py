"""Accounts, roles and cases (compartments).

A role says what kind of work an account does; a case says which records it may see. The
default is deny: a record in a case is visible only to the case's members.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.accounts.roles import Role
from kirok.records.fields import PublicIdField, TimestampedModel

__all__ = ["Case", "CaseMembership", "Role", "User"]


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
