"""Accessibility: axe-core finds no serious or critical violation on the main pages, in
English and in Korean, and every page can be worked from the keyboard (a skip link first).

axe-core is vendored (tests/browser/vendor) and injected into each page. The pages forbid
inline scripts (Content-Security-Policy), so this test's browser context bypasses the policy
only to inject axe; the pages' own scripts are the same as always.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from playwright.sync_api import expect

from kirok.accounts.models import CaseMembership
from kirok.interop import services as export_services
from kirok.interop.models import ExportKind
from kirok.records.models import Organization
from kirok.sources import proposals
from tests import factories
from tests.browser import steps

AXE = Path(__file__).resolve().parent / "vendor" / "axe-4.14.1.min.js"
BLOCKING = ("serious", "critical")


@pytest.fixture
def documented(transactional_db, reference_data):
    coordinator = factories.make_user("coordinator", username="coordinator")
    case = factories.make_case("두만강 사건 조사", members=[coordinator])
    made = factories.make_documented_incident(cases=[case])
    made.authenticator = factories.make_authenticator(coordinator)
    proposals.propose(made.testimony, user=coordinator)
    return made


@pytest.fixture
def axe_page(browser):
    context = browser.new_context(
        locale="en-US", viewport={"width": 1280, "height": 900}, bypass_csp=True
    )
    page = context.new_page()
    yield page
    context.close()


def log_in(page, url: str, authenticator) -> None:
    steps.log_in(page, url, "coordinator", authenticator)


def violations(page) -> list[dict]:
    """axe's serious and critical findings on the page as it is now (WCAG 2.x A and AA)."""
    page.add_script_tag(path=str(AXE))
    assert page.evaluate("axe.version") == "4.14.1"
    result = page.evaluate(
        """async () => (await axe.run(document, {
            runOnly: {type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']},
        })).violations"""
    )
    return [
        {"rule": v["id"], "impact": v["impact"], "nodes": [n["target"] for n in v["nodes"][:5]]}
        for v in result
        if v["impact"] in BLOCKING
    ]


def in_both_languages(page):
    """Yield "en", then switch the interface to Korean and yield "ko"."""
    yield "en"
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    yield "ko"


def main_pages(documented) -> dict[str, str]:
    made = documented
    return {
        "home": "/",
        "incident": f"/incidents/{made.incident.public_id}/",
        "person": f"/persons/{made.mother.public_id}/",
        "source": f"/sources/{made.testimony.public_id}/",
        "proposed records": f"/sources/{made.testimony.public_id}/proposals/",
        "sources": "/sources/",
        "search": "/search/?q=%EA%B9%80",
        "incidents": "/search/incidents/",
        "statistics": "/statistics/",
        "estimation": "/estimation/",
        "new incident": "/incidents/new/",
        "edit person": f"/persons/{made.mother.public_id}/edit/",
        "new source": "/sources/new/",
        "import a list": "/sources/import/",
        "audit log": "/audit/",
        "exports": "/exports/",
        "proceeding": f"/proceedings/{made.proceeding.public_id}/",
        "edit proceeding": f"/proceedings/{made.proceeding.public_id}/edit/",
        "place": f"/places/{made.incident.place.public_id}/",
        "organization": f"/organizations/{Organization.objects.first().public_id}/",
    }


@pytest.mark.browser
def test_no_serious_or_critical_violation_on_the_main_pages(axe_page, live_server, documented):
    page = axe_page
    log_in(page, live_server.url, documented.authenticator)
    found = {}
    for language in in_both_languages(page):
        for name, path in main_pages(documented).items():
            response = page.goto(f"{live_server.url}{path}")
            assert response.status == 200, (name, response.status)
            problems = violations(page)
            if problems:
                found[f"{name} ({language})"] = problems
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.browser
def test_the_first_tab_reaches_the_skip_link_and_it_moves_to_the_content(
    axe_page, live_server, documented
):
    page = axe_page
    log_in(page, live_server.url, documented.authenticator)
    page.goto(f"{live_server.url}/incidents/{documented.incident.public_id}/")
    page.keyboard.press("Tab")
    skip = page.get_by_role("link", name="Skip to content")
    expect(skip).to_be_focused()
    page.keyboard.press("Enter")
    expect(page.locator("#main")).to_be_focused()


@pytest.mark.browser
def test_the_list_import_after_a_check_and_with_problems(
    axe_page, live_server, documented, tmp_path
):
    """The two states of the import page that a plain visit does not show: the rows as they
    will be recorded, and the list of problems."""
    page = axe_page
    log_in(page, live_server.url, documented.authenticator)
    found = {}
    lists = {"checked": "성명,성별,고향\n김가상,여,회령시\n", "problems": "성명,성별\n김가상,X\n"}
    for state, text in lists.items():
        listed = tmp_path / f"{state}.csv"
        listed.write_text(text, encoding="utf-8")
        page.goto(f"{live_server.url}/sources/import/")
        page.get_by_label("List (Excel .xlsx, or CSV in UTF-8)").set_input_files(str(listed))
        page.get_by_label("Title").fill("가상 명단")
        page.get_by_role("button", name="Send the list").click()
        expect(page.locator(".import-preview, .import-problems").first).to_be_visible()
        if problems := violations(page):
            found[state] = problems
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)


@pytest.mark.browser
def test_the_approver_preview_of_a_table_to_publish(axe_page, live_server, documented):
    """The export request page as the approver sees a table for publication: the table of
    counts (a state no plain visit shows)."""
    case = documented.incident.cases.get()
    requester = factories.make_user("coordinator", username="requester")
    CaseMembership.objects.create(case=case, user=requester)
    for _ in range(5):
        victim = factories.make_person(cases=[case], sex="female", birth_date="1990")
        incident = factories.make_incident(cases=[case], start_date="2019")
        factories.make_act(incident=incident, victim=victim, violation_type="forced_repatriation")
    export = export_services.request_export(
        requester,
        ExportKind.VICTIMS_PUBLIC,
        reason="Statistics for our annual report",
        cases=[case],
    )
    page = axe_page
    log_in(page, live_server.url, documented.authenticator)
    found = {}
    for language in in_both_languages(page):
        page.goto(f"{live_server.url}/exports/{export.public_id}/")
        expect(page.locator("#table-heading")).to_be_visible()
        expect(page.get_by_role("cell", name="forced_repatriation")).to_be_visible()
        if problems := violations(page):
            found[language] = problems
    assert found == {}, json.dumps(found, indent=1, ensure_ascii=False)
