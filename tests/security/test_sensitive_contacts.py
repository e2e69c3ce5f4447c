"""Data minimisation: contact details exist only in cases that allow them, never appear on
normal pages, and are shown once, on an explicit, re-authenticated and audited request."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import transaction
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.records import services
from kirok.records.models import SensitiveContact
from tests import factories

PHONE = "+82 10-5555-0199"
ADDRESS = "서울특별시 가상구 예시로 12"


@pytest.fixture
def allowing_case(db):
    return factories.make_case("연락처 허용 사례", allows_sensitive_contacts=True)


@pytest.fixture
def person_with_contacts(allowing_case):
    person = factories.make_person(cases=[allowing_case])
    SensitiveContact.objects.create(person=person, kind="phone", value=PHONE)
    SensitiveContact.objects.create(person=person, kind="address", value=ADDRESS)
    return person


def member(role, case, can_edit=False):
    user = factories.make_user(role)
    CaseMembership.objects.create(case=case, user=user, can_edit=can_edit)
    return user


def refused(call) -> ValidationError:
    with pytest.raises(ValidationError) as caught, transaction.atomic():
        call()
    return caught.value


# --- Where contact details may exist -----------------------------------------------------


def test_a_contact_detail_is_refused_for_a_person_in_no_allowing_case(db):
    plain_case = factories.make_case()
    for person in (factories.make_person(), factories.make_person(cases=[plain_case])):
        error = refused(
            lambda p=person: SensitiveContact.objects.create(person=p, kind="phone", value=PHONE)
        )
        assert error.code == "sensitive_contacts_not_allowed"
    assert not SensitiveContact.objects.exists()


def test_the_service_keeps_a_detail_in_an_allowing_case_and_audits_its_kind_only(allowing_case):
    coordinator = member("coordinator", allowing_case)
    person = factories.make_person(cases=[allowing_case])
    services.add_sensitive_contact(person, "phone", PHONE, actor=coordinator)
    assert person.sensitive_contacts.get().value == PHONE
    event = AuditEvent.objects.get(action="sensitive_added")
    assert event.detail == {"kind": "phone"}
    assert PHONE not in str(event.detail)


def test_the_service_refuses_outside_an_allowing_case(db):
    person = factories.make_person(cases=[factories.make_case()])
    with pytest.raises(ValidationError):
        services.add_sensitive_contact(person, "phone", PHONE, actor=None)


def test_moving_the_person_out_of_the_last_allowing_case_is_refused(
    allowing_case, person_with_contacts
):
    person, case = person_with_contacts, allowing_case
    other = factories.make_case()
    for attempt in (
        lambda: person.cases.remove(case),
        lambda: person.cases.clear(),
        lambda: person.cases.set([other]),
        lambda: case.persons.remove(person),
        lambda: case.persons.clear(),
    ):
        assert refused(attempt).code == "sensitive_contacts_stranded"
    assert list(person.cases.all()) == [case]
    assert person.sensitive_contacts.count() == 2


def test_switching_a_case_off_or_deleting_it_is_refused_while_it_holds_details(
    allowing_case, person_with_contacts
):
    allowing_case.allows_sensitive_contacts = False
    assert refused(allowing_case.save).code == "sensitive_contacts_stranded"
    allowing_case.refresh_from_db()
    assert refused(allowing_case.delete).code == "sensitive_contacts_stranded"
    assert person_with_contacts.sensitive_contacts.count() == 2


def test_a_person_may_move_when_another_allowing_case_keeps_them(
    allowing_case, person_with_contacts
):
    second = factories.make_case("두 번째 허용 사례", allows_sensitive_contacts=True)
    person_with_contacts.cases.add(second)
    person_with_contacts.cases.remove(allowing_case)
    assert list(person_with_contacts.cases.all()) == [second]


def test_after_deleting_the_details_the_person_may_leave(allowing_case, person_with_contacts):
    coordinator = member("coordinator", allowing_case)
    assert services.delete_sensitive_contacts(person_with_contacts, actor=coordinator) == 2
    person_with_contacts.cases.remove(allowing_case)
    event = AuditEvent.objects.get(action="sensitive_deleted")
    assert event.detail == {"count": 2}


def test_persons_without_details_move_freely(allowing_case):
    person = factories.make_person(cases=[allowing_case])
    person.cases.clear()
    allowing_case.allows_sensitive_contacts = False
    allowing_case.save()


# --- Pages --------------------------------------------------------------------------------


def page(client, user, person) -> str:
    client.force_login(user)
    return client.get(reverse("web:person", args=[person.public_id])).content.decode()


@pytest.mark.parametrize(
    ("role", "can_edit", "offered"),
    [
        ("coordinator", False, True),
        ("documenter", True, True),
        ("documenter", False, False),
        ("analyst", True, False),
        ("viewer", False, False),
    ],
)
def test_the_person_page_offers_the_details_only_to_members_with_edit_rights(
    client, allowing_case, person_with_contacts, role, can_edit, offered
):
    body = page(client, member(role, allowing_case, can_edit), person_with_contacts)
    assert ("2 sensitive contact details" in body) is offered
    assert PHONE not in body and ADDRESS not in body


def test_edit_rights_in_a_case_that_does_not_allow_details_are_not_enough(
    client, allowing_case, person_with_contacts
):
    plain = factories.make_case()
    person_with_contacts.cases.add(plain)
    body = page(client, member("documenter", plain, can_edit=True), person_with_contacts)
    assert "sensitive contact detail" not in body


def test_details_never_appear_on_lists_or_other_pages(client, allowing_case, person_with_contacts):
    coordinator = member("coordinator", allowing_case)
    incident = factories.make_incident(cases=[allowing_case])
    factories.make_act(incident=incident, victim=person_with_contacts)
    client.force_login(coordinator)
    for url in (reverse("web:home"), reverse("web:incident", args=[incident.public_id])):
        body = client.get(url).content.decode()
        assert PHONE not in body and ADDRESS not in body and "sensitive" not in body


def test_showing_them_is_a_post_that_renders_them_once_and_is_audited(
    client, allowing_case, person_with_contacts
):
    coordinator = member("coordinator", allowing_case)
    client.force_login(coordinator)
    url = reverse("web:person_sensitive", args=[person_with_contacts.public_id])
    assert client.get(url).status_code == 405
    response = client.post(url)
    assert response.status_code == 200
    body = response.content.decode()
    assert PHONE in body and ADDRESS in body
    assert "no-store" in response["Cache-Control"]
    event = AuditEvent.objects.get(action="sensitive_viewed")
    assert event.actor == coordinator
    assert event.object_id == str(person_with_contacts.public_id)
    assert event.detail == {"count": 2, "kinds": ["address", "phone"]}
    assert PHONE not in str(event.detail)


def test_showing_them_asks_for_recent_authentication_first(
    client, allowing_case, person_with_contacts
):
    client.force_login(member("coordinator", allowing_case))
    factories.age_confirmation(client, minutes=10)
    url = reverse("web:person_sensitive", args=[person_with_contacts.public_id])
    response = client.post(url)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm"))
    assert not AuditEvent.objects.filter(action="sensitive_viewed").exists()


def test_a_member_without_edit_rights_is_refused_and_the_refusal_audited(
    client, allowing_case, person_with_contacts
):
    client.force_login(member("analyst", allowing_case))
    url = reverse("web:person_sensitive", args=[person_with_contacts.public_id])
    assert client.post(url).status_code == 404
    refusal = AuditEvent.objects.get(action="access_refused")
    assert refusal.detail["reason"] == "sensitive_contacts"
    assert not AuditEvent.objects.filter(action="sensitive_viewed").exists()
