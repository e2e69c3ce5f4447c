"""The first flow a person walks through: log in, read the counts, open an incident, switch
to Korean. Screenshots of each page are kept in test-artifacts/screenshots/ for review."""

import re

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import steps


def shoot(page, name: str) -> None:
    steps.shoot(page, "first_flow", name)


@pytest.fixture
def documented(transactional_db, reference_data, settings):
    settings.DEMO = True
    analyst = factories.make_user("analyst", username="analyst")
    case = factories.make_case("두만강 사건 조사", members=[analyst])
    made = factories.make_documented_incident(cases=[case])
    made.authenticator = factories.make_authenticator(analyst)
    # All in the analyst's case: a record in no case is for coordinators only.
    factories.make_incident(
        title="혜산 국경 지역 주민 실종",
        cases=[case],
        start_date="2019~",
        status="alleged",
        violation_types=["enforced_disappearance"],
    )
    factories.make_incident(
        title="Forced repatriation of three women from Tumen",
        cases=[case],
        start_date="2017-03",
        status="verified",
        violation_types=["forced_repatriation", "arbitrary_detention"],
    )
    return made


@pytest.mark.browser
def test_log_in_read_the_counts_open_an_incident_and_switch_to_korean(
    page, live_server, documented
):
    page.goto(f"{live_server.url}/")
    expect(page).to_have_url(re.compile(r"/login/\?next=/$"))
    expect(page.locator(".demo-banner")).to_contain_text("fictional")
    shoot(page, "login_en")

    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    # The second factor: the code the analyst's authenticator app shows now.
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    page.get_by_label("Code", exact=True).fill(factories.totp_code(documented.authenticator))
    page.get_by_role("button", name="Continue").click()

    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    expect(page.locator('[data-count="incidents"]')).to_have_text("3")
    expect(page.locator('[data-count="victims"]')).to_have_text("2")
    expect(page.locator('[data-count="sources"]')).to_have_text("2")
    expect(page.locator('[data-count="perpetrators"]')).to_have_text("1")
    shoot(page, "home_en")

    page.get_by_role("link", name=documented.incident.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(documented.incident.title)
    expect(page.get_by_text("Acts by victim")).to_be_visible()
    # Both sources' grades are shown (the interview B2, the report C3), beside their passages.
    expect(page.locator(".grade", has_text="B2").first).to_be_visible()
    expect(page.locator(".grade", has_text="C3").first).to_be_visible()
    shoot(page, "incident_en")

    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    expect(page.get_by_role("heading", name="피해자별 침해 행위")).to_be_visible()
    expect(page.get_by_role("heading", name="출처와 근거 구절")).to_be_visible()
    shoot(page, "incident_ko")

    page.get_by_role("link", name="홈").click()
    expect(page.get_by_role("heading", name="최근 사건")).to_be_visible()
    shoot(page, "home_ko")

    page.get_by_role("link", name=documented.incident.title).click()
    page.get_by_role("link", name=str(documented.mother)).first.click()
    expect(page.get_by_role("heading", name="이름")).to_be_visible()
    shoot(page, "person_ko")
