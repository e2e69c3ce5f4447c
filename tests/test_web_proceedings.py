"""Proceedings: view, create (from an incident too) and edit, with their incidents and persons
chosen among the records the editor may see (kirok.web.reference_pages)."""

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent
from kirok.records.models import Proceeding
from tests import factories

NEW = "web:proceeding_new"
XSS = '<script>alert("x")</script>'


@pytest.fixture
def editor(documenter, case):
    """A documenter who may edit in ``case``."""
    CaseMembership.objects.create(case=case, user=documenter, can_edit=True)
    return documenter


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def rows(prefix: str, records=(), initial: int = 0) -> dict:
    """The management form and one row per record of an incidents or persons formset."""
    data = {
        f"{prefix}-TOTAL_FORMS": str(len(records)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for number, record in enumerate(records):
        value = record if isinstance(record, str) else str(record.public_id)
        data[f"{prefix}-{number}-record"] = value
    return data


def proceeding_data(case=None, *, incidents=(), persons=(), **overrides) -> dict:
    data = {
        "title": "WGEID urgent action for the Hoeryong family",
        "forum": str(factories.term("proceeding_forum", "wgeid").pk),
        "reference": "WGEID-2015-17",
        "status": "submitted",
        "filed_date": "June 2015",
        "last_action_date": "2016",
        "filed_by": "",
        "notes": "",
        **rows("incidents", incidents),
        **rows("persons", persons),
    }
    if case is not None:
        data["cases"] = [str(case.pk)]
    data.update(overrides)
    return data


def test_a_proceeding_is_created_with_its_incident_person_and_filing_organization(en, editor, case):
    incident = factories.make_incident(title="회령 보위부의 귀환자 가족 연행", cases=[case])
    person = factories.make_person(cases=[case], consent_share_un=True)
    ngo = factories.make_organization("ngo-nkdb", "북한인권정보센터", "NKDB", kind="ngo")
    en.force_login(editor)
    data = proceeding_data(
        case, incidents=[incident], persons=[person], filed_by=str(ngo.public_id)
    )
    response = en.post(reverse(NEW), data)

    proceeding = Proceeding.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:proceeding", args=[proceeding.public_id])
    assert proceeding.filed_date == "2015-06" and proceeding.filed_by == ngo
    assert list(proceeding.incidents.all()) == [incident]
    assert list(proceeding.persons.all()) == [person]
    assert list(proceeding.cases.all()) == [case]

    page = en.get(response.url).content.decode()
    for shown in ("WGEID urgent action", "WGEID-2015-17", "June 2015", "NKDB", str(person)):
        assert shown in page
    assert incident.title in page
    assert reverse("web:proceeding_edit", args=[proceeding.public_id]) in page
    assert (
        reverse("audit:history", kwargs={"kind": "proceeding", "public_id": proceeding.public_id})
        in page
    )


def test_new_proceeding_from_an_incident_starts_with_it_and_its_case(en, editor, case):
    incident = factories.make_incident(title="온성 집결소 구금", cases=[case])
    en.force_login(editor)
    page = en.get(reverse(NEW), {"incident": incident.public_id}).content.decode()
    assert f'value="{incident.public_id}"' in page and "온성 집결소 구금" in page
    assert f'value="{case.pk}"' in page and "checked" in page


def test_new_proceeding_from_a_hidden_incident_is_a_404_and_audited(en, editor, case):
    hidden = factories.make_incident(title="다른 사례", cases=[factories.make_case("other")])
    en.force_login(editor)
    assert en.get(reverse(NEW), {"incident": hidden.public_id}).status_code == 404
    assert AuditEvent.objects.filter(
        action="access_refused", detail__public_id=str(hidden.public_id)
    ).exists()


def test_posting_a_hidden_incident_or_person_is_refused_and_never_named(en, editor, case):
    other = factories.make_case("다른 사례")
    hidden_incident = factories.make_incident(title="숨은 사건 제목", cases=[other])
    hidden_person = factories.make_person(
        cases=[other], names=[{"text": "숨은인물", "script": "hangul", "is_primary": True}]
    )
    en.force_login(editor)
    data = proceeding_data(case, incidents=[hidden_incident], persons=[hidden_person])
    response = en.post(reverse(NEW), data)
    body = response.content.decode()
    assert response.status_code == 400 and not Proceeding.objects.exists()
    assert "Incidents, row 1, Incident: This is not one of the records you can choose" in body
    assert "Persons concerned, row 1, Person: This is not one of the records" in body
    assert "숨은 사건 제목" not in body and "숨은인물" not in body


def test_detail_shows_only_the_incidents_and_persons_the_reader_may_see(en, analyst, case):
    other = factories.make_case("다른 사례")
    seen = factories.make_incident(title="보이는 사건", cases=[case])
    unseen = factories.make_incident(title="숨은 사건 제목", cases=[other])
    unseen_person = factories.make_person(
        cases=[other],
        names=[{"text": "숨은인물", "script": "hangul", "is_primary": True}],
        consent_share_un=True,
    )
    proceeding = factories.make_proceeding(
        incidents=[seen, unseen], persons=[unseen_person], cases=[case, other]
    )
    en.force_login(analyst)
    page = en.get(reverse("web:proceeding", args=[proceeding.public_id])).content.decode()
    assert "보이는 사건" in page
    assert "숨은 사건 제목" not in page and "숨은인물" not in page
    assert "No person you can see is part of this proceeding." in page
    assert reverse("web:proceeding_edit", args=[proceeding.public_id]) not in page


def test_editing_keeps_the_incidents_the_editor_cannot_see(en, editor, case):
    other = factories.make_case("다른 사례")
    seen = factories.make_incident(title="보이는 사건", cases=[case])
    unseen = factories.make_incident(title="숨은 사건 제목", cases=[other])
    proceeding = factories.make_proceeding(incidents=[seen, unseen], cases=[case])
    en.force_login(editor)
    url = reverse("web:proceeding_edit", args=[proceeding.public_id])
    form = en.get(url).content.decode()
    assert "보이는 사건" in form and "숨은 사건 제목" not in form
    assert "1 incident or person of this proceeding is in a case you are not a member of" in form

    data = proceeding_data(incidents=[], version=str(proceeding.version), status="replied")
    data.update(rows("incidents", [seen], initial=1))
    data["incidents-0-DELETE"] = "on"
    assert en.post(url, data).status_code == 302
    proceeding.refresh_from_db()
    assert proceeding.status == "replied"
    assert list(proceeding.incidents.all()) == [unseen]


def test_a_wgeid_submission_refuses_a_person_without_un_consent(en, editor, case):
    person = factories.make_person(cases=[case], consent_share_un=False)
    en.force_login(editor)
    response = en.post(reverse(NEW), proceeding_data(case, persons=[person]))
    assert response.status_code == 400 and not Proceeding.objects.exists()
    assert "has not consented to sharing with UN mechanisms" in response.content.decode()


def test_validation_says_what_is_wrong_and_where(en, editor, case):
    en.force_login(editor)
    data = proceeding_data(case, title="", filed_date="2016", last_action_date="2010")
    response = en.post(reverse(NEW), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert "Title: This field is required." in body
    assert "Last action: The end (2010) is before the start (2016)." in body


def test_concurrent_edit_shows_a_conflict_and_saves_nothing(en, editor, case):
    proceeding = factories.make_proceeding(cases=[case], reference="WGEID-1")
    en.force_login(editor)
    url = reverse("web:proceeding_edit", args=[proceeding.public_id])
    opened_at = proceeding.version
    proceeding.reference = "WGEID-OTHER"
    proceeding.save()  # someone else saves meanwhile

    response = en.post(url, proceeding_data(reference="WGEID-MINE", version=str(opened_at)))
    body = response.content.decode()
    assert response.status_code == 409
    assert "Someone else saved this record while you were editing it" in body
    assert "WGEID-OTHER" in body and "WGEID-MINE" in body
    proceeding.refresh_from_db()
    assert proceeding.reference == "WGEID-OTHER"


@pytest.mark.parametrize("persona", ["analyst", "viewer"])
def test_readers_without_edit_rights_cannot_create_or_edit(en, case, persona):
    user = factories.make_user(persona, username=f"{persona}-reader")
    CaseMembership.objects.create(case=case, user=user)
    proceeding = factories.make_proceeding(cases=[case])
    en.force_login(user)
    assert en.get(reverse(NEW)).status_code == 403
    assert en.post(reverse(NEW), proceeding_data(case)).status_code == 403
    edit = reverse("web:proceeding_edit", args=[proceeding.public_id])
    assert en.post(edit, proceeding_data(version="1")).status_code == 403
    assert en.get(reverse("web:proceeding", args=[proceeding.public_id])).status_code == 200
    assert Proceeding.objects.count() == 1


def test_titles_and_notes_are_escaped(en, editor, case):
    proceeding = factories.make_proceeding(title=XSS, notes=XSS, cases=[case])
    en.force_login(editor)
    page = en.get(reverse("web:proceeding", args=[proceeding.public_id])).content.decode()
    assert XSS not in page and "&lt;script&gt;" in page


def test_incident_suggestions_find_visible_incidents_by_words_only(en, editor, case):
    factories.make_incident(title="회령 보위부의 연행", cases=[case])
    factories.make_incident(title="회령 보위부의 비밀 연행", cases=[factories.make_case("other")])
    en.force_login(editor)
    body = en.get(reverse("web:autocomplete_incidents"), {"q": "보위부"}).content.decode()
    assert "회령 보위부의 연행" in body and "비밀" not in body


def test_incident_suggestions_are_the_newest_matches_and_a_common_word_reads_few(
    en, editor, case, monkeypatch
):
    """Ten incidents say 보위부: the eight newest are suggested, newest first. Candidates are
    read newest first and only a bounded number are decrypted: with a bound of three, only
    the three newest can be suggested."""
    from kirok.security import indexing
    from kirok.web import autocomplete

    titles = [f"보위부 연행 {n:02d}" for n in range(10)]
    for title in titles:
        factories.make_incident(title=title, cases=[case])
    en.force_login(editor)

    def suggested() -> list[str]:
        body = en.get(reverse("web:autocomplete_incidents"), {"q": "보위부"}).content.decode()
        return sorted((t for t in titles if t in body), key=body.index)

    assert suggested() == titles[::-1][: autocomplete.MAX_RESULTS]
    monkeypatch.setattr(indexing, "SEARCH_CANDIDATES", 3)
    assert suggested() == titles[::-1][:3]
