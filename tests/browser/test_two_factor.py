"""Two-factor authentication in a real browser: set up an authenticator, keep the recovery
codes, log out, log in with a code; and the Django admin working under the CSP.

Screenshots of the pages are kept in test-artifacts/screenshots/ for review. No page may
trigger a Content-Security-Policy violation (Chromium reports them on the console).
"""

import re

import pytest
from django_otp.oath import TOTP
from playwright.sync_api import expect

from kirok.accounts.models import Authenticator
from tests import factories
from tests.browser import steps


def shoot(page, name: str) -> None:
    steps.shoot(page, "two_factor", name)


@pytest.fixture
def csp_violations(page):
    seen = []
    page.on(
        "console",
        lambda message: (
            seen.append(message.text) if "Content Security Policy" in message.text else None
        ),
    )
    return seen


@pytest.fixture
def analyst(transactional_db, reference_data):
    return factories.make_user("analyst", username="analyst")


def log_in_with_password(page, url: str) -> None:
    page.goto(url)
    page.get_by_label("Username").fill("analyst")
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()


@pytest.mark.browser
def test_set_up_two_factor_keep_the_codes_log_out_and_log_in_with_a_code(
    page, live_server, analyst, csp_violations
):
    log_in_with_password(page, f"{live_server.url}/")
    expect(page.get_by_role("heading", name="Set up two-factor authentication")).to_be_visible()
    qr_code = page.get_by_role("img", name="QR code to scan with your authenticator app")
    expect(qr_code).to_be_visible()
    assert qr_code.bounding_box()["width"] >= 150
    expect(page.locator("#setup-key")).to_have_text(re.compile(r"^([A-Z2-7]{4} ){7}[A-Z2-7]{4}$"))
    shoot(page, "enrol")

    # The test plays the phone: the code an app computes from the secret behind the QR code.
    device = Authenticator.objects.get(user=analyst, confirmed=False)
    app = TOTP(device.bin_key, step=30, digits=6)
    page.get_by_label("Six-digit code from the app").fill(f"{(app.token() + 1) % 10**6:06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_text("That code is not right")).to_be_visible()
    shoot(page, "enrol_wrong_code")

    device.refresh_from_db()
    device.throttle_reset()  # django-otp's one-second wait after a wrong code
    page.get_by_label("Six-digit code from the app").fill(f"{app.token():06d}")
    page.get_by_role("button", name="Turn on two-factor authentication").click()
    expect(page.get_by_role("heading", name="Your recovery codes")).to_be_visible()
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    shoot(page, "recovery_codes")

    page.get_by_role("link", name="I have kept my codes, continue").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("heading", name="Log in")).to_be_visible()

    log_in_with_password(page, f"{live_server.url}/account/two-factor/")
    expect(page.get_by_role("heading", name="Enter your code")).to_be_visible()
    shoot(page, "verify")
    page.get_by_label("Code", exact=True).fill(factories.totp_code(device))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Two-factor authentication")).to_be_visible()
    expect(page.get_by_text("10 unused codes")).to_be_visible()
    shoot(page, "settings")
    assert csp_violations == []


@pytest.mark.browser
def test_the_django_admin_works_under_the_content_security_policy(
    page, live_server, transactional_db, browser_login, csp_violations
):
    administrator = factories.make_user(
        "administrator", username="administrator", is_staff=True, is_superuser=True
    )
    analyst = factories.make_user("analyst", username="analyst")
    browser_login(page, administrator, path="/admin/")
    expect(page.get_by_role("heading", name="Accounts and configuration")).to_be_visible()
    page.goto(f"{live_server.url}/admin/accounts/user/{analyst.pk}/change/")
    expect(page.locator("#id_role")).to_be_visible()
    # The admin's scripts run: the "Groups" chooser is built by SelectFilter2.js.
    expect(page.locator("#id_groups_filter")).to_be_visible()
    page.locator("#id_role").select_option("documenter")
    page.get_by_role("button", name="Save", exact=True).click()
    expect(page.locator(".messagelist")).to_contain_text("was changed successfully")
    shoot(page, "admin_user_saved")
    assert csp_violations == []
