"""Full revision history per record: sealed snapshots, a diff of any two versions, restore."""

import json

import pytest
from django.db import connection
from django.urls import reverse

from kirok.accounts.models import CaseMembership
from kirok.audit import context, revisions, snapshots
from kirok.audit.models import AuditEvent, Revision
from kirok.records.models import Incident, Person, PersonName
from tests import factories

NAME = "김비밀"


def history_of(record):
    return list(revisions.history_of(record._meta.label_lower, record.public_id))


def history_url(kind, record, view="audit:history"):
    return reverse(view, kwargs={"kind": kind, "public_id": record.public_id})


@pytest.fixture
def person(coordinator, case):
    """A person in ``case`` with one Hangul name, made by the coordinator in one operation."""
    CaseMembership.objects.create(case=case, user=coordinator)
    with context.acting(coordinator):
        return factories.make_person(
            cases=[case], names=[{"text": NAME, "script": "hangul", "is_primary": True}]
        )


def rename(person, text, actor):
    with context.acting(actor):
        name = person.names.get()
        name.text = text
        name.save()


def test_changes_made_in_one_operation_are_one_version(person):
    versions = history_of(person)
    assert [(v.number, v.action) for v in versions] == [(1, "created")]
    assert set(versions[0].fields) >= {"names", "cases", "sex"}


def test_each_later_change_is_a_new_version_naming_the_fields_it_changed(person, coordinator):
    rename(person, "김다른", coordinator)
    with context.acting(coordinator):
        person.occupation = "교사"
        person.save()
    assert [(v.number, v.fields) for v in history_of(person)[1:]] == [
        (2, ["names"]),
        (3, ["occupation"]),
    ]
    assert history_of(person)[-1].actor == coordinator


def test_a_snapshot_is_sealed_in_the_database_and_holds_the_values(person):
    with connection.cursor() as cursor:
        cursor.execute("SELECT snapshot FROM audit_revision")
        raw = [row[0] for row in cursor.fetchall()]
    assert raw and all(value.startswith("kv1:") for value in raw)
    assert not any(NAME in value for value in raw)
    state = snapshots.read(history_of(person)[0])
    assert state["parts"]["names"][0]["text"] == NAME


def test_a_snapshot_moved_into_another_records_history_does_not_open(person):
    other = factories.make_person()
    theirs = history_of(other)[0]
    theirs.snapshot = history_of(person)[0].snapshot
    theirs.save()
    with pytest.raises(snapshots.SnapshotMismatch):
        snapshots.read(Revision.objects.get(pk=theirs.pk))


def test_a_record_loaded_in_bulk_gets_its_earlier_state_kept_at_its_first_change(coordinator):
    (incident,) = Incident.objects.bulk_create([Incident(title="일괄 적재된 사건")])
    assert not history_of(incident)
    with context.acting(coordinator):
        incident.title = "고친 사건"
        incident.save()
    baseline, changed = history_of(incident)
    assert (baseline.action, changed.action, changed.fields) == ("baseline", "updated", ["title"])
    assert snapshots.read(baseline)["fields"]["title"] == "일괄 적재된 사건"


def test_a_deleted_record_keeps_its_history_with_its_last_state(person, coordinator):
    with context.acting(coordinator):
        person.delete()
    last = history_of(person)[-1]
    assert last.action == "deleted"
    assert snapshots.read(last)["parts"]["names"][0]["text"] == NAME


# --- The pages ------------------------------------------------------------------------------


def test_the_history_page_lists_every_version_newest_first(client, person, coordinator):
    rename(person, "김다른", coordinator)
    client.force_login(coordinator)
    response = client.get(history_url("person", person), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    body = response.content.decode()
    assert body.index("Compare with the version before") < body.index("Created")
    assert AuditEvent.objects.filter(action="history_viewed").exists()


def test_the_person_and_incident_pages_link_to_their_history(client, person, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("web:person", args=[person.public_id]))
    assert history_url("person", person) in response.content.decode()


def test_an_outsider_gets_404_for_a_history_and_the_refusal_is_audited(client, person, outsider):
    client.force_login(outsider)
    assert client.get(history_url("person", person)).status_code == 404
    assert client.get(history_url("person", person, "audit:diff")).status_code == 404
    refused = AuditEvent.objects.filter(action="access_refused", actor=outsider)
    assert refused.count() == 2
    assert NAME not in json.dumps(list(refused.values("detail")), ensure_ascii=False)


def test_the_diff_shows_each_changed_value_old_and_new(client, person, coordinator):
    rename(person, "김다른", coordinator)
    client.force_login(coordinator)
    url = history_url("person", person, "audit:diff") + "?old=1&new=2"
    response = client.get(url, HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert f"<del>{NAME} · Hangul · Legal name · primary name</del>" in body
    assert "<ins>김다른 · Hangul · Legal name · primary name</ins>" in body
    assert body.count('class="audit-changed"') == 1


def test_the_diff_compares_the_newest_two_versions_by_default(client, person, coordinator):
    with context.acting(coordinator):
        person.occupation = "광부"
        person.save()
    client.force_login(coordinator)
    response = client.get(history_url("person", person, "audit:diff"))
    assert "<ins>광부</ins>" in response.content.decode()


def test_an_unknown_version_is_404(client, person, coordinator):
    client.force_login(coordinator)
    url = history_url("person", person, "audit:diff")
    assert client.get(url + "?old=1&new=9").status_code == 404
    assert client.get(url + "?old=x").status_code == 404


# --- Restoring --------------------------------------------------------------------------------


def restore(client, person, number, expected):
    url = history_url("person", person, "audit:restore")
    return client.post(url, {"number": number, "expected": expected})


def test_restoring_writes_the_old_values_as_a_new_version(client, person, coordinator):
    rename(person, "김다른", coordinator)
    client.force_login(coordinator)
    response = restore(client, person, 1, 2)
    assert response.status_code == 302
    assert [n.text for n in person.names.all()] == [NAME]
    versions = history_of(person)
    assert [(v.number, v.action, v.restored_from) for v in versions] == [
        (1, "created", None),
        (2, "updated", None),
        (3, "restored", 1),
    ]
    restored = AuditEvent.objects.get(action="restored")
    assert (restored.actor, restored.detail["version"]) == (coordinator, 1)


def test_restoring_needs_a_recent_password_and_code(client, person, coordinator):
    rename(person, "김다른", coordinator)
    client.force_login(coordinator)
    factories.age_confirmation(client, minutes=10)
    response = restore(client, person, 1, 2)
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm"))
    assert len(history_of(person)) == 2


def test_restoring_after_someone_else_changed_the_record_is_refused(client, person, coordinator):
    rename(person, "김다른", coordinator)
    rename(person, "김셋째", coordinator)
    client.force_login(coordinator)
    restore(client, person, 1, 2)  # the page showed version 2 as the newest
    assert [n.text for n in person.names.all()] == ["김셋째"]


def test_a_reader_who_may_not_edit_cannot_restore(client, person, analyst, coordinator):
    rename(person, "김다른", coordinator)
    client.force_login(analyst)
    assert restore(client, person, 1, 2).status_code == 403
    assert len(history_of(person)) == 2


def test_consent_and_cases_are_never_brought_back_by_a_restore(person, coordinator, case):
    with context.acting(coordinator):
        person.consent_share_un = True
        person.save()
    with context.acting(coordinator):
        person.consent_share_un = False  # consent withdrawn
        person.occupation = "농부"
        person.save()
        person.cases.add(factories.make_case("새 사례"))
    revisions.restore(person, 2, expected_latest=3, actor=coordinator)
    person.refresh_from_db()
    assert (person.consent_share_un, person.occupation) == (False, "")
    assert person.cases.count() == 2


def test_a_version_pointing_at_a_deleted_place_cannot_be_restored(coordinator):
    place = factories.make_place("SITE-test-gone", "없어진 곳", "Gone place")
    with context.acting(coordinator):
        incident = factories.make_incident(place=place)
    with context.acting(coordinator):
        incident.place = factories.hoeryong()
        incident.save()
    place.delete()
    latest = history_of(incident)[-1].number
    with pytest.raises(revisions.RestoreError):
        revisions.restore(incident, 1, expected_latest=latest, actor=coordinator)


# --- Deleted records ----------------------------------------------------------------------


def test_a_deleted_records_history_stays_visible_to_coordinators_of_its_case(
    client, person, coordinator, analyst
):
    with context.acting(coordinator):
        PersonName.objects.filter(person=person).delete()
        Person.objects.filter(pk=person.pk).delete()
    client.force_login(coordinator)
    response = client.get(history_url("person", person), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "has been deleted" in response.content.decode()
    assert client.get(history_url("person", person, "audit:diff")).status_code == 200
    client.logout()
    client.force_login(analyst)
    assert client.get(history_url("person", person)).status_code == 404


def test_a_deleted_records_history_is_hidden_from_a_coordinator_outside_its_case(
    client, person, coordinator
):
    other = factories.make_user("coordinator", username="other-coordinator")
    with context.acting(coordinator):
        person.delete()
    client.force_login(other)
    assert client.get(history_url("person", person)).status_code == 404
