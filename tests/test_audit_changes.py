"""Every create, update and delete of a record is audited by field name, never by value."""

import json

import pytest
from django.apps import apps
from django.test import RequestFactory, override_settings

from kirok.accounts.models import CaseMembership
from kirok.audit import context, tracking
from kirok.audit.middleware import RequestContextMiddleware, client_address
from kirok.audit.models import AuditEvent
from kirok.records.models import PersonName
from tests import factories

HANGUL_NAME = "김비밀"


def events_about(record, action=None):
    found = AuditEvent.objects.filter(object_id=str(record.public_id)).order_by("pk")
    return list(found.filter(action=action) if action else found)


def test_creating_a_person_logs_created_with_the_names_of_the_fields_set(coordinator):
    with context.acting(coordinator):
        person = factories.make_person(names=[], occupation="교사", notes="비밀 메모")
    created = events_about(person, "created")
    assert len(created) == 1
    assert {"occupation", "notes", "birth_date", "sex"} <= set(created[0].detail["fields"])
    assert created[0].actor == coordinator
    assert created[0].object_type == "records.person"


def test_changing_a_field_logs_the_field_name_and_not_its_values(coordinator):
    incident = factories.make_incident(title="회령 사건", summary="요약")
    with context.acting(coordinator):
        incident.title = "회령 보위부 사건"
        incident.save()
    updated = events_about(incident, "updated")[-1]
    assert updated.detail == {"fields": ["title"]}
    assert "회령" not in json.dumps(updated.detail, ensure_ascii=False)


def test_saving_without_a_change_logs_nothing(db):
    incident = factories.make_incident()
    before = AuditEvent.objects.count()
    incident.save()
    assert AuditEvent.objects.count() == before


def test_deleting_a_record_logs_deleted_but_not_each_of_its_parts(coordinator):
    person = factories.make_person()
    with context.acting(coordinator):
        person.delete()
    assert [e.action for e in events_about(person)][-1] == "deleted"
    assert not AuditEvent.objects.filter(
        object_id=str(person.public_id), action="updated", detail__change="deleted"
    ).exists()


def test_a_name_added_changed_or_removed_is_logged_as_a_change_of_its_person(db):
    person = factories.make_person(names=[])
    name = PersonName.objects.create(person=person, text=HANGUL_NAME, script="hangul")
    name.kind = "alias"
    name.save()
    name.delete()
    parts = [e.detail for e in events_about(person, "updated") if "part" in e.detail]
    assert [(d["part"], d["change"]) for d in parts] == [
        ("names", "created"),
        ("names", "updated"),
        ("names", "deleted"),
    ]
    assert parts[1]["fields"] == ["kind"]


def test_links_to_cases_are_logged_from_either_side(db):
    case = factories.make_case()
    person = factories.make_person()
    person.cases.add(case)
    case.persons.remove(person)
    case.persons.add(person)
    case.persons.clear()
    linked = [e for e in events_about(person, "updated") if e.detail.get("fields") == ["cases"]]
    assert len(linked) == 4


def test_case_membership_changes_name_the_account_given_access(administrator, analyst):
    case = factories.make_case()
    with context.acting(administrator):
        membership = CaseMembership.objects.create(case=case, user=analyst)
        membership.can_edit = True
        membership.save()
    details = [e.detail for e in events_about(case, "updated")]
    assert details[0] == {
        "part": "members",
        "change": "created",
        "fields": ["can_edit", "user"],
        "account": "analyst",
    }
    assert details[1]["fields"] == ["can_edit"]


def test_a_role_change_is_logged_but_a_login_timestamp_is_not(administrator, analyst):
    analyst.role = "coordinator"
    analyst.save()
    analyst.save(update_fields=["last_login"])
    changes = events_about(analyst, "updated")
    assert [e.detail["fields"] for e in changes] == [["role"]]


def test_no_audit_event_ever_holds_a_name_or_a_word_of_testimony(coordinator, case):
    with context.acting(coordinator):
        person = factories.make_person(
            cases=[case],
            names=[{"text": HANGUL_NAME, "script": "hangul", "family_name": "김"}],
            notes="탈북 후 체포됨",
        )
        person.names.update()  # no signal: nothing to log
        name = person.names.get()
        name.text = "김다른"
        name.save()
        source = factories.make_source(text="증언 본문 김비밀", cases=[case])
        source.text = "고친 증언 김비밀"
        source.save()
        person.delete()
    everything = json.dumps(
        list(AuditEvent.objects.values("detail", "object_id", "object_type")), ensure_ascii=False
    )
    for secret in (HANGUL_NAME, "김다른", "탈북 후", "증언 본문", "고친 증언"):
        assert secret not in everything


def test_every_model_of_the_record_apps_is_tracked_or_left_out_with_a_reason():
    parts = {part.label for spec in tracking.TRACKED.values() for part in spec.parts}
    known = set(tracking.TRACKED) | parts | set(tracking.UNTRACKED)
    for app in tracking.AUDITED_APPS:
        for model in apps.get_app_config(app).get_models():
            assert model._meta.label_lower in known, model._meta.label_lower


# --- Who and from where: the request context ----------------------------------------------


def test_the_middleware_makes_the_account_and_address_readable_by_the_signals(coordinator):
    request = RequestFactory().get("/", REMOTE_ADDR="203.0.113.7")
    request.user = coordinator

    def view(request):
        return factories.make_incident()

    incident = RequestContextMiddleware(view)(request)
    created = events_about(incident, "created")[0]
    assert (created.actor, created.ip_address) == (coordinator, "203.0.113.7")
    assert context.current() is None


def test_x_forwarded_for_is_ignored_unless_the_peer_is_a_trusted_proxy():
    request = RequestFactory().get(
        "/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7"
    )
    assert client_address(request) == "198.51.100.1"
    with override_settings(AUDIT_TRUSTED_PROXIES=["198.51.100.1"]):
        assert client_address(request) == "203.0.113.7"


@pytest.mark.parametrize("forwarded", ["", "not-an-address", "198.51.100.1"])
def test_a_missing_or_malformed_forwarded_address_falls_back_to_the_peer(forwarded):
    request = RequestFactory().get("/", REMOTE_ADDR="198.51.100.1", HTTP_X_FORWARDED_FOR=forwarded)
    with override_settings(AUDIT_TRUSTED_PROXIES=["198.51.100.1"]):
        assert client_address(request) == "198.51.100.1"
