"""A saved estimation: its parameters, the capture tables it ran on, and what it found.

The input snapshot is the capture tables themselves (counts per pattern, no person; each
list by its letter and public id), so that the analysis can be re-run and cited after the
records change; its SHA-256 lets a reader check that a cited number came from this input.
The lists' names are source titles, which may name people: they are kept apart, encrypted.
"""

from __future__ import annotations

import json
import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.security.fields import EncryptedTextField


class EstimationAnalysis(models.Model):
    public_id = models.UUIDField(_("public id"), default=uuid.uuid4, unique=True, editable=False)
    # The title and the lists' names (source titles) may name people: encrypted at rest.
    title = EncryptedTextField(_("title"), blank=False)
    list_labels = EncryptedTextField(_("names of the lists"))
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("created by"),
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    parameters = models.JSONField(_("parameters"))
    snapshot = models.JSONField(_("input snapshot"))
    snapshot_sha256 = models.CharField(_("SHA-256 of the input snapshot"), max_length=64)
    case_ids = models.JSONField(_("cases counted"), default=list)
    includes_unassigned = models.BooleanField(_("counts records in no case"), default=False)
    result = models.JSONField(_("result"))
    kirok_version = models.CharField(_("Kirok version"), max_length=40)
    derived_from = models.ForeignKey(
        "self",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("run again from"),
    )

    class Meta:
        verbose_name = _("estimation analysis")
        verbose_name_plural = _("estimation analyses")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def labelled_lists(self) -> list[dict[str, str]]:
        """Each list's letter and name, in order."""
        return json.loads(self.list_labels) if self.list_labels else []
