"""Steps the browser tests share: logging in as a person does, and keeping screenshots."""

from __future__ import annotations

from pathlib import Path

from playwright.sync_api import expect

from tests import factories

SCREENSHOTS = Path(__file__).resolve().parents[2] / "test-artifacts" / "screenshots"


def shoot(page, prefix: str, name: str) -> None:
    """A full-page screenshot, kept in test-artifacts/screenshots/<prefix>_<name>.png."""
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(SCREENSHOTS / f"{prefix}_{name}.png"), full_page=True)


def log_in(page, base_url: str, username: str, authenticator) -> None:
    """Password, then the code the account's authenticator app shows now; lands home."""
    page.goto(f"{base_url}/login/")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(factories.PASSWORD)
    page.get_by_role("button", name="Log in").click()
    page.get_by_label("Code", exact=True).fill(factories.totp_code(authenticator))
    page.get_by_role("button", name="Continue").click()
    expect(page.get_by_role("heading", name="Overview")).to_be_visible()
