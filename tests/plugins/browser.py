"""Headless Chromium for UI tests, through Playwright's sync API (pytest-playwright is not used).

Fixtures: ``browser`` (one Chromium per session) and ``page`` (a fresh context per test,
en-US, 1280x900). When a test fails, ``page`` saves a screenshot to
``test-artifacts/screenshots/<test name>.png``. Tests using either fixture are marked
``browser`` automatically, so ``-m "not browser"`` leaves them out.

The browser is Debian's ``chromium`` package (``make system-deps`` installs it): Playwright
must never download a browser of its own.
"""

from __future__ import annotations

import os
import re
import sys
import warnings
from collections.abc import Iterator
from pathlib import Path

import pytest

# Playwright's sync API runs an asyncio event loop in the test's thread; Django would then
# refuse ORM calls from tests and live_server fixtures with SynchronousOnlyOperation.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
os.environ.setdefault("PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD", "1")

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",  # CI runs as root, where Chromium's sandbox cannot start
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-dev-shm-usage",  # /dev/shm is small in containers
]
_reports = pytest.StashKey[dict[str, pytest.TestReport]]()


def _serve_one_request_at_a_time() -> None:
    """On SQLite the test database lives in memory, and Django hands the live server's
    threads the test thread's one connection. Two requests at once (a page and an htmx
    update) then share it, and one fails with "cannot open savepoint - SQL statements in
    progress". A server without threads takes requests in turn (and closes each connection,
    as Django's server does without threads). PostgreSQL gives each thread its own."""
    from django.core.servers.basehttp import WSGIServer
    from django.test.testcases import LiveServerThread

    class OneAtATime(WSGIServer):
        def __init__(self, *args, connections_override=None, **kwargs):
            super().__init__(*args, **kwargs)

    LiveServerThread.server_class = OneAtATime


def pytest_configure(config: pytest.Config) -> None:
    if os.environ.get("KIROK_TEST_DATABASE", "sqlite").strip().lower() in ("", "sqlite"):
        _serve_one_request_at_a_time()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item: pytest.Item) -> Iterator[None]:
    # Keep each phase's report on the item so that `page` can tell, at teardown, whether the
    # test failed.
    report = yield
    item.stash.setdefault(_reports, {})[report.when] = report
    return report


@pytest.hookimpl(tryfirst=True)  # before -m deselects anything
def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        if {"browser", "page"} & set(getattr(item, "fixturenames", ())):
            item.add_marker(pytest.mark.browser)


@pytest.fixture(scope="session")
def browser():
    if not CHROMIUM.exists():
        pytest.skip("Debian chromium not installed (make test installs it)")
    from playwright.sync_api import expect, sync_playwright

    # Playwright's 5 s wait for an expectation was once too short on a busy 2-core CI machine
    # (a date preview that needs a round trip after a 400 ms typing pause); a real failure
    # still fails, only later.
    expect.set_options(timeout=10_000)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()
        # While Playwright's loop runs, Django keeps the connections of this thread apart from
        # those opened before (asgiref treats the thread as async); close them now, or
        # pytest-django cannot drop the PostgreSQL test database ("being accessed by other
        # users").
        if "django.db" in sys.modules:
            from django.db import connections

            connections.close_all()


@pytest.fixture
def page(browser, request: pytest.FixtureRequest):
    context = browser.new_context(locale="en-US", viewport={"width": 1280, "height": 900})
    page = context.new_page()
    yield page
    reports = request.node.stash.get(_reports, {})
    if any(report.failed for report in reports.values()):
        _screenshot(page, request)
    context.close()


def _screenshot(page, request: pytest.FixtureRequest) -> None:
    name = re.sub(r"[^\w.-]+", "_", request.node.name).strip("_")
    path = request.config.rootpath / "test-artifacts" / "screenshots" / f"{name}.png"
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(path), full_page=True)
    except Exception as error:  # a failed screenshot must not hide the test's own failure
        warnings.warn(f"could not save screenshot {path}: {error}", stacklevel=1)
