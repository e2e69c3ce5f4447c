"""Places: the gazetteer of North Korea and the Chinese border region, and facilities."""

from __future__ import annotations

from django.db import models
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import TimestampedModel
from kirok.records.models.hierarchy import TreeNode


class PlaceLevel(models.TextChoices):
    COUNTRY = "country", _("Country")
    ADMIN1 = "admin1", _("Province or equivalent")
    ADMIN2 = "admin2", _("City, county, district or prefecture")
    ADMIN3 = "admin3", _("County within a prefecture")
    SITE = "site", _("Site or facility")


class Place(TimestampedModel, TreeNode):
    gazetteer_id = models.CharField(
        _("gazetteer id"), max_length=80, unique=True, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=10, choices=PlaceLevel.choices)
    place_type = models.CharField(
        _("type"), max_length=60, help_text=_("As in the gazetteer: province, county, …")
    )
    facility_kind = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        limit_choices_to={"vocabulary__key": "facility_kind"},
        verbose_name=_("facility kind"),
    )
    country_code = models.CharField(_("country"), max_length=2)
    latitude = models.DecimalField(
        _("latitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    longitude = models.DecimalField(
        _("longitude"), max_digits=8, decimal_places=5, null=True, blank=True
    )
    status = models.CharField(_("status"), max_length=40, blank=True)
    valid_from = models.PositiveSmallIntegerField(_("valid from (year)"), null=True, blank=True)
    valid_to = models.PositiveSmallIntegerField(_("valid to (year)"), null=True, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    citation = models.TextField(_("sources of this entry"), blank=True)

    class Meta:
        verbose_name = _("place")
        verbose_name_plural = _("places")
        ordering = ["country_code", "gazetteer_id"]

    def __str__(self) -> str:
        return self.display_name()

    def display_name(self) -> str:
        """Hangul for Korean readers, the common English spelling otherwise."""
        names = list(self.names.all())
        korean = translation.get_language() == "ko"
        wanted = ("hangul",) if korean else ("common", "hangul")
        for kind in wanted:
            for name in names:
                if name.kind == kind:
                    return name.text
        return names[0].text if names else (self.gazetteer_id or "?")

    def admin_path(self) -> list[Place]:
        """This place and its ancestors, up to the country."""
        return [self, *self.ancestors()]


class PlaceName(models.Model):
    class Kind(models.TextChoices):
        HANGUL = "hangul", _("Hangul (South Korean spelling)")
        HANGUL_DPRK = "hangul_dprk", _("Hangul (North Korean spelling)")
        HANGUL_LOAN = "hangul_loan", _("Hangul (foreign-word transcription)")
        CHINESE = "chinese", _("Chinese characters")
        PINYIN = "pinyin", _("Pinyin")
        RR = "rr", _("Revised Romanization")
        MR = "mr", _("McCune–Reischauer")
        COMMON = "common", _("Common English spelling")
        VARIANT = "variant", _("Other spelling or former name")

    place = models.ForeignKey(
        Place, on_delete=models.CASCADE, related_name="names", verbose_name=_("place")
    )
    text = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)

    class Meta:
        verbose_name = _("place name")
        verbose_name_plural = _("place names")
        indexes = [models.Index(fields=["text"], name="place_name_text_idx")]
        constraints = [
            models.UniqueConstraint(fields=["place", "text", "kind"], name="place_name_unique"),
        ]

    def __str__(self) -> str:
        return self.text
