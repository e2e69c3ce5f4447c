"""Accounts and cases in the admin: recent confirmation, audited role and membership changes,
two-factor resets, and no page that shows other people's authenticator secrets."""

import pytest
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticDevice

from kirok.accounts.models import Authenticator, CaseMembership
from kirok.audit.models import AuditEvent
from tests import factories


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture
def administrator(db):
    """An administrator as `kirok init` makes one: staff and superuser (the persona is not)."""
    return factories.make_user(
        "administrator", username="administrator", is_staff=True, is_superuser=True
    )


def user_form(user, **changes):
    data = {
        "username": user.username,
        "first_name": "",
        "last_name": "",
        "email": "",
        "is_active": "on",
        "role": user.role,
        "_save": "Save",
    }
    data.update(changes)
    return data


def test_changing_a_role_is_audited_with_the_old_and_new_role(client, administrator, analyst):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[analyst.pk])
    response = client.post(url, user_form(analyst, role="coordinator"))
    assert response.status_code == 302, response.context["adminform"].form.errors
    analyst.refresh_from_db()
    assert analyst.role == "coordinator"
    event = AuditEvent.objects.get(action="role_changed")
    assert event.actor == administrator
    assert event.object_id == str(analyst.public_id)
    assert event.detail == {"from": "analyst", "to": "coordinator"}


def test_saving_without_a_role_change_audits_no_role_change(client, administrator, analyst):
    client.force_login(administrator)
    url = reverse("admin:accounts_user_change", args=[analyst.pk])
    client.post(url, user_form(analyst, first_name="Sun-ok"))
    assert not AuditEvent.objects.filter(action="role_changed").exists()


def test_changing_a_role_needs_a_recent_confirmation(client, administrator, analyst):
    client.force_login(administrator)
    factories.age_confirmation(client, minutes=6)
    url = reverse("admin:accounts_user_change", args=[analyst.pk])
    response = client.post(url, user_form(analyst, role="administrator"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("accounts:confirm"))
    analyst.refresh_from_db()
    assert analyst.role == "analyst"
    assert client.get(url).url.startswith(reverse("accounts:confirm"))


def test_setting_a_password_or_deleting_an_account_needs_a_recent_confirmation(
    client, administrator, analyst
):
    client.force_login(administrator)
    factories.age_confirmation(client, minutes=6)
    for url in (
        reverse("admin:auth_user_password_change", args=[analyst.pk]),
        reverse("admin:accounts_user_delete", args=[analyst.pk]),
    ):
        assert client.get(url).url.startswith(reverse("accounts:confirm")), url
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 200


def test_case_membership_changes_are_audited(client, administrator, analyst, documenter, case):
    client.force_login(administrator)
    membership = CaseMembership.objects.get(case=case, user=analyst)
    data = {
        "name": case.name,
        "description": "",
        "casemembership_set-TOTAL_FORMS": "2",
        "casemembership_set-INITIAL_FORMS": "1",
        "casemembership_set-MIN_NUM_FORMS": "0",
        "casemembership_set-MAX_NUM_FORMS": "1000",
        "casemembership_set-0-id": str(membership.pk),
        "casemembership_set-0-case": str(case.pk),
        "casemembership_set-0-user": str(analyst.pk),
        "casemembership_set-0-DELETE": "on",
        "casemembership_set-1-case": str(case.pk),
        "casemembership_set-1-user": str(documenter.pk),
        "casemembership_set-1-can_edit": "on",
        "_save": "Save",
    }
    response = client.post(reverse("admin:accounts_case_change", args=[case.pk]), data)
    assert response.status_code == 302
    added = AuditEvent.objects.get(action="case_member_added")
    removed = AuditEvent.objects.get(action="case_member_removed")
    assert added.detail == {"member": str(documenter.public_id), "can_edit": True}
    assert removed.detail == {"member": str(analyst.public_id), "can_edit": False}
    assert added.object_id == removed.object_id == str(case.public_id)
    assert added.actor == administrator
    assert case.name not in str(added.detail)


def test_editing_a_case_needs_a_recent_confirmation(client, administrator, case):
    client.force_login(administrator)
    factories.age_confirmation(client, minutes=6)
    response = client.get(reverse("admin:accounts_case_change", args=[case.pk]))
    assert response.url.startswith(reverse("accounts:confirm"))


def test_an_administrator_resets_a_lost_phone_and_it_is_audited(client, administrator, analyst):
    factories.make_authenticator(analyst)
    StaticDevice.objects.create(user=analyst, name="recovery codes")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [str(analyst.pk)]},
        follow=True,
    )
    assert "Two-factor authentication was reset for 1 account" in response.content.decode()
    assert not Authenticator.objects.filter(user=analyst).exists()
    assert not StaticDevice.objects.filter(user=analyst).exists()
    event = AuditEvent.objects.get(action="two_factor_reset")
    assert (event.actor, event.object_id) == (administrator, str(analyst.public_id))

    factories.log_in_password_only(client, analyst)
    assert client.get(reverse("web:home")).url.startswith(reverse("accounts:two_factor_enrol"))


def test_a_reset_needs_a_recent_confirmation(client, administrator, analyst):
    factories.make_authenticator(analyst)
    client.force_login(administrator)
    factories.age_confirmation(client, minutes=6)
    response = client.post(
        reverse("admin:accounts_user_changelist"),
        {"action": "reset_two_factor", "_selected_action": [str(analyst.pk)]},
    )
    assert response.url.startswith(reverse("accounts:confirm"))
    assert Authenticator.objects.filter(user=analyst).exists()


def test_the_admin_has_no_page_showing_authenticator_secrets(client, administrator):
    client.force_login(administrator)
    body = client.get(reverse("admin:index")).content.decode()
    assert "otp_totp" not in body
    assert "otp_static" not in body
    assert client.get("/admin/otp_totp/totpdevice/").status_code == 404
    assert client.get("/admin/accounts/authenticator/").status_code == 404
