"""Seeing an infiltrator: each rule is silent just below its threshold and alerts at it."""

import datetime
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kirok.audit import alerts, services
from kirok.audit.models import Alert, AlertStatus, AuditEvent
from tests import factories

SEOUL = ZoneInfo("Asia/Seoul")


def view_persons(user, count, *, ago=None):
    for _ in range(count):
        event = services.record(
            "person_viewed", actor=user, object_type="records.person", object_id=str(uuid.uuid4())
        )
        if ago is not None:
            AuditEvent.objects.filter(pk=event.pk).update(at=timezone.now() - ago)


def kinds(user=None):
    found = Alert.objects.all() if user is None else Alert.objects.filter(account=user)
    return [alert.kind for alert in found.order_by("pk")]


@pytest.fixture
def thresholds(settings):
    settings.AUDIT_ALERT_PERSON_VIEWS = 5
    settings.AUDIT_ALERT_WINDOW_MINUTES = 10
    settings.AUDIT_ALERT_NAME_SEARCHES = 3
    settings.AUDIT_ALERT_ADDRESS_DAYS = 90
    return settings


# --- Many persons read in a short time ------------------------------------------------------


def test_reading_one_person_fewer_than_the_threshold_raises_nothing(thresholds, analyst):
    view_persons(analyst, 4)
    assert kinds() == []


def test_reading_as_many_persons_as_the_threshold_within_the_window_alerts(thresholds, analyst):
    view_persons(analyst, 5)
    alert = Alert.objects.get()
    assert (alert.kind, alert.account, alert.count, alert.window_minutes) == (
        "person_views",
        analyst,
        5,
        10,
    )
    raised = AuditEvent.objects.get(action="alert_raised")
    assert raised.actor is None and raised.detail == {"kind": "person_views", "account": "analyst"}


def test_the_same_person_read_again_and_again_counts_once(thresholds, analyst):
    person_id = str(uuid.uuid4())
    for _ in range(10):
        services.record("person_viewed", actor=analyst, object_id=person_id)
    assert kinds() == []


def test_reads_older_than_the_window_do_not_count(thresholds, analyst):
    view_persons(analyst, 4, ago=datetime.timedelta(minutes=11))
    view_persons(analyst, 4)
    assert kinds() == []


def test_further_reads_in_the_same_window_extend_the_alert_instead_of_raising_another(
    thresholds, analyst
):
    view_persons(analyst, 8)
    alert = Alert.objects.get()
    assert alert.count == 8
    assert AuditEvent.objects.filter(action="alert_raised").count() == 1


def test_reading_persons_through_their_pages_is_counted(client, thresholds, analyst, case):
    thresholds.AUDIT_ALERT_PERSON_VIEWS = 3
    persons = [factories.make_person(cases=[case]) for _ in range(3)]
    client.force_login(analyst)
    for person in persons:
        assert client.get(reverse("web:person", args=[person.public_id])).status_code == 200
    assert kinds(analyst) == ["person_views"]


def test_a_threshold_of_zero_switches_the_rule_off(thresholds, analyst):
    thresholds.AUDIT_ALERT_PERSON_VIEWS = 0
    view_persons(analyst, 20)
    assert kinds() == []


# --- Many different names searched ---------------------------------------------------------


def test_searching_different_names_alerts_at_the_threshold_without_storing_them(
    thresholds, analyst
):
    # Two names, each in several spellings: every spelling of a name is that one name.
    for query in ("김순옥", "김 순옥", "Kim Sun-ok", "Gim Sunok", "리철호", "Ri Chol-ho"):
        services.record_search("name", query, results=1, actor=analyst)
    services.record_search("text", "보위부", results=4, actor=analyst)
    assert kinds() == []
    services.record_search("name", "박은정", results=0, actor=analyst)
    assert kinds() == ["name_searches"]
    searches = AuditEvent.objects.filter(action="search")
    assert all(set(e.detail) == {"query_kind", "query_hash", "results"} for e in searches)
    assert not any("순옥" in str(e.detail) or "sonok" in str(e.detail) for e in searches)


def test_name_searches_older_than_an_hour_do_not_count(thresholds, analyst):
    for query in ("김순옥", "리철호"):
        services.record_search("name", query, results=1, actor=analyst)
    AuditEvent.objects.update(at=timezone.now() - datetime.timedelta(minutes=61))
    services.record_search("name", "박은정", results=1, actor=analyst)
    assert kinds() == []


# --- Exports -----------------------------------------------------------------------------


@pytest.mark.parametrize("action", alerts.EXPORT_ACTIONS)
def test_every_export_alerts(thresholds, analyst, action):
    services.record(action, actor=analyst)
    assert kinds(analyst) == ["export"]


def test_approving_or_denying_an_export_is_not_an_alert_but_downloading_it_is(
    thresholds, coordinator
):
    # The approver's decision is the control itself; the download is when data leaves.
    for action in ("export_approved", "export_denied"):
        services.record(action, actor=coordinator)
    assert kinds() == []
    services.record("export_downloaded", actor=coordinator)
    assert kinds() == ["export"]


# --- Logins at unusual hours --------------------------------------------------------------


def log_in_at(monkeypatch, user, hour, minute=0, address="192.0.2.1"):
    moment = datetime.datetime(2025, 3, 4, hour, minute, tzinfo=SEOUL)
    monkeypatch.setattr(services.timezone, "now", lambda: moment)
    return services.record("login", actor=user, ip_address=address)


@pytest.mark.parametrize(
    ("hour", "minute", "alerted"),
    [(21, 59, False), (22, 0, True), (3, 30, True), (5, 59, True), (6, 0, False)],
)
def test_a_login_in_the_quiet_hours_alerts(
    monkeypatch, thresholds, coordinator, hour, minute, alerted
):
    thresholds.AUDIT_ALERT_QUIET_HOURS = (22, 6)
    thresholds.TIME_ZONE = "Asia/Seoul"
    log_in_at(monkeypatch, coordinator, hour, minute)
    assert kinds() == (["quiet_hours_login"] if alerted else [])


def test_quiet_hours_that_do_not_span_midnight(settings):
    settings.TIME_ZONE = "Asia/Seoul"
    noon = datetime.datetime(2025, 3, 4, 12, 0, tzinfo=SEOUL)
    assert alerts.in_quiet_hours(noon, (12, 14))
    assert not alerts.in_quiet_hours(noon, (13, 14))
    assert not alerts.in_quiet_hours(noon, None)


# --- Logins from a new address --------------------------------------------------------------


def log_in_from(user, address, *, days_ago=0):
    event = services.record("login", actor=user, ip_address=address)
    if days_ago:
        at = timezone.now() - datetime.timedelta(days=days_ago)
        AuditEvent.objects.filter(pk=event.pk).update(at=at)
    return event


def test_the_first_login_of_an_account_raises_nothing(thresholds, analyst):
    log_in_from(analyst, "192.0.2.1")
    assert kinds() == []


def test_a_login_from_an_address_used_recently_raises_nothing(thresholds, analyst):
    log_in_from(analyst, "192.0.2.1", days_ago=89)
    log_in_from(analyst, "192.0.2.1")
    assert kinds() == []


def test_a_login_from_an_address_not_used_for_the_period_alerts(thresholds, analyst):
    log_in_from(analyst, "192.0.2.1", days_ago=91)
    log_in_from(analyst, "192.0.2.1")
    assert kinds() == ["new_address_login"]
    assert Alert.objects.get().detail == {"address": "192.0.2.1", "days": 90}


def test_a_login_from_another_address_alerts(thresholds, analyst):
    log_in_from(analyst, "192.0.2.1")
    log_in_from(analyst, "2001:db8::7")
    assert kinds() == ["new_address_login"]


# --- Coordinators' page -----------------------------------------------------------------------


@pytest.fixture
def alert(thresholds, analyst):
    services.record("export_requested", actor=analyst)
    return Alert.objects.get()


def test_coordinators_see_the_alerts_and_a_count_in_the_header(client, alert, coordinator):
    client.force_login(coordinator)
    response = client.get(reverse("audit:alerts"), HTTP_ACCEPT_LANGUAGE="en")
    body = response.content.decode()
    assert response.status_code == 200
    assert "Export — analyst" in body
    assert 'nav-count">1<' in body


@pytest.mark.parametrize("persona", ["administrator", "analyst", "documenter", "outsider"])
def test_other_roles_get_403_for_alerts(client, request, alert, persona):
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("audit:alerts")).status_code == 403
    body = client.get(reverse("web:home")).content.decode()
    assert reverse("audit:alerts") not in body


def acknowledge(client, alert, note="확인함: 연례 보고서 준비"):
    return client.post(reverse("audit:alert_acknowledge"), {"alert": alert.public_id, "note": note})


def test_acknowledging_an_alert_keeps_who_when_and_a_sealed_note(client, alert, coordinator):
    client.force_login(coordinator)
    assert acknowledge(client, alert).status_code == 302
    alert.refresh_from_db()
    assert (alert.status, alert.acknowledged_by) == (AlertStatus.ACKNOWLEDGED, coordinator)
    assert alert.note == "확인함: 연례 보고서 준비"
    with connection.cursor() as cursor:
        cursor.execute("SELECT note FROM audit_alert WHERE id = %s", [alert.pk])
        assert cursor.fetchone()[0].startswith("kv1:")
    event = AuditEvent.objects.get(action="alert_acknowledged")
    assert event.actor == coordinator and "확인함" not in str(event.detail)
    assert alerts.open_count() == 0


def test_nobody_acknowledges_an_alert_about_themselves(client, thresholds, coordinator):
    services.record("export_requested", actor=coordinator)
    mine = Alert.objects.get(account=coordinator)
    client.force_login(coordinator)
    acknowledge(client, mine)
    mine.refresh_from_db()
    assert mine.status == AlertStatus.OPEN


def test_an_acknowledgement_needs_a_note(client, alert, coordinator):
    client.force_login(coordinator)
    acknowledge(client, alert, note="")
    alert.refresh_from_db()
    assert alert.status == AlertStatus.OPEN


def test_an_unknown_alert_is_404_for_a_coordinator(client, coordinator):
    client.force_login(coordinator)
    response = client.post(reverse("audit:alert_acknowledge"), {"alert": uuid.uuid4(), "note": "x"})
    assert response.status_code == 404
