"""A documenter reviews the records Kirok proposes from a news item: sees each proposal's
words highlighted in the text, corrects a date, leaves a victim out, accepts one proposal and
rejects the other; a second reviewer sees who decided what. Screenshots:
test-artifacts/screenshots/proposals_*.png."""

import pytest
from playwright.sync_api import expect

from kirok.records.models import Incident, Person
from tests import factories
from tests.browser import steps

TEXT = (
    "Border guards arrested Ri Sun-hui (pseudonym) and Kang Myong-ok (pseudonym) near "
    "Hoeryong in May 2019. Their families have not heard from them since.\n\n"
    "A local trader said prices had doubled.\n\n"
    "In March 2020 the bowibu detained Pak Chol-su (pseudonym) in Musan."
)


@pytest.fixture
def desk(transactional_db, reference_data):
    documenter = factories.make_user("documenter", username="documenter")
    colleague = factories.make_user("documenter", username="colleague")
    case = factories.make_case("회령 조사 (Hoeryong inquiry)", editors=[documenter, colleague])
    source = factories.make_source(
        title="Border arrests (news)", text=TEXT, cases=[case], language="en"
    )
    return documenter, colleague, source


@pytest.mark.browser
def test_a_documenter_accepts_one_proposal_and_rejects_another(
    page, live_server, browser_login, desk
):
    documenter, colleague, source = desk
    browser_login(page, documenter, path=f"/sources/{source.public_id}/")
    page.get_by_role("button", name="Propose records from the text").click()
    page.wait_for_load_state()  # the page's scripts (deferred) must run before we hover
    expect(page.get_by_role("heading", level=1)).to_have_text("Border arrests (news)")
    expect(page.locator(".message").first).to_contain_text("2 records are proposed")
    cards = page.locator("li.proposal")
    expect(cards).to_have_count(2)
    first = cards.nth(0)

    # Reading a proposal lights up its words in the text; a field's words are one click away.
    first.hover()
    expect(page.locator("mark.proposal-current").first).to_be_visible()
    expect(page.locator("mark.proposal-current")).not_to_have_count(0)
    first.get_by_role("link", name="“May 2019”").click()
    expect(page).to_have_url(f"{live_server.url}/sources/{source.public_id}/proposals/#p1-date")
    steps.shoot(page, "proposals", "review_en")

    # Correct the date, leave the second victim out, accept.
    first.get_by_label("Date").fill("12 May 2019")
    expect(first.locator(".date-preview")).to_contain_text("2019-05-12")
    first.get_by_role("checkbox", name="Keep").nth(1).uncheck()
    first.get_by_role("button", name="Accept and create the records").click()
    expect(page.locator(".message").first).to_contain_text("Proposal 1 accepted")
    incident = Incident.objects.get()
    assert incident.start_date == "2019-05-12"
    assert [str(p) for p in Person.objects.all()] == ["Ri Sun-hui"]

    # Reject the second with a reason.
    second = page.locator("li.proposal").nth(1)
    second.get_by_label("Or reject the whole proposal").fill("Reported before, see the 2020 list")
    second.get_by_role("button", name="Reject", exact=True).click()
    expect(page.locator(".message").first).to_contain_text("Proposal 2 rejected")

    # The colleague sees what was decided, by whom, and reaches the incident.
    page.context.clear_cookies()
    browser_login(page, colleague, path=f"/sources/{source.public_id}/proposals/")
    decided = page.locator("li.proposal")
    expect(decided.nth(0)).to_contain_text("Accepted by documenter")
    expect(decided.nth(0)).to_contain_text("Date: corrected")
    expect(decided.nth(0)).to_contain_text("Victims: accepted as proposed, rejected")
    expect(decided.nth(1)).to_contain_text("Rejected by documenter")
    expect(decided.nth(1)).to_contain_text("Reported before, see the 2020 list")
    steps.shoot(page, "proposals", "decided_en")
    decided.nth(0).get_by_role("link", name="The incident created").click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(incident.title)
    expect(page.locator("body")).to_contain_text("Border guards arrested Ri Sun-hui")

    # The same page in Korean.
    page.goto(f"{live_server.url}/sources/{source.public_id}/proposals/")
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("li.proposal").nth(0)).to_contain_text("documenter 님이 수락")
    expect(page.locator("li.proposal").nth(0)).to_contain_text("날짜: 수정")
    steps.shoot(page, "proposals", "decided_ko")
