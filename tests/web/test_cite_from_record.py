"""Citing a source passage starting from the incident or person it supports (issue 5, evidence).

From the record's page a documenter finds a source by words of its title or its reference
and lands on the source's page with the record chosen in the evidence form
(``?cite=incident:<uuid>``), even a record older than the menu's first MAX_TARGETS. A record
the reader may not edit beside that source is ignored, exactly like one that does not exist.
"""

import re
import uuid
from types import SimpleNamespace

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.sources.models import EvidenceSpan
from kirok.web.source_pages import MAX_TARGETS
from tests import factories

TEXT = (
    "2012년 11월 초 회령시 보위부원들이 집에 와서 어머니와 남동생을 데려갔다. "
    "그 뒤로 가족의 소식을 듣지 못했다."
)
PASSAGE = "어머니와 남동생을 데려갔다"


@pytest.fixture
def desk(db):
    """A documenter editing a case with an incident (one act), a person and two sources;
    another case, which the documenter may not see, with its own records."""
    editor = factories.make_user("documenter", username="editor")
    case = factories.make_case("회령 면담 (Hoeryong interviews)", editors=[editor])
    incident = factories.make_incident(title="회령 보위부의 가족 연행", cases=[case])
    mother = factories.make_person(
        cases=[case], names=[{"text": "김순옥", "script": "hangul", "is_primary": True}]
    )
    act = factories.make_act(incident=incident, victim=mother)
    source = factories.make_source(
        title="두만강 탈북민 면담 (Tumen interview)",
        reference="NKDB-2014-0042",
        text=TEXT,
        cases=[case],
    )
    other_source = factories.make_source(title="평양 소식 (Pyongyang news)", cases=[case])
    elsewhere = factories.make_case("비공개 사건 (Closed case)")
    hidden_incident = factories.make_incident(title="비공개 온성 구금", cases=[elsewhere])
    hidden_source = factories.make_source(
        title="두만강 비밀 면담 (Tumen secret interview)", cases=[elsewhere]
    )
    return SimpleNamespace(**locals())


def page(client, user, url: str) -> str:
    client.force_login(user)
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


def find(client, user, query: str, cite: str = "") -> str:
    url = reverse("web:cite_sources")
    client.force_login(user)
    response = client.get(
        url, {"q": query, "cite": cite}, HTTP_ACCEPT_LANGUAGE="en", HTTP_HX_REQUEST="true"
    )
    assert response.status_code == 200
    return response.content.decode()


def source_page(client, user, source, cite: str | None = None) -> str:
    url = reverse("web:source", args=[source.public_id])
    return page(client, user, f"{url}?cite={cite}" if cite is not None else url)


def selected_target(html: str) -> str | None:
    found = re.search(r'<option value="([^"]+)" selected>', html)
    return found.group(1) if found else None


def evidence_form(html: str) -> str:
    """The evidence form's section, without its CSRF token (new on every page)."""
    form = re.search(r'<section aria-labelledby="cite-heading".*?</section>', html, re.S).group(0)
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", form)


# --- The control on the record's page ------------------------------------------------------


def test_the_incident_page_offers_the_incident_and_each_of_its_acts(client, desk):
    html = page(client, desk.editor, reverse("web:incident", args=[desk.incident.public_id]))
    assert "Cite a source passage" in html
    assert f'value="incident:{desk.incident.public_id}"' in html
    assert f'value="act:{desk.act.public_id}"' in html
    assert "Arbitrary detention — 김순옥" in html


def test_the_person_page_offers_the_person(client, desk):
    html = page(client, desk.editor, reverse("web:person", args=[desk.mother.public_id]))
    assert "Cite a source passage" in html
    assert f'name="cite" value="person:{desk.mother.public_id}"' in html


@pytest.mark.parametrize("role", ["analyst", "viewer"])
def test_readers_who_may_not_edit_get_no_control(client, desk, role):
    reader = factories.make_user(role, username=role)
    # The membership says can_edit, yet analysts and viewers edit nowhere.
    CaseMembership.objects.create(case=desk.case, user=reader, can_edit=True)
    for url in (
        reverse("web:incident", args=[desk.incident.public_id]),
        reverse("web:person", args=[desk.mother.public_id]),
    ):
        assert "Cite a source passage" not in page(client, reader, url)
    client.force_login(reader)
    assert client.get(reverse("web:cite_sources"), {"q": "Tumen"}).status_code == 403


# --- Finding the source ----------------------------------------------------------------------


def test_a_word_of_the_title_finds_the_source_with_the_record_preselected(client, desk):
    cite = f"incident:{desk.incident.public_id}"
    html = find(client, desk.editor, "tumen", cite)
    url = reverse("web:source", args=[desk.source.public_id])
    assert f'href="{url}?cite={cite}#text-heading"' in html
    assert "두만강 탈북민 면담 (Tumen interview)" in html
    assert "평양 소식" not in html  # its title does not hold the word


def test_korean_words_and_the_reference_find_the_source_too(client, desk):
    assert "Tumen interview" in find(client, desk.editor, "탈북민 면담")
    assert "Tumen interview" in find(client, desk.editor, "NKDB-2014-0042")


def test_a_source_the_reader_may_not_see_is_never_suggested(client, desk):
    html = find(client, desk.editor, "Tumen")
    assert "Tumen interview" in html
    assert "secret" not in html and str(desk.hidden_source.public_id) not in html
    assert "No source you may cite" in find(client, desk.editor, "secret interview")


def test_suggestions_carry_no_integer_key_and_are_audited_without_the_words(client, desk):
    html = find(client, desk.editor, "Tumen")
    assert not re.search(r'href="[^"]*/\d+/', html)
    event = AuditEvent.objects.filter(action="search").latest("pk")
    assert event.detail["query_kind"] == "text" and "Tumen" not in str(event.detail)


def test_without_javascript_the_search_is_a_whole_page(client, desk):
    client.force_login(desk.editor)
    response = client.get(
        reverse("web:cite_sources"),
        {"q": "Tumen", "cite": f"person:{desk.mother.public_id}"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    html = response.content.decode()
    assert "<h1>Choose a source to cite</h1>" in html
    assert "The passage will support:" in html and "김순옥" in html
    assert f"?cite=person:{desk.mother.public_id}#text-heading" in html


# --- The source page with the record preselected ---------------------------------------------


@pytest.mark.parametrize("kind", ["incident", "act", "person"])
def test_the_cited_record_is_selected_with_a_line_saying_what_to_select(client, desk, kind):
    record = {"incident": desk.incident, "act": desk.act, "person": desk.mother}[kind]
    cite = f"{kind}:{record.public_id}"
    html = source_page(client, desk.editor, desk.source, cite)
    assert selected_target(html) == cite
    assert "Select the passage that supports:" in html
    assert {
        "incident": "Back to the incident",
        "act": "Back to the act",
        "person": "Back to the person",
    }[kind] in html


def test_a_record_older_than_the_first_hundred_can_be_cited(client, desk):
    old_incident = factories.make_incident(
        title="1998년 온성 연행 (Onsong, 1998)", cases=[desk.case], start_date="1998"
    )
    old_act = factories.make_act(incident=old_incident, victim=desk.mother)
    old_person = desk.mother
    for _ in range(MAX_TARGETS):
        factories.make_incident(cases=[desk.case], start_date="2015")
        factories.make_person(cases=[desk.case])
    plain = source_page(client, desk.editor, desk.source)
    assert f"incident:{old_incident.public_id}" not in plain  # not among the newest hundred
    assert f"person:{old_person.public_id}" not in plain

    for cite in (
        f"incident:{old_incident.public_id}",
        f"act:{old_act.public_id}",
        f"person:{old_person.public_id}",
    ):
        assert selected_target(source_page(client, desk.editor, desk.source, cite)) == cite
        response = client.post(
            reverse("web:source_evidence", args=[desk.source.public_id]),
            {"target": cite, "quote": PASSAGE},
        )
        assert response.status_code == 302
    spans = EvidenceSpan.objects.filter(source=desk.source)
    assert {(s.incident, s.act, s.person) for s in spans} == {
        (old_incident, None, None),
        (None, old_act, None),
        (None, None, old_person),
    }


def test_after_saving_the_page_links_back_to_the_record(client, desk):
    cite = f"act:{desk.act.public_id}"
    client.force_login(desk.editor)
    response = client.post(
        reverse("web:source_evidence", args=[desk.source.public_id]),
        {"target": cite, "quote": PASSAGE},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 302 and f"cite={cite.replace(':', '%3A')}" in response.url
    html = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "The passage is now evidence." in html
    incident_url = reverse("web:incident", args=[desk.incident.public_id])
    assert f'href="{incident_url}#act-{desk.act.public_id}"' in html
    incident_page = page(client, desk.editor, incident_url)
    assert PASSAGE in incident_page


# --- A record the reader may not cite: treated as absent -------------------------------------


def foreign_targets(desk) -> dict[str, str]:
    """Records the editor may not cite from ``desk.source``, by why."""
    visible_elsewhere = factories.make_case("다른 사건 (Other case)", editors=[desk.editor])
    beside_nothing = factories.make_incident(title="다른 사건의 연행", cases=[visible_elsewhere])
    read_only = factories.make_case("읽기 전용 (Read only)", members=[desk.editor])
    not_editable = factories.make_incident(title="읽기만 하는 사건", cases=[read_only])
    return {
        "hidden": f"incident:{desk.hidden_incident.public_id}",
        "other case": f"incident:{beside_nothing.public_id}",
        "not editable": f"incident:{not_editable.public_id}",
        "malformed": "incident:42",
    }


def test_a_target_the_reader_may_not_cite_is_ignored_like_one_that_does_not_exist(client, desk):
    plain = source_page(client, desk.editor, desk.source)
    absent = source_page(client, desk.editor, desk.source, f"incident:{uuid.uuid4()}")
    assert "is not one you may link to this source" in absent
    assert evidence_form(absent) == evidence_form(plain)
    for why, cite in foreign_targets(desk).items():
        html = source_page(client, desk.editor, desk.source, cite)
        assert "is not one you may link to this source" in html, why
        assert evidence_form(html) == evidence_form(plain), why
        assert "Select the passage that supports:" not in html, why
        assert "비공개" not in html and "다른 사건의 연행" not in html, why
        assert "읽기만 하는 사건" not in html, why


def test_a_target_the_reader_may_not_cite_cannot_be_posted(client, desk):
    client.force_login(desk.editor)
    for why, cite in foreign_targets(desk).items():
        response = client.post(
            reverse("web:source_evidence", args=[desk.source.public_id]),
            {"target": cite, "quote": PASSAGE},
            HTTP_ACCEPT_LANGUAGE="en",
        )
        assert response.status_code == 200, why
        assert "Choose a record you may edit." in response.content.decode(), why
    assert not EvidenceSpan.objects.exists()


def test_an_ignored_target_is_written_to_the_audit_log(client, desk):
    source_page(client, desk.editor, desk.source, f"incident:{desk.hidden_incident.public_id}")
    event = AuditEvent.objects.filter(action="access_refused").latest("pk")
    assert event.detail["public_id"] == str(desk.hidden_incident.public_id)
    assert event.detail["reason"] == "cite"
