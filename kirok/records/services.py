"""Actions on records that carry a rule about people: consent and data minimisation.

Consent
    A person who has not consented to sharing with UN mechanisms (``consent_share_un``)
    cannot be part of a proceeding before the UN Working Group on Enforced or Involuntary
    Disappearances (forum ``wgeid``). :func:`add_person_to_proceeding` refuses with a readable
    message, and a ``m2m_changed`` receiver refuses every other path (admin, shell, imports)
    with a ValidationError. Withdrawing consent later is always possible; the WGEID export
    (kirok.interop) then refuses the proceeding until the person is taken out of it.

Data minimisation
    Sensitive contact details (current address, phone, messaging account, travel plans) may
    exist only for a person in at least one case whose ``allows_sensitive_contacts`` is true.
    A ``pre_save`` receiver refuses any other, and every path that would take such a person
    out of the last allowing case — removing them from the case, clearing its persons,
    switching ``allows_sensitive_contacts`` off, deleting the case — is **refused**, not
    silently deleting anything: a person's contact details are deleted only on purpose, by
    :func:`delete_sensitive_contacts`, which is audited. (Add the person to another allowing
    case first, or delete the details first.) ``bulk_create`` and raw SQL bypass receivers;
    Kirok uses neither for these rows.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.db.models.signals import m2m_changed, pre_delete, pre_save
from django.dispatch import receiver
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from kirok.accounts.models import Case
from kirok.audit import services as audit
from kirok.records.models import Person, Proceeding, SensitiveContact

WGEID = "wgeid"


# --- Consent ------------------------------------------------------------------------------


def is_wgeid(proceeding: Proceeding) -> bool:
    """Whether the proceeding is a submission to the UN WGEID."""
    return bool(proceeding.forum_id) and proceeding.forum.code == WGEID


def without_un_consent(persons: models.QuerySet[Person]) -> models.QuerySet[Person]:
    """The persons of ``persons`` who have not consented to sharing with UN mechanisms."""
    return persons.filter(consent_share_un=False)


def un_consent_error(persons: list[Person]) -> ValidationError:
    """The error for persons without consent to UN sharing; names them by public id only."""
    count = len(persons)
    message = ngettext(
        "%(count)s person has not consented to sharing with UN mechanisms and cannot be "
        "part of a WGEID submission. Record their consent, or leave them out.",
        "%(count)s persons have not consented to sharing with UN mechanisms and cannot be "
        "part of a WGEID submission. Record their consent, or leave them out.",
        count,
    ) % {"count": count}
    # Public ids, not names: this message can reach a log when raised outside a form.
    return ValidationError(
        message,
        code="no_un_consent",
        params={"persons": [str(p.public_id) for p in persons]},
    )


def add_person_to_proceeding(proceeding: Proceeding, person: Person, *, actor) -> None:
    """Add ``person`` to ``proceeding``, refusing a WGEID one without UN-sharing consent.

    The caller has both records from kirok.records.access (and edit rights on the
    proceeding). Raises ValidationError (code ``no_un_consent``).

    >>> add_person_to_proceeding(submission, person, actor=request.user)  # doctest: +SKIP
    """
    if is_wgeid(proceeding) and not person.consent_share_un:
        raise un_consent_error([person])
    proceeding.persons.add(person)
    audit.record(
        "proceeding_person_added",
        actor=actor,
        obj=proceeding,
        detail={"person": str(person.public_id)},
    )


@receiver(m2m_changed, sender=Proceeding.persons.through, dispatch_uid="records.wgeid_consent")
def _refuse_persons_without_un_consent(sender, instance, action, reverse, pk_set, **kwargs):
    if action != "pre_add" or not pk_set:
        return
    if reverse:  # person.proceedings.add(...): instance is the person
        wgeid = Proceeding.objects.filter(pk__in=pk_set, forum__code=WGEID).exists()
        if wgeid and not instance.consent_share_un:
            raise un_consent_error([instance])
    elif is_wgeid(instance):
        missing = list(without_un_consent(Person.objects.filter(pk__in=pk_set)))
        if missing:
            raise un_consent_error(missing)


@receiver(pre_save, sender=Proceeding, dispatch_uid="records.wgeid_forum_change")
def _refuse_forum_change_to_wgeid(sender, instance, raw=False, **kwargs):
    # Turning an existing proceeding into a WGEID submission puts its persons into it.
    if raw or instance.pk is None or not is_wgeid(instance):
        return
    before = Proceeding.objects.filter(pk=instance.pk).values_list("forum_id", flat=True).first()
    if before != instance.forum_id:
        missing = list(without_un_consent(instance.persons.all()))
        if missing:
            raise un_consent_error(missing)


# --- Data minimisation: sensitive contact details ------------------------------------------


def allowing_cases(person: Person) -> models.QuerySet[Case]:
    """The cases of ``person`` that allow sensitive contact details."""
    return person.cases.filter(allows_sensitive_contacts=True)


def check_sensitive_contacts_allowed(person: Person) -> None:
    """Raise ValidationError unless ``person`` is in a case that allows contact details."""
    if person.pk is None or not allowing_cases(person).exists():
        raise ValidationError(
            _(
                "Sensitive contact details can only be kept for a person in a case that "
                "allows them."
            ),
            code="sensitive_contacts_not_allowed",
        )


@transaction.atomic
def add_sensitive_contact(person: Person, kind: str, value: str, *, actor) -> SensitiveContact:
    """Keep one contact detail of ``person``; refused outside an allowing case.

    The caller has the person from kirok.records.access and
    ``access.may_reveal_sensitive_contacts``. The audit event names the kind, never the value.
    """
    check_sensitive_contacts_allowed(person)
    contact = SensitiveContact(person=person, kind=kind, value=value)
    contact.full_clean()
    contact.save()
    audit.record("sensitive_added", actor=actor, obj=person, detail={"kind": kind})
    return contact


def reveal_sensitive_contacts(user, person: Person, contacts: list[SensitiveContact]) -> list:
    """Record that ``user`` is shown ``person``'s contact details, and return them."""
    audit.record(
        "sensitive_viewed",
        actor=user,
        obj=person,
        detail={"count": len(contacts), "kinds": sorted({c.kind for c in contacts})},
    )
    return contacts


@transaction.atomic
def delete_sensitive_contacts(person: Person, *, actor) -> int:
    """Delete every contact detail of ``person``; the only way they are ever removed."""
    count, _deleted = SensitiveContact.objects.filter(person=person).delete()
    audit.record("sensitive_deleted", actor=actor, obj=person, detail={"count": count})
    return count


def _stranded(person_ids, leaving_case_ids) -> list[Person]:
    """Of ``person_ids``, those with contact details who would be left in no allowing case
    once out of ``leaving_case_ids`` (and who are in an allowing one of them now)."""
    through = Person.cases.through
    allowing = through.objects.filter(case__allows_sensitive_contacts=True)
    losing = allowing.filter(case_id__in=leaving_case_ids).values("person_id")
    keeping = allowing.exclude(case_id__in=leaving_case_ids).values("person_id")
    with_contacts = SensitiveContact.objects.values("person_id")
    return list(
        Person.objects.filter(pk__in=person_ids)
        .filter(pk__in=with_contacts)
        .filter(pk__in=losing)
        .exclude(pk__in=keeping)
    )


def _refuse_stranding(person_ids, leaving_case_ids) -> None:
    stranded = _stranded(person_ids, leaving_case_ids)
    if stranded:
        count = len(stranded)
        raise ValidationError(
            ngettext(
                "%(count)s person has sensitive contact details that would be left outside "
                "any case that allows them. Delete those details first, or add the person to "
                "another case that allows them.",
                "%(count)s persons have sensitive contact details that would be left outside "
                "any case that allows them. Delete those details first, or add the persons "
                "to another case that allows them.",
                count,
            )
            % {"count": count},
            code="sensitive_contacts_stranded",
            params={"persons": [str(p.public_id) for p in stranded]},
        )


@receiver(pre_save, sender=SensitiveContact, dispatch_uid="records.sensitive_contact_allowed")
def _refuse_contact_outside_allowing_case(sender, instance, raw=False, **kwargs):
    if not raw:
        check_sensitive_contacts_allowed(instance.person)


@receiver(m2m_changed, sender=Person.cases.through, dispatch_uid="records.sensitive_case_exit")
def _refuse_leaving_the_last_allowing_case(sender, instance, action, reverse, pk_set, **kwargs):
    if action not in ("pre_remove", "pre_clear"):
        return
    if reverse:  # case.persons.remove(...) / clear(): instance is the case
        persons = pk_set if action == "pre_remove" else instance.persons.values("pk")
        _refuse_stranding(persons, [instance.pk])
    else:  # person.cases.remove(...) / clear() / set(...)
        cases = pk_set if action == "pre_remove" else instance.cases.values("pk")
        _refuse_stranding([instance.pk], cases)


@receiver(pre_save, sender=Case, dispatch_uid="records.sensitive_case_switched_off")
def _refuse_switching_off_a_case_in_use(sender, instance, raw=False, **kwargs):
    if raw or instance.pk is None or instance.allows_sensitive_contacts:
        return
    if Case.objects.filter(pk=instance.pk, allows_sensitive_contacts=True).exists():
        _refuse_stranding(instance.persons.values("pk"), [instance.pk])


@receiver(pre_delete, sender=Case, dispatch_uid="records.sensitive_case_deleted")
def _refuse_deleting_a_case_in_use(sender, instance, **kwargs):
    if instance.allows_sensitive_contacts:
        _refuse_stranding(instance.persons.values("pk"), [instance.pk])
