"""Security headers on every page, HSTS and secure cookies with KIROK_HTTPS, and no inline
script, style or event handler in any template (the Content-Security-Policy forbids them)."""

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from django.test import override_settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parent.parent

EXPECTED_POLICY = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' data:",
    "font-src": "'self'",
    "connect-src": "'self'",
    "frame-ancestors": "'none'",
    "form-action": "'self'",
    "base-uri": "'none'",
    "object-src": "'none'",
}


@pytest.fixture(autouse=True)
def english_pages(client):
    """Pages in English (the default interface language is Korean)."""
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


def policy(response) -> dict[str, str]:
    directives = [part.strip() for part in response["Content-Security-Policy"].split(";")]
    return dict(part.split(" ", 1) for part in directives if part)


@pytest.mark.parametrize("persona", ["anonymous", "analyst"])
def test_every_page_sends_the_security_headers(client, analyst, persona):
    if persona == "analyst":
        client.force_login(analyst)
    for url in (reverse("web:login"), reverse("web:home"), reverse("accounts:two_factor")):
        response = client.get(url)
        assert policy(response) == EXPECTED_POLICY, url
        assert response["X-Frame-Options"] == "DENY"
        assert response["Referrer-Policy"] == "same-origin"
        assert response["X-Content-Type-Options"] == "nosniff"
        assert response["Cross-Origin-Opener-Policy"] == "same-origin"
        assert response["Cross-Origin-Resource-Policy"] == "same-origin"
        assert response["Permissions-Policy"] == "camera=(), microphone=(), geolocation=()"


def test_the_lockout_page_and_redirects_send_them_too(client, analyst):
    for _ in range(5):
        response = client.post(reverse("web:login"), {"username": "x", "password": "y"})
    assert response.status_code == 429
    assert policy(response) == EXPECTED_POLICY
    assert response["Permissions-Policy"]


def test_no_hsts_and_no_secure_cookies_over_plain_http(client, analyst, settings):
    assert not settings.SESSION_COOKIE_SECURE
    response = client.get(reverse("web:login"), secure=True)
    assert "Strict-Transport-Security" not in response


@override_settings(SECURE_HSTS_SECONDS=31536000, SECURE_HSTS_INCLUDE_SUBDOMAINS=True)
def test_hsts_is_sent_over_https_when_configured(client, db):
    response = client.get(reverse("web:login"), secure=True)
    assert response["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def settings_under(environment: dict, tmp_path) -> dict:
    script = (
        "import json, kirok.settings as s; print(json.dumps({k: getattr(s, k, None) for k in "
        "('SESSION_COOKIE_SECURE', 'CSRF_COOKIE_SECURE', 'SECURE_HSTS_SECONDS', "
        "'SECURE_HSTS_INCLUDE_SUBDOMAINS', 'REQUIRE_2FA', 'AXES_FAILURE_LIMIT')}))"
    )
    env = {**os.environ, "KIROK_DATA_DIR": str(tmp_path), **environment}
    done = subprocess.run(
        [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
    )
    assert done.returncode == 0, done.stderr
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_kirok_https_turns_on_hsts_and_secure_cookies(tmp_path):
    values = settings_under({"KIROK_HTTPS": "true"}, tmp_path)
    assert values["SESSION_COOKIE_SECURE"] is values["CSRF_COOKIE_SECURE"] is True
    assert values["SECURE_HSTS_SECONDS"] == 365 * 24 * 60 * 60
    assert values["SECURE_HSTS_INCLUDE_SUBDOMAINS"] is True
    assert settings_under({"KIROK_HTTPS": "false"}, tmp_path)["SECURE_HSTS_SECONDS"] is None


def test_two_factor_is_required_unless_turned_off_and_the_setting_is_strict(tmp_path):
    assert settings_under({}, tmp_path)["REQUIRE_2FA"] is True
    assert settings_under({"KIROK_REQUIRE_2FA": "false"}, tmp_path)["REQUIRE_2FA"] is False
    assert settings_under({"KIROK_LOCKOUT_ATTEMPTS": "3"}, tmp_path)["AXES_FAILURE_LIMIT"] == 3
    script = "import kirok.settings"
    for variable, value in (("KIROK_REQUIRE_2FA", "nope"), ("KIROK_LOCKOUT_MINUTES", "soon")):
        env = {**os.environ, "KIROK_DATA_DIR": str(tmp_path), variable: value}
        done = subprocess.run(
            [sys.executable, "-c", script], cwd=ROOT, env=env, capture_output=True, text=True
        )
        assert done.returncode != 0
        assert variable in done.stderr


# --- Templates: nothing inline that the Content-Security-Policy would block --------------

INLINE_SCRIPT = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>", re.IGNORECASE)
EVENT_HANDLER = re.compile(r"\son[a-z]+\s*=", re.IGNORECASE)
STYLE_ATTRIBUTE = re.compile(r"\sstyle\s*=", re.IGNORECASE)
STYLE_ELEMENT = re.compile(r"<style[\s>]", re.IGNORECASE)
TEMPLATE_COMMENT = re.compile(r"{#.*?#}|{% comment %}.*?{% endcomment %}", re.DOTALL)


def templates() -> list[Path]:
    found = sorted((ROOT / "kirok").rglob("templates/**/*.html"))
    assert len(found) > 20, "the scan found too few templates"
    return found


@pytest.mark.parametrize(
    ("name", "pattern"),
    [
        ("inline <script>", INLINE_SCRIPT),
        ("event handler attribute", EVENT_HANDLER),
        ("style attribute", STYLE_ATTRIBUTE),
        ("<style> element", STYLE_ELEMENT),
    ],
)
def test_no_template_has_inline_script_or_style(name, pattern):
    offenders = []
    for path in templates():
        text = TEMPLATE_COMMENT.sub(lambda m: "\n" * m.group().count("\n"), path.read_text("utf-8"))
        for match in pattern.finditer(text):
            line = text.count("\n", 0, match.start()) + 1
            offenders.append(f"{path.relative_to(ROOT)}:{line}")
    assert offenders == [], f"{name} in templates (blocked by the CSP): {offenders}"


def test_the_patterns_catch_what_they_must():
    assert INLINE_SCRIPT.search("<script>alert(1)</script>")
    assert not INLINE_SCRIPT.search('<script src="/static/web/htmx.js" defer></script>')
    assert EVENT_HANDLER.search('<img src="x" onerror="alert(1)">')
    assert STYLE_ATTRIBUTE.search('<p style="color: red">')
    assert not STYLE_ATTRIBUTE.search('<link rel="stylesheet" href="/static/web/kirok.css">')
