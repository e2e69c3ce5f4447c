"""The incident page: what happened, to whom, by whom, on whose word."""

import uuid

from django.urls import reverse

from tests import factories


def url(incident) -> str:
    return reverse("web:incident", args=[incident.public_id])


def full_incident(cases=()):
    made = factories.make_documented_incident(cases=cases)
    first, second, _third = made.acts
    return made.incident, first, second, made.mother, made.son, made.informant


def test_the_incident_page_shows_what_happened(client, coordinator):
    incident, *_ = full_incident()
    client.force_login(coordinator)
    response = client.get(url(incident), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert incident.title in body and incident.summary in body
    assert "Corroborated" in body and "supported by 2 sources" in body
    assert "2012-11-01/2012-11-10" in body and "2012-11-01 – 2012-11-10" in body
    assert "1 November 2012 to 10 November 2012" in body
    assert "about 2013" in body and "2012-01-01 – 2014-12-31" in body
    assert "Hoeryong" in body and "North Hamgyong" in body and "North Korea (DPRK)" in body
    assert "exactly 3" in body and "between 2 and 4" in body and "어머니와 두 자녀" in body
    assert "Enforced disappearance" in body and "Punishment of family members" in body


def test_acts_are_grouped_by_victim_in_order(client, coordinator):
    incident, first, second, mother, son, _informant = full_incident()
    client.force_login(coordinator)
    response = client.get(url(incident), HTTP_ACCEPT_LANGUAGE="en")
    groups = response.context["victims"]
    assert [g.victim for g in groups] == [mother, son]
    assert groups[0].acts == [first, second]
    body = response.content.decode()
    assert body.index("Arbitrary arrest") < body.index("Arbitrary detention")
    assert reverse("web:person", args=[mother.public_id]) in body
    assert "Hoeryong City State Security Department" in body
    assert "Informant" in body and "은하" in body and "pseudonym" in body
    assert "Hoeryong security holding centre" in body


def test_sources_show_their_grades_and_quote_the_passages(client, coordinator):
    incident, *_ = full_incident()
    client.force_login(coordinator)
    body = client.get(url(incident)).content.decode()
    assert "B2" in body and "C3" in body
    assert "<blockquote" in body
    assert "회령시 보위부원들이 집에 와서 어머니와 남동생을 데려갔다." in body
    assert "Three members of the family were taken" in body


def test_the_incident_page_lists_its_proceedings(client, coordinator):
    incident, *_ = full_incident()
    client.force_login(coordinator)
    body = client.get(url(incident), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "유엔 강제실종 실무그룹 긴급 개입 요청" in body and "WGEID-2015-0042" in body
    assert "UN Working Group on Enforced or Involuntary Disappearances" in body


def test_an_outsider_gets_404_for_an_incident_in_a_case(client, outsider, compartmented_records):
    client.force_login(outsider)
    response = client.get(url(compartmented_records.case_incident))
    assert response.status_code == 404
    assert compartmented_records.case_incident.title not in response.content.decode()


def test_a_case_member_sees_the_incident_of_the_case(client, analyst, compartmented_records):
    client.force_login(analyst)
    assert client.get(url(compartmented_records.case_incident)).status_code == 200


def test_an_unknown_uuid_is_404(client, analyst, db):
    client.force_login(analyst)
    assert client.get(reverse("web:incident", args=[uuid.uuid4()])).status_code == 404


def test_a_victim_in_a_case_is_not_named_to_a_reader_outside_it(client, coordinator, case):
    incident = factories.make_incident()
    hidden = factories.make_person(
        cases=[case], names=[{"text": "숨은사람", "script": "hangul", "is_primary": True}]
    )
    factories.make_act(incident=incident, victim=hidden)
    factories.make_source(cases=[case], title="비공개 면담")
    client.force_login(coordinator)
    body = client.get(url(incident)).content.decode()
    assert "숨은사람" not in body
    assert reverse("web:person", args=[hidden.public_id]) not in body


def test_a_source_in_a_case_is_not_quoted_to_a_reader_outside_it(client, coordinator, case):
    incident = factories.make_incident()
    hidden = factories.make_source(cases=[case], title="비공개 면담", text="비밀 증언 내용.")
    factories.make_evidence(hidden, incident=incident)
    client.force_login(coordinator)
    response = client.get(url(incident))
    assert "비공개 면담" not in response.content.decode()
    assert "비밀 증언" not in response.content.decode()
    assert response.context["sources"] == []


def test_the_incident_page_makes_a_bounded_number_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    incident, *_ = full_incident()
    for _ in range(5):
        factories.make_act(incident=incident, victim=factories.make_person())
    client.force_login(coordinator)
    with django_assert_max_num_queries(25):
        client.get(url(incident))


def test_a_passage_supporting_several_acts_is_quoted_once(client, coordinator):
    made = factories.make_documented_incident()
    sentence = "Three members of the family were taken"
    for act in made.acts[1:]:
        factories.make_evidence(made.report, act=act, quote=sentence)
    client.force_login(coordinator)
    body = client.get(url(made.incident)).content.decode()
    assert body.count(sentence) == 1


def test_a_passage_inside_a_longer_one_is_not_repeated(client, coordinator):
    text = "첫째 문장입니다. 둘째 문장은 체포를 말합니다. 셋째 문장입니다."
    source = factories.make_source(text=text)
    incident = factories.make_incident()
    act = factories.make_act(incident=incident)
    factories.make_evidence(source, incident=incident, quote=text, start=0, end=len(text))
    inner = "둘째 문장은 체포를 말합니다."
    start = text.index(inner)
    factories.make_evidence(source, act=act, quote=inner, start=start, end=start + len(inner))
    client.force_login(coordinator)
    response = client.get(url(incident))
    assert response.content.decode().count(inner) == 1
    assert [s.quote for s in response.context["sources"][0].spans] == [text]


def test_a_long_passage_opens_on_demand(client, coordinator):
    text = "보위부원들이 가족을 데려갔다. " * 60
    source = factories.make_source(text=text)
    incident = factories.make_incident()
    factories.make_evidence(source, incident=incident, quote=text, start=0, end=len(text))
    client.force_login(coordinator)
    body = client.get(url(incident), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert '<details class="passage-long">' in body
    assert f"Show the whole passage ({len(text)} characters)" in body
