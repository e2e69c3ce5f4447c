"""Logging in and out of Kirok's pages."""

import pytest
from django.urls import reverse

from kirok.audit.models import AuditEvent
from tests import factories
from tests.factories import PASSWORD


def test_the_login_page_has_labelled_fields(client, db):
    response = client.get(reverse("web:login"))
    body = response.content.decode()
    assert response.status_code == 200
    assert '<label for="id_username">' in body
    assert '<label for="id_password">' in body


def test_an_analyst_logs_in_and_lands_on_the_home_page(client, analyst):
    authenticator = factories.make_authenticator(analyst)
    response = client.post(
        reverse("web:login"), {"username": "analyst", "password": PASSWORD}, follow=True
    )
    # After the password, the code from the authenticator app (tests/test_accounts_*.py).
    assert response.redirect_chain[-1][0] == reverse("accounts:two_factor_verify") + "?next=%2F"
    response = client.post(
        reverse("accounts:two_factor_verify"),
        {"code": factories.totp_code(authenticator), "next": "/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert response.context["user"] == analyst
    assert AuditEvent.objects.filter(action="login", actor=analyst).exists()


def test_a_wrong_password_shows_an_error_and_logs_nobody_in(client, analyst):
    response = client.post(
        reverse("web:login"),
        {"username": "analyst", "password": "not-the-password"},
        HTTP_ACCEPT_LANGUAGE="en",
    )
    assert response.status_code == 200
    assert 'class="error-summary"' in response.content.decode()
    assert "correct username and password" in response.content.decode()
    assert not response.context["user"].is_authenticated
    assert AuditEvent.objects.filter(action="login_failed").exists()


def test_a_deactivated_account_cannot_log_in(client, analyst):
    analyst.is_active = False
    analyst.save()
    response = client.post(reverse("web:login"), {"username": "analyst", "password": PASSWORD})
    assert response.status_code == 200
    assert not response.context["user"].is_authenticated


def test_logging_out_needs_a_post(client, analyst):
    client.force_login(analyst)
    assert client.get(reverse("web:logout")).status_code == 405
    assert client.get(reverse("web:home")).status_code == 200


def test_logging_out_ends_the_session(client, analyst):
    client.force_login(analyst)
    response = client.post(reverse("web:logout"))
    assert response.status_code == 302
    assert response.url == reverse("web:login")
    assert client.get(reverse("web:home")).status_code == 302


def test_a_logged_in_user_is_sent_on_from_the_login_page(client, analyst):
    client.force_login(analyst)
    response = client.get(reverse("web:login"))
    assert response.status_code == 302
    assert response.url == reverse("web:home")


@pytest.mark.parametrize("target", ["//evil.example/", "https://evil.example/x"])
def test_login_does_not_redirect_to_another_site(client, analyst, target):
    response = client.post(
        reverse("web:login"), {"username": "analyst", "password": PASSWORD, "next": target}
    )
    assert response.status_code == 302
    assert response.url == reverse("web:home")


def test_an_account_with_a_one_time_password_must_change_it_first(client, analyst):
    analyst.must_change_password = True
    analyst.save()
    client.force_login(analyst)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url == reverse("web:password_change")
    new = "a new long passphrase 두만강"
    response = client.post(
        reverse("web:password_change"),
        {"old_password": PASSWORD, "new_password1": new, "new_password2": new},
    )
    assert response.status_code == 302
    analyst.refresh_from_db()
    assert not analyst.must_change_password
    assert analyst.check_password(new)
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(action="password_changed", actor=analyst).exists()
