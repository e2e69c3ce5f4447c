"""An analyst chooses three sources as lists, runs a log-linear estimate, reads the numbers,
the overlap matrix and the UpSet chart, saves the analysis and opens its printable report.
Screenshots: test-artifacts/screenshots/estimation_*.png."""

from __future__ import annotations

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import steps
from tests.estimation_app.conftest import make_lists

TITLES = ("북한인권정보센터 증언 목록", "통일연구원 면담 기록", "유엔 실무그룹 제출 사례")


@pytest.fixture
def lists(transactional_db, reference_data, settings):
    settings.DEMO = True
    analyst = factories.make_user("analyst", username="analyst")
    case = factories.make_case("두만강 사건 조사", members=[analyst])
    made = make_lists(case, people=40)
    for source, title in zip(made.sources, TITLES, strict=True):
        source.title = title
        source.save()
    made.authenticator = factories.make_authenticator(analyst)
    return made


@pytest.mark.browser
def test_an_analyst_estimates_saves_and_opens_the_report(page, live_server, lists):
    page.set_viewport_size({"width": 1280, "height": 900})
    steps.log_in(page, live_server.url, "analyst", lists.authenticator)
    page.get_by_role("link", name="Estimation").click()
    expect(
        page.get_by_role("heading", name="Estimation: how many were never reported")
    ).to_be_visible()
    for title in TITLES:
        page.get_by_label(title).check()
    page.get_by_label("Interval").select_option("wald")
    steps.shoot(page, "estimation", "form")

    page.get_by_role("button", name="Estimate", exact=True).click()
    # The outcome is below the long form: the page opens on it, not on the form again.
    expect(page.locator("#result-heading")).to_be_in_viewport()
    headline = page.locator(".estimation-headline")
    expect(headline).to_contain_text("people in all")
    expect(page.locator(".estimation-lists")).to_contain_text("People on at least one list: 40.")
    expect(page.locator(".estimation-overlaps tbody tr")).to_have_count(3)
    expect(page.locator(".estimation-upset rect")).to_have_count(7)  # every pattern is seen
    expect(page.locator(".estimation-plot circle")).to_have_count(1)
    expect(page.locator(".estimation-warnings")).to_contain_text("Only 40 people were observed")
    page.locator("#result-heading").scroll_into_view_if_needed()
    steps.shoot(page, "estimation", "result")

    page.get_by_label("Title of the analysis").fill("Tumen lists, 2012–2015")
    page.get_by_role("button", name="Save this analysis").click()
    expect(page.get_by_role("heading", name="Tumen lists, 2012–2015")).to_be_visible()
    expect(page.locator(".estimation-headline")).to_have_text(headline.text_content() or "")
    steps.shoot(page, "estimation", "saved")

    page.get_by_role("button", name="Re-run on the saved counts").click()
    expect(page.get_by_text("the numbers are the same")).to_be_visible()

    page.get_by_role("link", name="Printable report").click()
    expect(page.get_by_role("heading", name="The method in plain words")).to_be_visible()
    steps.shoot(page, "estimation", "report")
    page.emulate_media(media="print")
    steps.shoot(page, "estimation", "report_print")
