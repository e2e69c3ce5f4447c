"""Persons as sources describe them, their names, identities and family relations.

A Person is one person *as one or more sources describe them*. When record linkage decides
that several Persons are the same human being, they share an Identity; no Person is ever
destroyed by a merge, so every merge can be undone.

Names, birth dates and contact details are the fields an adversary wants. They sit in their
own columns, next to the comparison key used to find them, so that encryption and keyed
blind indexes can replace both without changing the shape of the model.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.records.fields import EncryptedEdtfField, TimestampedModel, date_bound
from kirok.security.fields import BlindIndexField, EncryptedTextField


class Sex(models.TextChoices):
    FEMALE = "female", _("Female")
    MALE = "male", _("Male")
    OTHER = "other", _("Other")
    UNKNOWN = "unknown", _("Unknown")


class PersonStatus(models.TextChoices):
    MISSING = "missing", _("Missing")
    DETAINED = "detained", _("Detained")
    RELEASED = "released", _("Released")
    DECEASED = "deceased", _("Deceased")
    UNKNOWN = "unknown", _("Unknown")


class Identity(TimestampedModel):
    """The human being behind one or more Person records that linkage judged the same."""

    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("identity")
        verbose_name_plural = _("identities")


class Person(TimestampedModel):
    identity = models.ForeignKey(
        Identity,
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="persons",
        verbose_name=_("identity"),
    )
    sex = models.CharField(_("sex"), max_length=10, choices=Sex.choices, default=Sex.UNKNOWN)
    birth_date = EncryptedEdtfField(_("birth date"))
    birth_date_earliest = date_bound(_("born at the earliest"))
    birth_date_latest = date_bound(_("born at the latest"))
    birthplace = models.ForeignKey(
        "records.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("birthplace"),
    )
    hometown = models.ForeignKey(
        "records.Place",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("hometown"),
    )
    occupation = models.CharField(_("occupation"), max_length=200, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=2, blank=True, help_text=_("ISO 3166 code, e.g. KP.")
    )
    status = models.CharField(
        _("status"), max_length=10, choices=PersonStatus.choices, default=PersonStatus.UNKNOWN
    )
    consent_store = models.BooleanField(_("consents to storage"), default=False)
    consent_share_un = models.BooleanField(
        _("consents to sharing with UN mechanisms"), default=False
    )
    consent_publish = models.BooleanField(_("consents to publication"), default=False)
    notes = EncryptedTextField(_("notes"))
    cases = models.ManyToManyField(
        "accounts.Case", blank=True, related_name="persons", verbose_name=_("cases")
    )

    class Meta:
        verbose_name = _("person")
        verbose_name_plural = _("persons")
        ordering = ["pk"]
        indexes = [models.Index(fields=["birth_date_earliest", "birth_date_latest"])]

    def __str__(self) -> str:
        name = self.primary_name()
        return name.text if name else str(_("(unnamed person)"))

    def primary_name(self) -> PersonName | None:
        names = sorted(self.names.all(), key=lambda n: (not n.is_primary, n.sort_order, n.pk))
        return names[0] if names else None

    @property
    def uses_pseudonym(self) -> bool:
        return any(name.kind == NameKind.PSEUDONYM for name in self.names.all())


class NameScript(models.TextChoices):
    HANGUL = "hangul", _("Hangul")
    LATIN = "latin", _("Latin")
    HANJA = "hanja", _("Hanja / Chinese characters")
    OTHER = "other", _("Other")


class NameKind(models.TextChoices):
    LEGAL = "legal", _("Legal name")
    ALIAS = "alias", _("Alias")
    PSEUDONYM = "pseudonym", _("Pseudonym")
    NICKNAME = "nickname", _("Nickname")
    FORMER = "former", _("Former name")


class Romanization(models.TextChoices):
    NONE = "", _("Not romanized")
    REVISED = "rr", _("Revised Romanization")
    MCCUNE_REISCHAUER = "mr", _("McCune–Reischauer")
    MCCUNE_REISCHAUER_PLAIN = "mr_plain", _("McCune–Reischauer without diacritics")
    DPRK = "dprk", _("North Korean official")
    PINYIN = "pinyin", _("Pinyin")
    OTHER = "other", _("Other or unknown")


class PersonNameQuerySet(models.QuerySet):
    def spelled_like(self, text: str) -> PersonNameQuerySet:
        """Names that any spelling of ``text`` finds: 김혜송, "Kim Hye-song", "Hyesong Kim"…

        The comparison is on keyed hashes of the names library's comparison key; no name is
        decrypted to search.
        """
        digest = self.model._meta.get_field("search_key").digest_for(text)
        return self.filter(search_key=digest) if digest else self.none()


class PersonName(models.Model):
    person = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="names", verbose_name=_("person")
    )
    text = EncryptedTextField(_("name"), blank=False)
    family_name = EncryptedTextField(_("family name"))
    given_name = EncryptedTextField(_("given name"))
    script = models.CharField(_("script"), max_length=10, choices=NameScript.choices)
    kind = models.CharField(
        _("kind"), max_length=10, choices=NameKind.choices, default=NameKind.LEGAL
    )
    romanization = models.CharField(
        _("romanization system"), max_length=10, choices=Romanization.choices, blank=True
    )
    is_primary = models.BooleanField(_("primary name"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("order"), default=0)
    # Every romanization of one Hangul name has the same comparison key (kirok.lib.names);
    # its keyed hash finds the encrypted name without revealing it.
    search_key = BlindIndexField(
        _("search key"), source="text", key_function="kirok.lib.names.comparison_key"
    )

    objects = PersonNameQuerySet.as_manager()

    class Meta:
        verbose_name = _("name")
        verbose_name_plural = _("names")
        ordering = ["person", "-is_primary", "sort_order", "pk"]

    def __str__(self) -> str:
        return self.text

    def clean(self) -> None:
        super().clean()
        if not self.text.strip():
            raise ValidationError({"text": _("A name cannot be empty.")})
        if self.script != NameScript.LATIN and self.romanization:
            raise ValidationError(
                {"romanization": _("Only a name in Latin script has a romanization system.")}
            )


class SensitiveContact(TimestampedModel):
    """A detail that could lead someone to a living person. Never shown in lists.

    Kirok keeps such details only where a case explicitly allows them (Case.allows_sensitive_
    contacts); the security layer encrypts them and audits every read.
    """

    class Kind(models.TextChoices):
        ADDRESS = "address", _("Current address")
        PHONE = "phone", _("Phone number")
        MESSAGING = "messaging", _("Messaging account")
        TRAVEL = "travel", _("Travel plans")
        OTHER = "other", _("Other contact detail")

    person = models.ForeignKey(
        Person,
        on_delete=models.CASCADE,
        related_name="sensitive_contacts",
        verbose_name=_("person"),
    )
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    value = EncryptedTextField(_("value"), blank=False)

    class Meta:
        verbose_name = _("sensitive contact detail")
        verbose_name_plural = _("sensitive contact details")

    def __str__(self) -> str:
        return str(self.get_kind_display())  # never the value: it would show in logs and lists

    def clean(self) -> None:
        super().clean()
        # The rule lives in the records services (a pre_save signal enforces it too); forms
        # that call full_clean() get it as a field-level message instead of an error page.
        from kirok.records.services import check_sensitive_contacts_allowed

        if self.person_id:
            check_sensitive_contacts_allowed(self.person)


class Relation(TimestampedModel):
    """``subject`` is ``kind`` of ``object``: "A is the mother of B"."""

    subject = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations_out", verbose_name=_("person")
    )
    kind = models.ForeignKey(
        "vocabularies.Term",
        on_delete=models.PROTECT,
        related_name="+",
        limit_choices_to={"vocabulary__key": "relation_kind"},
        verbose_name=_("relation"),
    )
    object = models.ForeignKey(
        Person, on_delete=models.CASCADE, related_name="relations_in", verbose_name=_("relative")
    )
    notes = EncryptedTextField(_("notes"))

    class Meta:
        verbose_name = _("relation")
        verbose_name_plural = _("relations")
        constraints = [
            models.CheckConstraint(
                condition=~models.Q(subject=models.F("object")), name="relation_not_to_self"
            ),
            models.UniqueConstraint(fields=["subject", "kind", "object"], name="relation_unique"),
        ]

    def clean(self) -> None:
        super().clean()
        if self.subject_id and self.subject_id == self.object_id:
            raise ValidationError(_("A person cannot be related to themselves."))
