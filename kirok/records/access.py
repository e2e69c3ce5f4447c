"""Who may see which records: the one place where the compartment rule is written.

Every page, API endpoint and export gets its records through these functions, never through
``Model.objects`` directly, so that the rule cannot be forgotten or copied wrongly into a view.

The rule for now (the foundation step):

- an administrator manages accounts and configuration, not records, and sees no records;
- any other active account sees the records that are in no case, and the records in a case
  of which it is a member (``CaseMembership``);
- an anonymous or deactivated account sees nothing.

A later security issue deepens this (per-role edit rights, sensitive fields, approval of bulk
reads); it changes these functions, not the views.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.http import Http404

from kirok.accounts.models import CaseMembership, Role
from kirok.audit import services as audit
from kirok.records.models import Incident, Person, Proceeding
from kirok.sources.models import Source


def _may_see_records(user) -> bool:
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and user.role != Role.ADMINISTRATOR
    )


def _visible(queryset: models.QuerySet, user) -> models.QuerySet:
    """Records of ``queryset`` in no case, or in a case ``user`` is a member of.

    Written with subqueries rather than a join on ``cases`` so that a record in several cases
    appears once and the result can be counted, ordered and sliced without ``distinct()``.
    """
    if not _may_see_records(user):
        return queryset.none()
    through = queryset.model.cases.through
    link = f"{queryset.model._meta.model_name}_id"
    in_any_case = through.objects.values(link)
    member_of = CaseMembership.objects.filter(user=user).values("case_id")
    in_my_cases = through.objects.filter(case_id__in=member_of).values(link)
    return queryset.filter(~models.Q(pk__in=in_any_case) | models.Q(pk__in=in_my_cases))


def visible_incidents(user) -> models.QuerySet[Incident]:
    """The incidents ``user`` may see (see the module docstring for the rule)."""
    return _visible(Incident.objects.all(), user)


def visible_persons(user) -> models.QuerySet[Person]:
    """The persons ``user`` may see (see the module docstring for the rule)."""
    return _visible(Person.objects.all(), user)


def visible_sources(user) -> models.QuerySet[Source]:
    """The sources ``user`` may see (see the module docstring for the rule)."""
    return _visible(Source.objects.all(), user)


def visible_proceedings(user) -> models.QuerySet[Proceeding]:
    """The proceedings ``user`` may see (see the module docstring for the rule)."""
    return _visible(Proceeding.objects.all(), user)


def get_incident_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> Incident:
    """The incident with this public id if ``user`` may see it; Http404 otherwise.

    ``queryset`` lets a page add ``select_related``/``prefetch_related`` to what is fetched;
    the rule is applied on top of it. A refusal is written to the audit log.

    >>> get_incident_for_user(request.user, "0b6c…")  # doctest: +SKIP
    """
    return _get_for_user(Incident, visible_incidents(user), user, public_id, queryset)


def get_person_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> Person:
    """The person with this public id if ``user`` may see it; Http404 otherwise.

    A person's names and birth date identify them, so every successful read is written to
    the audit log as ``person_viewed``, and every refusal as ``access_refused``.
    """
    person = _get_for_user(Person, visible_persons(user), user, public_id, queryset)
    audit.record("person_viewed", actor=user, obj=person)
    return person


def _get_for_user(model, visible, user, public_id, queryset):
    try:
        wanted = uuid.UUID(str(public_id))
    except ValueError:
        raise Http404 from None
    base = queryset if queryset is not None else model.objects.all()
    found = base.filter(pk__in=visible.values("pk")).filter(public_id=wanted).first()
    if found is None:
        _record_refusal(model, user, wanted)
        raise Http404
    return found


def _record_refusal(model, user, public_id: uuid.UUID) -> None:
    # Someone asking for a record they may not see may be probing: leave a trace, whether or
    # not the record exists (the log must not reveal which is the case either).
    audit.record(
        "access_refused",
        actor=user,
        detail={"object_type": model._meta.label_lower, "public_id": str(public_id)},
    )
