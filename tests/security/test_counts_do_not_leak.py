"""Counts and charts go through the access functions: someone outside a case counts none of
its records, a member counts all of them, and records in no case count for coordinators."""

from __future__ import annotations

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.records.models import Incident
from tests import factories

NOTHING = {
    "incidents": 0,
    "persons": 0,
    "victims": 0,
    "sources": 0,
    "proceedings": 0,
    "perpetrators": 0,
}


@pytest.fixture
def two_cases(db):
    """Case A: a documented incident (2 victims, an informant, 2 sources, a proceeding) whose
    perpetrator organization appears nowhere else. Case B: one incident with one victim."""
    case_a, case_b = factories.make_case("사례 A"), factories.make_case("사례 B")
    documented = factories.make_documented_incident(cases=[case_a])
    only_in_a = factories.make_organization("mss-test-only-a", "온성군 보위부", "Onsong MSS")
    documented.acts[0].perpetrators.update(organization=only_in_a)
    # A title of its own: the factory's default titles repeat, and the test below looks for
    # case A's title in case B's pages.
    other = factories.make_incident(cases=[case_b], title="사례 B의 사건 (case B's incident)")
    factories.make_act(incident=other, victim=factories.make_person(cases=[case_b]))
    return case_a, case_b


def counts_for(client, user) -> dict:
    client.force_login(user)
    return client.get(reverse("web:home")).context["counts"]


def member(role, *cases):
    user = factories.make_user(role)
    for case in cases:
        CaseMembership.objects.create(case=case, user=user)
    return user


@pytest.mark.parametrize("role", ["coordinator", "analyst", "documenter", "viewer"])
def test_someone_outside_the_case_counts_none_of_its_records(client, two_cases, role):
    _case_a, case_b = two_cases
    assert counts_for(client, member(role, case_b)) == {
        "incidents": 1,
        "persons": 1,
        "victims": 1,
        "sources": 0,
        "proceedings": 0,
        "perpetrators": 1,  # the default security bureau of case B's act only
    }


@pytest.mark.parametrize("role", ["coordinator", "analyst", "documenter", "viewer"])
def test_a_member_counts_every_record_of_the_case(client, two_cases, role):
    case_a, _case_b = two_cases
    assert counts_for(client, member(role, case_a)) == {
        "incidents": 1,
        "persons": 3,  # mother, son and the informant
        "victims": 2,
        "sources": 2,
        "proceedings": 1,
        "perpetrators": 2,
    }


def test_a_member_of_both_cases_counts_both(client, two_cases):
    assert counts_for(client, member("analyst", *two_cases))["incidents"] == 2
    assert counts_for(client, member("analyst", *two_cases))["victims"] == 3


@pytest.mark.parametrize("role", ["administrator", "viewer"])
def test_an_administrator_and_an_outsider_count_nothing(client, two_cases, role):
    factories.make_incident()  # in no case
    assert counts_for(client, factories.make_user(role)) == NOTHING


def test_records_in_no_case_count_for_coordinators_only(client, db):
    incident = factories.make_incident()
    factories.make_act(incident=incident, victim=factories.make_person())
    assert counts_for(client, factories.make_user("coordinator"))["victims"] == 1
    assert counts_for(client, factories.make_user("analyst")) == NOTHING


def test_the_latest_incidents_list_only_visible_ones(client, two_cases):
    case_a, case_b = two_cases
    client.force_login(member("analyst", case_b))
    body = client.get(reverse("web:home")).content.decode()
    assert "사례 B의 사건" in body
    assert Incident.objects.get(cases=case_a).title not in body


def test_the_row_count_of_an_export_counts_only_what_the_reader_may_see(client, two_cases):
    from kirok.interop import services

    case_a, _case_b = two_cases
    requester = member("analyst", case_a)
    approver = member("coordinator", case_a)
    export = services.request_export(
        requester, "persons", reason="For the annual report", cases=[case_a]
    )
    client.force_login(approver)
    response = client.get(reverse("interop:detail", args=[export.public_id]))
    assert response.context["rows_now"] == 3
