"""Creating and editing a person: names inline, dates as people write them, consent,
relations, permissions, and the edit conflict (kirok.web.editing, kirok.records.forms)."""

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import AuditEvent, Revision
from kirok.records.models import Person, PersonName, Relation
from tests import factories

NEW = "web:person_new"


@pytest.fixture
def editor(coordinator, case):
    """The coordinator, a member of ``case`` (so it edits there)."""
    CaseMembership.objects.create(case=case, user=coordinator)
    return coordinator


@pytest.fixture
def en(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
    return client


def management(prefix: str, total: int, initial: int = 0) -> dict:
    return {
        f"{prefix}-TOTAL_FORMS": str(total),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }


def new_person_data(case, **overrides) -> dict:
    data = {
        "sex": "female",
        "status": "missing",
        "birth_date": "around 1975",
        "occupation": "장마당 상인",
        "nationality": "kp",
        "consent_store": "on",
        "consent_share_un": "on",
        "notes": "",
        "cases": [str(case.pk)],
        **management("names", 2),
        "names-0-text": "김혜송",
        "names-0-script": "hangul",
        "names-0-kind": "legal",
        "names-0-romanization": "",
        "names-0-is_primary": "on",
        "names-1-text": "Kim Hye-song",
        "names-1-script": "latin",
        "names-1-kind": "legal",
        "names-1-romanization": "mr_plain",
        **management("relations", 0),
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def edit_data(person, **overrides) -> dict:
    """What the edit form of ``person`` posts back unchanged (plus ``overrides``)."""
    names = list(person.names.order_by("pk"))
    data = {
        "version": str(person.version),
        "sex": person.sex,
        "status": person.status,
        "birth_date": person.birth_date,
        "occupation": person.occupation,
        "nationality": person.nationality,
        "notes": person.notes,
        **management("names", len(names), len(names)),
        **management("relations", 0),
    }
    for i, name in enumerate(names):
        data.update(
            {
                f"names-{i}-id": str(name.pk),
                f"names-{i}-text": name.text,
                f"names-{i}-script": name.script,
                f"names-{i}-kind": name.kind,
                f"names-{i}-romanization": name.romanization,
            }
        )
        if name.is_primary:
            data[f"names-{i}-is_primary"] = "on"
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


def test_a_coordinator_creates_a_person_with_names_a_date_phrase_and_a_birthplace(en, editor, case):
    place = factories.hoeryong()
    en.force_login(editor)
    data = new_person_data(case, birthplace=str(place.public_id), birthplace_text="회령시")
    response = en.post(reverse(NEW), data)

    person = Person.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("web:person", args=[person.public_id])
    assert person.birth_date == "1975~" and person.birthplace == place
    assert person.nationality == "KP" and person.consent_share_un and not person.consent_publish
    assert sorted(n.text for n in person.names.all()) == ["Kim Hye-song", "김혜송"]
    assert str(person) == "김혜송"
    assert list(person.cases.all()) == [case]
    assert AuditEvent.objects.filter(action="created", object_id=str(person.public_id)).exists()


def test_the_new_person_page_shows_the_form_in_english(en, editor, case):
    en.force_login(editor)
    body = en.get(reverse(NEW)).content.decode()
    assert "New person" in body and "Add a name" in body and "Primary name" in body
    assert "Consents to sharing with UN mechanisms" in body and "Cases" in body


def test_a_bad_name_row_saves_nothing_and_says_which_row(en, editor, case):
    en.force_login(editor)
    data = new_person_data(case, **{"names-0-romanization": "rr"})
    response = en.post(reverse(NEW), data)
    body = response.content.decode()
    assert response.status_code == 400
    assert Person.objects.count() == 0 and PersonName.objects.count() == 0
    assert "Nothing was saved" in body
    assert "Names, row 1, Romanization system" in body
    assert "Only a name in Latin script has a romanization system." in body
    # What was typed is still there to correct.
    assert "Kim Hye-song" in body and "장마당 상인" in body


@pytest.mark.parametrize("primaries", [0, 2])
def test_exactly_one_name_is_primary(en, editor, case, primaries):
    en.force_login(editor)
    data = new_person_data(case, **{"names-0-is_primary": "on" if primaries else None})
    if primaries == 2:
        data["names-1-is_primary"] = "on"
    response = en.post(reverse(NEW), data)
    assert response.status_code == 400 and Person.objects.count() == 0
    assert "Mark exactly one name as the primary name" in response.content.decode()


def test_a_person_needs_a_name(en, editor, case):
    en.force_login(editor)
    data = new_person_data(case, **management("names", 0))
    response = en.post(reverse(NEW), data)
    assert response.status_code == 400 and Person.objects.count() == 0
    assert "A person needs at least one name." in response.content.decode()


def test_the_script_is_read_from_the_letters_when_left_empty(en, editor, case):
    en.force_login(editor)
    data = new_person_data(case, **{"names-0-script": "", "names-1-script": ""})
    assert en.post(reverse(NEW), data).status_code == 302
    scripts = {n.text: n.script for n in PersonName.objects.all()}
    assert scripts == {"김혜송": "hangul", "Kim Hye-song": "latin"}


def test_an_unreadable_birth_date_says_why(en, editor, case):
    en.force_login(editor)
    response = en.post(reverse(NEW), new_person_data(case, birth_date="2012-11-31"))
    body = response.content.decode()
    assert response.status_code == 400 and Person.objects.count() == 0
    assert "This date cannot be read" in body and "2012-11 has no day 31" in body


def test_a_place_typed_but_not_picked_is_an_error_not_a_guess(en, editor, case):
    en.force_login(editor)
    response = en.post(reverse(NEW), new_person_data(case, birthplace_text="Hoeryong"))
    body = response.content.decode()
    assert response.status_code == 400 and Person.objects.count() == 0
    assert "was typed but not picked" in body


def test_a_new_person_must_go_into_a_case(en, editor, case):
    en.force_login(editor)
    response = en.post(reverse(NEW), new_person_data(case, cases=None))
    assert response.status_code == 400 and Person.objects.count() == 0
    assert "Put the record in at least one case you work on." in response.content.decode()


def test_a_case_the_editor_cannot_edit_in_is_refused(en, documenter, case):
    mine = factories.make_case("내 사례", editors=[documenter])
    CaseMembership.objects.create(case=case, user=documenter, can_edit=False)
    en.force_login(documenter)
    response = en.post(reverse(NEW), new_person_data(case))
    assert response.status_code == 400 and Person.objects.count() == 0
    assert en.post(reverse(NEW), new_person_data(mine)).status_code == 302


def test_who_may_open_the_new_person_page(client, analyst, documenter, outsider, case):
    for user in (analyst, outsider):
        client.force_login(user)
        assert client.get(reverse(NEW)).status_code == 403
    factories.make_case(editors=[documenter])
    client.force_login(documenter)
    assert client.get(reverse(NEW)).status_code == 200


def test_the_edit_page_is_for_editors_of_the_persons_case(client, analyst, outsider, case):
    person = factories.make_person(cases=[case])
    url = reverse("web:person_edit", args=[person.public_id])
    client.force_login(analyst)  # a member of the case, without edit rights
    assert client.get(url).status_code == 403
    client.force_login(outsider)
    assert client.get(url).status_code == 404
    assert AuditEvent.objects.filter(action="access_refused", actor=outsider).exists()


def test_an_edit_saves_and_the_change_is_in_the_history(en, editor, case):
    person = factories.make_person(cases=[case], occupation="농민")
    en.force_login(editor)
    url = reverse("web:person_edit", args=[person.public_id])
    assert "농민" in en.get(url).content.decode()
    response = en.post(url, edit_data(person, occupation="광부", birth_date="1968년경"))
    assert response.status_code == 302
    person.refresh_from_db()
    assert person.occupation == "광부" and person.birth_date == "1968~"
    assert person.version == 2
    assert Revision.objects.filter(object_id=str(person.public_id)).count() >= 2


def test_a_second_save_from_the_same_version_is_refused_with_both_values_shown(en, editor, case):
    person = factories.make_person(cases=[case], occupation="농민")
    url = reverse("web:person_edit", args=[person.public_id])
    en.force_login(editor)
    first = edit_data(person, occupation="광부")
    second = edit_data(person, occupation="교사")
    assert en.post(url, first).status_code == 302

    response = en.post(url, second)
    body = response.content.decode()
    person.refresh_from_db()
    assert response.status_code == 409
    assert person.occupation == "광부"  # never silently overwritten
    assert "Someone else saved this record while you were editing it" in body
    assert "광부" in body and "교사" in body
    assert f'name="version" value="{person.version}"' in body  # re-applying is one click

    reapplied = edit_data(person, occupation="교사")
    assert en.post(url, reapplied).status_code == 302
    person.refresh_from_db()
    assert person.occupation == "교사"


def test_an_edit_without_a_version_saves_nothing(en, editor, case):
    person = factories.make_person(cases=[case], occupation="농민")
    en.force_login(editor)
    url = reverse("web:person_edit", args=[person.public_id])
    response = en.post(url, edit_data(person, version=None, occupation="광부"))
    assert response.status_code == 400
    person.refresh_from_db()
    assert person.occupation == "농민"


def test_hostile_strings_are_stored_as_typed_and_shown_inert(en, editor, case):
    hostile = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    en.force_login(editor)
    data = new_person_data(case, occupation=hostile, **{"names-0-text": f"김{hostile}"})
    assert en.post(reverse(NEW), data).status_code == 302
    person = Person.objects.get()
    assert person.occupation == hostile
    assert person.names.filter(is_primary=True).get().text == f"김{hostile}"
    for url in (
        reverse("web:person", args=[person.public_id]),
        reverse("web:person_edit", args=[person.public_id]),
    ):
        body = en.get(url).content.decode()
        assert "<script>alert" not in body and "<img src=x" not in body
        assert "&lt;script&gt;alert" in body


def test_relations_are_added_to_persons_the_editor_can_see_only(en, editor, case):
    person = factories.make_person(cases=[case])
    mother = factories.make_person(cases=[case])
    hidden = factories.make_person(
        names=[{"text": "숨은인물", "script": "hangul", "is_primary": True}],
        cases=[factories.make_case("다른 사례")],
    )
    kind = factories.term("relation_kind", "mother_of")
    url = reverse("web:person_edit", args=[person.public_id])
    en.force_login(editor)

    def relation_to(other):
        return edit_data(
            person,
            **management("relations", 1),
            **{"relations-0-kind": str(kind.pk), "relations-0-object": str(other.public_id)},
        )

    response = en.post(url, relation_to(hidden))
    assert response.status_code == 400 and not Relation.objects.exists()
    assert "숨은인물" not in response.content.decode()

    person.refresh_from_db()
    assert en.post(url, relation_to(mother)).status_code == 302
    relation = Relation.objects.get()
    assert (relation.subject, relation.kind, relation.object) == (person, kind, mother)


def test_edit_and_new_links_show_for_editors_only(en, editor, analyst, case):
    person = factories.make_person(cases=[case])
    en.force_login(editor)
    body = en.get(reverse("web:person", args=[person.public_id])).content.decode()
    assert reverse("web:person_edit", args=[person.public_id]) in body
    home = en.get(reverse("web:home")).content.decode()
    assert reverse(NEW) in home and reverse("web:incident_new") in home
    en.force_login(analyst)
    body = en.get(reverse("web:person", args=[person.public_id])).content.decode()
    assert reverse("web:person_edit", args=[person.public_id]) not in body
    assert reverse(NEW) not in en.get(reverse("web:home")).content.decode()


def test_the_form_renders_in_the_default_korean_interface(client, editor, case):
    person = factories.make_person(cases=[case])
    client.force_login(editor)
    for url in (reverse(NEW), reverse("web:person_edit", args=[person.public_id])):
        response = client.get(url)
        assert response.status_code == 200
        assert '<html lang="ko">' in response.content.decode()
