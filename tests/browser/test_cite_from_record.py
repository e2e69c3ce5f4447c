"""A documenter reading an incident cites a source passage for one of its acts: finds the
source from the incident page, selects the passage in its text, saves, and goes back to the
incident, which now quotes it. Screenshots: test-artifacts/screenshots/cite_*.png."""

import pytest
from playwright.sync_api import expect

from kirok.sources.models import EvidenceSpan
from tests import factories
from tests.browser import steps
from tests.browser.test_sources_and_evidence import drag_select

TEXT = (
    "2012년 11월 초 온성군 보위부원들이 집에 들이닥쳤다. "
    "보위부원들이 어머니를 데려갔다고 한다. In November 2012 officers took her away."
)
PASSAGE = "보위부원들이 어머니를 데려갔다"


def shoot(page, name: str) -> None:
    steps.shoot(page, "cite", name)


@pytest.fixture
def desk(transactional_db, reference_data):
    documenter = factories.make_user("documenter", username="documenter")
    case = factories.make_case("온성 사건 조사 (Onsong inquiry)", editors=[documenter])
    incident = factories.make_incident(
        title="온성 보위부의 가족 연행 (Onsong family arrests)", cases=[case], start_date="2012-11"
    )
    mother = factories.make_person(
        cases=[case], names=[{"text": "박명숙", "script": "hangul", "is_primary": True}]
    )
    act = factories.make_act(incident=incident, victim=mother)
    source = factories.make_source(
        title="온성 탈북민 면담 (Onsong interview)",
        reference="NKDB-2014-0042",
        text=TEXT,
        cases=[case],
    )
    factories.make_source(title="혜산 소식 (Hyesan news)", cases=[case])
    return documenter, incident, act, source


@pytest.mark.browser
def test_from_an_incident_find_the_source_select_a_passage_and_see_it_cited(
    page, live_server, browser_login, desk
):
    documenter, incident, act, source = desk
    browser_login(page, documenter, path=f"/incidents/{incident.public_id}/")
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.title)

    # Which claim: the arrest of the mother, one of the incident's acts.
    section = page.locator(".cite-source")
    section.get_by_label("What the passage supports").select_option(value=f"act:{act.public_id}")
    section.get_by_label("Source: words of its title or its reference").fill("onsong inter")
    found = section.get_by_role("link", name="온성 탈북민 면담 (Onsong interview)")
    expect(found).to_be_visible()
    expect(section).not_to_contain_text("혜산 소식")
    shoot(page, "incident_found_en")

    found.click()
    expect(page.get_by_role("heading", level=1)).to_have_text(source.title)
    expect(page.locator(".cite-target")).to_contain_text(
        "Select the passage that supports: 온성 보위부의 가족 연행 (Onsong family arrests)"
    )
    target = page.get_by_label("What this passage supports")
    expect(target).to_have_value(f"act:{act.public_id}")
    drag_select(page, "#source-text", PASSAGE)
    expect(page.get_by_role("textbox", name="Passage", exact=True)).to_have_value(PASSAGE)
    shoot(page, "source_selected_en")
    page.get_by_role("button", name="Save as evidence").click()

    expect(page.locator(".message")).to_contain_text("The passage is now evidence.")
    expect(page.locator("mark.cited")).to_have_text(PASSAGE)
    span = EvidenceSpan.objects.get()
    assert span.act == act and span.quote == PASSAGE
    shoot(page, "source_saved_en")

    page.get_by_role("link", name="Back to the act, on its incident's page").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.title)
    expect(page.locator(f"#act-{act.public_id} .act-evidence")).to_contain_text(source.title)
    expect(page.locator(".passage blockquote")).to_have_text(PASSAGE)
    shoot(page, "incident_cited_en")
