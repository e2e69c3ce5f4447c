"""The person page: names, facts, relations, acts and sources, never contact details."""

import uuid

from django.urls import reverse

from kirok.audit.models import AuditEvent
from kirok.records.models import SensitiveContact
from tests import factories


def url(person) -> str:
    return reverse("web:person", args=[person.public_id])


def documented_person(cases=()):
    person = factories.make_person(
        names=[
            {"text": "김순옥", "script": "hangul", "is_primary": True},
            {"text": "Kim Sun-ok", "script": "latin", "romanization": "mr_plain", "sort_order": 1},
            {"text": "Kim Sunok", "script": "latin", "romanization": "rr", "sort_order": 2},
            {"text": "은하", "script": "hangul", "kind": "pseudonym", "sort_order": 3},
        ],
        sex="female",
        birth_date="1968~",
        birthplace=factories.hoeryong(),
        hometown=factories.north_hamgyong(),
        occupation="장마당 상인",
        status="detained",
        consent_store=True,
        consent_share_un=True,
        consent_publish=False,
        cases=cases,
    )
    incident = factories.make_incident(title="회령 보위부의 귀환자 가족 연행", cases=cases)
    act = factories.make_act(incident=incident, victim=person, violation_type="abduction")
    source = factories.make_source(title="면담 기록 021", reliability="a", credibility="1")
    factories.make_evidence(source, person=person, quote="어머니는 1968년경 회령에서 태어났다.")
    factories.make_evidence(source, act=act, quote="보위부원들이 어머니를 데려갔다.")
    return person, incident, act


def test_the_person_page_shows_every_name_with_script_kind_and_romanization(client, coordinator):
    person, *_ = documented_person()
    client.force_login(coordinator)
    response = client.get(url(person), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    for name in ("김순옥", "Kim Sun-ok", "Kim Sunok", "은하"):
        assert name in body
    assert "Hangul" in body and "Latin" in body
    assert "McCune–Reischauer without diacritics" in body and "Revised Romanization" in body
    assert "Pseudonym" in body and "Recorded under a pseudonym" in body


def test_a_name_in_chinese_characters_shows_how_kirok_reads_it(client, coordinator):
    person = factories.make_person(
        names=[
            {"text": "金惠松", "script": "hanja", "is_primary": True},
            {"text": "Kim Hye-song", "script": "latin", "sort_order": 1},
        ]
    )
    client.force_login(coordinator)
    body = client.get(url(person), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "金惠松" in body and "(read as 김혜송)" in body
    assert body.count("read as") == 1  # only the Hanja name has a reading to show


def test_the_person_page_shows_the_facts_and_consent(client, coordinator):
    person, *_ = documented_person()
    client.force_login(coordinator)
    body = client.get(url(person), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Female" in body and "Detained" in body and "장마당 상인" in body
    assert "about 1968" in body and "1967-01-01 – 1969-12-31" in body
    assert "Hoeryong" in body and "North Hamgyong" in body
    # The person's own consent (testimony shows its own, further down the page).
    consent = body[body.index('id="consent-heading"') :].split("</section>")[0]
    assert consent.count("consent given") == 2 and consent.count("no consent recorded") == 1


def test_the_person_page_lists_acts_with_links_to_their_incidents(client, coordinator):
    person, incident, _act = documented_person()
    client.force_login(coordinator)
    body = client.get(url(person), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "Abduction" in body
    assert reverse("web:incident", args=[incident.public_id]) in body


def test_the_acts_against_a_person_follow_their_path_through_detention(client, coordinator):
    made = factories.make_documented_incident()
    client.force_login(coordinator)
    response = client.get(url(made.mother))
    # The arrest (3 November) comes before the detention ("November"), as in `sequence`,
    # although the detention's earliest possible day is the earlier one.
    assert [g.incident for g in response.context["incidents"]] == [made.incident]
    assert response.context["incidents"][0].acts == made.acts[:2]


def test_the_person_page_quotes_the_sources_about_the_person(client, coordinator):
    person, *_ = documented_person()
    client.force_login(coordinator)
    body = client.get(url(person)).content.decode()
    assert "A1" in body
    assert "어머니는 1968년경 회령에서 태어났다." in body
    assert "보위부원들이 어머니를 데려갔다." in body


def test_relations_read_both_ways(client, coordinator):
    mother = factories.make_person(names=[{"text": "김순옥", "script": "hangul"}])
    son = factories.make_person(names=[{"text": "리철호", "script": "hangul"}])
    factories.make_relation(mother, "mother_of", son)
    client.force_login(coordinator)
    on_mother = client.get(url(mother), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    on_son = client.get(url(son), HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert f'Mother of <a href="{url(son)}">리철호</a>' in on_mother
    assert f'Child of <a href="{url(mother)}">김순옥</a>' in on_son
    on_son_ko = client.get(url(son), HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert f'<a href="{url(mother)}">김순옥</a>의 자녀' in on_son_ko


def test_a_relative_in_a_case_is_not_shown_to_a_reader_outside_it(client, coordinator, case):
    person = factories.make_person()
    hidden = factories.make_person(cases=[case], names=[{"text": "숨은가족", "script": "hangul"}])
    factories.make_relation(hidden, "spouse_of", person)
    client.force_login(coordinator)
    assert "숨은가족" not in client.get(url(person)).content.decode()


def test_sensitive_contact_details_are_never_shown(client, analyst, case):
    case.allows_sensitive_contacts = True  # the only cases where they may be kept
    case.save()
    person, *_ = documented_person(cases=[case])
    SensitiveContact.objects.create(person=person, kind="phone", value="+82-10-5555-0199")
    SensitiveContact.objects.create(person=person, kind="address", value="서울시 가상구 비밀로 7")
    client.force_login(analyst)
    body = client.get(url(person)).content.decode()
    assert "5555-0199" not in body
    assert "비밀로" not in body


def test_an_outsider_gets_404_for_a_person_in_a_case(client, outsider, compartmented_records):
    client.force_login(outsider)
    response = client.get(url(compartmented_records.case_victim))
    assert response.status_code == 404
    assert "비밀인물" not in response.content.decode()
    refusal = AuditEvent.objects.filter(action="access_refused", actor=outsider).get()
    assert refusal.detail["public_id"] == str(compartmented_records.case_victim.public_id)


def test_a_case_member_sees_the_person_and_the_read_is_audited(
    client, analyst, compartmented_records
):
    client.force_login(analyst)
    person = compartmented_records.case_victim
    assert client.get(url(person)).status_code == 200
    assert AuditEvent.objects.filter(
        action="person_viewed", actor=analyst, object_id=str(person.public_id)
    ).exists()


def test_an_unknown_person_uuid_is_404(client, analyst, db):
    client.force_login(analyst)
    assert client.get(reverse("web:person", args=[uuid.uuid4()])).status_code == 404


def test_the_person_page_makes_a_bounded_number_of_queries(
    client, coordinator, django_assert_max_num_queries
):
    person, incident, _ = documented_person()
    for kind in ("mother_of", "spouse_of", "sibling_of"):
        factories.make_relation(person, kind, factories.make_person())
        factories.make_relation(factories.make_person(), kind, person)
    for _ in range(4):
        factories.make_act(incident=incident, victim=person)
    client.force_login(coordinator)
    with django_assert_max_num_queries(35):
        client.get(url(person))


def test_the_page_lists_other_sources_that_give_a_name_in_any_spelling(client, coordinator):
    """Where more evidence may be: sources that name the person in another script or
    spelling and cite nothing about them yet, the name marked; not the cited source, not a
    namesake's different name, not a case the reader cannot see."""
    person, *_ = documented_person()  # 김순옥, Kim Sun-ok
    cited = factories.make_source(title="면담 기록 050", text="김순옥은 2012년에 연행되었다.")
    factories.make_evidence(cited, person=person)
    english = factories.make_source(
        title="Partner list 7", text="3. KIM SUN OK (born 1968, from Hoeryong) | detained"
    )
    korean = factories.make_source(title="면담 기록 099", text="그날 김순옥씨는 보위부에 끌려갔다.")
    chinese = factories.make_source(title="拘留通知书", text="朝鲜籍女子金順玉被依法拘留。")
    factories.make_source(title="Unrelated", text="Kim Sun-hui was taken; 조선 정부는 답이 없다.")
    hidden = factories.make_case("다른 사례")
    factories.make_source(title="숨은 명단", text="김순옥 (1968)", cases=[hidden])
    client.force_login(coordinator)
    response = client.get(url(person), HTTP_ACCEPT_LANGUAGE="en")
    assert [item.source for item in response.context["naming_sources"]] == [
        chinese,
        korean,
        english,
    ]
    body = response.content.decode()
    assert "女子<mark>金順玉</mark>被" in body
    assert "Other sources that may name this person" in body
    assert "<mark>KIM SUN OK</mark> (born 1968" in body
    assert "그날 <mark>김순옥</mark>씨는" in body
    assert "숨은 명단" not in body
