"""Citing a passage of a source as evidence, and seeing it on the incident and person pages."""

import pytest
from django.urls import reverse

from kirok.sources import services
from kirok.sources.models import EvidenceSpan
from tests import factories

TEXT = (
    "2012년 11월 초 회령시 보위부원들이 집에 와서 어머니와 남동생을 데려갔다. "
    "그 뒤로 가족의 소식을 듣지 못했다. 보위부원들은 다시 왔다."
)
ARREST = "회령시 보위부원들이 집에 와서 어머니와 남동생을 데려갔다."


@pytest.fixture
def desk(db):
    """A documenter who edits in a case holding a source, an incident with an act, a person."""
    from types import SimpleNamespace

    editor = factories.make_user("documenter", username="editor")
    case = factories.make_case("회령 면담 (Hoeryong interviews)", editors=[editor])
    incident = factories.make_incident(title="회령 보위부의 가족 연행", cases=[case])
    mother = factories.make_person(
        cases=[case], names=[{"text": "김순옥", "script": "hangul", "is_primary": True}]
    )
    act = factories.make_act(incident=incident, victim=mother)
    source = factories.make_source(text=TEXT, cases=[case])
    return SimpleNamespace(
        editor=editor, case=case, incident=incident, mother=mother, act=act, source=source
    )


def cite(client, user, source, **data):
    client.force_login(user)
    return client.post(
        reverse("web:source_evidence", args=[source.public_id]), data, HTTP_ACCEPT_LANGUAGE="en"
    )


def offsets(quote: str) -> dict:
    start = TEXT.index(quote)
    return {"quote": quote, "start": start, "end": start + len(quote)}


# --- Saving a passage ------------------------------------------------------------------------


def test_a_selected_passage_is_saved_with_its_offsets_and_quote(client, desk):
    response = cite(
        client,
        desk.editor,
        desk.source,
        target=f"incident:{desk.incident.public_id}",
        **offsets(ARREST),
    )
    span = EvidenceSpan.objects.get()
    assert response.status_code == 302
    assert response.url.endswith(f"#passage-{span.public_id}")
    assert span.incident == desk.incident and span.quote == ARREST
    assert TEXT[span.start : span.end] == ARREST


def test_a_passage_can_support_an_act_or_a_person(client, desk):
    cite(client, desk.editor, desk.source, target=f"act:{desk.act.public_id}", **offsets(ARREST))
    cite(
        client,
        desk.editor,
        desk.source,
        target=f"person:{desk.mother.public_id}",
        **offsets("어머니와 남동생"),
    )
    assert EvidenceSpan.objects.get(act=desk.act).quote == ARREST
    assert EvidenceSpan.objects.get(person=desk.mother).quote == "어머니와 남동생"


def test_words_typed_without_offsets_are_found_in_the_text(client, desk):
    cite(
        client,
        desk.editor,
        desk.source,
        target=f"incident:{desk.incident.public_id}",
        quote="소식을 듣지 못했다",
    )
    span = EvidenceSpan.objects.get()
    assert TEXT[span.start : span.end] == "소식을 듣지 못했다"


@pytest.mark.parametrize(
    ("data", "says"),
    [
        (
            {"quote": "보위부원들", "start": 0, "end": 5},
            "does not match the text at characters 0–5",
        ),
        ({"quote": "", "start": 10, "end": 5000}, "must lie within the text"),
        ({"quote": "", "start": 8, "end": 8}, "must lie within the text"),
        ({"quote": "", "start": 8}, "must lie within the text"),
        ({"quote": "보위부원들"}, "occur 2 times in the text"),
        ({"quote": "평양에서"}, "not in the source&#x27;s text"),
        ({"quote": "   "}, "Select a passage in the text, or type its exact words."),
    ],
)
def test_a_passage_that_does_not_fit_the_text_is_refused(client, desk, data, says):
    response = cite(
        client, desk.editor, desk.source, target=f"incident:{desk.incident.public_id}", **data
    )
    assert response.status_code == 200
    assert says in response.content.decode()
    assert not EvidenceSpan.objects.exists()


def test_offsets_count_characters_not_bytes_or_utf16_units(client, desk):
    # 𠮷 lies outside the Basic Multilingual Plane: one character, two UTF-16 units.
    source = factories.make_source(text="𠮷田 씨가 말했다: 보위부가 데려갔다.", cases=[desk.case])
    quote = "보위부가 데려갔다"
    start = source.text.index(quote)
    cite(
        client,
        desk.editor,
        source,
        target=f"incident:{desk.incident.public_id}",
        quote=quote,
        start=start,
        end=start + len(quote),
    )
    assert EvidenceSpan.objects.get().quote == quote


# --- Only records the documenter may see and edit ---------------------------------------------


def test_records_the_documenter_may_not_edit_are_not_offered_and_are_refused(client, desk):
    reading = factories.make_case("읽기만 (read only)", members=[desk.editor])
    hidden_case = factories.make_case("다른 사례 (other case)")
    desk.source.cases.add(reading, hidden_case)
    readable = factories.make_incident(title="읽을 수만 있는 사건", cases=[reading])
    hidden = factories.make_incident(title="보이지 않는 사건", cases=[hidden_case])
    client.force_login(desk.editor)
    page = client.get(reverse("web:source", args=[desk.source.public_id])).content.decode()
    assert desk.incident.title in page and "김순옥" in page
    assert readable.title not in page and hidden.title not in page
    for incident in (readable, hidden):
        response = cite(
            client,
            desk.editor,
            desk.source,
            target=f"incident:{incident.public_id}",
            **offsets(ARREST),
        )
        assert "Choose a record you may edit." in response.content.decode()
    assert not EvidenceSpan.objects.exists()


def test_a_reader_who_may_not_edit_the_source_gets_403(client, desk, analyst):
    desk.case.members.add(analyst)
    response = cite(
        client,
        analyst,
        desk.source,
        target=f"incident:{desk.incident.public_id}",
        **offsets(ARREST),
    )
    assert response.status_code == 403
    assert not EvidenceSpan.objects.exists()


def test_someone_outside_the_case_gets_404(client, desk, outsider):
    response = cite(
        client,
        outsider,
        desk.source,
        target=f"incident:{desk.incident.public_id}",
        **offsets(ARREST),
    )
    assert response.status_code == 404
    assert not EvidenceSpan.objects.exists()


# --- The source page marks its cited passages ------------------------------------------------


def test_the_source_page_marks_cited_passages_and_says_what_they_support(client, desk):
    factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    client.force_login(desk.editor)
    response = client.get(
        reverse("web:source", args=[desk.source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert f'<mark class="cited">{ARREST}</mark>' in body
    assert "1 cited passage" in body
    assert reverse("web:incident", args=[desk.incident.public_id]) in body
    # The page's text is the source's text, character for character: offsets agree.
    segments = response.context["page"].segments
    assert "".join(segment.text for segment in segments) == TEXT


def test_passages_citing_records_the_reader_cannot_see_are_not_shown(client, desk, analyst):
    desk.source.cases.add(analyst_case := factories.make_case("분석 (analysis)", members=[analyst]))
    factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    client.force_login(analyst)
    response = client.get(
        reverse("web:source", args=[desk.source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert analyst_case and "<mark" not in body and desk.incident.title not in body
    assert "No passage of this source is cited by a record you can see." in body


# --- The incident and person pages show each claim with its passages -------------------------


def incident_page_in_english(client, desk):
    """The incident's page as the case's editor reads it in English."""
    client.force_login(desk.editor)
    return client.get(
        reverse("web:incident", args=[desk.incident.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )


def test_the_incident_page_quotes_each_passage_links_it_to_the_source_and_counts_sources(
    client, desk
):
    span = factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    factories.make_evidence(desk.source, act=desk.act, **offsets(ARREST))
    factories.make_evidence(
        desk.source, incident=desk.incident, **offsets("보위부원들은 다시 왔다.")
    )
    report = factories.make_source(
        title="NGO 보고서 (NGO report)",
        text="Two members of the family were taken.",
        cases=[desk.case],
        kind="ngo_report",
        reliability="c",
        credibility="3",
    )
    factories.make_evidence(report, incident=desk.incident)
    response = incident_page_in_english(client, desk)
    body = response.content.decode()
    assert "supported by 2 sources" in body and response.context["independent_sources"] == 2
    assert body.count(ARREST) == 1  # quoted once, though it supports the incident and an act
    assert f"{reverse('web:source', args=[desk.source.public_id])}#passage-{span.public_id}" in body
    assert "B2" in body and "C3" in body
    assert "Supports</span>" in body and "the incident" in body
    assert f'href="#act-{desk.act.public_id}"' in body  # the passage names the act it supports
    assert f'href="#passage-{span.public_id}"' in body  # and the act points to its passage


def test_a_source_the_reader_cannot_see_is_not_counted(client, desk):
    hidden = factories.make_source(title="숨은 출처", cases=[factories.make_case()])
    factories.make_evidence(hidden, incident=desk.incident)
    factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    response = incident_page_in_english(client, desk)
    body = response.content.decode()
    assert "supported by 1 source" in body and "숨은 출처" not in body


def test_sources_that_carry_the_same_file_count_as_one(client, desk):
    """One report added twice (before Kirok refused a known file, or in two cases the reader
    later joined) is one document, not two witnesses."""
    copies = [
        factories.make_source(title=f"보고서 사본 {n} (report copy {n})", cases=[desk.case])
        for n in (1, 2)
    ]
    for copy in copies:
        services.store_attachment(copy, "report.pdf", b"%PDF-1.4 same bytes", "application/pdf")
        factories.make_evidence(copy, incident=desk.incident)
    factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    response = incident_page_in_english(client, desk)
    body = response.content.decode()
    assert "supported by 2 sources" in body and "(3 cited, some of them the same file)" in body
    assert "보고서 사본 1" in body and "보고서 사본 2" in body  # both still shown, with passages


def test_the_person_page_shows_passages_about_the_person_and_their_acts(client, desk):
    factories.make_evidence(desk.source, person=desk.mother, **offsets("어머니와 남동생"))
    act_span = factories.make_evidence(
        desk.source, act=desk.act, **offsets("보위부원들은 다시 왔다.")
    )
    client.force_login(desk.editor)
    response = client.get(
        reverse("web:person", args=[desk.mother.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = response.content.decode()
    assert "어머니와 남동생" in body and "보위부원들은 다시 왔다." in body
    assert f'href="#passage-{act_span.public_id}"' in body
    assert "the person" in body and "a person you cannot see" not in body


def test_the_source_page_reads_many_passages_in_a_bounded_number_of_queries(
    client, desk, django_assert_max_num_queries
):
    son = factories.make_person(
        cases=[desk.case], names=[{"text": "리철호", "script": "hangul", "is_primary": True}]
    )
    relation = factories.make_relation(desk.mother, "mother_of", son)
    for _ in range(5):
        victim = factories.make_person(cases=[desk.case])
        act = factories.make_act(incident=desk.incident, victim=victim)
        factories.make_evidence(desk.source, act=act, **offsets(ARREST))
        factories.make_evidence(desk.source, person=victim, **offsets("어머니와 남동생"))
    factories.make_evidence(desk.source, relation=relation, **offsets("어머니와 남동생"))
    client.force_login(desk.editor)
    with django_assert_max_num_queries(30):
        response = client.get(
            reverse("web:source", args=[desk.source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
        )
    body = response.content.decode()
    assert "11 cited passages" in body
    assert "김순옥</a> Mother of <a" in body and "리철호" in body


# --- Removing a citation made by mistake -----------------------------------------------------


def test_a_documenter_removes_a_citation_and_the_removal_is_audited(client, desk):
    from kirok.audit.models import AuditEvent

    span = factories.make_evidence(desk.source, incident=desk.incident, **offsets(ARREST))
    client.force_login(desk.editor)
    page = client.get(
        reverse("web:source", args=[desk.source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    assert "Remove this citation" in page.content.decode()
    response = client.post(reverse("web:evidence_remove", args=[span.public_id]))
    assert response.status_code == 302
    assert not EvidenceSpan.objects.exists()
    assert AuditEvent.objects.filter(object_id=str(span.public_id), actor=desk.editor).exists()


def test_a_citation_of_a_record_the_documenter_may_only_read_cannot_be_removed(client, desk):
    reading = factories.make_case("읽기만 (read only)", members=[desk.editor])
    readable = factories.make_incident(title="읽을 수만 있는 사건", cases=[reading])
    span = factories.make_evidence(desk.source, incident=readable, **offsets(ARREST))
    desk.source.cases.add(reading)
    client.force_login(desk.editor)
    page = client.get(
        reverse("web:source", args=[desk.source.public_id]), HTTP_ACCEPT_LANGUAGE="en"
    )
    body = page.content.decode()
    assert readable.title in body and "Remove this citation" not in body
    assert client.post(reverse("web:evidence_remove", args=[span.public_id])).status_code == 403
    assert EvidenceSpan.objects.filter(pk=span.pk).exists()
