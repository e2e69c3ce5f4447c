"""Write a Change row whenever a record that is counted changes (model signals).

Each receiver names the table family to reload and the record's key, in the transaction that
makes the change: if it is rolled back, so is the Change. ``bulk_create``, ``update()`` and
raw SQL send no signals: code that writes that way (the demo loader, the gazetteer seeding)
calls :func:`everything_changed` itself.
"""

from __future__ import annotations

import secrets
from collections.abc import Iterable

from django.db.models.signals import m2m_changed, post_delete, post_save

from kirok.facts.models import Change

INCIDENT, PERSON, SOURCE, PROCEEDING, ALL = "incident", "person", "source", "proceeding", "all"


def changed(kind: str, record_ids: Iterable[int | None]) -> None:
    """Note that the facts of these records (of one kind) must be read again."""
    rows = [Change(token=_token(), kind=kind, record_id=pk) for pk in set(record_ids) if pk]
    if rows:
        Change.objects.bulk_create(rows)


def everything_changed() -> None:
    """Note that every process must read every fact again (bulk loads, reference data)."""
    Change.objects.create(token=_token(), kind=ALL)


def _token() -> int:
    return secrets.randbits(62)


# --- receivers --------------------------------------------------------------------------------


def _incident_saved(sender, instance, **kwargs):
    changed(INCIDENT, [instance.pk])


def _act_saved(sender, instance, **kwargs):
    changed(INCIDENT, [instance.incident_id])


def _perpetrator_saved(sender, instance, **kwargs):
    from kirok.records.models import Act

    incident = Act.objects.filter(pk=instance.act_id).values_list("incident_id", flat=True)
    changed(INCIDENT, list(incident))


def _span_saved(sender, instance, **kwargs):
    from kirok.records.models import Act

    ids = [instance.incident_id]
    if instance.act_id:
        ids += Act.objects.filter(pk=instance.act_id).values_list("incident_id", flat=True)
    changed(INCIDENT, ids)


def _keyed(kind: str):
    def receiver(sender, instance, **kwargs):
        changed(kind, [instance.pk])

    return receiver


def _reference_changed(sender, **kwargs):
    # Places, organizations, vocabulary terms and cases are small tables that every count
    # reads through (trees, labels, case links deleted by cascade): read everything again.
    everything_changed()


def _links(kind: str, owner_model):
    """m2m_changed for links of ``owner_model`` (records of ``kind``), from either side."""

    def receiver(sender, instance, action, reverse, pk_set, **kwargs):
        if not action.startswith("post_"):
            return
        if isinstance(instance, owner_model):
            changed(kind, [instance.pk])
        elif pk_set:
            changed(kind, pk_set)
        else:  # "clear" from the other side: which owners lost the link is gone by now
            everything_changed()

    return receiver


def connect() -> None:
    from kirok.accounts.models import Case
    from kirok.records.models import (
        Act,
        ActPerpetrator,
        Incident,
        Organization,
        OrganizationName,
        Person,
        Place,
        PlaceName,
        Proceeding,
    )
    from kirok.sources.models import EvidenceSpan, Source
    from kirok.vocabularies.models import Term

    receivers = [
        (Incident, _incident_saved),
        (Act, _act_saved),
        (ActPerpetrator, _perpetrator_saved),
        (EvidenceSpan, _span_saved),
        (Person, _keyed(PERSON)),
        (Source, _keyed(SOURCE)),
        (Proceeding, _keyed(PROCEEDING)),
        (Place, _reference_changed),
        # A name changed on its own (a script, the admin) changes the labels of facets and
        # charts, which are cached with the snapshot like the rest of the reference data.
        (PlaceName, _reference_changed),
        (Organization, _reference_changed),
        (OrganizationName, _reference_changed),
        (Term, _reference_changed),
    ]
    for model, receiver in receivers:
        uid = f"kirok.facts:{model._meta.label_lower}"
        post_save.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
        post_delete.connect(receiver, sender=model, dispatch_uid=uid, weak=False)
    post_delete.connect(_reference_changed, sender=Case, dispatch_uid="kirok.facts:case")
    links = [
        (Incident.cases.through, INCIDENT, Incident),
        (Incident.violation_types.through, INCIDENT, Incident),
        (Person.cases.through, PERSON, Person),
        (Source.cases.through, SOURCE, Source),
        (Proceeding.cases.through, PROCEEDING, Proceeding),
        (Proceeding.incidents.through, PROCEEDING, Proceeding),
        (Proceeding.persons.through, PROCEEDING, Proceeding),
    ]
    for through, kind, owner in links:
        uid = f"kirok.facts:{through._meta.label_lower}"
        m2m_changed.connect(_links(kind, owner), sender=through, dispatch_uid=uid, weak=False)
