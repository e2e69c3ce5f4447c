"""Incidents, the acts they consist of, and the proceedings taken about them."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import EdtfField, TimestampedModel, bounds_of, date_bound
from kirok.security.fields import EncryptedTextField


class IncidentStatus(models.TextChoices):
    ALLEGED = "alleged", _("Alleged")
    CORROBORATED = "corroborated", _("Corroborated")
    VERIFIED = "verified", _("Verified")


def check_period(instance: models.Model, start: str, end: str) -> None:
    """Refuse a period whose end lies wholly before its start."""
    first, last = bounds_of(instance, start), bounds_of(instance, end)
    if first and last and first.earliest and last.latest and last.latest < first.earliest:
        raise ValidationError(
            {
                end: _("The end (%(end)s) is before the start (%(start)s).")
                % {"end": last.edtf, "start": first.edtf}
            },
            code="end_before_start",
        )


class Incident(TimestampedModel):
    SEARCHABLE_TEXT = ("title", "summary")

    # Titles and summaries name victims: encrypted, searchable through security.indexing.
    title = EncryptedTextField(_("title"), blank=False)
    summary = EncryptedTextField(_("summary"))
    violation_types = models.ManyToManyField(
        "vocabularies.Term",
        related_name="+",
        limit_choices_to={"vocabulary__key": "violation_type"},
        verbose_name=_("violation types"),
    )
    start_date = EdtfField(_("start date"))
    start_date_earliest = date_bound(_("started at the earliest"))
    start_date_latest = date_bound(_("started at the latest"))
    end_date = EdtfField(_("end date"))
    end_date_earliest = date_bound(_("ended at the earliest"))
    end_date_latest = date_bound(_("ended at the latest"))
    place = models.ForeignKey(
        "records.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="incidents",
        verbose_name=_("place"),
    )
    status = models.CharField(
        _("status"), max_length=15, choices=IncidentStatus.choices, default=IncidentStatus.ALLEGED
    )
    victim_count_exact = models.PositiveIntegerField(_("victims (exact)"), null=True, blank=True)
    victim_count_min = models.PositiveIntegerField(_("victims (at least)"), null=True, blank=True)
    victim_count_max = models.PositiveIntegerField(_("victims (at most)"), null=True, blank=True)
    victim_count_text = models.CharField(
        _("victims (as reported)"), max_length=200, blank=True, help_text=_("e.g. about 20 women")
    )
    cases = models.ManyToManyField(
        "accounts.Case", blank=True, related_name="incidents", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("incident")
        verbose_name_plural = _("incidents")
        ordering = ["-start_date_earliest", "pk"]
        indexes = [models.Index(fields=["start_date_earliest", "start_date_latest"])]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(victim_count_min__isnull=True)
                | models.Q(victim_count_max__isnull=True)
                | models.Q(victim_count_min__lte=models.F("victim_count_max")),
                name="incident_victim_min_le_max",
            ),
        ]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_period(self, "start_date", "end_date")
        low, high, exact = self.victim_count_min, self.victim_count_max, self.victim_count_exact
        if low is not None and high is not None and low > high:
            raise ValidationError(
                {"victim_count_max": _("The maximum is smaller than the minimum.")}
            )
        if exact is not None and (
            (low is not None and exact < low) or (high is not None and exact > high)
        ):
            raise ValidationError(
                {"victim_count_exact": _("The exact count lies outside the minimum and maximum.")}
            )

    def save(self, *args, **kwargs):
        check_period(self, "start_date", "end_date")
        super().save(*args, **kwargs)


class Act(TimestampedModel):
    """One violation against one victim within an incident.

    A victim's path through detention (arrest in China → border detention → security bureau
    holding centre → camp) is the sequence of their acts, ordered by ``sequence``.
    """

    incident = models.ForeignKey(
        Incident, on_delete=models.CASCADE, related_name="acts", verbose_name=_("incident")
    )
    victim = models.ForeignKey(
        "records.Person", on_delete=models.PROTECT, related_name="acts", verbose_name=_("victim")
    )
    violation_type = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "violation_type"},
        verbose_name=_("violation type"),
    )
    date = EdtfField(_("date"))
    date_earliest = date_bound(_("at the earliest"))
    date_latest = date_bound(_("at the latest"))
    place = models.ForeignKey(
        "records.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acts",
        verbose_name=_("place"),
    )
    sequence = models.PositiveSmallIntegerField(_("step in the victim's path"), default=1)
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("act")
        verbose_name_plural = _("acts")
        ordering = ["incident", "victim", "sequence", "pk"]

    def __str__(self) -> str:
        return f"{self.violation_type} — {self.victim}"


class ActPerpetrator(models.Model):
    """Who did it: an organization, a person, or both, in a role (perpetrator, informant …)."""

    act = models.ForeignKey(
        Act, on_delete=models.CASCADE, related_name="perpetrators", verbose_name=_("act")
    )
    organization = models.ForeignKey(
        "records.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="acts",
        verbose_name=_("organization"),
    )
    person = models.ForeignKey(
        "records.Person",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="perpetrated_acts",
        verbose_name=_("person"),
    )
    role = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "perpetrator_role"},
        verbose_name=_("role"),
    )

    class Meta:
        verbose_name = _("perpetrator")
        verbose_name_plural = _("perpetrators")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(organization__isnull=False) | models.Q(person__isnull=False),
                name="act_perpetrator_names_someone",
            ),
        ]

    def __str__(self) -> str:
        who = self.organization or self.person
        return f"{who} ({self.role})"


class ProceedingStatus(models.TextChoices):
    PREPARING = "preparing", _("Being prepared")
    SUBMITTED = "submitted", _("Submitted")
    TRANSMITTED = "transmitted", _("Transmitted to the government")
    REPLIED = "replied", _("Government replied")
    OUTSTANDING = "outstanding", _("Outstanding")
    CLARIFIED = "clarified", _("Clarified")
    CLOSED = "closed", _("Closed or discontinued")


class Proceeding(TimestampedModel):
    """What has been done about it: a WGEID submission, a communication, a court case …"""

    forum = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "proceeding_forum"},
        verbose_name=_("forum"),
    )
    title = EncryptedTextField(_("title"), blank=False)
    reference = models.CharField(_("reference number"), max_length=100, blank=True)
    status = models.CharField(
        _("status"),
        max_length=15,
        choices=ProceedingStatus.choices,
        default=ProceedingStatus.PREPARING,
    )
    filed_date = EdtfField(_("filed"))
    filed_date_earliest = date_bound(_("filed at the earliest"))
    filed_date_latest = date_bound(_("filed at the latest"))
    last_action_date = EdtfField(_("last action"))
    last_action_date_earliest = date_bound(_("last action at the earliest"))
    last_action_date_latest = date_bound(_("last action at the latest"))
    filed_by = models.ForeignKey(
        "records.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="proceedings_filed",
        verbose_name=_("filed by"),
    )
    incidents = models.ManyToManyField(
        Incident, blank=True, related_name="proceedings", verbose_name=_("incidents")
    )
    persons = models.ManyToManyField(
        "records.Person",
        blank=True,
        related_name="proceedings",
        verbose_name=_("persons concerned"),
    )
    notes = EncryptedTextField(_("notes"))
    cases = models.ManyToManyField(
        "accounts.Case", blank=True, related_name="proceedings", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("proceeding")
        verbose_name_plural = _("proceedings")
        ordering = ["-filed_date_earliest", "pk"]

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        super().clean()
        check_period(self, "filed_date", "last_action_date")
