"""Organizations and places: shared reference data any reader views and coordinators and
documenters with edit rights change; names inline, hierarchy without cycles
(kirok.web.reference_pages)."""

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.records.models import Organization
from tests import factories

XSS = '<script>alert("x")</script>'


@pytest.fixture
def editor(documenter, case):
    """A documenter who may edit in ``case``."""
    CaseMembership.objects.create(case=case, user=documenter, can_edit=True)
    return documenter


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def names(rows: list[dict], initial: int = 0) -> dict:
    data = {
        "names-TOTAL_FORMS": str(len(rows)),
        "names-INITIAL_FORMS": str(initial),
        "names-MIN_NUM_FORMS": "0",
        "names-MAX_NUM_FORMS": "1000",
    }
    for number, row in enumerate(rows):
        data.update({f"names-{number}-{key}": value for key, value in row.items()})
    return data


def organization_data(*, parent=None, rows=None, **overrides) -> dict:
    rows = rows or [
        {"text": "온성군 보위부", "language": "ko", "is_preferred": "on"},
        {"text": "Onsong County State Security Department", "language": "en", "is_preferred": "on"},
    ]
    data = {
        "code": "",
        "kind": str(factories.term("organization_kind", "state_security").pk),
        "parent": str(parent.public_id) if parent else "",
        "country_code": "kp",
        "place": "",
        "notes": "",
        **names(rows),
    }
    data.update(overrides)
    return data


def existing_organization_data(organization, **overrides) -> dict:
    rows = [
        {"id": str(n.pk), "text": n.text, "language": n.language, "is_preferred": "on"}
        for n in organization.names.order_by("pk")
    ]
    data = organization_data(rows=rows, version=str(organization.version), **overrides)
    data["names-INITIAL_FORMS"] = str(len(rows))
    return data


def place_data(place, **overrides) -> dict:
    rows = [{"id": str(n.pk), "text": n.text, "kind": n.kind} for n in place.names.order_by("pk")]
    data = {
        "level": place.level,
        "place_type": place.place_type,
        "facility_kind": "",
        "parent": str(place.parent.public_id) if place.parent else "",
        "country_code": place.country_code,
        "latitude": "42.44",
        "longitude": "129.75",
        "status": "",
        "valid_from": "",
        "valid_to": "",
        "notes": "",
        "citation": "",
        "version": str(place.version),
        **names(rows, initial=len(rows)),
    }
    data.update(overrides)
    return data


def test_an_organization_with_a_korean_and_an_english_name_is_created(en, editor):
    parent = factories.make_organization("test-nh", "함경북도 보위국", "North Hamgyong SSD")
    en.force_login(editor)
    response = en.post(reverse("web:organization_new"), organization_data(parent=parent))

    created = Organization.objects.get(parent=parent)
    assert response.status_code == 302
    assert response.url == reverse("web:organization", args=[created.public_id])
    assert created.country_code == "KP"
    assert {(n.text, n.language) for n in created.names.all()} == {
        ("온성군 보위부", "ko"),
        ("Onsong County State Security Department", "en"),
    }
    page = en.get(response.url).content.decode()
    assert "온성군 보위부" in page and "Onsong County State Security Department" in page
    assert "North Hamgyong SSD" in page  # its parent

    parent_page = en.get(reverse("web:organization", args=[parent.public_id])).content.decode()
    assert "Onsong County State Security Department" in parent_page  # among its units


def test_an_organization_cannot_be_inside_itself_or_its_own_units(en, editor):
    top = factories.make_organization("test-top", "국가보위성", "Ministry of State Security")
    unit = factories.make_organization("test-nh", "함경북도 보위국", "NH SSD", parent=top)
    en.force_login(editor)
    url = reverse("web:organization_edit", args=[top.public_id])
    for parent in (top, unit):
        response = en.post(url, existing_organization_data(top, parent=parent))
        body = response.content.decode()
        assert response.status_code == 400
        assert "cannot be the parent: it is this organization itself or one of" in body
    top.refresh_from_db()
    assert top.parent is None


def test_a_place_cannot_be_inside_a_place_it_contains(en, editor):
    province = factories.north_hamgyong()
    city = factories.hoeryong()
    en.force_login(editor)
    url = reverse("web:place_edit", args=[province.public_id])
    response = en.post(url, place_data(province, parent=str(city.public_id)))
    assert response.status_code == 400
    assert "cannot contain this place: it is this place itself or one of the places inside it" in (
        response.content.decode()
    )
    province.refresh_from_db()
    assert province.parent == factories.north_korea()


def test_coordinates_out_of_range_are_refused(en, editor):
    city = factories.hoeryong()
    en.force_login(editor)
    url = reverse("web:place_edit", args=[city.public_id])
    response = en.post(url, place_data(city, latitude="142.5", longitude="-200"))
    body = response.content.decode()
    assert response.status_code == 400
    assert "Latitude: A latitude lies between -90 and 90." in body
    assert "Longitude: A longitude lies between -180 and 180." in body


def test_a_gazetteer_place_is_edited_but_keeps_its_gazetteer_id(en, editor):
    city = factories.hoeryong()
    en.force_login(editor)
    url = reverse("web:place_edit", args=[city.public_id])
    data = place_data(city, gazetteer_id="KP-hacked", status="renamed in 1990")
    data.update({"names-2-text": "Hoeryŏng", "names-2-kind": "mr", "names-TOTAL_FORMS": "3"})
    assert en.post(url, data).status_code == 302
    city.refresh_from_db()
    assert city.gazetteer_id == "KP-09-hoeryeong-si" and city.status == "renamed in 1990"
    assert str(city.latitude) == "42.44000"
    page = en.get(reverse("web:place", args=[city.public_id])).content.decode()
    assert "Hoeryŏng" in page and "McCune" in page and "KP-09-hoeryeong-si" in page
    assert "42.44" in page and "North Hamgyong" in page


def test_a_place_page_never_lists_the_persons_born_or_living_there(en, editor, case):
    city = factories.hoeryong()
    factories.make_person(
        cases=[case],
        birthplace=city,
        hometown=city,
        names=[{"text": "회령사람", "script": "hangul", "is_primary": True}],
    )
    en.force_login(editor)
    page = en.get(reverse("web:place", args=[city.public_id])).content.decode()
    assert "회령사람" not in page


def test_concurrent_edit_of_an_organization_is_a_conflict(en, editor):
    organization = factories.make_organization()
    en.force_login(editor)
    url = reverse("web:organization_edit", args=[organization.public_id])
    data = existing_organization_data(organization, notes="mine")
    organization.notes = "theirs"
    organization.save()
    response = en.post(url, data)
    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in response.content.decode()
    organization.refresh_from_db()
    assert organization.notes == "theirs"


def test_a_name_is_required_and_the_error_says_where(en, editor):
    en.force_login(editor)
    before = Organization.objects.count()
    data = organization_data(rows=[{"text": "", "language": ""}], country_code="K1")
    response = en.post(reverse("web:organization_new"), data)
    body = response.content.decode()
    assert response.status_code == 400 and Organization.objects.count() == before
    assert "Give at least one name." in body
    assert "Country: Use a two-letter country code" in body


@pytest.mark.parametrize("persona", ["analyst", "viewer"])
def test_readers_view_but_cannot_change_reference_data(en, case, persona):
    user = factories.make_user(persona, username=f"{persona}-reader")
    CaseMembership.objects.create(case=case, user=user)
    organization, place = factories.make_organization(), factories.hoeryong()
    before, status = Organization.objects.count(), place.status
    en.force_login(user)
    assert en.get(reverse("web:organization", args=[organization.public_id])).status_code == 200
    assert en.get(reverse("web:place", args=[place.public_id])).status_code == 200
    assert en.post(reverse("web:organization_new"), organization_data()).status_code == 403
    edit = reverse("web:place_edit", args=[place.public_id])
    assert en.post(edit, place_data(place, status="changed by a reader")).status_code == 403
    assert Organization.objects.count() == before
    place.refresh_from_db()
    assert place.status == status


def test_a_coordinator_in_no_case_may_edit_reference_data(en, coordinator):
    place = factories.hoeryong()
    en.force_login(coordinator)
    edit = reverse("web:place_edit", args=[place.public_id])
    assert en.post(edit, place_data(place, status="checked")).status_code == 302


def test_names_and_notes_are_escaped(en, editor):
    organization = factories.make_organization("xss", XSS, XSS)
    organization.notes = XSS
    organization.save()
    en.force_login(editor)
    page = en.get(reverse("web:organization", args=[organization.public_id])).content.decode()
    assert XSS not in page and "&lt;script&gt;" in page


def test_incident_pages_link_places_and_perpetrator_units(en, editor, case):
    unit = factories.make_organization()
    incident = factories.make_incident(cases=[case], place=factories.hoeryong())
    act = factories.make_act(incident=incident, victim=factories.make_person(cases=[case]))
    act.perpetrators.create(
        organization=unit, role=factories.term("perpetrator_role", "perpetrator")
    )
    proceeding = factories.make_proceeding(incidents=[incident], cases=[case], filed_by=unit)
    en.force_login(editor)
    page = en.get(reverse("web:incident", args=[incident.public_id])).content.decode()
    assert reverse("web:place", args=[factories.hoeryong().public_id]) in page
    assert reverse("web:organization", args=[unit.public_id]) in page
    assert reverse("web:proceeding", args=[proceeding.public_id]) in page


def test_two_organizations_without_a_code_can_be_created(en, editor):
    en.force_login(editor)
    for name in ("첫째 기관", "둘째 기관"):
        rows = [{"text": name, "language": "ko", "is_preferred": "on"}]
        assert (
            en.post(reverse("web:organization_new"), organization_data(rows=rows)).status_code
            == 302
        )
    assert Organization.objects.filter(names__text__in=["첫째 기관", "둘째 기관"]).count() == 2


def test_the_pages_open_in_korean_by_default(client, editor, case):
    proceeding = factories.make_proceeding(cases=[case])
    organization, place = factories.make_organization(), factories.hoeryong()
    client.force_login(editor)
    urls = [
        reverse("web:proceeding", args=[proceeding.public_id]),
        reverse("web:proceeding_edit", args=[proceeding.public_id]),
        reverse("web:proceeding_new"),
        reverse("web:organization", args=[organization.public_id]),
        reverse("web:organization_edit", args=[organization.public_id]),
        reverse("web:place", args=[place.public_id]),
        reverse("web:place_edit", args=[place.public_id]),
    ]
    for url in urls:
        response = client.get(url, HTTP_ACCEPT_LANGUAGE="ko")
        assert response.status_code == 200, url
        assert '<html lang="ko">' in response.content.decode(), url
