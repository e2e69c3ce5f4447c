"""Four eyes: an export of identifying data needs a second coordinator, is downloaded once by
its requester within 24 hours, and every step is audited."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.urls import reverse
from django.utils import timezone

from kirok.accounts.models import CaseMembership
from kirok.audit.models import Alert, AlertKind, AuditEvent
from kirok.interop import services
from kirok.interop.models import ExportRequest, ExportStatus
from tests import factories

REASON = "유엔 강제실종 실무그룹 제출 준비 (preparing the WGEID submission)"


@pytest.fixture
def team(db):
    """A case with two coordinators, an analyst, a documenter; and a coordinator elsewhere."""
    from types import SimpleNamespace

    case = factories.make_case("두만강 사건 조사")
    people = SimpleNamespace(case=case)
    for name, role in [
        ("analyst", "analyst"),
        ("first", "coordinator"),
        ("second", "coordinator"),
        ("documenter", "documenter"),
    ]:
        user = factories.make_user(role, username=name)
        CaseMembership.objects.create(case=case, user=user, can_edit=True)
        setattr(people, name, user)
    people.elsewhere = factories.make_user("coordinator", username="elsewhere")
    factories.make_case("다른 사례", members=[people.elsewhere])
    people.person = factories.make_person(cases=[case], consent_share_un=True)
    return people


def ask(team, requester=None, kind="persons"):
    return services.request_export(
        requester or team.analyst, kind, reason=REASON, cases=[team.case]
    )


def actions() -> list[str]:
    return list(
        AuditEvent.objects.filter(action__startswith="export_").values_list("action", flat=True)
    )


def test_the_whole_path_is_audited_step_by_step(team):
    export = ask(team)
    services.approve(export, team.first)
    made = services.download(export, team.analyst)
    assert made.rows == 1
    assert actions() == ["export_requested", "export_approved", "export_downloaded"]
    export.refresh_from_db()
    assert export.status == ExportStatus.DOWNLOADED
    assert export.approver == team.first and export.row_count == 1
    assert len(export.file_sha256) == 64
    downloaded = AuditEvent.objects.get(action="export_downloaded")
    assert downloaded.detail["rows"] == 1 and downloaded.detail["sha256"] == export.file_sha256


def test_coordinators_are_alerted_to_the_request_and_to_the_download(team):
    export = ask(team)
    alert = Alert.objects.get(kind=AlertKind.EXPORT, account=team.analyst)
    assert alert.last_event.action == "export_requested"
    services.approve(export, team.first)
    services.download(export, team.analyst)
    alert = Alert.objects.get(kind=AlertKind.EXPORT, account=team.analyst)
    assert alert.last_event.action == "export_downloaded"
    assert alert.first_event.action == "export_requested"


@pytest.mark.parametrize("role", ["documenter", "viewer", "administrator"])
def test_only_analysts_and_coordinators_may_ask(team, role):
    user = factories.make_user(role)
    CaseMembership.objects.create(case=team.case, user=user, can_edit=True)
    with pytest.raises(services.ExportRefused):
        ask(team, requester=user)


def test_a_request_names_only_cases_of_which_the_requester_is_a_member(team):
    with pytest.raises(services.ExportRefused):
        services.request_export(team.elsewhere, "persons", reason=REASON, cases=[team.case])


def test_a_request_needs_a_reason(team):
    with pytest.raises(services.ExportRefused):
        services.request_export(team.analyst, "persons", reason="  ok ", cases=[team.case])


def test_a_coordinator_cannot_approve_its_own_request(team):
    export = ask(team, requester=team.first)
    with pytest.raises(services.ExportRefused) as refused:
        services.approve(export, team.first)
    assert refused.value.code == "own"
    services.approve(export, team.second)


@pytest.mark.parametrize("who", ["analyst", "documenter", "elsewhere"])
def test_only_a_coordinator_of_the_case_may_approve(team, who):
    export = ask(team, requester=team.first)
    with pytest.raises(services.ExportRefused):
        services.approve(export, getattr(team, who))
    export.refresh_from_db()
    assert export.status == ExportStatus.REQUESTED


def test_the_database_refuses_an_approver_who_is_the_requester(team):
    from django.db import IntegrityError, transaction

    export = ask(team, requester=team.first)
    with pytest.raises(IntegrityError), transaction.atomic():
        ExportRequest.objects.filter(pk=export.pk).update(approver=team.first)


def test_a_denied_request_cannot_be_downloaded_or_approved(team):
    export = ask(team)
    services.deny(export, team.first, "이름이 너무 많다")
    with pytest.raises(services.ExportRefused):
        services.download(export, team.analyst)
    with pytest.raises(services.ExportRefused):
        services.approve(export, team.second)
    assert actions() == ["export_requested", "export_denied"]


def test_the_file_is_downloaded_once_and_only_by_the_requester(team):
    export = ask(team)
    services.approve(export, team.first)
    with pytest.raises(services.ExportRefused):
        services.download(export, team.first)
    services.download(export, team.analyst)
    with pytest.raises(services.ExportRefused):
        services.download(export, team.analyst)


def test_a_request_expires_after_24_hours_without_a_decision(team):
    export = ask(team)
    ExportRequest.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    with pytest.raises(services.ExportRefused):
        services.approve(export, team.first)
    export.refresh_from_db()
    assert export.status == ExportStatus.EXPIRED
    assert "export_expired" in actions()


def test_an_approved_file_expires_24_hours_after_the_approval(team):
    export = ask(team)
    services.approve(export, team.first)
    export.refresh_from_db()
    assert timedelta(hours=23, minutes=59) < export.expires_at - export.decided_at
    ExportRequest.objects.filter(pk=export.pk).update(
        expires_at=timezone.now() - timedelta(seconds=1)
    )
    assert services.expire_overdue() == 1
    with pytest.raises(services.ExportRefused):
        services.download(export, team.analyst)


def test_a_requester_who_left_the_case_gets_no_file(team):
    export = ask(team)
    services.approve(export, team.first)
    CaseMembership.objects.filter(user=team.analyst).delete()
    with pytest.raises(services.ExportRefused) as refused:
        services.download(export, team.analyst)
    assert refused.value.code == "reach"


# --- Pages --------------------------------------------------------------------------------


def test_the_request_form_creates_a_request_and_shows_it(client, team):
    client.force_login(team.analyst)
    response = client.post(
        reverse("interop:new"),
        {"kind": "persons", "cases": [str(team.case.public_id)], "reason": REASON},
    )
    export = ExportRequest.objects.get()
    assert response.status_code == 302
    assert response.url == reverse("interop:detail", args=[export.public_id])
    body = client.get(response.url).content.decode()
    assert REASON in body and "Waiting for approval" in body


def test_a_refused_request_form_asks_nothing_and_names_each_fault(client, team):
    client.force_login(team.analyst)
    response = client.post(reverse("interop:new"), {"kind": "persons", "reason": ""})
    assert response.status_code == 200 and not ExportRequest.objects.exists()
    body = response.content.decode()
    start = body.index('id="error-summary"')
    summary = body[start : body.index("</ul>", start)]
    assert "Cases: Choose at least one case." in summary
    assert "Why must this data leave Kirok?: This field is required." in summary


def test_a_reason_too_short_is_refused_beside_the_reason(client, team):
    client.force_login(team.analyst)
    response = client.post(
        reverse("interop:new"),
        {"kind": "persons", "cases": [str(team.case.public_id)], "reason": "유엔 제출"},
    )
    assert not ExportRequest.objects.exists()
    reason = response.context["form"]["reason"]
    assert reason.errors == ["Say why the data must leave Kirok (a sentence at least)."]


def test_the_request_form_lists_only_my_cases(client, team):
    client.force_login(team.elsewhere)
    body = client.get(reverse("interop:new")).content.decode()
    assert "두만강 사건 조사" not in body and "다른 사례" in body


def test_coordinators_see_the_pending_requests_of_their_cases(client, team):
    export = ask(team)
    client.force_login(team.first)
    pending = client.get(reverse("interop:pending")).content.decode()
    assert reverse("interop:detail", args=[export.public_id]) in pending
    client.force_login(team.elsewhere)
    pending = client.get(reverse("interop:pending")).content.decode()
    assert reverse("interop:detail", args=[export.public_id]) not in pending


def test_approving_and_downloading_through_the_pages(client, team):
    export = ask(team)
    client.force_login(team.first)
    detail = client.get(reverse("interop:detail", args=[export.public_id])).content.decode()
    assert reverse("interop:approve", args=[export.public_id]) in detail
    client.post(reverse("interop:approve", args=[export.public_id]))
    client.force_login(team.analyst)
    response = client.post(reverse("interop:download", args=[export.public_id]))
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert response["Content-Disposition"].startswith('attachment; filename="kirok-persons-')
    assert "no-store" in response["Cache-Control"]
    text = response.content.decode("utf-8-sig")
    assert text.startswith(f"# Exported by analyst (request {export.public_id}) at ")
    again = client.post(reverse("interop:download", args=[export.public_id]))
    assert again.status_code == 302  # back to the request, with a message: only once


def test_denying_through_the_page_keeps_the_note_for_the_requester(client, team):
    export = ask(team)
    client.force_login(team.second)
    client.post(reverse("interop:deny", args=[export.public_id]), {"note": "범위가 너무 넓다"})
    client.force_login(team.analyst)
    body = client.get(reverse("interop:detail", args=[export.public_id])).content.decode()
    assert "범위가 너무 넓다" in body and "Denied" in body


@pytest.mark.parametrize("name", ["interop:approve", "interop:deny", "interop:download"])
def test_approving_denying_and_downloading_ask_for_recent_authentication(client, team, name):
    export = ask(team)
    if name == "interop:download":
        services.approve(export, team.first)
    client.force_login(team.analyst if name == "interop:download" else team.second)
    factories.age_confirmation(client, minutes=10)
    response = client.post(reverse(name, args=[export.public_id]))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm"))
    export.refresh_from_db()
    assert export.status in (ExportStatus.REQUESTED, ExportStatus.APPROVED)


def test_the_reason_is_encrypted_at_rest(team):
    from django.db import connection

    export = ask(team)
    with connection.cursor() as cursor:
        cursor.execute("SELECT reason FROM interop_exportrequest WHERE id = %s", [export.pk])
        (stored,) = cursor.fetchone()
    assert "WGEID" not in stored and stored.startswith("kv")
