"""Suggestions while typing (kirok.web.autocomplete): persons through the blind name index,
places in any spelling, organizations by name, and the date preview."""

import pytest
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit.models import Alert, AuditEvent
from tests import factories

PERSONS = "web:autocomplete_persons"


@pytest.fixture
def editor(documenter, case):
    CaseMembership.objects.create(case=case, user=documenter, can_edit=True)
    return documenter


@pytest.fixture
def hyesong(case):
    return factories.make_person(
        cases=[case],
        names=[
            {"text": "김혜송", "script": "hangul", "is_primary": True},
            {"text": "Kim Hye-song", "script": "latin", "romanization": "mr_plain"},
        ],
        birth_date="1975~",
    )


def suggest(client, name: str, text: str) -> str:
    response = client.get(reverse(name), {"q": text}, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    return response.content.decode()


@pytest.mark.parametrize(
    "spelling",
    ["김혜송", "Kim Hye-song", "Hyesong Kim", "kim hye song", "Kim Hye Sŏng", "Gim Hyesong"],
)
def test_any_romanization_finds_kim_hye_song(client, editor, hyesong, spelling):
    client.force_login(editor)
    body = suggest(client, PERSONS, spelling)
    assert f'data-value="{hyesong.public_id}"' in body
    assert 'role="option"' in body and "김혜송" in body


def test_a_person_the_editor_cannot_see_never_appears(client, editor, hyesong):
    elsewhere = factories.make_case("다른 사례")
    hidden = factories.make_person(
        cases=[elsewhere], names=[{"text": "김혜송", "script": "hangul", "is_primary": True}]
    )
    unassigned = factories.make_person(
        names=[{"text": "김혜송", "script": "hangul", "is_primary": True}]
    )
    client.force_login(editor)
    body = suggest(client, PERSONS, "Kim Hye-song")
    assert str(hyesong.public_id) in body
    assert str(hidden.public_id) not in body and str(unassigned.public_id) not in body
    assert body.count('role="option"') == 1


def test_a_name_lookup_is_audited_as_a_name_search_without_the_name(client, editor, hyesong):
    client.force_login(editor)
    suggest(client, PERSONS, "Hyesong Kim")
    event = AuditEvent.objects.get(action="search", actor=editor)
    assert event.detail["query_kind"] == "name" and event.detail["results"] == 1
    assert "Hyesong" not in str(event.detail) and "혜송" not in str(event.detail)


def test_many_different_name_lookups_raise_the_infiltrator_alert(client, editor, settings):
    settings.AUDIT_ALERT_NAME_SEARCHES = 3
    client.force_login(editor)
    for name in ("김순옥", "리철호", "박은정"):
        suggest(client, PERSONS, name)
    assert Alert.objects.filter(account=editor, kind="name_searches").exists()


def test_places_are_found_in_any_spelling_or_script(client, editor):
    hoeryong = factories.hoeryong()
    client.force_login(editor)
    for spelling in ("회령", "회령시", "Hoeryong", "Hoeryŏng-si", "Hweryong"):
        body = suggest(client, "web:autocomplete_places", spelling)
        assert f'data-value="{hoeryong.public_id}"' in body, spelling
    assert "North Hamgyong" in body  # the path tells two places of one name apart


def test_organizations_are_found_by_korean_or_english_name(client, editor):
    unit = factories.make_organization()
    client.force_login(editor)
    for text in ("회령시 보위부", "Hoeryong City State Security"):
        assert str(unit.public_id) in suggest(client, "web:autocomplete_organizations", text)
    nothing = suggest(client, "web:autocomplete_organizations", "xyzzy")
    assert "data-value" not in nothing and "Nothing found" in nothing


def test_htmx_sends_the_box_under_its_own_name(client, editor, hyesong):
    client.force_login(editor)
    response = client.get(reverse(PERSONS), {"acts-0-victim_text": "Kim Hye-song"})
    assert str(hyesong.public_id) in response.content.decode()


@pytest.mark.parametrize(
    ("text", "shown"),
    [
        ("early November 2012", ["2012-11-01/2012-11-10", "2012-11-01", "2012-11-10"]),
        ("2012년 11월 초", ["2012-11-01/2012-11-10"]),
        ("around 2010", ["2010~", "2009-01-01", "2011-12-31"]),
        ("2012-11-31", ["Cannot read this date", "2012-11 has no day 31"]),
    ],
)
def test_the_date_preview_shows_the_edtf_value_and_its_days_or_why_not(client, editor, text, shown):
    client.force_login(editor)
    body = suggest(client, "web:date_preview", text)
    for part in shown:
        assert part in body


def test_suggestions_are_for_editors_only(client, analyst, outsider, case, hyesong):
    for user in (analyst, outsider):
        client.force_login(user)
        for name in (PERSONS, "web:autocomplete_places", "web:date_preview"):
            assert client.get(reverse(name), {"q": "김혜송"}).status_code == 403
    assert not AuditEvent.objects.filter(action="search").exists()


def test_hostile_queries_come_back_inert(client, editor):
    client.force_login(editor)
    body = suggest(client, "web:date_preview", "<script>alert(1)</script>")
    assert "<script>" not in body and "&lt;script&gt;" in body
