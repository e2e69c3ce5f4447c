"""The test plumbing itself: the database chosen by KIROK_TEST_DATABASE is the one in use."""

import os
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection


@pytest.mark.django_db
@pytest.mark.postgresql_only
def test_postgresql_is_used_when_asked():
    assert connection.vendor == "postgresql"
    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        assert cursor.fetchone()[0][0].isdigit()
    assert connection.settings_dict["HOST"] == "127.0.0.1"


@pytest.mark.django_db
@pytest.mark.sqlite_only
def test_sqlite_is_used_by_default():
    assert connection.vendor == "sqlite"
    with connection.cursor() as cursor:
        cursor.execute("PRAGMA foreign_keys")
        assert cursor.fetchone()[0] == 1


def test_data_dir_is_a_fresh_temporary_directory():
    data_dir = Path(os.environ["KIROK_DATA_DIR"])
    assert data_dir.name == "data"
    assert data_dir.parent.name.startswith("kirok-test-")
    assert Path(settings.DATA_DIR) == data_dir.resolve()


def test_fresh_database_url_is_an_empty_database(fresh_database_url):
    if fresh_database_url.startswith("sqlite:"):
        assert not Path(fresh_database_url.removeprefix("sqlite:///")).exists()
        return
    import psycopg

    with psycopg.connect(fresh_database_url) as fresh:
        tables = fresh.execute("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
        assert tables.fetchone()[0] == 0


@pytest.mark.django_db
def test_browser_runs_and_the_orm_works_beside_it(page):
    page.set_content("<h1>Kirok</h1>")
    assert page.locator("h1").inner_text() == "Kirok"
    # Playwright's event loop now runs in this thread; the ORM must still be usable.
    from django.contrib.contenttypes.models import ContentType

    assert ContentType.objects.filter(app_label="contenttypes").exists()
