"""A documenter imports a partner's list on the page: checks it, sees its rows as they will
be recorded, mends nothing, imports it, and finds each person citing its row. Screenshots:
test-artifacts/screenshots/list_import_*.png."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import steps
from tests.test_imports import KOREAN_LIST


@pytest.fixture
def documenter(transactional_db, reference_data):
    user = factories.make_user("documenter", username="documenter")
    factories.make_case("협력기관 명단 (partner lists)", editors=[user])
    factories.make_organization()  # 회령시 보위부, which the list names
    return user


def send(page, listed, *, check_only: bool) -> None:
    page.get_by_label("List (Excel .xlsx, or CSV in UTF-8)").set_input_files(str(listed))
    page.get_by_label("Title").fill("가상 명단 (fictional list)")
    checkbox = page.get_by_label("Only check the list")
    checkbox.check() if check_only else checkbox.uncheck()
    page.get_by_role("button", name="Send the list").click()


@pytest.mark.browser
def test_a_list_is_checked_then_imported_and_each_person_cites_its_row(
    page, live_server, browser_login, documenter, tmp_path
):
    listed = tmp_path / "명단.csv"
    listed.write_text(KOREAN_LIST, encoding="utf-8")
    browser_login(page, documenter)
    page.goto(f"{live_server.url}/sources/")
    page.get_by_role("link", name="Import a partner's list").click()
    expect(page.get_by_label("협력기관 명단 (partner lists)")).to_be_checked()

    send(page, listed, check_only=True)
    expect(page.get_by_role("heading", level=2).first).to_have_text(
        "The list can be imported: 2 persons, 1 incidents."
    )
    rows = page.locator(".import-preview tbody tr")
    expect(rows).to_have_count(2)
    expect(rows.nth(0)).to_contain_text("김가상 · 김순희")
    expect(rows.nth(0)).to_contain_text("Forced repatriation")
    steps.shoot(page, "list_import", "checked_en")

    send(page, listed, check_only=False)
    expect(page.locator(".message").first).to_contain_text(
        "Imported 2 persons and 1 incidents from the list."
    )
    expect(page.get_by_role("heading", level=1)).to_have_text("가상 명단 (fictional list)")
    steps.shoot(page, "list_import", "source_en")

    page.goto(f"{live_server.url}/search/?q=Kim+Ga-sang")
    page.get_by_role("link", name="김가상").first.click()
    expect(page.locator("body")).to_contain_text(KOREAN_LIST.splitlines()[1])
    steps.shoot(page, "list_import", "person_en")
