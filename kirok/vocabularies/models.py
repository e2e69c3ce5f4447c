"""Controlled, translatable term lists: violation types, source kinds, relation kinds …

Labels live in one JSON object per term (``{"en": "Abduction", "ko": "납치"}``) rather than
one column per language, so a third language is data, not a migration.
"""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import TimestampedModel


def pick_label(labels: dict, fallback: str) -> str:
    """The label in the active language, else English, else Korean, else the fallback."""
    language = (translation.get_language() or "en").split("-")[0]
    for code in (language, "en", "ko"):
        if labels.get(code):
            return labels[code]
    return fallback


class Vocabulary(TimestampedModel):
    key = models.SlugField(_("key"), max_length=60, unique=True)
    labels = models.JSONField(_("labels"), default=dict)
    description = models.TextField(_("description"), blank=True)

    class Meta:
        verbose_name = _("vocabulary")
        verbose_name_plural = _("vocabularies")
        ordering = ["key"]

    def __str__(self) -> str:
        return pick_label(self.labels, self.key)


class TermQuerySet(models.QuerySet):
    def of(self, vocabulary_key: str) -> TermQuerySet:
        return self.filter(vocabulary__key=vocabulary_key, is_active=True)


class Term(TimestampedModel):
    vocabulary = models.ForeignKey(
        Vocabulary, on_delete=models.PROTECT, related_name="terms", verbose_name=_("vocabulary")
    )
    code = models.SlugField(_("code"), max_length=60)
    labels = models.JSONField(_("labels"), default=dict)
    descriptions = models.JSONField(_("descriptions"), default=dict, blank=True)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    is_active = models.BooleanField(_("active"), default=True)

    objects = TermQuerySet.as_manager()

    class Meta:
        verbose_name = _("term")
        verbose_name_plural = _("terms")
        ordering = ["vocabulary__key", "sort_order", "code"]
        constraints = [
            models.UniqueConstraint(fields=["vocabulary", "code"], name="term_code_unique"),
        ]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return pick_label(self.labels, self.code)

    @property
    def description(self) -> str:
        return pick_label(self.descriptions, "")
