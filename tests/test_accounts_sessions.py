"""Sessions end after inactivity and, whatever happens, 12 hours after the login."""

import time

import pytest
from django.urls import reverse

from kirok.accounts import sessions
from kirok.audit.models import AuditEvent
from tests import factories


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def shift(client, key, seconds):
    session = client.session
    session[key] -= seconds
    session.save()


def test_the_defaults_are_thirty_idle_minutes_and_twelve_hours(settings):
    assert settings.SESSION_IDLE_TIMEOUT.total_seconds() == 30 * 60
    assert settings.SESSION_MAX_AGE.total_seconds() == 12 * 60 * 60
    assert settings.SESSION_COOKIE_AGE == 12 * 60 * 60


def test_logging_in_starts_the_session_clocks(client, analyst):
    before = time.time()
    client.force_login(analyst)
    session = client.session
    assert before <= session[sessions.AUTHENTICATED_AT] <= time.time()
    assert before <= session[sessions.LAST_ACTIVITY] <= time.time()


def test_a_session_idle_for_too_long_is_logged_out_with_a_message(client, analyst):
    client.force_login(analyst)
    shift(client, sessions.LAST_ACTIVITY, 31 * 60)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response.url == reverse("web:login") + "?next=%2F"
    assert "_auth_user_id" not in client.session
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "You were logged out after 30 minutes without activity" in page
    event = AuditEvent.objects.get(action="session_expired")
    assert (event.actor, event.detail) == (analyst, {"reason": "idle"})


def test_activity_keeps_a_session_alive(client, analyst):
    client.force_login(analyst)
    shift(client, sessions.LAST_ACTIVITY, 29 * 60)
    assert client.get(reverse("web:home")).status_code == 200
    assert time.time() - client.session[sessions.LAST_ACTIVITY] < 5
    shift(client, sessions.LAST_ACTIVITY, 29 * 60)
    assert client.get(reverse("web:home")).status_code == 200


def test_a_busy_session_still_ends_twelve_hours_after_the_login(client, analyst):
    client.force_login(analyst)
    shift(client, sessions.AUTHENTICATED_AT, 12 * 60 * 60 + 1)
    response = client.get(reverse("web:home"), HTTP_ACCEPT_LANGUAGE="en")
    assert response.url.startswith(reverse("web:login"))
    page = client.get(response.url, HTTP_ACCEPT_LANGUAGE="en").content.decode()
    assert "more than 12 hours ago" in page
    assert AuditEvent.objects.get(action="session_expired").detail == {"reason": "too_old"}


def test_an_expired_session_waiting_for_its_code_is_ended_too(client, analyst):
    factories.log_in_password_only(client, analyst)
    shift(client, sessions.LAST_ACTIVITY, 31 * 60)
    response = client.get(reverse("accounts:two_factor_enrol"))
    assert response.url.startswith(reverse("web:login"))


def test_an_htmx_request_from_an_expired_session_is_told_to_load_the_login_page(client, analyst):
    client.force_login(analyst)
    shift(client, sessions.LAST_ACTIVITY, 31 * 60)
    response = client.get(reverse("web:home"), HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert response["HX-Redirect"].startswith(reverse("web:login"))


def test_the_idle_timeout_follows_the_setting(client, analyst, settings):
    from datetime import timedelta

    settings.SESSION_IDLE_TIMEOUT = timedelta(minutes=5)
    client.force_login(analyst)
    shift(client, sessions.LAST_ACTIVITY, 6 * 60)
    assert client.get(reverse("web:home")).status_code == 302
