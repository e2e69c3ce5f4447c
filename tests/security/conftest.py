"""Pages in these tests speak English (Kirok's default is Korean), so that assertions can
read their words; the Korean pages are tested in tests/test_web_i18n_and_escaping.py."""

import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker):
    """tests.security.world.build_world(), built once per module instead of once per test.

    As Django's TestCase.setUpTestData does: the world is written inside a transaction that
    stays open for the module and is rolled back at its end; each test runs in a savepoint
    inside it (pytest-django's `db`), so what a test changes is still undone after it. The
    permission matrix alone has a thousand tests, and building the world was half of each.
    """
    from django.test import TestCase

    from tests.security.world import build_world

    with django_db_blocker.unblock():
        atomics = TestCase._enter_atomics()
        built = build_world()
    yield built
    with django_db_blocker.unblock():
        TestCase._rollback_atomics(atomics)
