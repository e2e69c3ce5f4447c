"""A reviewer works through the linkage queue with the keyboard, then reads the Identity.

Screenshots: test-artifacts/screenshots/linkage_*.png.
"""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import expect

from kirok.linkage import services
from kirok.linkage.models import CandidatePair, PairDecision
from kirok.records.models import Person
from tests import factories
from tests.browser import steps
from tests.linkage.conftest import make_people


def shoot(page, name: str) -> None:
    steps.shoot(page, "linkage", name)


@pytest.fixture
def reviewed(transactional_db, reference_data):
    """An analyst's case with the linkage test people, linked by the real engine.

    The two spellings of Kim Hye-song disagree on the birth year (1984, 1985); the two men
    called Kim Yong-ho are added to the queue as an uncertain pair.
    """
    analyst = factories.make_user("analyst", username="analyst")
    case = factories.make_case("두만강 사건 조사", members=[analyst])
    people = make_people(cases=[case])
    people.kim_hyesong_latin.birth_date = "1985"
    people.kim_hyesong_latin.save()
    source = factories.make_source(cases=[case])
    factories.make_evidence(source, person=people.kim_hyesong)
    factories.make_act(
        incident=factories.make_incident(cases=[case]), victim=people.kim_hyesong_latin
    )
    run = services.run_linkage(None)
    left, right = services.ordered(people.kim_yongho_1950, people.kim_yongho_1982)
    CandidatePair.objects.get_or_create(
        run=run,
        left=left,
        right=right,
        defaults={
            "match_probability": 0.5,
            "match_weight": 0.0,
            "levels": {"name": "same name key", "birth_year": "different"},
            "certainty": 0.0,
        },
    )
    left, right = services.ordered(people.kim_hyesong, people.kim_hyesong_latin)
    people.woman_pair = CandidatePair.objects.get(run=run, left=left, right=right)
    people.authenticator = factories.make_authenticator(analyst)
    return people


@pytest.mark.browser
def test_decide_pairs_with_the_keyboard_then_undo_the_merge(page, live_server, reviewed):
    steps.log_in(page, live_server.url, "analyst", reviewed.authenticator)
    page.get_by_role("link", name="Linkage").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Record linkage: review queue")
    expect(page.get_by_text(re.compile(r"0 decided of \d+ candidate pairs"))).to_be_visible()
    shoot(page, "queue_en")

    page.locator(".linkage-queue tbody tr").first.get_by_role("link").click()
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    expect(page.locator('tr[data-state="differ"]').first).to_be_visible()
    shoot(page, "pair_namesakes_en")
    namesakes_url = page.url
    page.keyboard.press("k")  # skip: the next pair, nothing decided
    expect(page).not_to_have_url(namesakes_url)
    expect(page.get_by_role("heading", name="Are these the same person?")).to_be_visible()
    assert not PairDecision.objects.exists()
    page.goto(namesakes_url)
    page.get_by_label("Note (optional)").fill("s d u k typed here decide nothing")
    expect(page).to_have_url(namesakes_url)
    page.locator("body").click(position={"x": 5, "y": 300})
    page.keyboard.press("d")

    expect(page.get_by_text("Decision saved.")).to_be_visible()
    page.goto(f"{live_server.url}/linkage/pairs/{reviewed.woman_pair.public_id}/")
    expect(page.locator(".linkage-compare")).to_contain_text("Kim Hye-song")
    expect(page.locator(".linkage-compare")).to_contain_text("B2")  # the source's grade
    shoot(page, "pair_spellings_en")
    page.keyboard.press("s")
    expect(page.get_by_text("Decision saved.")).to_be_visible()

    page.get_by_role("link", name="Linkage").click()
    expect(page.get_by_text(re.compile(r"2 decided of \d+ candidate pairs"))).to_be_visible()
    shoot(page, "queue_after_en")

    woman = Person.objects.get(pk=reviewed.kim_hyesong.pk)
    assert woman.identity_id is not None
    assert Person.objects.get(pk=reviewed.kim_hyesong_latin.pk).identity_id == woman.identity_id
    namesake = Person.objects.get(pk=reviewed.kim_yongho_1950.pk).identity_id
    assert namesake is None or namesake != (
        Person.objects.get(pk=reviewed.kim_yongho_1982.pk).identity_id
    )

    page.goto(f"{live_server.url}/linkage/identities/{woman.identity.public_id}/")
    expect(page.get_by_text("sources disagree").first).to_be_visible()
    expect(page.locator(".linkage-compare")).to_contain_text("1984")
    expect(page.locator(".linkage-compare")).to_contain_text("1985")
    shoot(page, "identity_en")
    page.get_by_role("button", name="Undo this merge").click()
    expect(page.get_by_text("The merge was undone.")).to_be_visible()
    shoot(page, "after_undo_en")


@pytest.mark.browser
def test_the_queue_in_korean(page, live_server, reviewed):
    steps.log_in(page, live_server.url, "analyst", reviewed.authenticator)
    page.get_by_role("button", name="한국어").click()
    expect(page.locator("html")).to_have_attribute("lang", "ko")
    page.goto(f"{live_server.url}/linkage/")
    expect(page.locator(".linkage-queue")).to_be_visible()
    shoot(page, "queue_ko")


@pytest.mark.browser
def test_narrow_the_queue_to_one_name_and_decide_its_pairs(page, live_server, reviewed):
    steps.log_in(page, live_server.url, "analyst", reviewed.authenticator)
    page.goto(f"{live_server.url}/linkage/")
    page.get_by_label("Only the pairs of a person named (any spelling)").fill("Gim Yeongho")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_text("0 decided of 1 candidate pairs with this name")).to_be_visible()
    expect(page.locator(".linkage-queue")).not_to_contain_text("Kim Hye-song")
    assert "Yeongho" not in page.url and "ne=" in page.url  # the name travels sealed
    shoot(page, "queue_named_en")

    page.locator(".linkage-queue tbody tr").first.get_by_role("link").click()
    expect(page.locator(".linkage-compare")).to_contain_text("김영호")
    # The button, not the key: the keys are the test above's, and a key pressed before the
    # deferred script has loaded does nothing.
    page.get_by_role("button", name=re.compile("^Different persons")).click()
    expect(page.get_by_text("Decision saved.")).to_be_visible()
    expect(page.get_by_text("1 decided of 1 candidate pairs with this name")).to_be_visible()
    expect(page.get_by_text("No pair of a person with this name is waiting")).to_be_visible()
    page.get_by_role("link", name="Every pair").click()
    expect(page.get_by_text(re.compile(r"1 decided of \d+ candidate pairs$"))).to_be_visible()
