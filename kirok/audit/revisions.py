"""Revisions: every version of a record, kept as a sealed snapshot, and restoring one.

The model signals (kirok.audit.tracking) call :func:`capture` after each change. Changes
made in one operation (one request, or one ``context.acting`` block) fold into one
revision: saving a person and two of their names is one new version, not three. A record
that existed before it was first audited (demo data loaded in bulk, data from before this
feature) gets a *baseline* revision with its state just before its first recorded change,
so that even that change can be compared and undone.

Restoring never rewrites history: it writes the old values back through the ORM, which
makes a new revision (marked ``restored``) in the usual way.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from kirok.audit import context, snapshots, tracking
from kirok.audit import services as audit
from kirok.audit.models import Revision, RevisionAction
from kirok.audit.snapshots import RestoreError

__all__ = ["RestoreError", "capture", "ensure_baseline", "history_of", "restore"]

_ACTIONS = {
    "created": RevisionAction.CREATED,
    "updated": RevisionAction.UPDATED,
    "deleted": RevisionAction.DELETED,
}


def _keeps_revisions(model: type[models.Model]) -> bool:
    tracked = tracking.spec(model)
    return bool(tracked and tracked.revisions)


def history_of(object_type: str, public_id) -> models.QuerySet[Revision]:
    """A record's revisions, oldest first (snapshots are decrypted only when read)."""
    return Revision.objects.filter(object_type=object_type, object_id=public_id).order_by("number")


def last_state(model: type[models.Model], pk) -> dict | None:
    """The state to keep when a record is about to be deleted."""
    return snapshots.build(model, pk) if _keeps_revisions(model) else None


def ensure_baseline(model: type[models.Model], pk, public_id=None) -> None:
    """Before the first recorded change of an existing record, keep its state as version 1."""
    if pk is None or not _keeps_revisions(model):
        return
    if public_id is None:
        public_id = model._base_manager.filter(pk=pk).values_list("public_id", flat=True).first()
    if public_id is None:
        return
    label = model._meta.label_lower
    if history_of(label, public_id).exists():
        return
    state = snapshots.build(model, pk)
    _write(label, public_id, 1, RevisionAction.BASELINE, [], state, operation="", actor=None)


def capture(record: models.Model, action: str, fields: list[str], state=None) -> Revision | None:
    """Keep the record's state after a change (or ``state``, its last one, for a deletion)."""
    model = type(record)
    if state is None:
        fresh = action == "created" and not record.get_deferred_fields()
        state = snapshots.build(model, record.pk, created=record if fresh else None)
    if state is None:
        return None
    label, public_id = model._meta.label_lower, record.public_id
    latest = history_of(label, public_id).defer("snapshot").order_by("-number").first()
    operation = context.current_operation()
    if (
        operation
        and latest is not None
        and latest.operation == operation
        and latest.action != RevisionAction.BASELINE
    ):
        latest.snapshot = snapshots.dumps(state)
        latest.fields = sorted(set(latest.fields) | set(fields))
        latest.at = timezone.now()
        if action == "deleted":
            latest.action = RevisionAction.DELETED
        latest.save(update_fields=["snapshot", "fields", "at", "action"])
        return latest
    number = latest.number + 1 if latest else 1
    return _write(label, public_id, number, _ACTIONS[action], fields, state, operation)


def _write(label, public_id, number, action, fields, state, operation, actor=...) -> Revision:
    if actor is ...:
        actor = context.current_user()
    known = actor if getattr(actor, "pk", None) else None
    return Revision.objects.create(
        object_type=label,
        object_id=public_id,
        number=number,
        action=action,
        at=timezone.now(),
        actor=known,
        actor_name=known.get_username() if known else "",
        fields=sorted(fields),
        snapshot=snapshots.dumps(state),
        operation=operation,
    )


def restore(record: models.Model, number: int, *, expected_latest: int, actor) -> Revision:
    """Write the values of version ``number`` back into ``record`` as a new version.

    ``expected_latest`` is the newest version the person saw: if someone changed the record
    since, nothing is done (RestoreError), so that nobody undoes a change they never saw.
    The caller has checked that ``actor`` may edit the record. Writes ``restored``.
    """
    label = type(record)._meta.label_lower
    with transaction.atomic():
        versions = history_of(label, record.public_id).select_for_update()
        latest = versions.defer("snapshot").order_by("-number").first()
        if latest is None or latest.number != expected_latest:
            raise RestoreError(
                _("The record has changed since you opened its history; look at it again.")
            )
        old = versions.filter(number=number).first()
        if old is None or number == latest.number:
            raise RestoreError(_("Only an earlier version can be restored."))
        try:
            with context.acting(actor):
                snapshots.apply(record, snapshots.read(old))
        except ValidationError as error:  # a rule of the record (consent …) refuses it
            raise RestoreError(" ".join(error.messages)) from None
        new = history_of(label, record.public_id).defer("snapshot").order_by("-number").first()
        if new.number == latest.number:
            raise RestoreError(
                _("Version %(number)s holds the same values as the current one.")
                % {"number": number}
            )
        new.action, new.restored_from = RevisionAction.RESTORED, number
        new.save(update_fields=["action", "restored_from"])
        audit.record(
            "restored",
            actor=actor,
            obj=record,
            detail={"version": number, "new_version": new.number, "fields": new.fields},
        )
    return new
