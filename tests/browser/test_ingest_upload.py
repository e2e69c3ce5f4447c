"""A documenter uploads a Word document without typing its text: the text is extracted, the
file's chain of custody shows "received" and "text extracted"; a scanned PDF is kept with a
warning. Screenshots: test-artifacts/screenshots/ingest_*.png."""

import pytest
from playwright.sync_api import expect

from tests import factories
from tests.browser import steps
from tests.lib.test_text_extraction import KOREAN, make_docx
from tests.pdf_maker import make_pdf


@pytest.fixture
def documenter(transactional_db, reference_data):
    user = factories.make_user("documenter", username="documenter")
    factories.make_case("온성 사건 조사 (Onsong inquiry)", editors=[user])
    return user


def add_source(page, base_url: str, title: str, file) -> None:
    page.goto(f"{base_url}/sources/new/")
    page.get_by_label("Title").fill(title)
    page.get_by_label("Kind").select_option(label="NGO report")
    page.get_by_label("온성 사건 조사 (Onsong inquiry)").check()
    page.get_by_label("File").set_input_files(str(file))
    page.get_by_role("button", name="Add the source").click()


@pytest.mark.browser
def test_an_uploaded_document_fills_the_text_and_shows_its_custody(
    page, live_server, browser_login, documenter, tmp_path
):
    report = tmp_path / "온성_보고서.docx"
    report.write_bytes(
        make_docx("온성 보고", KOREAN, table=[["이름", "날짜"], ["김혜송", "2012-11"]])
    )
    browser_login(page, documenter)
    add_source(page, live_server.url, "온성 보고서 (Onsong report)", report)
    expect(page.get_by_role("heading", level=1)).to_have_text("온성 보고서 (Onsong report)")
    expect(page.locator("#source-text")).to_contain_text("김혜송의 어머니를 데려갔다")
    page.locator(".custody summary").click()
    custody = page.locator(".custody-events li")
    expect(custody).to_have_count(2)
    expect(custody.nth(0)).to_contain_text("Received")
    expect(custody.nth(1)).to_contain_text("Text extracted")
    expect(page.locator(".custody summary")).to_contain_text("intact")
    steps.shoot(page, "ingest", "source_custody_en")

    scan = tmp_path / "scan.pdf"
    scan.write_bytes(make_pdf(""))
    add_source(page, live_server.url, "스캔 문서 (Scanned letter)", scan)
    expect(page.locator(".message").last).to_contain_text("The PDF has no text layer")
    steps.shoot(page, "ingest", "scan_warning_en")
