"""The audit page: administrators and coordinators only, filters, pages of 50, chain status."""

import datetime

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from kirok.audit import services
from kirok.audit.models import AuditEvent

LOG = reverse("audit:log")


@pytest.fixture(autouse=True)
def no_remembered_chain_check(monkeypatch):
    monkeypatch.setattr(services, "_page_checkpoint", None)


def tamper(event, action="tampered"):
    with connection.cursor() as cursor:
        cursor.execute("UPDATE audit_auditevent SET action = %s WHERE id = %s", [action, event.pk])


def banner(client):
    body = client.get(LOG, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    return 'class="audit-chain-broken" role="alert"' in body


@pytest.mark.parametrize(
    ("persona", "status"),
    [
        ("administrator", 200),
        ("coordinator", 200),
        ("analyst", 403),
        ("documenter", 403),
        ("outsider", 403),
    ],
)
def test_only_administrators_and_coordinators_open_the_audit_page(client, request, persona, status):
    user = request.getfixturevalue(persona)
    client.force_login(user)
    assert client.get(LOG).status_code == status
    refused = AuditEvent.objects.filter(action="access_refused", actor=user)
    assert refused.exists() is (status == 403)


def test_an_anonymous_visitor_is_sent_to_log_in(client, db):
    response = client.get(LOG)
    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))


def test_the_header_links_to_the_audit_page_for_those_who_may_open_it(client, coordinator, analyst):
    client.force_login(coordinator)
    assert f'href="{LOG}"' in client.get(reverse("web:home")).content.decode()
    client.force_login(analyst)
    assert f'href="{LOG}"' not in client.get(reverse("web:home")).content.decode()


def test_the_page_shows_newest_first_fifty_at_a_time(client, coordinator):
    for number in range(60):
        services.record("test_event", actor=coordinator, detail={"n": number})
    client.force_login(coordinator)
    first = client.get(LOG, {"action": "test_event"}).content.decode()
    assert first.index('detail">n: 59<') < first.index('detail">n: 58<')
    assert 'detail">n: 9<' not in first
    second = client.get(LOG, {"action": "test_event", "page": 2}).content.decode()
    assert 'detail">n: 9<' in second and 'detail">n: 10<' not in second


def test_the_filters_pick_events_by_account_action_record_and_time(client, coordinator, analyst):
    incident_id = "0b6c4a40-36c0-4a5e-9d54-2f7d6c3c9a11"
    services.record(
        "exported", actor=analyst, object_type="records.incident", object_id=incident_id
    )
    services.record("exported", actor=coordinator)
    old = services.record("person_viewed", actor=analyst)
    AuditEvent.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=30))
    client.force_login(coordinator)

    def shown(**filters):
        page = client.get(LOG, filters).context["page"]
        return {(e.actor_name, e.action) for e in page if e.action != "audit_log_viewed"}

    assert ("analyst", "exported") in shown(account="analyst")
    assert ("coordinator", "exported") not in shown(account="analyst")
    assert shown(action="exported") == {("analyst", "exported"), ("coordinator", "exported")}
    assert shown(record=incident_id) == {("analyst", "exported")}
    today = timezone.localdate().isoformat()
    assert ("analyst", "person_viewed") not in shown(since=today)
    earlier = timezone.localdate() - datetime.timedelta(days=31)
    period = {"since": earlier.isoformat(), "until": (earlier + datetime.timedelta(2)).isoformat()}
    assert shown(**period) == {("analyst", "person_viewed")}


def test_a_filter_that_makes_no_sense_is_explained_not_applied(client, coordinator):
    client.force_login(coordinator)
    response = client.get(
        LOG, {"since": "2024-05-02", "until": "2024-05-01"}, HTTP_ACCEPT_LANGUAGE="en"
    )
    assert response.status_code == 200
    assert "before its start" in response.content.decode()


def test_viewing_the_audit_page_is_itself_audited_with_its_filters(client, coordinator):
    client.force_login(coordinator)
    client.get(LOG, {"action": "login"})
    viewed = AuditEvent.objects.filter(action="audit_log_viewed").latest("pk")
    assert viewed.detail == {"filters": {"action": "login"}}


def test_the_page_says_the_chain_is_intact(client, coordinator):
    client.force_login(coordinator)
    body = client.get(LOG, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "chain intact" in body
    assert "tampered" not in body


def test_a_broken_chain_shows_a_red_banner_naming_the_first_broken_entry(client, coordinator):
    victim = services.record("login", actor=coordinator)
    services.record("logout", actor=coordinator)
    tamper(victim)
    client.force_login(coordinator)
    body = client.get(LOG, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'class="audit-chain-broken" role="alert"' in body
    assert str(victim.public_id) in body


def test_between_full_checks_the_page_checks_what_was_written_since(client, coordinator):
    client.force_login(coordinator)
    assert not banner(client)  # the whole chain, checked and remembered
    written_since = services.record("logout", actor=coordinator)
    services.record("login", actor=coordinator)
    tamper(written_since)
    assert banner(client)


def test_a_change_to_the_last_entry_checked_makes_the_page_check_everything_again(
    client, coordinator
):
    client.force_login(coordinator)
    assert not banner(client)
    tamper(AuditEvent.objects.order_by("-pk").first())
    assert banner(client)


def test_an_older_change_is_found_at_the_next_full_check(client, coordinator, monkeypatch):
    client.force_login(coordinator)
    first = AuditEvent.objects.order_by("pk").first()
    assert not banner(client)
    tamper(first)
    monkeypatch.setattr(services, "FULL_CHECK_SECONDS", -1)
    assert banner(client)


def test_each_action_is_said_in_the_readers_language_with_its_code_beside_it(client, coordinator):
    services.record("login", actor=coordinator)
    services.record("export_requested", actor=coordinator)
    services.record("from_a_later_version", actor=coordinator)
    client.force_login(coordinator)
    page = client.get(LOG, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '로그인<br><code class="muted">login</code>' in page
    assert '내보내기 요청<br><code class="muted">export_requested</code>' in page
    assert "<td>from_a_later_version</td>" in page  # unknown: the code alone
    # The filter names the actions the same way.
    assert '<option value="login">로그인</option>' in page


def test_each_detail_key_is_said_in_the_readers_language_with_its_code_beside_it(
    client, coordinator
):
    services.record("backup_created", actor=coordinator, detail={"files": 3, "bytes": 2048})
    services.record("login", actor=coordinator, detail={"from_a_later_version": 1})
    client.force_login(coordinator)
    page = client.get(LOG, HTTP_ACCEPT_LANGUAGE="ko").content.decode()
    assert '파일 수 <code class="muted">files</code>: 3' in page
    assert '바이트 <code class="muted">bytes</code>: 2048' in page
    assert '<span class="audit-detail">from_a_later_version: 1</span>' in page  # the code alone
    english = client.get(LOG, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert 'files <code class="muted">files</code>' not in english  # said once when alike
    assert '<span class="audit-detail">files: 3</span>' in english


def test_every_detail_key_kirok_records_has_a_phrase():
    """A detail key written in a ``detail`` dict must not reach the page as a bare code."""
    import re
    from pathlib import Path

    from kirok.audit.actions import DETAIL_LABELS

    keys = set()
    for path in Path("kirok").rglob("*.py"):
        source = path.read_text()
        for start in re.finditer(r"detail\s*=\s*\{", source):
            block = source[start.end() : source.find("}", start.end())]
            keys |= set(re.findall(r'"([a-z_]+)"\s*:', block))
        keys |= set(re.findall(r'detail\[\s*"([a-z_]+)"\s*\]', source))
    assert len(keys) >= 40
    assert keys <= set(DETAIL_LABELS)


def test_every_action_kirok_records_has_a_phrase():
    """A new audit action must not reach the log page as a bare code."""
    import re
    from pathlib import Path

    from kirok.audit.actions import LABELS

    source = "\n".join(p.read_text() for p in Path("kirok").rglob("*.py"))
    recorded = set(re.findall(r'\brecord(?:_event)?\(\s*"([a-z_]+)"', source))
    recorded |= set(re.findall(r'\baction\s*=\s*"([a-z_]+)"', source))
    recorded |= {"created", "updated", "deleted"}  # kirok.audit.tracking, by variable
    assert len(recorded) >= 50
    assert recorded <= set(LABELS)
