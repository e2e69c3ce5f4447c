"""Sources of information, their files, and the passages that support each claim."""

from __future__ import annotations

import operator
from functools import reduce

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from kirok.lib import hashchain
from kirok.records.fields import EdtfField, TimestampedModel, date_bound
from kirok.security.fields import EncryptedTextField


class Source(TimestampedModel):
    """Where information came from: a testimony, an article, a report, a list …

    Two grades, as in the NATO/Admiralty system: how reliable the source has been (A–F) and
    how credible this piece of information is (1–6).
    """

    SEARCHABLE_TEXT = ("title", "text")

    kind = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "source_kind"},
        verbose_name=_("kind"),
    )
    title = EncryptedTextField(_("title"), blank=False)
    reliability = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__key": "source_reliability"},
        verbose_name=_("reliability of the source"),
    )
    credibility = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__key": "information_credibility"},
        verbose_name=_("credibility of the information"),
    )
    language = models.CharField(_("language"), max_length=8, blank=True)
    author = EncryptedTextField(_("author or publisher"))
    organization = models.ForeignKey(
        "records.Organization",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="sources",
        verbose_name=_("organization that provided it"),
    )
    published_date = EdtfField(_("published"))
    published_date_earliest = date_bound(_("published at the earliest"))
    published_date_latest = date_bound(_("published at the latest"))
    collected_date = EdtfField(_("collected"))
    collected_date_earliest = date_bound(_("collected at the earliest"))
    collected_date_latest = date_bound(_("collected at the latest"))
    collected_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("collected by"),
    )
    reference = EncryptedTextField(_("reference or address"))
    text = EncryptedTextField(_("text"))
    is_public_material = models.BooleanField(
        _("published material"),
        default=False,
        help_text=_("News articles and public reports; testimony never is."),
    )
    consent_store = models.BooleanField(_("consent to store"), default=False)
    consent_share_un = models.BooleanField(_("consent to share with UN mechanisms"), default=False)
    consent_publish = models.BooleanField(_("consent to publish"), default=False)
    notes = EncryptedTextField(_("notes"))
    cases = models.ManyToManyField(
        "accounts.Case", blank=True, related_name="sources", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("source")
        verbose_name_plural = _("sources")
        ordering = ["-published_date_earliest", "pk"]

    def __str__(self) -> str:
        return self.title

    @property
    def grade(self) -> str:
        """The combined grade, e.g. "B2"; a dash stands for a missing half."""
        letter = self.reliability.code.upper() if self.reliability else "–"
        number = self.credibility.code if self.credibility else "–"
        return f"{letter}{number}"


class Attachment(TimestampedModel):
    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="attachments", verbose_name=_("source")
    )
    # File names often carry a witness's name ("testimony_kim.docx").
    filename = EncryptedTextField(_("file name"), blank=False)
    sha256 = models.CharField(_("SHA-256"), max_length=64, db_index=True)
    size = models.PositiveBigIntegerField(_("size in bytes"))
    mime_type = models.CharField(_("type"), max_length=100)
    storage_name = models.CharField(_("stored as"), max_length=255, editable=False)
    extracted_text = EncryptedTextField(_("extracted text"))
    added_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("added by"),
    )

    class Meta:
        verbose_name = _("attachment")
        verbose_name_plural = _("attachments")

    def __str__(self) -> str:
        return self.filename


class CustodyEvent(models.Model):
    """One link in an attachment's chain of custody; each carries the hash of the one before."""

    class Action(models.TextChoices):
        RECEIVED = "received", _("Received")
        VIEWED = "viewed", _("Viewed")
        EXTRACTED = "extracted", _("Text extracted")
        EXPORTED = "exported", _("Exported")

    attachment = models.ForeignKey(
        Attachment, on_delete=models.PROTECT, related_name="custody", verbose_name=_("attachment")
    )
    action = models.CharField(_("action"), max_length=12, choices=Action.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("by"),
    )
    at = models.DateTimeField(_("when"), default=timezone.now)
    note = models.CharField(_("note"), max_length=300, blank=True)
    previous_hash = models.CharField(max_length=64, editable=False)
    entry_hash = models.CharField(max_length=64, editable=False, unique=True)

    class Meta:
        verbose_name = _("custody event")
        verbose_name_plural = _("custody events")
        ordering = ["attachment", "pk"]

    def __str__(self) -> str:
        return f"{self.get_action_display()} {self.at:%Y-%m-%d %H:%M}"

    def compute_hash(self) -> str:
        return hashchain.entry_hash(self.payload(), self.previous_hash)

    def payload(self) -> dict:
        """What the entry's hash covers (besides the previous hash)."""
        return {
            "attachment": str(self.attachment.public_id),
            "sha256": self.attachment.sha256,
            "action": self.action,
            "actor": str(self.actor.public_id) if self.actor else None,
            "at": self.at.isoformat(),
            "note": self.note,
        }


EVIDENCE_TARGETS = ("incident", "act", "person", "relation", "proceeding")


def _exactly_one_target() -> models.Q:
    """A check that exactly one of the EVIDENCE_TARGETS foreign keys is set."""
    options = []
    for chosen in EVIDENCE_TARGETS:
        condition = models.Q(**{f"{chosen}__isnull": False})
        for other in EVIDENCE_TARGETS:
            if other != chosen:
                condition &= models.Q(**{f"{other}__isnull": True})
        options.append(condition)
    return reduce(operator.or_, options)


class EvidenceSpan(TimestampedModel):
    """The passage of a source that supports a claim about one record.

    Exactly one of incident, act, person, relation or proceeding is set. Offsets index the
    source's text; the quote is kept too, so that the evidence survives a corrected text.
    A span without offsets says that the source supports the claim as a whole.
    """

    source = models.ForeignKey(
        Source, on_delete=models.PROTECT, related_name="evidence", verbose_name=_("source")
    )
    start = models.PositiveIntegerField(_("start offset"), null=True, blank=True)
    end = models.PositiveIntegerField(_("end offset"), null=True, blank=True)
    quote = EncryptedTextField(_("quoted passage"))
    note = EncryptedTextField(_("note"))
    incident = models.ForeignKey(
        "records.Incident",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("incident"),
    )
    act = models.ForeignKey(
        "records.Act",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("act"),
    )
    person = models.ForeignKey(
        "records.Person",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("person"),
    )
    relation = models.ForeignKey(
        "records.Relation",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("relation"),
    )
    proceeding = models.ForeignKey(
        "records.Proceeding",
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="evidence",
        verbose_name=_("proceeding"),
    )

    class Meta:
        verbose_name = _("evidence passage")
        verbose_name_plural = _("evidence passages")
        ordering = ["source", "start", "pk"]
        constraints = [
            models.CheckConstraint(
                condition=(
                    models.Q(start__isnull=True, end__isnull=True)
                    | models.Q(start__isnull=False, end__isnull=False, start__lt=models.F("end"))
                ),
                name="evidence_span_offsets_ordered",
            ),
            models.CheckConstraint(
                condition=_exactly_one_target(),
                name="evidence_span_one_target",
            ),
        ]

    def clean(self) -> None:
        super().clean()
        text = self.source.text if self.source_id else ""
        if self.start is None and self.end is None:
            return
        if self.start is None or self.end is None or not 0 <= self.start < self.end <= len(text):
            raise ValidationError(
                _("The passage %(start)s–%(end)s is outside the source's text (%(length)s).")
                % {"start": self.start, "end": self.end, "length": len(text)}
            )
        if self.quote and text[self.start : self.end] != self.quote:
            raise ValidationError(_("The quoted passage does not match the source's text."))


class Proposal(TimestampedModel):
    """One incident that assisted extraction (kirok.lib.extraction) proposes from a source's
    text, waiting for a person to accept, correct or reject it.

    ``proposed`` is the extractor's JSON as it was (names of victims in it: encrypted), with
    each field's place in the text; ``text_sha256`` says which text it was read from, so a
    proposal made before the text was corrected is recognised. Once decided, ``decision``
    keeps what the reviewer did with each field (accepted, edited, rejected) and, for a
    rejection, why; ``incident`` is the record an acceptance created.
    """

    class Status(models.TextChoices):
        PENDING = "pending", _("Awaiting review")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")

    source = models.ForeignKey(
        Source, on_delete=models.CASCADE, related_name="proposals", verbose_name=_("source")
    )
    number = models.PositiveSmallIntegerField(_("number"))
    proposed = EncryptedTextField(_("proposed record"))
    confidence = models.FloatField(_("confidence"), default=0)
    text_sha256 = models.CharField(_("SHA-256 of the text read"), max_length=64)
    extractor = models.CharField(_("extractor"), max_length=60)
    proposed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("proposed at the request of"),
    )
    status = models.CharField(
        _("status"), max_length=10, choices=Status.choices, default=Status.PENDING
    )
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("decided by"),
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)
    decision = EncryptedTextField(_("decision"))
    incident = models.ForeignKey(
        "records.Incident",
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="proposals",
        verbose_name=_("incident created"),
    )

    class Meta:
        verbose_name = _("proposed record")
        verbose_name_plural = _("proposed records")
        ordering = ["source", "number", "pk"]
        indexes = [models.Index(fields=["source", "status"])]

    def __str__(self) -> str:
        return f"{self.source_id} #{self.number}"
