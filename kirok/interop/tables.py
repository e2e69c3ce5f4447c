"""What an export holds: the rows of each kind, chosen through kirok.records.access.

Every row comes from the requester's visible_* querysets at the moment the file is made, and
honours consent: the UN kinds leave out persons without ``consent_share_un``, the public kind
those without ``consent_publish`` (the WGEID kind refuses instead, see
kirok.interop.services). Sensitive contact details are never exported, by any kind.
"""

from __future__ import annotations

from collections.abc import Iterator

from django.db import models

from kirok.interop import public_tables
from kirok.interop.models import ExportKind, ExportRequest
from kirok.records import access
from kirok.records.models import Incident, Person

PERSON_COLUMNS = [
    "public_id",
    "name",
    "other_names",
    "sex",
    "birth_date",
    "status",
    "nationality",
    "birthplace",
    "hometown",
    "consent_store",
    "consent_share_un",
    "consent_publish",
]
INCIDENT_COLUMNS = [
    "public_id",
    "title",
    "start_date",
    "end_date",
    "place",
    "status",
    "violation_types",
    "victims_exact",
    "victims_min",
    "victims_max",
    "victims_as_reported",
    "summary",
]
CONSENT_REQUIRED = {
    ExportKind.PERSONS_UN: "consent_share_un",
    ExportKind.WGEID: "consent_share_un",
    ExportKind.PERSONS_PUBLIC: "consent_publish",
}


def _in_cases(model, export: ExportRequest) -> models.QuerySet:
    link = f"{model._meta.model_name}_id"
    return model.cases.through.objects.filter(case__in=export.cases.all()).values(link)


def selected_persons(export: ExportRequest, reader) -> models.QuerySet[Person]:
    """The persons the request covers that ``reader`` may see, before any consent filter."""
    visible = access.visible_persons(reader)
    if export.kind == ExportKind.WGEID:
        return visible.filter(pk__in=export.proceeding.persons.values("pk"))
    return visible.filter(pk__in=_in_cases(Person, export))


def exported_persons(export: ExportRequest, reader) -> models.QuerySet[Person]:
    """The persons that go into the file: selected, and with the consent the kind needs."""
    persons = selected_persons(export, reader)
    flag = CONSENT_REQUIRED.get(export.kind)
    return persons.filter(**{flag: True}) if flag else persons


def lacking_consent(export: ExportRequest, reader) -> models.QuerySet[Person]:
    """Selected persons left out (or, for WGEID, refused) for lack of consent."""
    flag = CONSENT_REQUIRED.get(export.kind)
    if not flag:
        return Person.objects.none()
    return selected_persons(export, reader).filter(**{flag: False})


def exported_incidents(export: ExportRequest, reader) -> models.QuerySet[Incident]:
    return access.visible_incidents(reader).filter(pk__in=_in_cases(Incident, export))


def row_count(export: ExportRequest, reader) -> int:
    """How many rows the file would have if ``reader`` made it now."""
    if export.kind == ExportKind.INCIDENTS:
        return exported_incidents(export, reader).count()
    if export.kind == ExportKind.VICTIMS_PUBLIC:
        return len(public_tables.build(export, reader).rows)
    return exported_persons(export, reader).count()


def columns(export: ExportRequest) -> list[str]:
    if export.kind == ExportKind.INCIDENTS:
        return INCIDENT_COLUMNS
    if export.kind == ExportKind.VICTIMS_PUBLIC:
        return public_tables.COLUMNS
    if export.kind == ExportKind.WGEID:
        return [*PERSON_COLUMNS, "proceeding_reference"]
    return PERSON_COLUMNS


def rows(export: ExportRequest, reader) -> Iterator[list]:
    """The rows of the file, in a stable order (by creation). The table to publish is made
    whole, with its heading, by kirok.interop.public_tables.build."""
    if export.kind == ExportKind.VICTIMS_PUBLIC:
        raise ValueError("the table to publish is made by public_tables.build")
    if export.kind == ExportKind.INCIDENTS:
        incidents = (
            exported_incidents(export, reader)
            .select_related("place")
            .prefetch_related("place__names", "violation_types")
            .order_by("pk")
        )
        yield from (_incident_row(incident) for incident in incidents)
        return
    persons = (
        exported_persons(export, reader)
        .select_related("birthplace", "hometown")
        .prefetch_related("names", "birthplace__names", "hometown__names")
        .order_by("pk")
    )
    extra = [export.proceeding.reference] if export.kind == ExportKind.WGEID else []
    for person in persons:
        yield [*_person_row(person), *extra]


def _flag(value: bool) -> str:
    return "yes" if value else "no"


def _person_row(person: Person) -> list:
    primary = person.primary_name()
    others = [n for n in person.names.all() if n is not primary]
    return [
        person.public_id,
        primary.text if primary else "",
        "; ".join(f"{n.text} ({n.script}, {n.kind})" for n in others),
        person.sex,
        person.birth_date,
        person.status,
        person.nationality,
        person.birthplace.display_name() if person.birthplace else "",
        person.hometown.display_name() if person.hometown else "",
        _flag(person.consent_store),
        _flag(person.consent_share_un),
        _flag(person.consent_publish),
    ]


def _incident_row(incident: Incident) -> list:
    return [
        incident.public_id,
        incident.title,
        incident.start_date,
        incident.end_date,
        incident.place.display_name() if incident.place else "",
        incident.status,
        "; ".join(term.code for term in incident.violation_types.all()),
        incident.victim_count_exact,
        incident.victim_count_min,
        incident.victim_count_max,
        incident.victim_count_text,
        incident.summary,
    ]
