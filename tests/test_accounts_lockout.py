"""Lockout: repeated failed passwords or codes lock an account name from one address."""

import re
from datetime import timedelta

import pytest
from axes.models import AccessAttempt
from django.conf import settings
from django.urls import reverse

from kirok.audit.models import AuditEvent
from tests import factories

LOGIN = reverse("web:login")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def fail_to_log_in(client, username, times, **extra):
    for _ in range(times):
        response = client.post(LOGIN, {"username": username, "password": "wrong-password"}, **extra)
    return response


def main_content(response) -> str:
    body = response.content.decode().split("<main")[1].split("</main>")[0]
    return re.sub(r'name="csrfmiddlewaretoken" value="[^"]*"', "", body)


def test_the_limit_and_time_come_from_the_settings():
    assert settings.AXES_FAILURE_LIMIT == 5
    assert settings.AXES_COOLOFF_TIME.total_seconds() == 30 * 60
    assert settings.AXES_LOCKOUT_PARAMETERS == [["username", "ip_address"]]


def test_four_failures_leave_the_account_open(client, analyst):
    fail_to_log_in(client, "analyst", 4)
    response = client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_five_failures_lock_the_account_and_say_so(client, analyst):
    response = fail_to_log_in(client, "analyst", 5, HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Logging in is paused" in body
    assert "paused for 30 minutes" in body
    assert "analyst" not in body


def test_the_lockout_page_does_not_reveal_whether_the_account_exists(client, analyst):
    known = fail_to_log_in(client, "analyst", 5, HTTP_ACCEPT_LANGUAGE="en")
    unknown = fail_to_log_in(client, "nobody-by-this-name", 5, HTTP_ACCEPT_LANGUAGE="en")
    assert known.status_code == unknown.status_code == 429
    assert main_content(known) == main_content(unknown)


def test_during_the_lockout_even_the_right_password_is_refused(client, analyst):
    fail_to_log_in(client, "analyst", 5)
    response = client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session


def test_the_lockout_is_audited_once(client, analyst):
    fail_to_log_in(client, "analyst", 7)
    events = AuditEvent.objects.filter(action="lockout")
    assert events.count() == 1
    assert events.get().actor == analyst
    assert events.get().detail == {"username": "analyst", "minutes": 30}
    assert events.get().ip_address == "127.0.0.1"


def test_attempts_during_the_lockout_do_not_extend_it(client, analyst):
    fail_to_log_in(client, "analyst", 5)
    attempt = AccessAttempt.objects.get(username="analyst")
    fail_to_log_in(client, "analyst", 3)
    attempt.refresh_from_db()
    assert attempt.failures_since_start == 5


def test_the_lockout_ends_after_its_time(client, analyst):
    fail_to_log_in(client, "analyst", 5)
    AccessAttempt.objects.filter(username="analyst").update(
        attempt_time=AccessAttempt.objects.get().attempt_time - timedelta(minutes=31)
    )
    response = client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    assert response.status_code == 302


def test_the_lockout_holds_one_account_name_from_one_address(client, analyst, documenter):
    fail_to_log_in(client, "analyst", 5)
    other_account = client.post(LOGIN, {"username": "documenter", "password": factories.PASSWORD})
    assert other_account.status_code == 302
    client.post(reverse("web:logout"))
    other_address = client.post(
        LOGIN, {"username": "analyst", "password": factories.PASSWORD}, REMOTE_ADDR="10.0.0.7"
    )
    assert other_address.status_code == 302


def test_wrong_codes_count_towards_the_lockout_and_end_the_session(client, analyst):
    device = factories.make_authenticator(analyst)
    client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    for attempt in range(5):
        device.throttle_reset()  # django-otp's own growing delay between tries, not tested here
        response = client.post(VERIFY, {"code": "000000" if attempt % 2 else "999999"})
    assert response.status_code == 429
    assert "_auth_user_id" not in client.session
    assert AuditEvent.objects.filter(action="two_factor_failed", actor=analyst).count() == 5
    assert AuditEvent.objects.filter(action="lockout", actor=analyst).count() == 1
    response = client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    assert response.status_code == 429


def test_wrong_passwords_and_wrong_codes_add_up(client, analyst):
    factories.make_authenticator(analyst)
    fail_to_log_in(client, "analyst", 3)
    client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    client.post(VERIFY, {"code": "not-a-code"})
    response = client.post(VERIFY, {"code": "still-not-a-code"})
    assert response.status_code == 429


def test_a_wrong_code_soon_after_another_is_asked_to_wait_not_counted(client, analyst):
    factories.make_authenticator(analyst)
    client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    client.post(VERIFY, {"code": "000000"})
    response = client.post(VERIFY, {"code": "111111"}, HTTP_ACCEPT_LANGUAGE="en")
    assert re.search(r"Wait \d+ seconds?, then try again", response.content.decode())
    assert AccessAttempt.objects.get(username="analyst").failures_since_start == 1


@pytest.mark.parametrize("password", [factories.PASSWORD, "wrong-password"])
def test_client_login_works_with_the_axes_backend(client, analyst, password):
    # Django's Client.login() does not pass the request that django-axes' backend needs;
    # tests/conftest.py supplies one.
    assert client.login(username="analyst", password=password) is (password == factories.PASSWORD)


def test_a_failed_code_is_not_kept_in_the_attempt_record(client, analyst):
    factories.make_authenticator(analyst)
    client.post(LOGIN, {"username": "analyst", "password": factories.PASSWORD})
    client.post(VERIFY, {"code": "ABCD-EFGH-IJKL-MNOP"})
    attempt = AccessAttempt.objects.get(username="analyst")
    assert "ABCD" not in attempt.post_data
