"""Re-authentication: dangerous actions need the password and a code given in the last minutes."""

import pytest
from django.contrib.messages.middleware import MessageMiddleware
from django.contrib.sessions.middleware import SessionMiddleware
from django.http import HttpResponse
from django.test import RequestFactory
from django.urls import reverse

from kirok.accounts import sessions
from kirok.accounts.reauth import recent_authentication_required
from kirok.audit.models import AuditEvent
from tests import factories

CONFIRM = reverse("accounts:confirm")


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@recent_authentication_required(minutes=5)
def dangerous(request):
    return HttpResponse("done")


def request_with_session(method="get", path="/danger/", **extra):
    request = getattr(RequestFactory(), method)(path, **extra)
    SessionMiddleware(lambda r: None).process_request(request)
    MessageMiddleware(lambda r: None).process_request(request)
    return request


def test_the_decorator_sends_an_old_confirmation_to_the_confirm_page(db):
    request = request_with_session(path="/danger/?page=2")
    request.session[sessions.REAUTHENTICATED_AT] = 0
    response = dangerous(request)
    assert response.status_code == 302
    assert response.url == CONFIRM + "?next=%2Fdanger%2F%3Fpage%3D2"


def test_the_decorator_lets_a_recent_confirmation_through(db):
    request = request_with_session()
    sessions.mark_reauthenticated(request.session)
    assert dangerous(request).content == b"done"


def test_a_form_sent_without_a_recent_confirmation_returns_to_its_page(db):
    request = request_with_session("post", HTTP_REFERER="http://testserver/persons/x/")
    assert dangerous(request).url == CONFIRM + "?next=%2Fpersons%2Fx%2F"
    request = request_with_session("post", HTTP_REFERER="https://evil.example/x/")
    assert dangerous(request).url == CONFIRM + "?next=%2F"


def test_completing_a_login_counts_as_a_recent_confirmation(client, analyst):
    factories.make_authenticator(analyst)
    client.force_login(analyst)
    assert sessions.reauthenticated_within(client.session, 5)


@pytest.fixture
def administrator(db):
    """An administrator as `kirok init` makes one: staff and superuser (the persona is not)."""
    return factories.make_user(
        "administrator", username="administrator", is_staff=True, is_superuser=True
    )


def admin_change_url(user):
    return reverse("admin:accounts_user_change", args=[user.pk])


def test_an_old_confirmation_is_asked_again_then_accepted(client, administrator, analyst):
    device = factories.make_authenticator(administrator)
    client.force_login(administrator)
    factories.age_confirmation(client, minutes=6)
    response = client.get(admin_change_url(analyst))
    assert response.status_code == 302
    assert response.url.startswith(CONFIRM + "?next=%2Fadmin%2Faccounts%2Fuser%2F")

    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "needs your password and a code" in page
    response = client.post(
        CONFIRM,
        {
            "password": factories.PASSWORD,
            "code": factories.totp_code(device),
            "next": admin_change_url(analyst),
        },
    )
    assert response.url == admin_change_url(analyst)
    assert client.get(admin_change_url(analyst)).status_code == 200
    assert AuditEvent.objects.filter(action="reauthenticated", actor=administrator).exists()


@pytest.mark.parametrize("wrong", ["password", "code"])
def test_a_wrong_password_or_code_is_refused_and_audited(client, analyst, wrong):
    device = factories.make_authenticator(analyst)
    client.force_login(analyst)
    factories.age_confirmation(client, minutes=6)
    code = factories.totp_code(device)
    data = {
        "password": "wrong-password" if wrong == "password" else factories.PASSWORD,
        "code": f"{(int(code) + 1) % 1_000_000:06d}" if wrong == "code" else code,
    }
    response = client.post(CONFIRM, data, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 200
    assert "Your password or code is not right" in response.content.decode()
    assert not sessions.reauthenticated_within(client.session, 5)
    event = AuditEvent.objects.get(action="reauth_failed")
    assert (event.actor, event.detail) == (analyst, {"reason": wrong})


def test_failed_confirmations_count_towards_the_lockout(client, analyst):
    client.force_login(analyst)
    for _ in range(5):
        response = client.post(CONFIRM, {"password": "wrong-password", "code": "123456"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_a_foreign_next_is_not_followed(client, analyst):
    device = factories.make_authenticator(analyst)
    client.force_login(analyst)
    response = client.post(
        CONFIRM,
        {
            "password": factories.PASSWORD,
            "code": factories.totp_code(device),
            "next": "//evil.example/",
        },
    )
    assert response.url == reverse("web:home")


def test_without_an_authenticator_only_the_password_is_asked(client, analyst, settings):
    settings.REQUIRE_2FA = False
    factories.log_in_password_only(client, analyst)
    page = client.get(CONFIRM).content.decode()
    assert 'name="code"' not in page
    response = client.post(CONFIRM, {"password": factories.PASSWORD, "next": "/"})
    assert response.url == "/"
    assert sessions.reauthenticated_within(client.session, 5)
