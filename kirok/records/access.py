"""Who may see and edit which records: the one place where the compartment rule is written.

Every page, API endpoint, export and statistic gets its records through these functions,
never through ``Model.objects`` directly, so that the rule cannot be forgotten or copied
wrongly into a view.

The rule (default deny):

- a record in one or more cases is visible only to members of one of those cases;
- a record in no case is visible to coordinators only (they assign it to a case);
- an administrator manages accounts and configuration and sees no records, even as a member;
- an anonymous or deactivated account sees nothing.

What a reader may do with a visible record depends on the role:

============  ==========================================================================
coordinator   reads and edits the records of the cases it belongs to, and unassigned ones
documenter    reads; edits where its membership of one of the record's cases ``can_edit``
analyst       reads (and may ask for an export, kirok.interop)
viewer        reads
============  ==========================================================================

Sensitive contact details (current address, phone …) are never part of a record's normal
view: only a reader with edit rights in a case that ``allows_sensitive_contacts`` may ask to
see them (:func:`get_sensitive_contacts_for_user`).

A refusal raises Http404, whether or not the record exists, and writes ``access_refused``
to the audit log: someone asking for a record they may not see may be probing.
"""

from __future__ import annotations

import uuid

from django.db import models
from django.http import Http404

from kirok.accounts.models import Case, CaseMembership, Role
from kirok.audit import context
from kirok.audit import services as audit
from kirok.records.models import Incident, Person, Proceeding, SensitiveContact
from kirok.sources.models import Attachment, EvidenceSpan, Proposal, Source

READING_ROLES = (Role.COORDINATOR, Role.ANALYST, Role.DOCUMENTER, Role.VIEWER)


def may_see_records(user) -> bool:
    """True for an active account whose role reads records (every role but administrator)."""
    return bool(
        user is not None
        and user.is_authenticated
        and user.is_active
        and getattr(user, "role", None) in READING_ROLES
    )


def member_case_ids(user) -> models.QuerySet:
    """The ids of the cases ``user`` is a member of (a subquery)."""
    return CaseMembership.objects.filter(user=user).values("case_id")


# Within one request the reader's cases are read once: a page asks for visible records a
# dozen times. Kept on the request object, so never longer than one request, and dropped
# when a membership changes during it (forget_memberships).
_MEMO = "_kirok_member_cases"


def member_case_list(user) -> list[int]:
    """The ids of the cases ``user`` is a member of, as numbers (read once per request)."""
    request = getattr(context.current(), "request", None)
    memo = getattr(request, _MEMO, None)
    if memo is not None and user.pk in memo:
        return memo[user.pk]
    cases = list(member_case_ids(user).values_list("case_id", flat=True))
    if request is not None:
        setattr(request, _MEMO, {**(memo or {}), user.pk: cases})
    return cases


def forget_memberships(**_kwargs) -> None:
    """Receiver: a membership changed, so the request's remembered cases are out of date."""
    request = getattr(context.current(), "request", None)
    if request is not None and hasattr(request, _MEMO):
        delattr(request, _MEMO)


def editable_case_ids(user) -> models.QuerySet:
    """The ids of the cases in which ``user`` may edit records (a subquery).

    A coordinator edits in every case it belongs to; a documenter where its membership says
    ``can_edit``; analysts and viewers nowhere, whatever their membership says.
    """
    if not may_see_records(user):
        return CaseMembership.objects.none().values("case_id")
    if user.role == Role.COORDINATOR:
        return member_case_ids(user)
    if user.role == Role.DOCUMENTER:
        return CaseMembership.objects.filter(user=user, can_edit=True).values("case_id")
    return CaseMembership.objects.none().values("case_id")


def _case_links(model) -> models.QuerySet:
    """The rows linking each record of ``model`` to its cases, for the record being tested
    (a correlated EXISTS: the database probes the link table's index for that record instead
    of building the list of every record in the cases first, which is what a search of a few
    candidates among 100,000 records spent its time on)."""
    through = model.cases.through
    return through.objects.filter(**{f"{model._meta.model_name}_id": models.OuterRef("pk")})


def _in_cases(model, case_ids) -> models.Exists:
    return models.Exists(_case_links(model).filter(case_id__in=case_ids))


def _unassigned(model) -> models.Q:
    return ~models.Exists(_case_links(model))


def sees_unassigned(user) -> bool:
    """Whether ``user`` (who may see records) sees the records that are in no case."""
    return user.role == Role.COORDINATOR


def visibility_rule(user) -> tuple[list[int], bool] | None:
    """The rule as data: the ids of the cases whose records ``user`` sees, and whether it
    sees unassigned records; None for an account that sees no record.

    For kirok.facts, which applies the same rule to records held in memory (its tests
    compare the two record by record).
    """
    if not may_see_records(user):
        return None
    return member_case_list(user), sees_unassigned(user)


def _visible(queryset: models.QuerySet, user) -> models.QuerySet:
    """Records of ``queryset`` that ``user`` may see (see the module docstring).

    Written with subqueries rather than a join on ``cases`` so that a record in several cases
    appears once and the result can be counted, ordered and sliced without ``distinct()``.
    """
    if not may_see_records(user):
        return queryset.none()
    model = queryset.model
    # The reader's cases as a list of numbers, not a subquery: PostgreSQL cannot estimate how
    # many records a subquery's cases hold, guessed a few thousand of 300,000, and chose to
    # list every visible record in a hash before testing a name's 2,000 persons (150 ms).
    # With the numbers it uses its statistics and probes the candidates' links (a few ms).
    condition = models.Q(_in_cases(model, member_case_list(user)))
    if sees_unassigned(user):
        condition |= _unassigned(model)
    return queryset.filter(condition)


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


def can_edit(user, record: models.Model) -> bool:
    """Whether ``user`` may change ``record`` (which it must already be allowed to see)."""
    if not may_see_records(user):
        return False
    in_editable_case = record.cases.filter(pk__in=editable_case_ids(user)).exists()
    if user.role == Role.COORDINATOR:
        return in_editable_case or not record.cases.exists()
    return in_editable_case


def get_incident_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> tuple[Incident, bool]:
    """The incident with this public id and whether ``user`` may edit it; Http404 otherwise.

    ``queryset`` lets a page add ``select_related``/``prefetch_related`` to what is fetched;
    the rule is applied on top of it. A refusal is written to the audit log.

    >>> incident, can_edit = get_incident_for_user(request.user, "0b6c…")  # doctest: +SKIP
    """
    incident = _get_for_user(Incident, visible_incidents(user), user, public_id, queryset)
    return incident, can_edit(user, incident)


def get_person_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> tuple[Person, bool]:
    """The person with this public id and whether ``user`` may edit it; Http404 otherwise.

    A person's names and birth date identify them, so every successful read is written to
    the audit log as ``person_viewed``, and every refusal as ``access_refused``.
    """
    person = _get_for_user(Person, visible_persons(user), user, public_id, queryset)
    audit.record("person_viewed", actor=user, obj=person)
    return person, can_edit(user, person)


def get_source_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> tuple[Source, bool]:
    """The source with this public id and whether ``user`` may edit it; Http404 otherwise."""
    source = _get_for_user(Source, visible_sources(user), user, public_id, queryset)
    return source, can_edit(user, source)


def get_attachment_for_user(user, public_id: uuid.UUID | str) -> Attachment:
    """The attachment with this public id, if ``user`` may see its source; Http404 otherwise
    (and ``access_refused`` in the audit log). Reading its bytes is an action:
    kirok.sources.services.read_attachment, which extends the file's chain of custody."""
    visible = Attachment.objects.filter(source__in=visible_sources(user).values("pk"))
    return _get_for_user(
        Attachment, visible, user, public_id, Attachment.objects.select_related("source")
    )


def get_proposal_for_user(user, public_id: uuid.UUID | str) -> tuple[Proposal, bool]:
    """The proposed record with this public id and whether ``user`` may decide it: seen by
    whoever may see its source, decided by whoever may edit the source. Http404 otherwise
    (and ``access_refused`` in the audit log)."""
    visible = Proposal.objects.filter(source__in=visible_sources(user).values("pk"))
    proposal = _get_for_user(
        Proposal, visible, user, public_id, Proposal.objects.select_related("source")
    )
    return proposal, can_edit(user, proposal.source)


def get_evidence_for_user(user, public_id: uuid.UUID | str) -> tuple[EvidenceSpan, bool]:
    """The evidence passage with this public id and whether ``user`` may change it.

    Visible when both its source and the record it supports are; changeable when ``user``
    may edit both. Http404 otherwise (and ``access_refused`` in the audit log).
    """
    span = _get_for_user(EvidenceSpan, visible_evidence(user), user, public_id, None)
    return span, can_edit(user, span.source) and can_edit(user, _evidence_record(span))


def visible_evidence(user) -> models.QuerySet[EvidenceSpan]:
    """The evidence passages ``user`` may see: both the source and the record supported."""
    incidents = visible_incidents(user).values("pk")
    persons = visible_persons(user).values("pk")
    return EvidenceSpan.objects.filter(source__in=visible_sources(user).values("pk")).filter(
        models.Q(incident__in=incidents)
        | models.Q(act__incident__in=incidents)
        | models.Q(person__in=persons)
        | models.Q(relation__subject__in=persons, relation__object__in=persons)
        | models.Q(proceeding__in=visible_proceedings(user).values("pk"))
    )


def _evidence_record(span: EvidenceSpan) -> models.Model:
    """The record whose edit rights govern a passage: an act's incident, a relation's subject."""
    if span.act_id:
        return span.act.incident
    if span.relation_id:
        return span.relation.subject
    return span.incident or span.person or span.proceeding


def get_proceeding_for_user(
    user, public_id: uuid.UUID | str, queryset: models.QuerySet | None = None
) -> tuple[Proceeding, bool]:
    """The proceeding with this public id and whether ``user`` may edit it; Http404 otherwise."""
    proceeding = _get_for_user(Proceeding, visible_proceedings(user), user, public_id, queryset)
    return proceeding, can_edit(user, proceeding)


# --- Sensitive contact details --------------------------------------------------------------


def sensitive_contact_cases(user, person: Person) -> models.QuerySet[Case]:
    """The cases of ``person`` that allow sensitive contacts and where ``user`` may edit."""
    if not may_see_records(user):
        return Case.objects.none()
    return person.cases.filter(allows_sensitive_contacts=True, pk__in=editable_case_ids(user))


def may_reveal_sensitive_contacts(user, person: Person) -> bool:
    """Whether ``user`` may ask to see ``person``'s sensitive contact details."""
    return sensitive_contact_cases(user, person).exists()


def get_sensitive_contacts_for_user(
    user, public_id: uuid.UUID | str
) -> tuple[Person, list[SensitiveContact]]:
    """The person and their sensitive contact details, if ``user`` may reveal them.

    Http404 (and ``access_refused`` in the audit log) otherwise, also for a person ``user``
    may see but whose contacts it may not. Revealing is an action: call
    kirok.records.services.reveal_sensitive_contacts, which writes ``sensitive_viewed``.
    """
    person = _get_for_user(Person, visible_persons(user), user, public_id, None)
    if not may_reveal_sensitive_contacts(user, person):
        refuse(Person, user, person.public_id, reason="sensitive_contacts")
        raise Http404
    return person, list(person.sensitive_contacts.order_by("kind", "pk"))


# --- Shared by every access function (and by kirok.interop.access) -----------------------


def parse_public_id(public_id: uuid.UUID | str) -> uuid.UUID | None:
    """The UUID, or None for anything that is not one."""
    try:
        return uuid.UUID(str(public_id))
    except (ValueError, AttributeError, TypeError):
        return None


def _get_for_user(model, visible, user, public_id, queryset):
    wanted = parse_public_id(public_id)
    if wanted is None:
        raise Http404
    base = queryset if queryset is not None else model.objects.all()
    found = base.filter(pk__in=visible.values("pk")).filter(public_id=wanted).first()
    if found is None:
        refuse(model, user, wanted)
        raise Http404
    return found


def refuse(model, user, public_id: uuid.UUID | str, *, reason: str = "") -> None:
    """Write ``access_refused`` for a record ``user`` asked for and may not have.

    The event is the same whether or not the record exists: the log must not reveal which.
    """
    detail = {"object_type": model._meta.label_lower, "public_id": str(public_id)}
    if reason:
        detail["reason"] = reason
    audit.record("access_refused", actor=user, detail=detail)
