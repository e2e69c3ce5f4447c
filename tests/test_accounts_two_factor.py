"""Two-factor authentication: required of every role, set up with a QR code, recovery codes."""

import base64
import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django_otp.plugins.otp_static.models import StaticToken

from kirok.accounts import sessions, two_factor
from kirok.accounts.models import Authenticator
from kirok.audit.models import AuditEvent
from tests import factories

ROLES = ("administrator", "coordinator", "analyst", "documenter", "viewer")
ENROL = reverse("accounts:two_factor_enrol")
VERIFY = reverse("accounts:two_factor_verify")


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def log_in_with_password(client, username):
    response = client.post(
        reverse("web:login"), {"username": username, "password": factories.PASSWORD}
    )
    assert response.status_code == 302
    return response


def code_for(device, *, steps_ahead=0):
    clock = device.clock()
    clock.time = clock.time + steps_ahead * device.STEP_SECONDS
    return f"{clock.token():06d}"


def enrol(client, user):
    """Log in with the password, set up an authenticator; returns (device, recovery codes)."""
    factories.log_in_password_only(client, user)
    client.get(ENROL)
    device = Authenticator.objects.get(user=user, confirmed=False)
    response = client.post(ENROL, {"code": code_for(device)})
    codes = re.findall(r"<code>([A-Z2-7]{4}(?:-[A-Z2-7]{4}){3})</code>", response.content.decode())
    return device, codes


@pytest.mark.parametrize("role", ROLES)
def test_every_role_is_sent_to_set_up_two_factor_from_every_page(client, db, role):
    user = factories.make_user(role, is_staff=role == "administrator")
    factories.log_in_password_only(client, user)
    for url in (
        reverse("web:home"),
        reverse("web:password_change"),
        reverse("admin:index"),
        reverse("accounts:two_factor"),
        reverse("accounts:confirm"),
        reverse("web:person", args=[factories.make_person().public_id]),
    ):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.url.startswith(ENROL), url


@pytest.mark.parametrize("role", ROLES)
def test_every_role_with_an_authenticator_is_asked_for_its_code(client, db, role):
    user = factories.make_user(role, is_staff=role == "administrator")
    factories.make_authenticator(user)
    factories.log_in_password_only(client, user)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url == VERIFY + "?next=%2F"


@pytest.mark.parametrize("role", ROLES)
def test_a_session_that_passed_two_factor_goes_through(client, db, role):
    user = factories.make_user(role, is_staff=role == "administrator")
    client.force_login(user)  # tests/conftest.py: a completed login, code included
    assert client.get(reverse("web:home")).status_code == 200
    if role == "administrator":
        assert client.get(reverse("admin:index")).status_code == 200


def test_logging_out_and_switching_language_work_before_the_code(client, analyst):
    factories.log_in_password_only(client, analyst)
    response = client.post(reverse("set_language"), {"language": "ko", "next": ENROL})
    assert response.status_code == 302
    assert client.post(reverse("web:logout")).status_code == 302
    assert client.get(reverse("web:home")).url.startswith(reverse("web:login"))


def test_a_password_login_is_sent_on_to_two_factor_keeping_where_it_was_going(client, analyst):
    factories.make_authenticator(analyst)
    client.get(reverse("accounts:two_factor"))
    response = client.post(
        reverse("web:login"),
        {"username": "analyst", "password": factories.PASSWORD, "next": "/account/two-factor/"},
        follow=True,
    )
    assert response.redirect_chain[-1][0] == VERIFY + "?next=%2Faccount%2Ftwo-factor%2F"
    assert b'name="next" value="/account/two-factor/"' in response.content


def test_the_setup_page_shows_an_inline_svg_qr_code_and_the_key_in_groups(client, analyst):
    factories.log_in_password_only(client, analyst)
    response = client.get(ENROL)
    body = response.content.decode()
    device = Authenticator.objects.get(user=analyst, confirmed=False)
    assert response.status_code == 200
    assert '<svg role="img"' in body
    assert "<title>QR code to scan with your authenticator app</title>" in body
    assert "<img" not in body
    assert "style=" not in body
    assert re.search(r"<code>([A-Z2-7]{4} ){7}[A-Z2-7]{4}</code>", body)
    assert two_factor.secret_in_groups(device) in body
    assert "no-store" in response["Cache-Control"]
    # The same secret on every visit until it is confirmed.
    client.get(ENROL)
    assert Authenticator.objects.filter(user=analyst).count() == 1


def test_setting_up_is_confirmed_only_by_a_valid_code(client, analyst):
    factories.log_in_password_only(client, analyst)
    client.get(ENROL)
    device = Authenticator.objects.get(user=analyst)
    wrong = f"{(int(code_for(device)) + 1) % 1_000_000:06d}"
    response = client.post(ENROL, {"code": wrong})
    assert response.status_code == 200
    assert "That code is not right" in response.content.decode()
    device.refresh_from_db()
    assert not device.confirmed
    assert client.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(action="two_factor_setup_failed", actor=analyst).exists()

    device.throttle_reset()  # django-otp makes the next try wait a second after a wrong one
    response = client.post(ENROL, {"code": code_for(device)})
    assert response.status_code == 200
    assert "Your recovery codes" in response.content.decode()
    device.refresh_from_db()
    assert device.confirmed
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_enrolled", actor=analyst).exists()


def test_ten_recovery_codes_are_shown_once_and_kept_only_as_hashes(client, analyst):
    _device, codes = enrol(client, analyst)
    assert len(codes) == two_factor.RECOVERY_CODE_COUNT == len(set(codes))
    stored = set(StaticToken.objects.filter(device__user=analyst).values_list("token", flat=True))
    assert len(stored) == 10
    assert not stored & ({code.replace("-", "") for code in codes} | set(codes))
    assert "Your recovery codes" not in client.get(reverse("accounts:two_factor")).content.decode()


def test_a_recovery_code_works_once(client, analyst):
    _device, codes = enrol(client, analyst)
    client.post(reverse("web:logout"))

    log_in_with_password(client, "analyst")
    response = client.post(VERIFY, {"code": codes[0].lower().replace("-", " ")}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("web:home")
    assert "9 are left" in response.content.decode()
    event = AuditEvent.objects.filter(action="two_factor_verified", actor=analyst).last()
    assert event.detail == {"method": "recovery_code", "recovery_codes_left": 9}

    client.post(reverse("web:logout"))
    log_in_with_password(client, "analyst")
    response = client.post(VERIFY, {"code": codes[0]})
    assert response.status_code == 200
    assert client.get(reverse("web:home")).status_code == 302
    assert AuditEvent.objects.filter(action="two_factor_failed", actor=analyst).exists()


def test_a_code_from_the_app_verifies_the_session_and_is_accepted_once(client, analyst):
    device = factories.make_authenticator(analyst)
    log_in_with_password(client, "analyst")
    code = factories.totp_code(device)
    response = client.post(VERIFY, {"code": code, "next": "/account/two-factor/"})
    assert response.status_code == 302
    assert response.url == "/account/two-factor/"
    assert client.get(reverse("web:home")).status_code == 200
    assert AuditEvent.objects.filter(action="two_factor_verified", actor=analyst).exists()
    # Replaying the same code in another session is refused.
    other = type(client)()
    factories.log_in_password_only(other, analyst)
    assert other.post(VERIFY, {"code": code}).status_code == 200
    assert other.get(reverse("web:home")).status_code == 302


def test_verifying_gives_the_session_a_new_key(client, analyst):
    device = factories.make_authenticator(analyst)
    log_in_with_password(client, "analyst")
    before = client.cookies["sessionid"].value
    client.post(VERIFY, {"code": factories.totp_code(device)})
    assert client.cookies["sessionid"].value != before


def test_a_foreign_next_is_not_followed_after_the_code(client, analyst):
    device = factories.make_authenticator(analyst)
    log_in_with_password(client, "analyst")
    response = client.post(
        VERIFY, {"code": factories.totp_code(device), "next": "https://evil.example/"}
    )
    assert response.url == reverse("web:home")


def test_setting_up_needs_a_password_given_in_the_last_ten_minutes(client, analyst):
    factories.log_in_password_only(client, analyst)
    session = client.session
    session[sessions.AUTHENTICATED_AT] -= 11 * 60
    session.save()
    response = client.get(ENROL)
    assert response.status_code == 302
    assert response.url.startswith(reverse("web:login"))
    assert not Authenticator.objects.filter(user=analyst).exists()


def test_when_two_factor_is_optional_an_account_without_one_goes_through(client, analyst, settings):
    settings.REQUIRE_2FA = False
    factories.log_in_password_only(client, analyst)
    assert client.get(reverse("web:home")).status_code == 200
    body = client.get(reverse("accounts:two_factor")).content.decode()
    assert "Set up two-factor authentication" in body


def test_when_two_factor_is_optional_an_account_with_one_still_gives_its_code(
    client, analyst, settings
):
    settings.REQUIRE_2FA = False
    factories.make_authenticator(analyst)
    factories.log_in_password_only(client, analyst)
    assert client.get(reverse("web:home")).url.startswith(VERIFY)


def test_a_page_asks_once_whether_the_account_has_an_authenticator(client, analyst, settings):
    settings.REQUIRE_2FA = False
    factories.log_in_password_only(client, analyst)
    with CaptureQueriesContext(connection) as queries:
        assert client.get(reverse("web:home")).status_code == 200
    asked = [q["sql"] for q in queries if "accounts_authenticator" in q["sql"]]
    assert len(asked) == 1, asked


def test_a_page_stays_closed_before_the_code_even_without_the_middleware(client, analyst, settings):
    """The view checks the login's steps itself (kirok.web.auth.account_required)."""
    gate_middleware = "kirok.accounts.middleware.SecurityGateMiddleware"
    settings.MIDDLEWARE = [m for m in settings.MIDDLEWARE if m != gate_middleware]
    factories.make_authenticator(analyst)
    factories.log_in_password_only(client, analyst)
    response = client.get(reverse("web:home"))
    assert response.status_code == 302
    assert response.url.startswith(VERIFY)


def test_the_two_factor_page_counts_the_recovery_codes_left(client, analyst):
    enrol(client, analyst)
    body = client.get(reverse("accounts:two_factor")).content.decode()
    assert "10 unused codes" in body
    assert "Make new recovery codes" in body


def test_new_recovery_codes_need_a_recent_confirmation_and_replace_the_old_ones(client, analyst):
    device, old_codes = enrol(client, analyst)
    factories.age_confirmation(client, minutes=6)
    url = reverse("accounts:recovery_codes")
    response = client.post(url, {"next": reverse("accounts:two_factor")})
    assert response.status_code == 302
    assert response.url == reverse("accounts:confirm") + "?next=%2Faccount%2Ftwo-factor%2F"
    assert set(StaticToken.objects.filter(device__user=analyst).values_list("token", flat=True))

    response = client.post(
        reverse("accounts:confirm"),
        {
            "password": factories.PASSWORD,
            "code": factories.totp_code(device),
            "next": reverse("accounts:two_factor"),
        },
    )
    assert response.url == reverse("accounts:two_factor")
    response = client.post(url, {"next": reverse("accounts:two_factor")})
    new_codes = re.findall(r"<code>([A-Z2-7-]{19})</code>", response.content.decode())
    assert len(new_codes) == 10
    assert not set(new_codes) & set(old_codes)
    assert "Your earlier recovery codes no longer work" in response.content.decode()
    assert AuditEvent.objects.filter(action="recovery_codes_regenerated", actor=analyst).exists()
    assert client.get(url).status_code == 405


def test_a_recovery_code_is_read_whatever_its_case_spacing_and_lookalike_digits():
    # Base32 has no 0, 1 or 8: someone copying by hand may write them for O, I and B.
    stored = two_factor._hash_recovery_code("OBIA-Q2ZZ-7KMN-WXYD")
    assert two_factor._hash_recovery_code("0b1a q2zz 7kmn wxyd") == stored
    assert two_factor._hash_recovery_code("08IAQ2ZZ7KMNWXYD") == stored
    assert two_factor._hash_recovery_code("OBIA-Q2ZZ-7KMN-WXYE") != stored


@pytest.mark.parametrize("next_value", ["' OR 1=1 --", "web:home", "javascript:alert(1)"])
def test_a_next_that_is_not_a_path_on_this_site_goes_home(client, analyst, next_value):
    # Regression: Django's redirect() reads a bare word as a view name, and failed (500).
    client.force_login(analyst)
    for url in (ENROL, VERIFY):
        response = client.get(url, {"next": next_value})
        assert response.status_code == 302
        assert response.url == reverse("web:home")


def test_the_authenticator_secret_is_sealed_in_the_database(analyst):
    # A copied database must not hand over a second factor: the column holds a sealed token,
    # in which neither the hex nor the base32 form of the secret appears.
    device = factories.make_authenticator(analyst)
    with connection.cursor() as cursor:
        cursor.execute("SELECT secret FROM accounts_authenticator WHERE id = %s", [device.pk])
        (stored,) = cursor.fetchone()
    secret = device.bin_key
    assert len(secret) == 20
    assert stored.startswith("kv1:")
    assert secret.hex() not in stored.lower()
    assert base64.b32encode(secret).decode().rstrip("=") not in stored.upper()
    # and the app's codes still verify against the opened secret
    assert Authenticator.objects.get(pk=device.pk).verify_token(factories.totp_code(device))
