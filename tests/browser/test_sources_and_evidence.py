"""A documenter adds a source with its file, selects a passage with the mouse, ties it to an
incident, and reads it on the incident page. Screenshots of each page are kept in
test-artifacts/screenshots/ (sources_*.png) for review."""

import re

import pytest
from playwright.sync_api import expect

from kirok.sources.models import EvidenceSpan
from tests import factories
from tests.browser import steps

TESTIMONY = (
    "2012년 11월 초 온성군 보위부원들이 집에 들이닥쳤다. 𠮷田 씨의 말로는 "
    "보위부원들이 어머니와 남동생을 데려갔다고 한다.\n"
    "그 뒤로 가족의 소식은 끊겼다. In early November 2012 security officers took them away."
)
PASSAGE = "보위부원들이 어머니와 남동생을 데려갔다"


def shoot(page, name: str) -> None:
    steps.shoot(page, "sources", name)


@pytest.fixture
def desk(transactional_db, reference_data):
    documenter = factories.make_user("documenter", username="documenter")
    case = factories.make_case("온성 사건 조사 (Onsong inquiry)", editors=[documenter])
    incident = factories.make_incident(
        title="온성 보위부의 가족 연행 (Onsong family arrests)", cases=[case], start_date="2012-11"
    )
    return documenter, incident


def drag_select(page, selector: str, words: str) -> None:
    """Select ``words`` inside ``selector`` by dragging the mouse across them, as a person
    does: the page only tells where the words are drawn.

    The words are brought into view first, and their position is read until two readings
    agree: a page opened at an anchor (#text-heading) may still be scrolling, and a drag
    measured before the scroll ends misses the words."""
    page.locator(selector).scroll_into_view_if_needed()
    box = _words_box(page, selector, words)
    for _ in range(20):
        page.wait_for_timeout(50)
        again = _words_box(page, selector, words)
        if again == box:
            break
        box = again
    assert box, f"{words!r} is not on the page"
    page.mouse.move(box["x1"], box["y1"])
    page.mouse.down()
    page.mouse.move(box["x2"], box["y2"], steps=8)
    page.mouse.up()


def _words_box(page, selector: str, words: str) -> dict | None:
    return page.evaluate(
        """([selector, words]) => {
            const root = document.querySelector(selector);
            const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
            for (let node = walker.nextNode(); node; node = walker.nextNode()) {
                const at = node.data.indexOf(words);
                if (at < 0) continue;
                const first = document.createRange();
                first.setStart(node, at); first.setEnd(node, at + 1);
                const last = document.createRange();
                last.setStart(node, at + words.length - 1); last.setEnd(node, at + words.length);
                const a = first.getBoundingClientRect(), b = last.getBoundingClientRect();
                return {
                    x1: a.left + 1, y1: a.top + a.height / 2,
                    x2: b.right - 1, y2: b.top + b.height / 2,
                };
            }
            return null;
        }""",
        [selector, words],
    )


@pytest.mark.browser
def test_add_a_source_with_a_file_cite_a_passage_and_see_it_on_the_incident(
    page, live_server, browser_login, desk, tmp_path
):
    documenter, incident = desk
    browser_login(page, documenter)
    page.get_by_role("link", name="Sources").click()
    expect(page.get_by_role("heading", name="Sources", level=1)).to_be_visible()
    page.get_by_role("link", name="Add a source").click()
    expect(page.get_by_role("heading", name="Add a source")).to_be_visible()

    # A hostile file first: refused, with the reason, and nothing saved.
    hostile = tmp_path / "report.pdf"
    hostile.write_text("<!doctype html><script>alert(1)</script>")
    page.get_by_label("Title").fill("온성 탈북민 면담 (Interview, Onsong)")
    page.get_by_label("Kind").select_option(label="Testimony or interview")
    page.get_by_label("Consent to store").check()
    page.get_by_label("온성 사건 조사 (Onsong inquiry)").check()
    page.get_by_label("File").set_input_files(str(hostile))
    page.get_by_role("button", name="Add the source").click()
    expect(page.locator(".field-file .field-error")).to_contain_text("cannot be kept")
    shoot(page, "form_refused_en")

    # The real file: a plain-text testimony, which becomes the source's text.
    testimony = tmp_path / "증언_온성.txt"
    testimony.write_text(TESTIMONY, encoding="utf-8")
    page.get_by_label("Reliability of the source").select_option(index=2)
    page.get_by_label("Collected").fill("early November 2014")
    page.get_by_label("File").set_input_files(str(testimony))
    page.get_by_role("button", name="Add the source").click()
    expect(page.get_by_role("heading", level=1)).to_have_text(
        "온성 탈북민 면담 (Interview, Onsong)"
    )
    expect(page.get_by_role("link", name="증언_온성.txt")).to_be_visible()
    expect(page.locator("#source-text")).to_contain_text("어머니와 남동생")

    # Select the passage with the mouse: the form fills in.
    drag_select(page, "#source-text", PASSAGE)
    expect(page.get_by_role("textbox", name="Passage", exact=True)).to_have_value(PASSAGE)
    page.get_by_label("What this passage supports").select_option(label=incident.title)
    shoot(page, "source_selected_en")
    page.get_by_role("button", name="Save as evidence").click()
    expect(page.locator(".message")).to_contain_text("The passage is now evidence.")
    expect(page.locator("mark.cited")).to_have_text(PASSAGE)
    span = EvidenceSpan.objects.get()
    assert span.incident == incident and span.quote == PASSAGE
    assert span.source.text[span.start : span.end] == PASSAGE  # despite 𠮷 before it
    shoot(page, "source_cited_en")

    # The incident page quotes it, with the grade, and links back to it in the source.
    page.get_by_role("link", name=incident.title).click()
    expect(page.get_by_role("heading", level=1)).to_have_text(incident.title)
    expect(page.locator(".record-status")).to_contain_text("supported by 1 source")
    expect(page.locator(".passage blockquote")).to_have_text(PASSAGE)
    shoot(page, "incident_en")
    page.get_by_role("link", name="Read it in the source").click()
    expect(page).to_have_url(re.compile(rf"/sources/.+#passage-{span.public_id}$"))

    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    shoot(page, "source_ko")


@pytest.mark.browser
def test_a_stale_edit_shows_the_conflict_and_the_list_finds_the_source(
    page, live_server, browser_login, desk
):
    documenter, _incident = desk
    case = documenter.cases.get()
    source = factories.make_source(title="두만강 면담 (Tumen interview)", cases=[case])
    browser_login(page, documenter, path=f"/sources/{source.public_id}/edit/")
    expect(page.get_by_role("heading", name="Edit source")).to_be_visible()
    shoot(page, "edit_en")
    page.get_by_label("Title").fill("두만강 면담, 고친 제목 (my title)")

    # Meanwhile a colleague saves the same source.
    source.title = "두만강 면담, 동료의 제목 (colleague's title)"
    source.save()

    page.get_by_role("button", name="Save changes").click()
    conflict = page.get_by_role("alert")
    expect(conflict).to_contain_text("Someone else saved this source while you were editing it")
    expect(conflict.locator(".theirs")).to_contain_text("동료의 제목")
    expect(conflict.locator(".yours")).to_contain_text("고친 제목")
    shoot(page, "edit_conflict_en")
    source.refresh_from_db()
    assert source.title == "두만강 면담, 동료의 제목 (colleague's title)"

    page.get_by_role("button", name="Save changes").click()  # having seen theirs: keep mine
    expect(page.get_by_role("heading", level=1)).to_have_text("두만강 면담, 고친 제목 (my title)")
    page.get_by_role("link", name="All sources").click()
    expect(page.get_by_role("link", name="두만강 면담, 고친 제목 (my title)")).to_be_visible()
    shoot(page, "list_en")

    # A fully documented incident: each act points to the passage that supports it.
    made = factories.make_documented_incident(cases=[case])
    page.goto(f"{live_server.url}/incidents/{made.incident.public_id}/")
    expect(page.locator(".act-evidence").first).to_be_visible()
    shoot(page, "incident_documented_en")
