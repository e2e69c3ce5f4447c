"""Creating and editing an incident with its acts inline: victims, perpetrators, dates as
people write them, permissions, edit conflicts (kirok.web.editing, kirok.records.forms)."""

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.records.models import Act, ActPerpetrator, Incident
from tests import factories

NEW = "web:incident_new"


@pytest.fixture
def editor(documenter, case):
    """A documenter who may edit in ``case``."""
    CaseMembership.objects.create(case=case, user=documenter, can_edit=True)
    return documenter


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def management(total: int, initial: int = 0) -> dict:
    return {
        "acts-TOTAL_FORMS": str(total),
        "acts-INITIAL_FORMS": str(initial),
        "acts-MIN_NUM_FORMS": "0",
        "acts-MAX_NUM_FORMS": "1000",
    }


def act_row(number: int, victim, *, unit=None, role="perpetrator", **fields) -> dict:
    row = {
        "victim": str(victim.public_id),
        "violation_type": str(factories.term("violation_type", "arbitrary_detention").pk),
        "date": "2012년 11월 초",
        "sequence": "1",
        "perpetrator_organization": str(unit.public_id) if unit else "",
        "perpetrator_role": str(factories.term("perpetrator_role", role).pk) if unit else "",
        **fields,
    }
    return {f"acts-{number}-{key}": value for key, value in row.items()}


def incident_data(case=None, **overrides) -> dict:
    data = {
        "title": "회령 보위부의 귀환자 가족 연행",
        "summary": "두 여성이 연행되었다.",
        "violation_types": [str(factories.term("violation_type", "enforced_disappearance").pk)],
        "start_date": "early November 2012",
        "end_date": "",
        "place": str(factories.hoeryong().public_id),
        "status": "alleged",
        "victim_count_text": "두 명",
        **management(0),
    }
    if case is not None:
        data["cases"] = [str(case.pk)]
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_an_incident_with_two_victims_and_a_perpetrator_unit_is_created(en, editor, case):
    first, second = factories.make_person(cases=[case]), factories.make_person(cases=[case])
    unit = factories.make_organization()
    en.force_login(editor)
    data = incident_data(
        case, **management(2), **act_row(0, first, unit=unit), **act_row(1, second, unit=unit)
    )
    response = en.post(reverse(NEW), data)

    incident = Incident.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:incident", args=[incident.public_id])
    assert incident.start_date == "2012-11-01/2012-11-10"
    assert incident.place == factories.hoeryong() and list(incident.cases.all()) == [case]
    assert {a.victim for a in incident.acts.all()} == {first, second}
    assert {a.date for a in incident.acts.all()} == {"2012-11-01/2012-11-10"}
    perpetrators = ActPerpetrator.objects.filter(act__incident=incident)
    assert {(p.organization, p.role.code) for p in perpetrators} == {(unit, "perpetrator")}

    page = en.get(response.url).content.decode()
    assert unit.display_name() in page and str(first) in page and str(second) in page


def test_a_bad_act_row_saves_nothing_and_says_where(en, editor, case):
    victim = factories.make_person(cases=[case])
    unit = factories.make_organization()
    en.force_login(editor)
    data = incident_data(
        case,
        **management(2),
        **act_row(0, victim, unit=unit),
        **act_row(1, victim, unit=unit, date="some day"),
    )
    response = en.post(reverse(NEW), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert not Incident.objects.exists() and not Act.objects.exists()
    assert "Acts, row 2, Date: This date cannot be read" in body


def test_a_perpetrator_needs_a_role_and_a_role_needs_a_perpetrator(en, editor, case):
    victim = factories.make_person(cases=[case])
    en.force_login(editor)
    unit = factories.make_organization()
    no_role = act_row(0, victim, unit=unit, perpetrator_role="")
    response = en.post(reverse(NEW), incident_data(case, **management(1), **no_role))
    assert response.status_code == 400 and not Incident.objects.exists()
    assert "Say what part the perpetrator had" in response.content.decode()

    role_only = act_row(0, victim, perpetrator_role="1")
    role_only["acts-0-perpetrator_role"] = str(factories.term("perpetrator_role", "informant").pk)
    response = en.post(reverse(NEW), incident_data(case, **management(1), **role_only))
    assert response.status_code == 400 and not Incident.objects.exists()
    assert "Name the perpetrator" in response.content.decode()


def test_an_end_before_the_start_is_refused(en, editor, case):
    en.force_login(editor)
    data = incident_data(case, start_date="2015", end_date="2012")
    response = en.post(reverse(NEW), data)
    assert response.status_code == 400 and not Incident.objects.exists()
    assert "is before the start" in response.content.decode()


def test_a_victim_the_editor_cannot_see_is_refused_and_never_named(en, editor, case):
    hidden = factories.make_person(
        names=[{"text": "숨은피해자", "script": "hangul", "is_primary": True}],
        cases=[factories.make_case("다른 사례")],
    )
    en.force_login(editor)
    response = en.post(reverse(NEW), incident_data(case, **management(1), **act_row(0, hidden)))
    body = response.content.decode()
    assert response.status_code == 400 and not Incident.objects.exists()
    assert "숨은피해자" not in body
    assert "not one of the records you can choose" in body


def test_editing_keeps_acts_about_persons_the_editor_cannot_see(en, editor, case):
    incident = factories.make_incident(cases=[case])
    seen = factories.make_act(incident=incident, victim=factories.make_person(cases=[case]))
    hidden_victim = factories.make_person(
        names=[{"text": "숨은피해자", "script": "hangul", "is_primary": True}],
        cases=[factories.make_case("다른 사례")],
    )
    hidden = factories.make_act(incident=incident, victim=hidden_victim)
    url = reverse("web:incident_edit", args=[incident.public_id])
    en.force_login(editor)

    page = en.get(url).content.decode()
    assert "숨은피해자" not in page and str(hidden_victim.public_id) not in page
    assert "1 act concerns a person you cannot see" in page

    data = incident_data(
        version=str(incident.version),
        title="새 제목",
        **management(1, 1),
        **act_row(0, seen.victim, id=str(seen.pk), DELETE="on"),
    )
    assert en.post(url, data).status_code == 302
    assert list(incident.acts.all()) == [hidden]
    incident.refresh_from_db()
    assert incident.title == "새 제목"


def test_an_act_with_evidence_cannot_be_removed(en, editor, case):
    incident = factories.make_incident(cases=[case])
    act = factories.make_act(incident=incident, victim=factories.make_person(cases=[case]))
    factories.make_evidence(factories.make_source(cases=[case]), act=act)
    url = reverse("web:incident_edit", args=[incident.public_id])
    en.force_login(editor)
    data = incident_data(
        version=str(incident.version),
        **management(1, 1),
        **act_row(0, act.victim, id=str(act.pk), DELETE="on"),
    )
    response = en.post(url, data)
    assert response.status_code == 400 and Act.objects.filter(pk=act.pk).exists()
    assert "evidence passage(s) support it" in response.content.decode()


def test_a_second_save_from_the_same_version_shows_the_conflict(en, editor, case):
    incident = factories.make_incident(cases=[case], title="처음 제목")
    url = reverse("web:incident_edit", args=[incident.public_id])
    en.force_login(editor)
    mine = incident_data(version=str(incident.version), title="내 제목")
    theirs = incident_data(version=str(incident.version), title="다른 사람의 제목")
    assert en.post(url, theirs).status_code == 302

    response = en.post(url, mine)
    body = response.content.decode()
    incident.refresh_from_db()
    assert response.status_code == 409 and incident.title == "다른 사람의 제목"
    assert "Saved meanwhile" in body and "다른 사람의 제목" in body and "내 제목" in body
    assert en.post(url, {**mine, "version": str(incident.version)}).status_code == 302
    incident.refresh_from_db()
    assert incident.title == "내 제목"


def test_who_may_edit_an_incident(client, analyst, outsider, coordinator, case):
    incident = factories.make_incident(cases=[case])
    unassigned = factories.make_incident()
    url = reverse("web:incident_edit", args=[incident.public_id])
    client.force_login(analyst)
    assert client.get(url).status_code == 403
    assert client.post(url, incident_data(version="1", title="x")).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    client.force_login(coordinator)  # not a member of the case; edits records in no case
    assert client.get(url).status_code == 404
    assert client.get(reverse("web:incident_edit", args=[unassigned.public_id])).status_code == 200
    incident.refresh_from_db()
    assert incident.title != "x"


def test_hostile_titles_are_stored_as_typed_and_shown_inert(en, editor, case):
    hostile = '"><script>alert(1)</script>{{ 7|add:1 }}'
    en.force_login(editor)
    assert en.post(reverse(NEW), incident_data(case, title=hostile)).status_code == 302
    incident = Incident.objects.get()
    assert incident.title == hostile
    for url in (
        reverse("web:incident", args=[incident.public_id]),
        reverse("web:incident_edit", args=[incident.public_id]),
    ):
        body = en.get(url).content.decode()
        assert "<script>alert(1)" not in body and "&lt;script&gt;" in body


def test_the_incident_page_links_to_its_edit_page_for_editors(en, editor, analyst, case):
    incident = factories.make_incident(cases=[case])
    edit = reverse("web:incident_edit", args=[incident.public_id])
    en.force_login(editor)
    assert edit in en.get(reverse("web:incident", args=[incident.public_id])).content.decode()
    en.force_login(analyst)
    assert edit not in en.get(reverse("web:incident", args=[incident.public_id])).content.decode()
