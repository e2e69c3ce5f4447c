"""The home page: counts of the records a user may see, and the latest incidents."""

import pytest
from django.urls import reverse

from tests import factories


def counts(response) -> dict:
    return response.context["counts"]


def test_an_outsider_counts_nothing(client, outsider, compartmented_records):
    client.force_login(outsider)
    response = client.get(reverse("web:home"))
    assert response.status_code == 200
    assert set(counts(response).values()) == {0}


def test_a_coordinator_counts_the_records_in_no_case_but_not_the_case(
    client, coordinator, compartmented_records
):
    client.force_login(coordinator)
    assert counts(client.get(reverse("web:home"))) == {
        "incidents": 1,
        "persons": 1,
        "victims": 1,
        "sources": 1,
        "proceedings": 1,
        "perpetrators": 1,
    }


def test_a_case_member_counts_the_records_of_the_case(client, analyst, compartmented_records):
    client.force_login(analyst)
    assert counts(client.get(reverse("web:home"))) == {
        "incidents": 1,
        "persons": 1,
        "victims": 1,
        "sources": 1,
        "proceedings": 1,
        "perpetrators": 1,
    }
    body = client.get(reverse("web:home")).content.decode()
    assert compartmented_records.public_incident.title not in body


def test_the_latest_incidents_leave_out_other_cases(client, coordinator, compartmented_records):
    client.force_login(coordinator)
    body = client.get(reverse("web:home")).content.decode()
    assert compartmented_records.public_incident.title in body
    assert compartmented_records.case_incident.title not in body
    assert "비밀인물" not in body


def test_the_latest_incidents_show_the_case_to_its_member(client, analyst, compartmented_records):
    client.force_login(analyst)
    body = client.get(reverse("web:home")).content.decode()
    assert compartmented_records.case_incident.title in body


@pytest.mark.parametrize("persona", ["coordinator", "documenter"])
def test_other_roles_outside_the_case_do_not_see_it(
    client, request, persona, compartmented_records
):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("web:home"))
    # A coordinator counts the incident in no case (it assigns it); nobody counts the case's.
    assert counts(response)["incidents"] == (1 if persona == "coordinator" else 0)
    assert compartmented_records.case_incident.title not in response.content.decode()


def test_an_administrator_sees_no_records(client, administrator, compartmented_records):
    client.force_login(administrator)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert set(counts(response).values()) == {0}
    assert compartmented_records.public_incident.title not in response.content.decode()
    assert "do not see records" in response.content.decode()


def test_the_latest_incidents_are_the_ten_most_recent_by_start_date(client, coordinator):
    for year in range(2001, 2013):
        factories.make_incident(title=f"사건 {year}", start_date=str(year))
    client.force_login(coordinator)
    shown = [i.title for i in client.get(reverse("web:home")).context["incidents"]]
    assert shown == [f"사건 {year}" for year in range(2012, 2002, -1)]


def test_an_incident_row_shows_date_range_place_violations_and_status(client, coordinator):
    factories.make_incident(
        title="혜산 주민 실종",
        start_date="2012-11~",
        status="verified",
        violation_types=["abduction", "enforced_disappearance"],
    )
    client.force_login(coordinator)
    body = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "about November 2012" in body
    assert "2012-10-01 – 2012-12-31" in body
    assert "Hoeryong" in body and "North Hamgyong" in body
    assert "Abduction" in body and "Enforced disappearance" in body
    assert "Verified" in body


def test_the_home_page_makes_a_bounded_number_of_queries(
    client, analyst, compartmented_records, django_assert_max_num_queries
):
    for _ in range(12):
        factories.make_incident(violation_types=["abduction", "torture"])
    client.force_login(analyst)
    with django_assert_max_num_queries(20):
        client.get(reverse("web:home"))
