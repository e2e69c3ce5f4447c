"""A record's state as JSON: its editable fields, its links and its parts (a person's names).

Snapshots are what revisions keep (kirok.audit.revisions) and what a restore puts back.
Related rows are kept by their internal key: a snapshot never leaves the server, and it is
sealed at rest (``Revision.snapshot`` is an encrypted field). The JSON names its record, and
:func:`read` refuses a snapshot that names another: a row copied into another record's
history does not open as that record's past.

Some fields are never restored, on purpose (:func:`restorable`): a record's cases (which
compartment it is in is decided on its own, by someone who may), its consent flags (a
consent withdrawn must never come back through an old version) and whether a case allows
sensitive contact details.
"""

from __future__ import annotations

import datetime
import json
import uuid
from decimal import Decimal

from django.apps import apps
from django.core.exceptions import FieldDoesNotExist
from django.db import models
from django.utils.translation import gettext as _

from kirok.audit import tracking

NEVER_RESTORED = frozenset({"cases", "allows_sensitive_contacts"})
NEVER_RESTORED_PREFIXES = ("consent_",)


class RestoreError(Exception):
    """A version cannot be restored as it is; the message says why, for the reader."""


class SnapshotMismatch(Exception):
    """A snapshot names another record than the revision it was found in."""


def restorable(name: str) -> bool:
    return name not in NEVER_RESTORED and not name.startswith(NEVER_RESTORED_PREFIXES)


def _encode(value):
    if isinstance(value, datetime.date | datetime.datetime | datetime.time):
        return value.isoformat()
    if isinstance(value, Decimal | uuid.UUID):
        return str(value)
    return value


def kept_fields(model: type[models.Model], exclude: str = "") -> list[models.Field]:
    """The fields a snapshot keeps: concrete, editable, not the key (nor ``exclude``)."""
    return [
        field
        for field in model._meta.concrete_fields
        if field.editable and not field.primary_key and field.name != exclude
    ]


def row_values(row: models.Model, exclude: str = "") -> dict:
    return {f.name: _encode(getattr(row, f.attname)) for f in kept_fields(type(row), exclude)}


def identity(model: type[models.Model], public_id) -> str:
    return f"{model._meta.label_lower}:{public_id}"


def build(model: type[models.Model], pk, *, created: models.Model | None = None) -> dict | None:
    """The current state of one record, read from the database; None if it is gone.

    ``created`` is the record itself, just inserted: its fields are read from it and it has
    no links or parts yet, so nothing needs to be fetched.
    """
    row = created if created is not None else model._base_manager.filter(pk=pk).first()
    if row is None:
        return None
    state = {
        "record": identity(model, row.public_id),
        "fields": row_values(row),
        "many": {field.name: [] for field in model._meta.many_to_many},
        "parts": {part.name: [] for part in tracking.spec(model).parts},
    }
    if created is not None:
        return state
    for field in model._meta.many_to_many:
        state["many"][field.name] = sorted(getattr(row, field.name).values_list("pk", flat=True))
    for part in tracking.spec(model).parts:
        part_model = apps.get_model(part.label)
        rows = part_model._base_manager.filter(**{part.parent: pk}).order_by("pk")
        state["parts"][part.name] = [row_values(item, exclude=part.parent) for item in rows]
    return state


def dumps(state: dict) -> str:
    return json.dumps(state, ensure_ascii=False, sort_keys=True)


def read(revision) -> dict:
    """The revision's snapshot, decrypted and parsed (the field decrypts it on load)."""
    state = json.loads(revision.snapshot)
    if state.get("record") != f"{revision.object_type}:{revision.object_id}":
        raise SnapshotMismatch(f"The snapshot of {revision} names another record.")
    return state


def field_of(model: type[models.Model], name: str) -> models.Field | None:
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


# --- Restoring ---------------------------------------------------------------------------


def apply(record: models.Model, state: dict) -> None:
    """Put the restorable values of ``state`` back into ``record``, its links and parts.

    Raises RestoreError, before changing anything, when a related row the old version
    points to no longer exists.
    """
    model = type(record)
    values = _decode(model, state.get("fields", {}))
    _refuse_missing_targets(model, values)
    parts = {
        part: [
            _decode(apps.get_model(part.label), row) for row in state["parts"].get(part.name, [])
        ]
        for part in tracking.spec(model).parts
    }
    for part, rows in parts.items():
        for row in rows:
            _refuse_missing_targets(apps.get_model(part.label), row)
    for attname, value in values.items():
        setattr(record, attname, value)
    record.save()
    for name, pks in state.get("many", {}).items():
        field = field_of(model, name)
        if field is not None and field.many_to_many and restorable(name):
            getattr(record, name).set(field.related_model._base_manager.filter(pk__in=pks))
    for part, rows in parts.items():
        _apply_part(record, part, rows)


def _decode(model: type[models.Model], values: dict) -> dict:
    """Snapshot values as attribute values (``place_id`` …) of the fields still restorable."""
    decoded = {}
    for name, value in values.items():
        field = field_of(model, name)
        if field is None or not field.concrete or not field.editable or not restorable(name):
            continue
        decoded[field.attname] = field.to_python(value)
    return decoded


def _refuse_missing_targets(model: type[models.Model], values: dict) -> None:
    for field in model._meta.concrete_fields:
        value = values.get(field.attname)
        if not field.is_relation or value is None:
            continue
        if not field.related_model._base_manager.filter(pk=value).exists():
            raise RestoreError(
                _("This version refers to a %(what)s that no longer exists (%(field)s).")
                % {"what": field.related_model._meta.verbose_name, "field": field.verbose_name}
            )


def _apply_part(record: models.Model, part: tracking.Part, wanted: list[dict]) -> None:
    """Make the record's parts equal to ``wanted``: unchanged rows stay, others go or come."""
    part_model = apps.get_model(part.label)
    remaining = list(wanted)
    parent = part_model._meta.get_field(part.parent)
    for row in part_model._base_manager.filter(**{part.parent: record.pk}).order_by("pk"):
        same = next((w for w in remaining if all(getattr(row, k) == v for k, v in w.items())), None)
        if same is not None:
            remaining.remove(same)
        else:
            row.delete()
    for values in remaining:
        part_model(**{parent.attname: record.pk}, **values).save()
