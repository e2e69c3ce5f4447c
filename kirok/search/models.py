"""Saved searches: a name and the query string of a search or a filtered incident list.

Both are encrypted: a saved query string can hold a victim's name (``q=김혜송``), and the
name a user gives it often says what the search is about.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import PublicIdField
from kirok.security.fields import EncryptedTextField


class SavedSearch(models.Model):
    """One user's bookmark of a search; nobody else sees or opens it."""

    public_id = PublicIdField()
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.CASCADE,
        related_name="saved_searches",
        verbose_name=_("owner"),
    )
    name = EncryptedTextField(_("name"), blank=False)
    query = EncryptedTextField(_("query string"))
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("saved search")
        verbose_name_plural = _("saved searches")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.name
