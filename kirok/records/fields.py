"""Model fields shared by every record app: public identifiers and uncertain dates."""

from __future__ import annotations

import datetime as dt
import uuid

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from kirok.lib import dates
from kirok.records.date_messages import explain
from kirok.security.fields import EncryptedTextField


class PublicIdField(models.UUIDField):
    """The identifier that leaves the server (URLs, API, exports); integer keys never do."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("default", uuid.uuid4)
        kwargs.setdefault("unique", True)
        kwargs.setdefault("editable", False)
        kwargs.setdefault("verbose_name", _("public identifier"))
        super().__init__(*args, **kwargs)

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("default", "unique", "editable", "verbose_name"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


def validate_edtf(value: str) -> None:
    try:
        dates.bounds(value)
    except dates.InvalidDate as error:
        raise ValidationError(
            _("%(value)s is not a valid EDTF date: %(reason)s"),
            code="invalid_edtf",
            params={"value": value, "reason": explain(error)},
        ) from None


class EdtfBoundsMixin:
    """Fills ``<name>_earliest`` and ``<name>_latest`` from an EDTF value on every save.

    The model declares the two DateFields after this one (``date_bound``); they are set
    whenever the row is saved, bulk_create included, so that sorting and filtering can use
    them. An invalid value raises ValidationError on save, not only in forms: no code path
    stores a bad date. With ``coarse_bounds`` the bounds are widened to whole years, so that
    an encrypted birth date does not leak its day and month through them.
    """

    coarse_bounds = False

    def pre_save(self, model_instance, add):
        raw = getattr(model_instance, self.attname) or ""
        if raw.strip():
            try:
                found = dates.bounds(raw)
            except dates.InvalidDate as error:
                raise ValidationError({self.name: explain(error)}, code="invalid_edtf") from None
            value, earliest, latest = found.edtf, found.earliest, found.latest
        else:
            value, earliest, latest = "", None, None
        if self.coarse_bounds:
            earliest = earliest and dt.date(earliest.year, 1, 1)
            latest = latest and dt.date(latest.year, 12, 31)
        setattr(model_instance, self.attname, value)
        setattr(model_instance, f"{self.attname}_earliest", earliest)
        setattr(model_instance, f"{self.attname}_latest", latest)
        return value


def _edtf_options(kwargs: dict) -> dict:
    kwargs.setdefault("blank", True)
    kwargs.setdefault("default", "")
    kwargs.setdefault("validators", [validate_edtf])
    kwargs.setdefault(
        "help_text", _("EDTF, e.g. 2012-11, 2019~, 2012-11-01/2012-11-10 or ../2019.")
    )
    return kwargs


class EdtfField(EdtfBoundsMixin, models.CharField):
    """An EDTF date (``2012-11``, ``2019~``, ``../2019``) that keeps its calendar bounds."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 100)
        super().__init__(*args, **_edtf_options(kwargs))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("max_length", "blank", "default", "validators", "help_text"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


class EncryptedEdtfField(EdtfBoundsMixin, EncryptedTextField):
    """An EDTF date sealed in the database (birth dates); its bounds only to the year."""

    coarse_bounds = True

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **_edtf_options(kwargs))

    def deconstruct(self):
        name, path, args, kwargs = super().deconstruct()
        for key in ("validators", "help_text"):
            kwargs.pop(key, None)
        return name, path, args, kwargs


def date_bound(label: str) -> models.DateField:
    """One of the two DateFields that follow an EdtfField; filled by it, never by hand."""
    return models.DateField(null=True, blank=True, editable=False, verbose_name=label)


def bounds_of(instance: models.Model, name: str) -> dates.DateBounds | None:
    """The current bounds of an EDTF field, computed afresh (the stored ones lag until save)."""
    value = getattr(instance, name)
    if not value:
        return None
    try:
        return dates.bounds(value)
    except dates.InvalidDate:
        return None


class TimestampedModel(models.Model):
    """Every record: a public UUID, creation and change times, and a version for edits.

    ``version`` grows by one on every save; an edit form carries the version it started
    from, so that a second person's save cannot silently overwrite the first one's.
    """

    public_id = PublicIdField()
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)
    version = models.PositiveIntegerField(_("version"), default=1, editable=False)

    class Meta:
        abstract = True

    def save(self, *args, **kwargs):
        if not self._state.adding:
            self.version += 1
        super().save(*args, **kwargs)
