"""Requests for exports of identifying data, approved by a second coordinator (four eyes).

An export request names what is wanted (kind, cases or a WGEID proceeding) and why. It is
useless until a coordinator other than the requester approves it; then the requester may
download the file once, within 24 hours. The file is generated at that moment from what the
requester may see and what the persons consented to, watermarked, and never stored: only its
row count and SHA-256 are kept, so that a leaked copy can be recognised
(kirok.interop.watermark).
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import PublicIdField
from kirok.security.fields import EncryptedTextField

# How long a request waits for approval, and an approved one for its download.
VALID_FOR = timedelta(hours=24)


class ExportKind(models.TextChoices):
    PERSONS = "persons", _("Persons with their names (internal use)")
    PERSONS_UN = "persons_un", _("Persons with their names, to share with UN mechanisms")
    PERSONS_PUBLIC = "persons_public", _("Persons with their names, for publication")
    INCIDENTS = "incidents", _("Incidents")
    WGEID = "wgeid", _("Persons of a WGEID submission")
    VICTIMS_PUBLIC = "victims_public", _("Victims counted for publication (no names)")


class ExportStatus(models.TextChoices):
    REQUESTED = "requested", _("Waiting for approval")
    APPROVED = "approved", _("Approved, ready to download")
    DENIED = "denied", _("Denied")
    DOWNLOADED = "downloaded", _("Downloaded")
    EXPIRED = "expired", _("Expired")


def _expiry():
    return timezone.now() + VALID_FOR


class ExportRequest(models.Model):
    public_id = PublicIdField()
    requester = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="export_requests",
        verbose_name=_("requested by"),
    )
    kind = models.CharField(_("what"), max_length=20, choices=ExportKind.choices)
    cases = models.ManyToManyField(
        "accounts.Case", blank=True, related_name="+", verbose_name=_("cases")
    )
    proceeding = models.ForeignKey(
        "records.Proceeding",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("WGEID submission"),
    )
    # Why the data must leave Kirok; it may name people, so it is encrypted like them.
    reason = EncryptedTextField(_("reason"), blank=False)
    status = models.CharField(
        _("status"),
        max_length=12,
        choices=ExportStatus.choices,
        default=ExportStatus.REQUESTED,
        db_index=True,
    )
    requested_at = models.DateTimeField(_("requested"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires"), default=_expiry)
    approver = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("approved or denied by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision_note = EncryptedTextField(_("note on the decision"))
    downloaded_at = models.DateTimeField(_("downloaded"), null=True, blank=True)
    row_count = models.PositiveIntegerField(_("rows"), null=True, blank=True)
    file_sha256 = models.CharField(_("SHA-256 of the file"), max_length=64, blank=True)

    class Meta:
        verbose_name = _("export request")
        verbose_name_plural = _("export requests")
        ordering = ["-requested_at", "-pk"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(approver__isnull=True)
                | ~models.Q(approver=models.F("requester")),
                name="export_approver_is_not_requester",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} ({self.public_id})"

    @property
    def is_open(self) -> bool:
        """Still waiting for a decision or a download, and not past its time."""
        return (
            self.status in (ExportStatus.REQUESTED, ExportStatus.APPROVED)
            and self.expires_at > timezone.now()
        )
