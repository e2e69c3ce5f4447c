"""Wrapped data keys. The master key that wraps them is never stored in the database."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Purpose(models.TextChoices):
    FIELDS = "fields", _("Encrypts protected fields")
    FILES = "files", _("Encrypts attachments")
    INDEX = "index", _("Keys the blind search indexes")


class DataKey(models.Model):
    """A data key, encrypted ("wrapped") with the master key.

    Old keys stay (inactive) until `kirok keys rotate --reencrypt` has re-encrypted every
    value sealed with them, so that nothing becomes unreadable halfway through a rotation.
    """

    purpose = models.CharField(_("purpose"), max_length=10, choices=Purpose.choices)
    wrapped = models.BinaryField(_("wrapped key"))
    master_fingerprint = models.CharField(_("master key fingerprint"), max_length=16)
    is_active = models.BooleanField(_("active"), default=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("data key")
        verbose_name_plural = _("data keys")
        constraints = [
            models.UniqueConstraint(
                fields=["purpose"],
                condition=models.Q(is_active=True),
                name="one_active_data_key_per_purpose",
            ),
        ]

    def __str__(self) -> str:
        state = "active" if self.is_active else "retired"
        return f"{self.purpose} key {self.pk} ({state})"


class TextToken(models.Model):
    """One keyed hash of one token of a record's encrypted text (see security.indexing)."""

    record_type = models.CharField(_("record type"), max_length=60)
    record_id = models.BigIntegerField(_("record"))
    digest = models.CharField(_("token digest"), max_length=32)

    class Meta:
        verbose_name = _("text token")
        verbose_name_plural = _("text tokens")
        indexes = [
            # record_id too: a lookup reads only the index, never the table's rows (a common
            # word's 10,000 matches were 10,000 row reads).
            models.Index(fields=["record_type", "digest", "record_id"], name="text_token_find"),
            models.Index(fields=["record_type", "record_id"], name="text_token_record"),
        ]

    def __str__(self) -> str:
        return f"{self.record_type}:{self.record_id}"
