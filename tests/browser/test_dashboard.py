"""The statistics dashboard in a real browser: open it from the menu, read the counters and
the map, filter by province and year, download a chart as PNG, and read it in Korean.
Screenshots are kept in test-artifacts/screenshots/ for review."""

from pathlib import Path

import pytest
from playwright.sync_api import expect

from kirok.records.models import PlaceLevel
from tests import factories
from tests.browser import steps


def shoot(page, name: str) -> None:
    steps.shoot(page, "dashboard", name)


@pytest.fixture
def documented(transactional_db, reference_data):
    analyst = factories.make_user("analyst", username="analyst")
    case = factories.make_case("두만강 사건 조사", members=[analyst])
    made = factories.make_documented_incident(cases=[case])  # Hoeryong, November 2012
    ryanggang = factories.make_place(
        "KP-10", "양강도", "Ryanggang", level=PlaceLevel.ADMIN1, place_type="province"
    )
    hyesan = factories.make_place("KP-10-hyesan-si", "혜산시", "Hyesan", parent=ryanggang)
    incident = factories.make_incident(
        title="혜산 국경 지역 주민 실종", place=hyesan, start_date="2019-04", cases=[case]
    )
    factories.make_act(
        incident=incident,
        victim=factories.make_person(cases=[case], sex="female", birth_date="1990"),
        violation_type="enforced_disappearance",
    )
    made.authenticator = factories.make_authenticator(analyst)
    return made


def log_in(page, live_server, authenticator) -> None:
    steps.log_in(page, live_server.url, "analyst", authenticator)


@pytest.mark.browser
def test_see_the_dashboard_filter_it_by_province_and_year_and_find_the_incident_on_the_map(
    page, live_server, documented
):
    log_in(page, live_server, documented.authenticator)
    page.get_by_role("link", name="Statistics").click()
    expect(page.get_by_role("heading", name="Statistics", level=1)).to_be_visible()
    expect(page.locator('[data-count="incidents"]')).to_have_text("2")
    expect(page.locator('[data-count="victims"]')).to_have_text("3")
    north_hamgyong = page.locator('a[data-region="KP-09"] .tile-value')
    expect(north_hamgyong).to_have_text("1")
    expect(page.get_by_text("Schematic map, not to scale")).to_be_visible()
    shoot(page, "all_en")

    page.get_by_label("Province or prefecture").select_option("KP-10")
    page.get_by_label("From year").fill("2019")
    page.get_by_label("To year").fill("2019")
    page.get_by_role("button", name="Apply filters").click()
    expect(page.locator('[data-count="incidents"]')).to_have_text("1")
    expect(page.locator('[data-count="victims"]')).to_have_text("1")
    expect(page.locator('a[data-region="KP-10"] .tile-value')).to_have_text("1")
    expect(north_hamgyong).to_have_text("0")
    expect(page.get_by_label("Province or prefecture")).to_have_value("KP-10")
    shoot(page, "ryanggang_2019_en")

    with page.expect_download() as download:
        page.locator('button[data-png-of="victims_by_violation"]').click()
    assert download.value.suggested_filename == "kirok-victims_by_violation.png"
    assert Path(download.value.path()).read_bytes()[:8] == b"\x89PNG\r\n\x1a\n"

    page.locator('a[data-region="KP-09"]').click()  # a tile narrows to its province
    expect(page.get_by_label("Province or prefecture")).to_have_value("KP-09")
    expect(page.locator('[data-count="incidents"]')).to_have_text("0")  # none in 2019

    page.get_by_role("link", name="Clear all filters").click()
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.locator('a[data-region="KP-09"]')).to_contain_text("함경북도")
    shoot(page, "all_ko")
