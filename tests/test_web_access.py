"""Who may reach which page: login everywhere, UUIDs only, compartments respected."""

import uuid

import pytest
from django.test import RequestFactory
from django.urls import NoReverseMatch, URLPattern, URLResolver, get_resolver, reverse

from kirok.accounts.models import CaseMembership
from kirok.audit import context
from kirok.records import access
from tests import factories

# Pages an anonymous visitor may open; logout and showing sensitive contact details answer
# POST only (tests/test_web_login.py, tests/security/test_sensitive_contacts.py).
PUBLIC = {"web:login", "set_language"}
POST_ONLY = {"web:logout", "web:person_sensitive"}


def web_url_names() -> list[str]:
    resolver = get_resolver()
    names = []
    for entry in resolver.url_patterns:
        if isinstance(entry, URLResolver) and entry.namespace == "web":
            names += [f"web:{p.name}" for p in entry.url_patterns if isinstance(p, URLPattern)]
    return names


def sample_url(name: str) -> str:
    """The URL of ``name``, with a random UUID for a page about one record."""
    try:
        return reverse(name)
    except NoReverseMatch:
        return reverse(name, args=[uuid.uuid4()])


@pytest.mark.parametrize("name", sorted(set(web_url_names()) - PUBLIC - POST_ONLY))
def test_an_anonymous_visitor_is_sent_to_the_login_page(client, db, name):
    target = sample_url(name)
    response = client.get(target)
    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))
    assert f"next={target}" in response.url.replace("%2F", "/")


def test_an_anonymous_visitor_is_sent_to_login_from_a_real_incident(client, db):
    incident = factories.make_incident()
    response = client.get(reverse("web:incident", args=[incident.public_id]))
    assert response.status_code == 302
    assert incident.title not in response.content.decode()


def test_the_language_switch_works_without_logging_in(client, db):
    response = client.post(reverse("set_language"), {"language": "en", "next": "/login/"})
    assert response.status_code == 302
    assert client.cookies["django_language"].value == "en"


def test_integer_ids_are_not_routable(client, analyst):
    incident = factories.make_incident()
    person = factories.make_person()
    client.force_login(analyst)
    assert client.get(f"/incidents/{incident.pk}/").status_code == 404
    assert client.get(f"/persons/{person.pk}/").status_code == 404


def test_a_malformed_uuid_is_404(client, analyst):
    client.force_login(analyst)
    assert client.get("/incidents/not-a-uuid/").status_code == 404


def test_a_record_in_two_cases_is_visible_to_a_member_of_either(analyst, outsider, case):
    other = factories.make_case("다른 사례")
    incident = factories.make_incident(cases=[case, other])
    assert list(access.visible_incidents(analyst)) == [incident]
    assert access.visible_incidents(analyst).count() == 1
    assert not access.visible_incidents(outsider).exists()


def test_a_request_reads_the_readers_cases_once_and_again_after_a_membership_change(
    analyst, case, django_assert_num_queries
):
    incident = factories.make_incident(cases=[case])
    request = RequestFactory().get("/")
    token = context.bind_request(request, None)
    try:
        assert list(access.visible_incidents(analyst)) == [incident]
        with django_assert_num_queries(1):  # the incidents; the cases are remembered
            assert list(access.visible_incidents(analyst)) == [incident]
        CaseMembership.objects.filter(user=analyst, case=case).delete()
        assert list(access.visible_incidents(analyst)) == []  # not the remembered cases
    finally:
        context.unbind(token)
    # Outside a request nothing is remembered: every call reads the memberships.
    CaseMembership.objects.create(user=analyst, case=case)
    with django_assert_num_queries(2):
        assert list(access.visible_incidents(analyst)) == [incident]


def test_a_deactivated_account_sees_no_records(analyst, case):
    factories.make_incident(cases=[case])
    analyst.is_active = False
    assert not access.visible_incidents(analyst).exists()


def test_the_access_functions_apply_the_same_rule_to_every_record_type(
    analyst, outsider, coordinator, compartmented_records
):
    records = compartmented_records
    for visible, public, secret in [
        (access.visible_incidents, records.public_incident, records.case_incident),
        (access.visible_persons, records.public_victim, records.case_victim),
        (access.visible_sources, records.public_source, records.case_source),
        (access.visible_proceedings, records.public_proceeding, records.case_proceeding),
    ]:
        # Default deny: the outsider (in no case) sees nothing, the member only its case,
        # a coordinator outside the case only what is in no case (it assigns it).
        assert set(visible(outsider)) == set()
        assert set(visible(analyst)) == {secret}
        assert set(visible(coordinator)) == {public}
