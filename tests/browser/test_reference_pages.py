"""A proceeding created from an incident, and an organization with a Korean and an English
name, in the browser. Screenshots go to test-artifacts/screenshots/reference_*."""

import pytest
from playwright.sync_api import expect

from kirok.records.models import Organization, Proceeding
from tests import factories
from tests.browser import steps
from tests.browser.test_editing import pick


def shoot(page, name: str) -> None:
    steps.shoot(page, "reference", name)


@pytest.fixture
def workspace(transactional_db, reference_data):
    documenter = factories.make_user("documenter", username="documenter")
    case = factories.make_case("두만강 사건 조사", editors=[documenter])
    incident = factories.make_incident(
        title="회령 보위부의 귀환자 가족 연행", cases=[case], place=factories.hoeryong()
    )
    person = factories.make_person(
        cases=[case],
        consent_share_un=True,
        names=[
            {"text": "김혜송", "script": "hangul", "is_primary": True},
            {"text": "Kim Hye-song", "script": "latin", "romanization": "mr_plain"},
        ],
    )
    factories.make_act(incident=incident, victim=person)
    return {
        "user": documenter,
        "authenticator": factories.make_authenticator(documenter),
        "incident": incident,
        "parent": factories.make_organization(
            "test-mss", "국가보위성", "Ministry of State Security"
        ),
    }


@pytest.mark.browser
def test_create_a_proceeding_from_an_incident_and_an_organization(page, live_server, workspace):
    steps.log_in(page, live_server.url, "documenter", workspace["authenticator"])
    incident = workspace["incident"]

    # The organization that files it, named in Korean and in English.
    page.goto(f"{live_server.url}/organizations/new/")
    expect(page.get_by_role("heading", name="New organization")).to_be_visible()
    page.locator("#id_names-0-text").fill("북한인권시민연합")
    page.locator("#id_names-0-language").fill("ko")
    page.locator("#id_names-0-is_preferred").check()
    page.get_by_role("button", name="Add a name").click()
    page.locator("#id_names-1-text").fill("Citizens' Alliance for North Korean Human Rights")
    page.locator("#id_names-1-language").fill("en")
    page.locator("#id_names-1-is_preferred").check()
    ngo = factories.term("organization_kind", "ngo")
    page.locator("#id_kind").select_option(str(ngo.pk))
    page.locator("#id_country_code").fill("KR")
    shoot(page, "new_organization_filled")
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "Citizens' Alliance for North Korean Human Rights"
    )
    expect(page.locator(".reference-names")).to_contain_text("북한인권시민연합")
    shoot(page, "organization")

    # The proceeding, started from the incident: the incident is already chosen.
    page.goto(f"{live_server.url}/proceedings/new/?incident={incident.public_id}")
    expect(page.get_by_role("heading", name="New proceeding")).to_be_visible()
    expect(page.locator("#id_incidents-0-record")).to_have_value(incident.title)
    page.get_by_label("Title").fill("WGEID urgent action for the Hoeryong family")
    wgeid = factories.term("proceeding_forum", "wgeid")
    page.locator("#id_forum").select_option(str(wgeid.pk))
    page.locator("#id_reference").fill("WGEID-2015-17")
    page.locator("#id_filed_date").fill("June 2015")
    expect(page.locator("#id_filed_date-preview")).to_contain_text("2015-06")
    pick(page, "id_filed_by", "북한인권시민연합", "Citizens' Alliance")
    pick(page, "id_persons-0-record", "Kim Hyesong", "김혜송")
    shoot(page, "new_proceeding_filled")
    page.get_by_role("button", name="Save").click()

    expect(page.get_by_role("heading", level=1)).to_have_text(
        "WGEID urgent action for the Hoeryong family"
    )
    expect(page.get_by_text("Saved.")).to_be_visible()
    expect(page.get_by_role("link", name=incident.title)).to_be_visible()
    expect(page.get_by_role("link", name="김혜송")).to_be_visible()
    shoot(page, "proceeding")

    proceeding = Proceeding.objects.get()
    assert list(proceeding.incidents.all()) == [incident]
    assert proceeding.filed_by == Organization.objects.get(names__text="북한인권시민연합")

    # From the incident page, the proceeding and the place are links.
    page.goto(f"{live_server.url}/incidents/{incident.public_id}/")
    page.get_by_role("link", name="WGEID urgent action for the Hoeryong family").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "WGEID urgent action for the Hoeryong family"
    )
    page.goto(f"{live_server.url}/places/{factories.hoeryong().public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Hoeryong")
    shoot(page, "place")
