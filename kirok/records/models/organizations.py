"""Organizations: perpetrator bodies and their hierarchy, other state bodies, NGOs, UN bodies."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import TimestampedModel
from kirok.records.models.hierarchy import TreeNode


class Organization(TimestampedModel, TreeNode):
    code = models.SlugField(
        _("code"),
        max_length=80,
        unique=True,
        null=True,
        blank=True,
        help_text=_("Stable key for seeded organizations, e.g. mss-kp-09."),
    )
    kind = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "organization_kind"},
        verbose_name=_("kind"),
    )
    country_code = models.CharField(_("country"), max_length=2, blank=True)
    place = models.ForeignKey(
        "records.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="organizations",
        verbose_name=_("seat"),
    )
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")
        ordering = ["code", "pk"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        names = list(self.names.all())
        language = (translation.get_language() or "en").split("-")[0]
        for wanted in (language, "en", "ko"):
            for name in names:
                if name.language == wanted and name.is_preferred:
                    return name.text
        return names[0].text if names else (self.code or "?")


class OrganizationName(models.Model):
    organization = models.ForeignKey(
        Organization, on_delete=models.CASCADE, related_name="names", verbose_name=_("organization")
    )
    text = models.CharField(_("name"), max_length=200)
    language = models.CharField(_("language"), max_length=8)
    is_preferred = models.BooleanField(_("preferred name in this language"), default=False)
    is_former = models.BooleanField(_("former name"), default=False)

    class Meta:
        verbose_name = _("organization name")
        verbose_name_plural = _("organization names")
        constraints = [
            models.UniqueConstraint(
                fields=["organization", "text", "language"], name="organization_name_unique"
            ),
        ]

    def __str__(self) -> str:
        return self.text
