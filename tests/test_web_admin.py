"""The Django admin at /admin/ is for active administrators only."""

import pytest
from django.urls import reverse

from tests import factories


def test_an_administrator_gets_into_the_admin(client, administrator):
    client.force_login(administrator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200


def test_a_coordinator_with_staff_status_is_refused(client, coordinator):
    assert coordinator.is_staff
    client.force_login(coordinator)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302
    assert response.url.startswith(reverse("admin:login"))


@pytest.mark.parametrize("role", ["coordinator", "analyst", "documenter", "viewer"])
def test_no_other_role_gets_in_even_as_superuser(client, db, role):
    user = factories.make_user(role, is_staff=True, is_superuser=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 302
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 302


def test_an_administrator_without_staff_status_is_refused(client, db):
    client.force_login(factories.make_user("administrator", is_staff=False))
    assert client.get(reverse("admin:index")).status_code == 302


def test_a_coordinator_cannot_log_in_through_the_admin_login_form(client, coordinator):
    response = client.post(
        reverse("admin:login"),
        {"username": "coordinator", "password": factories.PASSWORD, "next": "/admin/"},
    )
    # The form refuses, or the index sends the account back: never the admin's pages.
    follow = client.get(reverse("admin:index"))
    assert response.status_code in (200, 302)
    assert follow.status_code == 302


def test_the_nav_links_to_the_admin_only_for_administrators(client, administrator, analyst):
    client.force_login(analyst)
    assert reverse("admin:index") not in client.get(reverse("web:home")).content.decode()
    client.force_login(administrator)
    assert reverse("admin:index") in client.get(reverse("web:home")).content.decode()


def test_the_audit_log_cannot_be_edited_in_the_admin(client, db):
    admin = factories.make_user("administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    assert client.get(reverse("admin:audit_auditevent_changelist")).status_code == 200
    assert client.get(reverse("admin:audit_auditevent_add")).status_code == 403


def test_records_under_compartments_are_not_in_the_admin(client, db):
    admin = factories.make_user("administrator", is_staff=True, is_superuser=True)
    client.force_login(admin)
    body = client.get(reverse("admin:index")).content.decode()
    assert "/admin/records/place/" in body
    assert "/admin/records/person/" not in body
    assert "/admin/records/incident/" not in body
