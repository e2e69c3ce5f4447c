"""Every create, update and delete of a record goes into the audit log, by field *name*.

Model signals, connected in AuditConfig.ready (:func:`connect`), watch the models listed in
:data:`TRACKED`. ``pre_save`` fetches the old row (only for these models, only for an
update, only the fields being saved) so that ``post_save`` can name the fields that changed;
``post_delete`` and ``m2m_changed`` do the same for deletions and links. The event names
the record by type and public id and the changes by field name, never by value: values are
names and testimony, and the log is read by coordinators. The values go, sealed, into the
record's revisions (kirok.audit.revisions).

A *part* is a row that belongs to one record and has no life of its own, such as a
person's names: its changes are logged as changes of the record (``"part": "names"``) and
its values are part of the record's snapshot.

Not seen, by design of Django: ``bulk_create``, ``QuerySet.update()`` and raw SQL send no
signals. Kirok uses ``bulk_create`` only to load the synthetic demo data (which writes one
``demo_loaded`` event) and the gazetteer's names; neither is a change to testimony.
"""

from __future__ import annotations

import contextvars
from dataclasses import dataclass

from django.apps import apps
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_delete, pre_save

from kirok.audit import services as audit


@dataclass(frozen=True)
class Part:
    label: str  # the part's model, "records.personname"
    parent: str  # its foreign key to the record, "person"
    name: str  # what the record calls its parts, "names"


@dataclass(frozen=True)
class Tracked:
    revisions: bool = True
    parts: tuple[Part, ...] = ()
    watched: tuple[str, ...] = ()  # only these fields (and links); empty: every editable one


TRACKED: dict[str, Tracked] = {
    "records.incident": Tracked(),
    "records.act": Tracked(parts=(Part("records.actperpetrator", "act", "perpetrators"),)),
    "records.person": Tracked(parts=(Part("records.personname", "person", "names"),)),
    "records.identity": Tracked(),
    "records.relation": Tracked(),
    # A contact detail is shown only on explicit, audited request (kirok.records.access);
    # a history page beside it would be a side door, so it keeps no revisions.
    "records.sensitivecontact": Tracked(revisions=False),
    "records.organization": Tracked(
        parts=(Part("records.organizationname", "organization", "names"),)
    ),
    "records.place": Tracked(parts=(Part("records.placename", "place", "names"),)),
    "records.proceeding": Tracked(),
    "sources.source": Tracked(),
    "sources.attachment": Tracked(revisions=False),
    "sources.evidencespan": Tracked(),
    # Decisions are also logged as proposal_accepted / proposal_rejected, with the verdicts.
    "sources.proposal": Tracked(revisions=False),
    "accounts.case": Tracked(
        revisions=False, parts=(Part("accounts.casemembership", "case", "members"),)
    ),
    "accounts.user": Tracked(
        revisions=False,
        watched=(
            "username",
            "role",
            "is_active",
            "is_staff",
            "is_superuser",
            "password",
            "groups",
            "user_permissions",
        ),
    ),
}
# Models of the audited apps that are deliberately left out, and why (a test holds us to it).
UNTRACKED: dict[str, str] = {
    "sources.custodyevent": "an attachment's chain of custody is itself a hash-chained log",
}
AUDITED_APPS = ("records", "sources")

_roots: dict[type[models.Model], Tracked] = {}
_parts: dict[type[models.Model], tuple[type[models.Model], Part]] = {}
_links: dict[type[models.Model], tuple[type[models.Model], str]] = {}
# Records being deleted right now: their parts' deletions are not logged one by one.
_deleting: contextvars.ContextVar[frozenset] = contextvars.ContextVar(
    "kirok_audit_deleting", default=frozenset()
)


def spec(model: type[models.Model]) -> Tracked | None:
    return _roots.get(model)


def part_of(model: type[models.Model]) -> tuple[type[models.Model], Part] | None:
    return _parts.get(model)


def connect() -> None:
    """Connect the receivers for every tracked model (AuditConfig.ready)."""
    for label, tracked in TRACKED.items():
        model = apps.get_model(label)
        _roots[model] = tracked
        for part in tracked.parts:
            _parts[apps.get_model(part.label)] = (model, part)
        for field in model._meta.many_to_many:
            if not tracked.watched or field.name in tracked.watched:
                _links[field.remote_field.through] = (model, field.name)
    for model in [*_roots, *_parts]:
        uid = f"kirok.audit:{model._meta.label}"
        pre_save.connect(_before_save, sender=model, dispatch_uid=uid)
        post_save.connect(_after_save, sender=model, dispatch_uid=uid)
        pre_delete.connect(_before_delete, sender=model, dispatch_uid=uid)
        post_delete.connect(_after_delete, sender=model, dispatch_uid=uid)
    for through in _links:
        m2m_changed.connect(_links_changed, sender=through, dispatch_uid=f"kirok.audit:{through}")


# --- Which fields changed ----------------------------------------------------------------


def _compared(model, update_fields=None, instance=None) -> list[models.Field]:
    tracked = _roots.get(model)
    parent = _parts[model][1].parent if model in _parts else None
    deferred = instance.get_deferred_fields() if instance is not None else set()
    fields = []
    for field in model._meta.concrete_fields:
        if field.primary_key or not field.editable or field.attname in deferred:
            continue
        if field.name == parent:
            continue
        if tracked and tracked.watched and field.name not in tracked.watched:
            continue
        if update_fields is not None and not {field.name, field.attname} & set(update_fields):
            continue
        fields.append(field)
    return fields


def _same(field: models.Field, old, new) -> bool:
    try:
        return field.to_python(old) == field.to_python(new)
    except (ValidationError, TypeError, ValueError):
        return old == new


def _changed(instance, created: bool, update_fields) -> list[str]:
    fields = _compared(type(instance), None if created else update_fields, instance)
    if created:
        return [f.name for f in fields if getattr(instance, f.attname) not in (None, "")]
    before = instance.__dict__.pop("_kirok_audit_before", None)
    if before is None:
        return [f.name for f in fields]
    return [
        f.name
        for f in fields
        if f.attname in before and not _same(f, before[f.attname], getattr(instance, f.attname))
    ]


# --- Receivers ---------------------------------------------------------------------------


def _before_save(sender, instance, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    from kirok.audit import revisions

    if not instance._state.adding and instance.pk is not None:
        fields = _compared(sender, update_fields, instance)
        if fields:
            before = (
                sender._base_manager.filter(pk=instance.pk)
                .values(*[f.attname for f in fields])
                .first()
            )
            instance.__dict__["_kirok_audit_before"] = before
        if sender in _roots:
            revisions.ensure_baseline(sender, instance.pk, instance.public_id)
    if sender in _parts:
        root_model, part = _parts[sender]
        _baseline_of_parent(root_model, part, instance)


def _baseline_of_parent(root_model, part: Part, row) -> None:
    from kirok.audit import revisions

    parent = row._state.fields_cache.get(part.parent)  # the record, if already loaded
    public_id = parent.public_id if parent is not None else None
    revisions.ensure_baseline(root_model, getattr(row, f"{part.parent}_id"), public_id)


def _after_save(sender, instance, created, raw=False, update_fields=None, **kwargs):
    if raw:
        return
    fields = _changed(instance, created, update_fields)
    if not created and not fields:
        return
    if sender in _roots:
        _log(instance, "created" if created else "updated", fields)
    else:
        _, part = _parts[sender]
        root = getattr(instance, part.parent)
        _log_part(root, part, "created" if created else "updated", fields, instance)


def _before_delete(sender, instance, **kwargs):
    from kirok.audit import revisions

    if sender in _roots:
        _deleting.set(_deleting.get() | {(sender, instance.pk)})
        instance.__dict__["_kirok_audit_last"] = revisions.last_state(sender, instance.pk)
    else:
        root_model, part = _parts[sender]
        _baseline_of_parent(root_model, part, instance)


def _after_delete(sender, instance, **kwargs):
    if sender in _roots:
        _deleting.set(_deleting.get() - {(sender, instance.pk)})
        _log(instance, "deleted", [], last_state=instance.__dict__.pop("_kirok_audit_last", None))
        return
    root_model, part = _parts[sender]
    root_pk = getattr(instance, f"{part.parent}_id")
    if (root_model, root_pk) in _deleting.get():
        return
    root = root_model._base_manager.filter(pk=root_pk).first()
    if root is not None:
        _log_part(root, part, "deleted", [], instance)


def _links_changed(sender, instance, action, reverse, model, pk_set, **kwargs):
    owner_model, name = _links[sender]
    if action == "pre_clear" and reverse:
        owners = owner_model._base_manager.filter(**{name: instance.pk})
        instance.__dict__["_kirok_audit_cleared"] = list(owners)
        return
    if action not in ("post_add", "post_remove", "post_clear"):
        return
    if action == "post_clear":
        owners = instance.__dict__.pop("_kirok_audit_cleared", []) if reverse else [instance]
    elif not pk_set:
        return
    else:
        owners = list(owner_model._base_manager.filter(pk__in=pk_set)) if reverse else [instance]
    for owner in owners:
        _log(owner, "updated", [name])


# --- Writing -----------------------------------------------------------------------------


def _log(record, action: str, fields: list[str], last_state=None) -> None:
    from kirok.audit import revisions

    audit.record(action, obj=record, detail={"fields": sorted(fields)})
    if _roots[type(record)].revisions:
        revisions.capture(record, action, fields, state=last_state)


def _log_part(root, part: Part, change: str, fields: list[str], row) -> None:
    from kirok.audit import revisions

    detail = {"part": part.name, "change": change, "fields": sorted(fields)}
    member = getattr(row, "user", None) if part.label == "accounts.casemembership" else None
    if member is not None:
        # Who was given or lost access to a case is what an overseer needs to see.
        detail["account"] = member.get_username()
    audit.record("updated", obj=root, detail=detail)
    if _roots[type(root)].revisions:
        revisions.capture(root, "updated", [part.name])
