"""What record linkage stores: runs, candidate pairs, decisions and identity changes.

No name or other value from a record is stored here: persons are referred to by key, the
comparison levels are labels ("exact", "±1 year"), and the engine's model holds only its
settings and trained m/u probabilities. The data the run read is named by its sha256.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import PublicIdField
from kirok.security.fields import EncryptedTextField


class Verdict(models.TextChoices):
    SAME = "same", _("Same person")
    DIFFERENT = "different", _("Different persons")
    UNSURE = "unsure", _("Unsure")


class LinkageRun(models.Model):
    """One run of the engine over the persons in the database, enough to reproduce it."""

    public_id = PublicIdField()
    started_at = models.DateTimeField(_("started"), auto_now_add=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    started_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("started by"),
    )
    parameters = models.JSONField(_("engine parameters"), default=dict)
    model = models.JSONField(_("trained model"), default=dict)
    snapshot = models.CharField(_("data snapshot (sha256)"), max_length=64, blank=True)
    record_count = models.PositiveIntegerField(_("persons read"), default=0)
    decision_count = models.PositiveIntegerField(_("decisions used"), default=0)
    pair_count = models.PositiveIntegerField(_("candidate pairs"), default=0)
    cluster_count = models.PositiveIntegerField(_("clusters of two or more"), default=0)
    change_count = models.PositiveIntegerField(_("identity changes"), default=0)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("linkage run")
        verbose_name_plural = _("linkage runs")
        ordering = ["-started_at", "-pk"]

    def __str__(self) -> str:
        return f"linkage run {self.public_id}"


class CandidatePair(models.Model):
    """Two persons the engine scored as possibly the same; ``left`` has the smaller key."""

    public_id = PublicIdField()
    run = models.ForeignKey(
        LinkageRun, on_delete=models.CASCADE, related_name="pairs", verbose_name=_("run")
    )
    left = models.ForeignKey(
        "records.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    right = models.ForeignKey(
        "records.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    match_probability = models.FloatField(_("match probability"))
    match_weight = models.FloatField(_("match weight"))
    levels = models.JSONField(_("comparison levels"), default=dict)
    # How far from a sure answer: |p - 0.5|; the queue shows the smallest first.
    certainty = models.FloatField(_("certainty"), db_index=True)

    class Meta:
        verbose_name = _("candidate pair")
        verbose_name_plural = _("candidate pairs")
        ordering = ["certainty", "-match_weight", "pk"]
        constraints = [
            models.UniqueConstraint(fields=["run", "left", "right"], name="pair_once_per_run"),
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="pair_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"candidate pair {self.public_id}"  # by key: names stay out of logs


class PairDecision(models.Model):
    """A reviewer's verdict on two persons. The latest one per pair counts; none is erased."""

    public_id = PublicIdField()
    left = models.ForeignKey(
        "records.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    right = models.ForeignKey(
        "records.Person", on_delete=models.CASCADE, related_name="+", verbose_name=_("person")
    )
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    reviewer = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
        verbose_name=_("reviewer"),
    )
    decided_at = models.DateTimeField(_("decided"), auto_now_add=True)
    note = EncryptedTextField(_("note"))  # free text may name someone
    pair = models.ForeignKey(
        CandidatePair,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="decisions",
        verbose_name=_("candidate pair"),
    )

    class Meta:
        verbose_name = _("pair decision")
        verbose_name_plural = _("pair decisions")
        ordering = ["-decided_at", "-pk"]
        indexes = [models.Index(fields=["left", "right", "-decided_at"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(left__lt=models.F("right")), name="decision_ordered"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_verdict_display()} ({self.public_id})"


class IdentityChange(models.Model):
    """One person moved from one Identity to another, by a run or a decision: what undo
    reverses. Rows are never deleted; an undone change keeps its row with ``undone_at``."""

    person = models.ForeignKey(
        "records.Person",
        on_delete=models.CASCADE,
        related_name="identity_changes",
        verbose_name=_("person"),
    )
    old_identity = models.ForeignKey(
        "records.Identity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("previous identity"),
    )
    new_identity = models.ForeignKey(
        "records.Identity",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("new identity"),
    )
    run = models.ForeignKey(
        LinkageRun,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("run"),
    )
    decision = models.ForeignKey(
        PairDecision,
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="changes",
        verbose_name=_("decision"),
    )
    at = models.DateTimeField(_("changed"), auto_now_add=True)
    undone_at = models.DateTimeField(_("undone"), null=True, blank=True)

    class Meta:
        verbose_name = _("identity change")
        verbose_name_plural = _("identity changes")
        ordering = ["-at", "-pk"]

    def __str__(self) -> str:
        return f"identity change {self.pk}"
