"""The review queue, the comparison page, decisions and the Identity page, as users meet them.

Pairs are made directly (the engine's runs are tested in test_identities.py), so that each
test shows one rule of who sees and decides what.
"""

from __future__ import annotations

from urllib.parse import parse_qs, unquote, urlsplit

import pytest
from django.urls import reverse
from django.utils import timezone

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.linkage import services
from kirok.linkage.models import CandidatePair, LinkageRun, PairDecision
from kirok.records.models import Identity, Person
from tests import factories
from tests.linkage.conftest import make_people


@pytest.fixture
def world(case, analyst):
    """The people in ``case``, one more person in another case, and a run with three pairs.

    The queue order: the hidden pair is the most uncertain; then the namesakes (p=0.55),
    then the two spellings of one woman (p=0.97).
    """
    other_case = factories.make_case("다른 사례 (other case)")
    people = make_people(cases=[case])
    people.hidden = factories.make_person(
        names=[{"text": "비밀인물", "script": "hangul", "is_primary": True}],
        sex="female",
        cases=[other_case],
    )
    run = LinkageRun.objects.create(finished_at=timezone.now())
    people.run = run
    people.woman = make_pair(run, people.kim_hyesong, people.kim_hyesong_latin, 0.97, 8.0)
    people.namesakes = make_pair(run, people.kim_yongho_1950, people.kim_yongho_1982, 0.55, 1.0)
    people.hidden_pair = make_pair(run, people.kim_hyesong, people.hidden, 0.5, 0.0)
    return people


def make_pair(run, a, b, probability: float, weight: float) -> CandidatePair:
    left, right = services.ordered(a, b)
    return CandidatePair.objects.create(
        run=run,
        left=left,
        right=right,
        match_probability=probability,
        match_weight=weight,
        levels={"name": "same name key", "birth_year": "exact"},
        certainty=abs(probability - 0.5),
    )


def queue_page(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("linkage:queue"))
    assert response.status_code == 200
    return response.content.decode()


def test_the_queue_lists_uncertain_pairs_first_and_only_pairs_the_reviewer_may_see(
    client, world, analyst
):
    page = queue_page(client, analyst)
    assert page.index("김영호") < page.index("김혜송"), "the more uncertain pair comes first"
    assert "Kim Hye-song" in page
    assert "비밀인물" not in page
    assert str(world.hidden_pair.public_id) not in page
    assert "0 decided of 2 candidate pairs" in page


def test_the_comparison_shows_romanizations_agreements_and_differences(client, world, analyst):
    client.force_login(analyst)
    page = client.get(reverse("linkage:pair", args=[world.woman.public_id])).content.decode()
    assert "Kim Hye-song" in page and "김혜송" in page
    assert "Kim Hyesong" in page or "Kim Hye Song" in page  # 김혜송 romanized
    assert 'data-state="agree"' in page
    assert "Same person" in page and "<kbd>s</kbd>" in page
    namesakes = client.get(reverse("linkage:pair", args=[world.namesakes.public_id]))
    assert 'data-state="differ"' in namesakes.content.decode()  # born 1950 and 1982


def test_a_name_in_chinese_characters_is_shown_read_in_hangul_and_romanized(client, case, analyst):
    run = LinkageRun.objects.create(finished_at=timezone.now())
    chinese_record = factories.make_person(
        cases=[case], names=[{"text": "金惠松", "script": "hanja", "is_primary": True}]
    )
    korean_record = factories.make_person(
        cases=[case], names=[{"text": "김혜송", "script": "hangul", "is_primary": True}]
    )
    pair = make_pair(run, chinese_record, korean_record, 0.5, 0.0)
    client.force_login(analyst)
    page = client.get(reverse("linkage:pair", args=[pair.public_id])).content.decode()
    assert "金惠松" in page
    assert "Read in Hangul" in page
    assert page.count("Kim Hye-song") >= 2  # both sides romanized alike


@pytest.mark.parametrize(
    ("left_born", "right_born", "state"),
    [
        ("1957-01-27", "1957-09-23", "differ"),  # one year, two days: the stored bounds
        ("1957", "1957-01-27", "agree"),  # are whole years for both, yet they differ
        ("1957-01-27", "1957-01-27", "agree"),
    ],
)
def test_two_birth_dates_agree_only_when_their_days_can_meet(
    client, case, analyst, left_born, right_born, state
):
    run = LinkageRun.objects.create(finished_at=timezone.now())
    left, right = (factories.make_person(cases=[case], birth_date=born, sex="female")
                   for born in (left_born, right_born))  # fmt: skip
    pair = make_pair(run, left, right, 0.5, 0.0)
    client.force_login(analyst)
    page = client.get(reverse("linkage:pair", args=[pair.public_id])).content.decode()
    heading = page.index("Birth date")
    row = page[page.rindex("<tr", 0, heading) : page.index("</tr>", heading)]
    assert f'data-state="{state}"' in row
    if left_born == "1957-01-27":
        assert "1957-01-01" not in row  # the range shown is the day, not the whole year


def test_the_comparison_shows_sources_with_grades_and_acts_the_reader_may_see(
    client, world, analyst, case
):
    source = factories.make_source(cases=[case])
    factories.make_evidence(source, person=world.kim_hyesong)
    incident = factories.make_incident(title="회령 보위부 연행", cases=[case])
    factories.make_act(incident=incident, victim=world.kim_hyesong)
    secret_incident = factories.make_incident(title="다른 사례의 사건", cases=[])
    factories.make_act(incident=secret_incident, victim=world.kim_hyesong_latin)
    client.force_login(analyst)
    page = client.get(reverse("linkage:pair", args=[world.woman.public_id])).content.decode()
    assert source.title in page and "B2" in page
    assert "회령 보위부 연행" in page
    assert "다른 사례의 사건" not in page


def test_a_pair_with_a_hidden_person_is_404_and_refused_in_the_audit_log(client, world, analyst):
    client.force_login(analyst)
    url = reverse("linkage:pair", args=[world.hidden_pair.public_id])
    assert client.get(url).status_code == 404
    decide = reverse("linkage:decide", args=[world.hidden_pair.public_id])
    assert client.post(decide, {"verdict": "same"}).status_code == 404
    assert AuditEvent.objects.filter(action="access_refused").count() == 2
    assert not PairDecision.objects.exists()
    bulk = client.post(
        reverse("linkage:decide_many"),
        {"verdict": "same", "pair": [str(world.woman.public_id), str(world.hidden_pair.public_id)]},
    )
    assert bulk.status_code == 404
    assert not PairDecision.objects.exists(), "nothing of a refused bulk action is saved"


def test_deciding_saves_audits_applies_and_moves_to_the_next_pair(client, world, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("linkage:decide", args=[world.namesakes.public_id]), {"verdict": "different"}
    )
    assert response.status_code == 302
    assert response.url == reverse("linkage:pair", args=[world.woman.public_id])
    decision = PairDecision.objects.get()
    assert (decision.verdict, decision.reviewer) == ("different", analyst)
    event = AuditEvent.objects.get(action="linkage_decided")
    assert event.actor == analyst
    response = client.post(
        reverse("linkage:decide", args=[world.woman.public_id]), {"verdict": "same"}
    )
    assert response.url == reverse("linkage:queue")
    woman = Person.objects.get(pk=world.kim_hyesong.pk)
    assert woman.identity is not None
    assert Person.objects.get(pk=world.kim_hyesong_latin.pk).identity == woman.identity
    page = queue_page(client, analyst)
    assert "2 decided of 2 candidate pairs" in page
    assert "No pair is waiting for a decision." in page


def test_bulk_action_marks_every_selected_pair(client, world, analyst):
    client.force_login(analyst)
    response = client.post(
        reverse("linkage:decide_many"),
        {"verdict": "unsure", "pair": [str(world.woman.public_id), str(world.namesakes.public_id)]},
    )
    assert response.status_code == 302
    assert sorted(PairDecision.objects.values_list("verdict", flat=True)) == ["unsure", "unsure"]
    assert AuditEvent.objects.filter(action="linkage_decided").count() == 2


def narrow_to(client, name: str) -> str:
    """Post a name to the queue's filter; the address it is sent to (holding it sealed)."""
    response = client.post(reverse("linkage:queue"), {"name": name})
    assert response.status_code == 302
    return response.url


def test_the_queue_narrows_to_one_person_s_pairs_by_any_spelling_sealed_and_audited(
    client, world, analyst
):
    client.force_login(analyst)
    address = narrow_to(client, "Gim Hyesong")
    assert "ne=" in address
    assert "Hyesong" not in unquote(address) and "김혜송" not in unquote(address)
    page = client.get(address).content.decode()
    assert "Kim Hye-song" in page
    assert "김영호" not in page, "the namesakes' pair is not this name's"
    assert "0 decided of 1 candidate pairs with this name" in page
    assert 'value="Gim Hyesong"' in page
    event = AuditEvent.objects.filter(action="search").latest("pk")
    assert (event.actor, event.detail["query_kind"], event.detail["results"]) == (
        analyst,
        "name",
        1,
    )
    assert "Hyesong" not in str(event.detail) and "혜송" not in str(event.detail)
    assert (
        "No pair of a person with this name"
        in client.get(narrow_to(client, "박순옥")).content.decode()
    )


def test_deciding_from_a_narrowed_queue_stays_with_that_name(client, world, analyst):
    client.force_login(analyst)
    sealed = parse_qs(urlsplit(narrow_to(client, "Kim Yong-ho")).query)["ne"][0]
    pair_url = reverse("linkage:pair", args=[world.namesakes.public_id])
    page = client.get(pair_url, {"ne": sealed}).content.decode()
    assert "0 decided of 1 candidate pairs with this name" in page
    assert reverse("linkage:pair", args=[world.woman.public_id]) not in page, (
        "the next pair and skip stay with the name"
    )
    response = client.post(
        reverse("linkage:decide", args=[world.namesakes.public_id]),
        {"verdict": "different", "ne": sealed},
    )
    assert urlsplit(response.url).path == reverse("linkage:queue")
    assert parse_qs(urlsplit(response.url).query)["ne"]
    page = client.get(response.url).content.decode()
    assert "1 decided of 1 candidate pairs with this name" in page
    assert "No pair of a person with this name is waiting" in page


def test_the_queue_is_read_a_page_at_a_time(client, world, analyst, monkeypatch):
    monkeypatch.setattr("kirok.linkage.views.QUEUE_PAGE_SIZE", 1)
    client.force_login(analyst)
    first = client.get(reverse("linkage:queue")).content.decode()
    assert "김영호" in first and "Kim Hye-song" not in first
    assert "Pairs 1–1 of the 2 waiting" in first and 'rel="next"' in first
    second = client.get(reverse("linkage:queue"), {"page": "2"}).content.decode()
    assert "Kim Hye-song" in second and "김영호" not in second
    assert "Pairs 2–2 of the 2 waiting" in second and 'rel="prev"' in second
    for wrong in ("99", "0", "-1", "x"):
        assert client.get(reverse("linkage:queue"), {"page": wrong}).status_code == 200


def test_a_narrowed_queue_link_that_cannot_be_read_shows_every_pair(client, world, analyst):
    client.force_login(analyst)
    response = client.get(reverse("linkage:queue"), {"ne": "not-a-sealed-name"})
    page = response.content.decode()
    assert "cannot be read any more" in page
    assert "0 decided of 2 candidate pairs" in page


def test_a_viewer_reads_but_may_not_decide(client, world, case):
    viewer = factories.make_user("viewer", username="viewer")
    CaseMembership.objects.create(case=case, user=viewer)
    client.force_login(viewer)
    page = client.get(reverse("linkage:pair", args=[world.woman.public_id])).content.decode()
    assert "김혜송" in page
    assert "You may read this comparison but not decide it." in page
    url = reverse("linkage:decide", args=[world.woman.public_id])
    assert client.post(url, {"verdict": "same"}).status_code == 403
    assert not PairDecision.objects.exists()


@pytest.mark.parametrize(("can_edit", "expected"), [(False, 403), (True, 302)])
def test_a_documenter_decides_only_with_edit_rights(client, world, case, can_edit, expected):
    documenter = factories.make_user("documenter", username="doc")
    CaseMembership.objects.create(case=case, user=documenter, can_edit=can_edit)
    client.force_login(documenter)
    url = reverse("linkage:decide", args=[world.woman.public_id])
    assert client.post(url, {"verdict": "same"}).status_code == expected


def test_an_administrator_sees_nothing_of_linkage(client, world, administrator):
    client.force_login(administrator)
    assert client.get(reverse("linkage:queue")).status_code == 404
    assert client.get(reverse("linkage:pair", args=[world.woman.public_id])).status_code == 404


def test_the_identity_page_shows_each_record_side_by_side_and_only_visible_ones(
    client, world, analyst
):
    identity = Identity.objects.create()
    world.kim_hyesong.refresh_from_db()
    world.kim_hyesong.birth_date = "1985"
    world.kim_hyesong.save()
    for person in (world.kim_hyesong, world.kim_hyesong_latin, world.hidden):
        Person.objects.filter(pk=person.pk).update(identity=identity)
    client.force_login(analyst)
    page = client.get(reverse("linkage:identity", args=[identity.public_id])).content.decode()
    assert "1985" in page and "1984" in page, "conflicting birth years both shown"
    assert "sources disagree" in page
    assert "비밀인물" not in page
    outsider = factories.make_user("viewer", username="nobody")
    client.force_login(outsider)
    assert client.get(reverse("linkage:identity", args=[identity.public_id])).status_code == 404
    assert AuditEvent.objects.filter(action="access_refused").exists()


def test_undo_on_the_identity_page_restores_the_previous_identities(client, world, analyst):
    client.force_login(analyst)
    client.post(reverse("linkage:decide", args=[world.woman.public_id]), {"verdict": "same"})
    identity = Person.objects.get(pk=world.kim_hyesong.pk).identity
    page = client.get(reverse("linkage:identity", args=[identity.public_id])).content.decode()
    assert "Undo this merge" in page
    response = client.post(reverse("linkage:identity_undo", args=[identity.public_id]))
    assert response.status_code == 302
    assert Person.objects.get(pk=world.kim_hyesong.pk).identity is None
    assert Person.objects.get(pk=world.kim_hyesong_latin.pk).identity is None
    assert AuditEvent.objects.filter(action="linkage_undone", actor=analyst).exists()


def test_pages_are_korean_by_default(client, world, analyst):
    client.force_login(analyst)
    response = client.get(reverse("linkage:queue"), HTTP_ACCEPT_LANGUAGE="ko")
    assert response.status_code == 200
    assert 'lang="ko"' in response.content.decode()


def test_what_the_model_compared_is_said_in_the_reader_s_language(client, world, analyst):
    client.force_login(analyst)
    url = reverse("linkage:pair", args=[world.woman.public_id])
    english = client.get(url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "same name key" in english and "exact" in english
    korean = client.get(url, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert "이름 키가 같음" in korean and "정확히 같음" in korean
    assert "same name key" not in korean
