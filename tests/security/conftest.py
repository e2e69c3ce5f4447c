"""Pages in these tests speak English (Kirok's default is Korean), so that assertions can
read their words; the Korean pages are tested in tests/test_web_i18n_and_escaping.py."""

import pytest


@pytest.fixture(autouse=True)
def english_pages(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "en"
