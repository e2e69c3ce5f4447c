"""The audit log, the revisions of records, and the alerts raised from the log.

``AuditEvent`` is an append-only, hash-chained log of what people did in Kirok: each entry
stores the SHA-256 of its own content together with the hash of the entry before, so that
altering or deleting any row breaks the chain at that row (see kirok.audit.services). It
names records by public id and changes by *field name*: never a value, because values are
names and testimony, and the log is read by coordinators.

``Revision`` keeps what the values were: a snapshot of a record after each change, sealed
(encrypted) like every protected field, so that history, diff and restore work without the
log holding a single readable name.

``Alert`` is unusual behaviour seen in the log (kirok.audit.alerts), for coordinators.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.audit import actions
from kirok.records.fields import PublicIdField
from kirok.security.fields import EncryptedTextField

# Record types with a history page (kirok.audit.history), by their label in the log.
HISTORY_KINDS = {
    "records.incident": "incident",
    "records.person": "person",
    "sources.source": "source",
    "records.proceeding": "proceeding",
}


class AuditEvent(models.Model):
    public_id = PublicIdField()
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("account name"), max_length=150, blank=True)
    action = models.CharField(_("action"), max_length=40, db_index=True)
    object_type = models.CharField(_("record type"), max_length=60, blank=True)
    object_id = models.CharField(_("record"), max_length=64, blank=True, db_index=True)
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    ip_address = models.GenericIPAddressField(_("address"), null=True, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        verbose_name = _("audit event")
        verbose_name_plural = _("audit events")
        ordering = ["pk"]
        indexes = [
            # The alert rules count one account's recent events of one kind.
            models.Index(fields=["actor", "action", "at"], name="audit_actor_action_at"),
            models.Index(fields=["at"], name="audit_event_at"),
        ]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_name} {self.action}"

    @property
    def history_kind(self) -> str:
        """The history page's type for this event's record, or "" if it has none."""
        return HISTORY_KINDS.get(self.object_type, "") if self.object_id else ""

    @property
    def action_label(self) -> str:
        """What the action means, in the active language (kirok.audit.actions)."""
        return actions.label(self.action)

    @property
    def detail_rows(self) -> list[tuple[str, str, str]]:
        """(label in the active language, key, text) for the log page."""
        return [(actions.detail_label(key), key, text) for key, text in self.detail_items]

    @property
    def detail_items(self) -> list[tuple[str, str]]:
        """The detail as (key, text) pairs for a page; lists are joined with commas."""
        return [
            (key, ", ".join(map(str, value)) if isinstance(value, list) else str(value))
            for key, value in sorted(self.detail.items())
        ]


class RevisionAction(models.TextChoices):
    BASELINE = "baseline", _("State before the first recorded change")
    CREATED = "created", _("Created")
    UPDATED = "updated", _("Changed")
    DELETED = "deleted", _("Deleted")
    RESTORED = "restored", _("Restored")


class Revision(models.Model):
    """One version of one record: who changed it, which fields, and a sealed snapshot.

    ``number`` counts the record's versions from 1. ``snapshot`` is JSON of the record's
    editable fields, many-to-many links and parts (a person's names …), encrypted at rest
    like every protected field (its context is ``audit.revision.snapshot``), so that key
    rotation re-encrypts it with the rest. The JSON names its record, so a snapshot copied
    into another record's history is refused when opened (kirok.audit.snapshots).
    """

    object_type = models.CharField(_("record type"), max_length=60)
    object_id = models.UUIDField(_("record"))
    number = models.PositiveIntegerField(_("version"))
    action = models.CharField(_("action"), max_length=10, choices=RevisionAction.choices)
    at = models.DateTimeField(_("when"))
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("who"),
    )
    actor_name = models.CharField(_("account name"), max_length=150, blank=True)
    fields = models.JSONField(_("changed fields"), default=list, blank=True)
    snapshot = EncryptedTextField(_("snapshot"), blank=False)
    # Changes made within one request (one operation) are folded into one revision.
    operation = models.CharField(max_length=32, blank=True, editable=False)
    restored_from = models.PositiveIntegerField(_("restored from version"), null=True, blank=True)

    class Meta:
        verbose_name = _("revision")
        verbose_name_plural = _("revisions")
        ordering = ["object_type", "object_id", "number"]
        constraints = [
            models.UniqueConstraint(
                fields=["object_type", "object_id", "number"], name="revision_number_unique"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.object_type} {self.object_id} v{self.number}"


class AlertKind(models.TextChoices):
    PERSON_VIEWS = "person_views", _("Many persons read in a short time")
    NAME_SEARCHES = "name_searches", _("Many different names searched")
    EXPORT = "export", _("Export")
    QUIET_HOURS_LOGIN = "quiet_hours_login", _("Login at an unusual hour")
    NEW_ADDRESS_LOGIN = "new_address_login", _("Login from a new address")


class AlertStatus(models.TextChoices):
    OPEN = "open", _("Open")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")


class Alert(models.Model):
    """Unusual behaviour of one account, seen in the audit log, for coordinators to look at.

    Events of the same kind by the same account that follow each other within the rule's
    window extend one alert (``count``, ``last_event``) instead of raising another.
    """

    public_id = PublicIdField()
    kind = models.CharField(_("kind"), max_length=20, choices=AlertKind.choices)
    account = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("account"),
    )
    window_minutes = models.PositiveIntegerField(_("window (minutes)"))
    count = models.PositiveIntegerField(_("count"))
    first_event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="+", verbose_name=_("first event")
    )
    last_event = models.ForeignKey(
        AuditEvent, on_delete=models.PROTECT, related_name="+", verbose_name=_("last event")
    )
    first_at = models.DateTimeField(_("first seen"))
    last_at = models.DateTimeField(_("last seen"))
    detail = models.JSONField(_("detail"), default=dict, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=AlertStatus.choices, default=AlertStatus.OPEN
    )
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("acknowledged by"),
    )
    acknowledged_at = models.DateTimeField(_("acknowledged"), null=True, blank=True)
    # A coordinator's note may name people: sealed like testimony.
    note = EncryptedTextField(_("note"))

    class Meta:
        verbose_name = _("alert")
        verbose_name_plural = _("alerts")
        ordering = ["-last_at", "-pk"]
        indexes = [
            models.Index(fields=["account", "kind", "last_at"], name="alert_account_kind_last"),
            models.Index(fields=["status", "last_at"], name="alert_status_last"),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} — {self.account}"
