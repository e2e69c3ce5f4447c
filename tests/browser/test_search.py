"""Finding an incident: by another romanization of a victim's name from the header's search
box, then in the incident list filtered by province and year (htmx keeps the address).
Screenshots are kept in test-artifacts/screenshots/ for review."""

import re

import pytest
from playwright.sync_api import expect

from kirok.records.models import Place
from tests import factories
from tests.browser import steps

ONSONG_TITLE = "온성 보위부의 귀환자 연행"
HYESAN_TITLE = "혜산 국경 지역 주민 실종"


def shoot(page, name: str) -> None:
    steps.shoot(page, "search", name)


@pytest.fixture
def documented(transactional_db, reference_data):
    analyst = factories.make_user("analyst", username="analyst")
    case = factories.make_case("두만강 사건 조사", members=[analyst])
    victim = factories.make_person(
        cases=[case],
        sex="female",
        names=[
            {"text": "김혜송", "script": "hangul", "is_primary": True},
            {"text": "Kim Hye-song", "script": "latin", "romanization": "mr_plain"},
        ],
    )
    onsong = factories.make_incident(
        title=ONSONG_TITLE,
        summary="강제송환된 김혜송을 온성군 보위부는 집결소에 가두었다.",
        start_date="2012-05",
        place=Place.objects.get(gazetteer_id="KP-09-onseong-gun"),
        status="corroborated",
        cases=[case],
    )
    factories.make_act(incident=onsong, victim=victim)
    factories.make_incident(
        title=HYESAN_TITLE,
        start_date="2019~",
        place=Place.objects.get(gazetteer_id="KP-10-hyesan-si"),
        cases=[case],
    )
    factories.make_incident(
        title="온성 주민 연행 (2016)",
        start_date="2016-02",
        place=Place.objects.get(gazetteer_id="KP-09-onseong-gun"),
        cases=[case],
    )
    return factories.make_authenticator(analyst)


def log_in(page, url: str, authenticator) -> None:
    steps.log_in(page, url, "analyst", authenticator)


@pytest.mark.browser
def test_find_an_incident_by_another_spelling_then_filter_by_province_and_year(
    page, live_server, documented
):
    log_in(page, live_server.url, documented)

    # The victim is recorded as 김혜송 and "Kim Hye-song"; the reader types another spelling.
    page.get_by_label("Search names, incidents and sources").fill("Gim Hyesong")
    page.get_by_label("Search names, incidents and sources").press("Enter")
    # The name is POSTed: it must not be in the address (nor, so, in the browser's history).
    expect(page).to_have_url(re.compile(r"/search/$"))
    persons = page.get_by_role("region", name=re.compile("Persons"))
    expect(persons.get_by_role("link", name="김혜송")).to_be_visible()
    incidents = page.get_by_role("region", name=re.compile("Incidents"))
    expect(incidents.get_by_role("link", name=ONSONG_TITLE)).to_be_visible()
    shoot(page, "results_en")

    page.get_by_role("link", name="Incidents", exact=True).click()
    expect(page.get_by_role("heading", name="Incidents", level=1)).to_be_visible()
    expect(page.locator(".browse-count")).to_contain_text("3 incidents")
    shoot(page, "browse_en")

    page.get_by_role("checkbox", name=re.compile("North Hamgyong")).check()
    expect(page).to_have_url(re.compile(r"province=KP-09"))
    expect(page.locator(".browse-count")).to_contain_text("2 incidents")
    page.get_by_label("From").fill("2012")
    page.get_by_label("to", exact=True).fill("2012")
    page.get_by_label("to", exact=True).press("Enter")
    expect(page).to_have_url(re.compile(r"year_to=2012"))
    expect(page.locator(".browse-count")).to_contain_text("1 incident you may see")
    table = page.locator("table.records")
    expect(table.get_by_role("link", name=ONSONG_TITLE)).to_be_visible()
    expect(table.get_by_role("link", name=HYESAN_TITLE)).to_have_count(0)
    shoot(page, "filtered_en")

    # The address holds the filters: reloading it shows the same list.
    page.reload()
    expect(page.get_by_role("checkbox", name=re.compile("North Hamgyong"))).to_be_checked()
    expect(page.locator(".browse-count")).to_contain_text("1 incident you may see")

    # By keyboard: the list updates and the focus stays on the box just ticked.
    female = page.get_by_role("checkbox", name=re.compile("Female"))
    female.focus()
    page.keyboard.press("Space")
    expect(page).to_have_url(re.compile(r"sex=female"))
    expect(page.get_by_role("checkbox", name=re.compile("Female"))).to_be_focused()
    page.keyboard.press("Space")
    expect(page).not_to_have_url(re.compile(r"sex=female"))

    # Words typed in the list's box are sent sealed: the address never holds them in clear.
    page.get_by_label("Words or a victim's name").fill("Gim Hyesong")
    page.get_by_label("Words or a victim's name").press("Enter")
    expect(page).to_have_url(re.compile(r"qe=kv1"))
    assert "Hyesong" not in page.url
    expect(page.locator(".browse-count")).to_contain_text("1 incident you may see")
    page.reload()
    expect(page.get_by_label("Words or a victim's name")).to_have_value("Gim Hyesong")

    page.get_by_label("Save this search as").fill("Onsong 2012")
    page.get_by_role("button", name="Save", exact=True).click()
    saved = page.get_by_role("region", name="Your saved searches")
    expect(saved.get_by_role("link", name="Onsong 2012")).to_be_visible()
    shoot(page, "saved_en")

    page.get_by_role("button", name="한국어").click()
    expect(page.get_by_role("checkbox", name=re.compile("함경북도"))).to_be_checked()
    shoot(page, "filtered_ko")
