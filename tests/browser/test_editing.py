"""Creating an incident in the browser with the autocompletes and a date phrase, and two
people editing one incident at once. Screenshots go to test-artifacts/screenshots/editing_*."""

import re

import pytest
from playwright.sync_api import expect

from kirok.records.models import Incident
from tests import factories
from tests.browser import steps


def shoot(page, name: str) -> None:
    steps.shoot(page, "editing", name)


def log_in(page, base_url: str, user, authenticator) -> None:
    steps.log_in(page, base_url, user.username, authenticator)


def pick(page, box_id: str, text: str, option: str, *, keyboard: bool = False) -> None:
    """Type into an autocomplete box and choose the suggestion containing ``option``."""
    box = page.locator(f"#{box_id}")
    box.fill("")
    box.fill(text)
    listbox = page.locator(f"#{box_id}-listbox")
    choice = listbox.get_by_role("option").filter(has_text=option).first
    expect(choice).to_be_visible()
    if keyboard:
        box.press("ArrowDown")
        expect(box).to_have_attribute("aria-activedescendant", re.compile(r"-listbox-0$"))
        box.press("Enter")
    else:
        choice.click()
    expect(listbox).to_be_hidden()


@pytest.fixture
def workspace(transactional_db, reference_data):
    documenter = factories.make_user("documenter", username="documenter")
    case = factories.make_case("두만강 사건 조사", editors=[documenter])
    hyesong = factories.make_person(
        cases=[case],
        names=[
            {"text": "김혜송", "script": "hangul", "is_primary": True},
            {"text": "Kim Hye-song", "script": "latin", "romanization": "mr_plain"},
        ],
    )
    unjong = factories.make_person(
        cases=[case],
        names=[
            {"text": "박은정", "script": "hangul", "is_primary": True},
            {"text": "Pak Un-jong", "script": "latin", "romanization": "mr_plain"},
        ],
    )
    factories.hoeryong()
    unit = factories.make_organization()
    return {
        "user": documenter,
        "authenticator": factories.make_authenticator(documenter),
        "case": case,
        "victims": (hyesong, unjong),
        "unit": unit,
    }


@pytest.mark.browser
def test_create_an_incident_with_two_victims_and_a_perpetrator_unit(page, live_server, workspace):
    log_in(page, live_server.url, workspace["user"], workspace["authenticator"])
    shoot(page, "home_with_new_links")
    page.get_by_role("link", name="New incident").click()
    page.wait_for_load_state()  # htmx (deferred) must be listening before we type
    expect(page.get_by_role("heading", name="New incident")).to_be_visible()

    page.get_by_label("Title").fill("회령 보위부의 귀환자 가족 연행")
    page.locator("#id_start_date").fill("early November 2012")
    expect(page.locator("#id_start_date-preview")).to_contain_text("2012-11-01/2012-11-10")
    expect(page.locator("#id_start_date-preview")).to_contain_text("from 2012-11-01 to 2012-11-10")
    page.locator("#id_end_date").fill("sometime")
    expect(page.locator("#id_end_date-preview")).to_contain_text("Cannot read this date")
    page.locator("#id_end_date").fill("")
    pick(page, "id_place", "Hoeryong", "North Hamgyong", keyboard=True)
    page.get_by_label("Enforced disappearance").check()

    role = factories.term("perpetrator_role", "perpetrator")
    violation = factories.term("violation_type", "arbitrary_detention")
    for number, (spelling, name) in enumerate((("Hyesong Kim", "김혜송"), ("박은정", "박은정"))):
        if number:
            page.get_by_role("button", name="Add an act").click()
        pick(page, f"id_acts-{number}-victim", spelling, name, keyboard=number == 0)
        page.locator(f"#id_acts-{number}-violation_type").select_option(str(violation.pk))
        page.locator(f"#id_acts-{number}-date").fill("2012년 11월 초")
        pick(page, f"id_acts-{number}-perpetrator_organization", "회령시 보위부", "Hoeryong")
        page.locator(f"#id_acts-{number}-perpetrator_role").select_option(str(role.pk))
    page.get_by_label("두만강 사건 조사").check()
    shoot(page, "new_incident_filled")

    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("회령 보위부의 귀환자 가족 연행")
    expect(page.get_by_text("Saved.")).to_be_visible()
    victims = page.locator(".victim h3")
    expect(victims).to_have_count(2)
    expect(page.locator(".perpetrators .organization").first).to_contain_text("Hoeryong")
    shoot(page, "incident_created")

    incident = Incident.objects.get()
    assert incident.start_date == "2012-11-01/2012-11-10"
    assert {act.victim for act in incident.acts.all()} == set(workspace["victims"])


@pytest.mark.browser
def test_the_new_person_form_and_a_validation_error(page, live_server, workspace):
    log_in(page, live_server.url, workspace["user"], workspace["authenticator"])
    page.get_by_role("link", name="New person").click()
    page.wait_for_load_state()  # htmx (deferred) must be listening before we type
    expect(page.get_by_role("heading", name="New person")).to_be_visible()
    page.locator("#id_names-0-text").fill("리철호")
    page.locator("#id_birth_date").fill("around 1968")
    expect(page.locator("#id_birth_date-preview")).to_contain_text("1968~")
    page.locator("#id_birthplace").fill("회령")
    expect(page.locator("#id_birthplace-listbox").get_by_role("option").first).to_be_visible()
    shoot(page, "new_person_suggestions")
    page.get_by_role("button", name="Save").click()  # the place was typed, not picked
    expect(page.locator(".error-summary")).to_contain_text("Nothing was saved")
    expect(page.locator(".error-summary")).to_contain_text("was typed but not picked")
    shoot(page, "new_person_errors")

    pick(page, "id_birthplace", "회령", "Hoeryong", keyboard=True)
    page.get_by_role("button", name="Save").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("리철호")
    expect(page.get_by_text("about 1968")).to_be_visible()
    shoot(page, "person_created")
    page.get_by_role("link", name="Edit", exact=True).click()
    expect(page.locator("#id_names-0-text")).to_have_value("리철호")
    expect(page.locator("#id_birthplace")).to_have_value(re.compile("^Hoeryong"))
    shoot(page, "person_edit")


@pytest.mark.browser
def test_two_people_edit_one_incident_and_the_second_sees_the_conflict(
    page, browser, live_server, workspace
):
    incident = factories.make_incident(cases=[workspace["case"]], title="처음 제목")
    other = factories.make_user("coordinator", username="coordinator")
    workspace["case"].casemembership_set.create(user=other)
    other_authenticator = factories.make_authenticator(other)
    edit_url = f"{live_server.url}/incidents/{incident.public_id}/edit/"

    log_in(page, live_server.url, workspace["user"], workspace["authenticator"])
    page.goto(edit_url)
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    try:
        second = context.new_page()
        log_in(second, live_server.url, other, other_authenticator)
        second.goto(edit_url)

        second.get_by_label("Title").fill("코디네이터의 제목")
        second.get_by_role("button", name="Save").click()
        expect(second.get_by_role("heading", level=1)).to_have_text("코디네이터의 제목")

        page.get_by_label("Title").fill("기록자의 제목")
        page.get_by_role("button", name="Save").click()
        conflict = page.locator(".edit-conflict")
        expect(conflict).to_contain_text("Someone else saved this record")
        expect(conflict).to_contain_text("코디네이터의 제목")
        expect(conflict).to_contain_text("기록자의 제목")
        shoot(page, "conflict")
        incident.refresh_from_db()
        assert incident.title == "코디네이터의 제목"

        page.get_by_role("button", name="Save my version").click()
        expect(page.get_by_role("heading", level=1)).to_have_text("기록자의 제목")
    finally:
        context.close()
