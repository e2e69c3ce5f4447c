"""The review page of proposed records (kirok.web.proposals), through Django's test client.

Browser behaviour (highlights, jumping to the words) is in tests/browser/test_proposals_page.py.
"""

from types import SimpleNamespace

import pytest
from django.urls import reverse

from kirok.audit.models import AuditEvent
from kirok.records.models import Incident, Person
from kirok.sources import proposals
from kirok.sources.models import Proposal
from tests import factories

TEXT = (
    "Border guards arrested Ri Sun-hui (pseudonym) near Hoeryong in May 2019. "
    "Her family has not heard from her since.\n\n"
    "In March 2020 the bowibu detained Pak Chol-su (pseudonym) in Hoeryong."
)


@pytest.fixture
def desk(db):
    editor = factories.make_user("documenter", username="editor")
    reader = factories.make_user("analyst", username="reader")
    second = factories.make_user("documenter", username="second")
    outsider = factories.make_user("documenter", username="outsider")
    case = factories.make_case("Hoeryong", editors=[editor, second], members=[reader])
    factories.make_case("Elsewhere", editors=[outsider])
    factories.hoeryong()
    for code in ("arbitrary_arrest", "arbitrary_detention"):
        factories.term("violation_type", code)
    factories.term("perpetrator_role", "perpetrator")
    source = factories.make_source(text=TEXT, cases=[case], language="en")
    return SimpleNamespace(
        editor=editor, reader=reader, second=second, outsider=outsider, case=case, source=source
    )


def page(client, user, source):
    client.force_login(user)
    return client.get(
        reverse("web:source_proposals", args=[source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )


def propose(client, user, source):
    client.force_login(user)
    return client.post(
        reverse("web:source_propose", args=[source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )


def accept(client, user, proposal, **changes):
    client.force_login(user)
    data = factories.proposal_review_data(
        proposal, proposal.source.cases.all(), prefix=f"p{proposal.number}", **changes
    )
    return client.post(
        reverse("web:proposal_accept", args=[proposal.public_id]),
        data,
        HTTP_ACCEPT_LANGUAGE="en",
    )


def test_the_source_page_offers_to_propose_records(client, desk):
    client.force_login(desk.editor)
    url = reverse("web:source", args=[desk.source.public_id])
    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "Propose records from the text" in shown.content.decode()
    response = propose(client, desk.editor, desk.source)
    assert response.status_code == 302
    assert desk.source.proposals.count() == 2
    shown = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert "2 proposals awaiting review" in shown.content.decode()


def test_the_review_page_shows_the_text_with_each_proposal_beside_it(client, desk):
    propose(client, desk.editor, desk.source)
    html = page(client, desk.editor, desk.source).content.decode()
    # The words each field was read from are marked in the text, with an anchor to jump to.
    assert 'id="p1-date"' in html and 'id="p2-place"' in html
    assert '<mark class="proposed proposed-pending words words-date"' in html
    assert "“May 2019”" in html and "“March 2020”" in html
    # Each proposal's form starts from what was proposed.
    assert 'value="Ri Sun-hui"' in html and 'value="Pak Chol-su"' in html
    assert 'value="Hoeryong, North Hamgyong, North Korea (DPRK)"' in html
    assert html.count("Accept and create the records") == 2


def test_accepting_from_the_page_creates_the_records_and_says_who(client, desk):
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    response = accept(client, desk.editor, first, **{"p1-date": "2019-05-20"})
    assert response.status_code == 302 and response.url.endswith("#proposal-1")
    incident = Incident.objects.get()
    assert incident.start_date == "2019-05-20"
    assert str(Person.objects.get()) == "Ri Sun-hui"
    # The second reviewer sees what was accepted, by whom, and what was corrected.
    html = page(client, desk.second, desk.source).content.decode()
    assert "Accepted by editor" in html
    assert "Date: corrected" in html and "Place: accepted as proposed" in html
    assert reverse("web:incident", args=[incident.public_id]) in html
    assert html.count("Accept and create the records") == 1  # only proposal 2 still waits
    # The incident says where it was recorded from, and by whom.
    shown = client.get(
        reverse("web:incident", args=[incident.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    ).content.decode()
    assert f"Recorded from proposal 1 of “{desk.source.title}”, accepted by editor" in shown


def test_an_invalid_review_changes_nothing_and_says_what_to_correct(client, desk):
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    response = accept(client, desk.editor, first, **{"p1-title": "", "p1-date": "sometime"})
    html = response.content.decode()
    assert response.status_code == 200
    assert "This field is required." in html and "This date cannot be read" in html
    assert not Incident.objects.exists()
    assert Proposal.objects.get(number=1).status == Proposal.Status.PENDING


def test_rejecting_keeps_the_reason_for_the_next_reviewer(client, desk):
    propose(client, desk.editor, desk.source)
    second_proposal = desk.source.proposals.get(number=2)
    client.force_login(desk.editor)
    response = client.post(
        reverse("web:proposal_reject", args=[second_proposal.public_id]),
        {"reason": "Already recorded from the 2020 report"},
    )
    assert response.status_code == 302
    html = page(client, desk.reader, desk.source).content.decode()
    assert "Rejected by editor" in html
    assert "Already recorded from the 2020 report" in html
    event = AuditEvent.objects.get(action="proposal_rejected")
    assert "2020 report" not in str(event.detail)


def test_the_second_to_decide_is_told_and_changes_nothing(client, desk):
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    accept(client, desk.editor, first)
    response = accept(client, desk.second, first, **{"p1-title": "Another title"})
    assert response.status_code == 302
    assert Incident.objects.count() == 1
    client.force_login(desk.second)
    html = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "already accepted by editor; nothing was changed" in html


def test_a_reader_sees_proposals_but_may_not_propose_or_decide(client, desk):
    propose(client, desk.editor, desk.source)
    html = page(client, desk.reader, desk.source).content.decode()
    assert "Proposal 1" in html and "Accept and create the records" not in html
    assert propose(client, desk.reader, desk.source).status_code == 403
    first = desk.source.proposals.get(number=1)
    assert accept(client, desk.reader, first).status_code == 403
    assert not Incident.objects.exists()
    assert AuditEvent.objects.filter(action="access_refused").count() == 2


def test_someone_outside_the_case_gets_nothing(client, desk):
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    assert page(client, desk.outsider, desk.source).status_code == 404
    assert accept(client, desk.outsider, first).status_code == 404
    client.force_login(desk.outsider)
    response = client.post(reverse("web:proposal_reject", args=[first.public_id]))
    assert response.status_code == 404
    assert Proposal.objects.get(number=1).status == Proposal.Status.PENDING


def test_records_go_only_into_the_sources_cases(client, desk):
    """An editor of two cases cannot file a proposal's records into the one the source is
    not in: its people would leave the source's compartment."""
    other = factories.make_case("Other", editors=[desk.editor])
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    response = accept(client, desk.editor, first, **{"p1-cases": [str(other.pk)]})
    assert response.status_code == 200
    assert "Select a valid choice" in response.content.decode()
    assert not Incident.objects.exists()


def test_hostile_text_is_shown_as_text(client, desk):
    desk.source.text = (
        "Border guards arrested <script>alert(1)</script> Kim Ok-sun (pseudonym) near Hoeryong "
        "in May 2019."
    )
    desk.source.save()
    proposals.propose(desk.source, user=desk.editor)
    html = page(client, desk.editor, desk.source).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


def test_a_text_in_another_language_is_not_said_to_hold_nothing(client, desk):
    """The extractor reads Korean, English and Chinese; a Japanese text is recorded by hand."""
    japanese = factories.make_source(
        text="2019年3月、北朝鮮の女性が図們で拘束された。", cases=[desk.case], language="ja"
    )
    response = propose(client, desk.editor, japanese)
    shown = client.get(response["Location"], HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "this source is in Japanese: record what it tells by hand" in shown
    assert "Nothing new was found" not in shown
    assert not japanese.proposals.exists()


def test_a_chinese_record_proposes_its_incident_and_its_victim_in_characters(client, desk):
    """What a Chinese record says is proposed like a Korean one's: the victim's name as the
    record writes it, a North Korean town given in characters (会宁市) read as the
    gazetteer's 회령시."""
    chinese = factories.make_source(
        text="朝鲜籍女子金惠松（1985年出生）于2019年3月12日在会宁市被朝鲜国家保卫部逮捕，"
        "至今下落不明。",
        cases=[desk.case],
        language="zh",
    )
    propose(client, desk.editor, chinese)
    [proposal] = chinese.proposals.all()
    found = proposals.proposed(proposal)
    assert found["types"] == ["arrest", "enforced_disappearance"]
    assert found["date"]["edtf"] == "2019-03-12"  # not 1985, the year she was born
    assert found["place"]["place_id"] == "KP-09-hoeryeong-si"
    assert found["perpetrator"]["org"] == "MSS"
    assert [(v["name"], v["sex"]) for v in found["victims"]] == [("金惠松", "F")]
    html = page(client, desk.editor, chinese).content.decode()
    assert "金惠松" in html and "Accept and create the records" in html
    assert accept(client, desk.editor, proposal).status_code == 302
    person = Person.objects.get()
    assert [(n.text, n.script) for n in person.names.all()] == [("金惠松", "hanja")]
    assert person.birth_date == "1985"  # as the record gives it, for linkage to weigh


def test_a_year_of_birth_the_reviewer_gives_is_the_persons_and_a_future_one_is_refused(
    client, desk
):
    propose(client, desk.editor, desk.source)
    first = desk.source.proposals.get(number=1)
    refused = accept(client, desk.editor, first, **{"p1-v-0-born": "2999"})
    assert "A year of birth cannot be in the future." in refused.content.decode()
    assert not Person.objects.exists()
    assert accept(client, desk.editor, first, **{"p1-v-0-born": "1980"}).status_code == 302
    assert Person.objects.get().birth_date == "1980"
