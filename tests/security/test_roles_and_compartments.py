"""Roles and compartments, written once in kirok.records.access: default deny."""

from __future__ import annotations

import pytest
from django.http import Http404

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.records import access
from tests import factories

VISIBLE = {
    "incident": access.visible_incidents,
    "person": access.visible_persons,
    "source": access.visible_sources,
    "proceeding": access.visible_proceedings,
}
GET = {
    "incident": access.get_incident_for_user,
    "person": access.get_person_for_user,
    "source": access.get_source_for_user,
    "proceeding": access.get_proceeding_for_user,
}
MAKE = {
    "incident": factories.make_incident,
    "person": factories.make_person,
    "source": factories.make_source,
    "proceeding": factories.make_proceeding,
}


def member(role: str, case, *, can_edit: bool = False):
    user = factories.make_user(role)
    CaseMembership.objects.create(case=case, user=user, can_edit=can_edit)
    return user


@pytest.mark.parametrize("kind", sorted(MAKE))
def test_a_record_in_a_case_is_visible_only_to_its_members(db, kind):
    case, other = factories.make_case(), factories.make_case()
    record = MAKE[kind](cases=[case])
    for role in ("coordinator", "analyst", "documenter", "viewer"):
        assert list(VISIBLE[kind](member(role, case))) == [record]
        assert not VISIBLE[kind](member(role, other)).exists()


@pytest.mark.parametrize("kind", sorted(MAKE))
def test_a_record_in_no_case_is_visible_to_coordinators_only(db, kind):
    record = MAKE[kind]()
    assert list(VISIBLE[kind](factories.make_user("coordinator"))) == [record]
    for role in ("administrator", "analyst", "documenter", "viewer"):
        assert not VISIBLE[kind](factories.make_user(role)).exists(), role


@pytest.mark.parametrize("kind", sorted(MAKE))
def test_an_administrator_sees_no_records_even_as_a_member(db, kind):
    case = factories.make_case()
    MAKE[kind](cases=[case])
    MAKE[kind]()
    assert not VISIBLE[kind](member("administrator", case, can_edit=True)).exists()


def test_a_deactivated_account_and_an_anonymous_visitor_see_nothing(db):
    from django.contrib.auth.models import AnonymousUser

    case = factories.make_case()
    factories.make_incident(cases=[case])
    factories.make_incident()
    coordinator = member("coordinator", case)
    coordinator.is_active = False
    assert not access.visible_incidents(coordinator).exists()
    assert not access.visible_incidents(AnonymousUser()).exists()
    assert not access.visible_incidents(None).exists()


@pytest.mark.parametrize(
    ("role", "can_edit_membership", "expected"),
    [
        ("coordinator", False, True),
        ("documenter", True, True),
        ("documenter", False, False),
        ("analyst", True, False),
        ("viewer", True, False),
    ],
)
@pytest.mark.parametrize("kind", sorted(MAKE))
def test_edit_rights_follow_the_role_and_the_membership(
    db, kind, role, can_edit_membership, expected
):
    case = factories.make_case()
    record = MAKE[kind](cases=[case])
    user = member(role, case, can_edit=can_edit_membership)
    found, can_edit = GET[kind](user, record.public_id)
    assert found == record
    assert can_edit is expected


def test_a_coordinator_may_edit_records_in_no_case_which_it_assigns(db):
    incident = factories.make_incident()
    _, can_edit = access.get_incident_for_user(
        factories.make_user("coordinator"), incident.public_id
    )
    assert can_edit


def test_a_documenter_edits_only_in_the_case_whose_membership_allows_it(db):
    editable, readable = factories.make_case(), factories.make_case()
    documenter = member("documenter", editable, can_edit=True)
    CaseMembership.objects.create(case=readable, user=documenter)
    in_both = factories.make_incident(cases=[editable, readable])
    only_readable = factories.make_incident(cases=[readable])
    assert access.get_incident_for_user(documenter, in_both.public_id)[1]
    assert not access.get_incident_for_user(documenter, only_readable.public_id)[1]


@pytest.mark.parametrize("kind", sorted(MAKE))
def test_every_access_function_refuses_with_404_and_an_audit_event(db, kind):
    record = MAKE[kind](cases=[factories.make_case()])
    outsider = factories.make_user("analyst")
    with pytest.raises(Http404):
        GET[kind](outsider, record.public_id)
    refusal = AuditEvent.objects.get(action="access_refused")
    assert refusal.actor == outsider
    assert refusal.detail["public_id"] == str(record.public_id)
    assert refusal.detail["object_type"] == f"{record._meta.app_label}.{kind}"


@pytest.mark.parametrize("kind", sorted(MAKE))
def test_a_malformed_public_id_is_404(db, kind):
    with pytest.raises(Http404):
        GET[kind](factories.make_user("coordinator"), "1 OR 1=1")


def test_a_record_in_two_cases_appears_once_for_a_member_of_both(db):
    first, second = factories.make_case(), factories.make_case()
    analyst = member("analyst", first)
    CaseMembership.objects.create(case=second, user=analyst)
    incident = factories.make_incident(cases=[first, second])
    assert list(access.visible_incidents(analyst)) == [incident]
    assert access.visible_incidents(analyst).count() == 1
