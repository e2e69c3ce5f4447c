"""Settings come from KIROK_* variables, parsed strictly, and every one is documented."""

import re
from pathlib import Path

import pytest

from kirok import config

DOCS = Path(__file__).resolve().parent.parent / "docs" / "deployment" / "configuration.md"
SOURCES = Path(__file__).resolve().parent.parent / "kirok"


def variables_read_by_the_code() -> set[str]:
    names = set()
    for path in SOURCES.rglob("*.py"):
        names |= set(re.findall(r"[\"'](KIROK_[A-Z0-9_]+)[\"']", path.read_text("utf-8")))
    return names


def test_every_variable_the_code_reads_is_declared_and_documented():
    documented = set(re.findall(r"`(KIROK_[A-Z0-9_]+)`", DOCS.read_text("utf-8")))
    declared = {variable.name for variable in config.VARIABLES}
    read = variables_read_by_the_code()
    assert read, "the scan found no variables at all"
    assert read <= declared, f"read but not declared in config.VARIABLES: {read - declared}"
    assert declared <= documented, f"not documented in {DOCS.name}: {declared - documented}"


@pytest.mark.parametrize("raw", ["ture", "2", "enabled", "  nope "])
def test_a_misspelt_boolean_is_an_error_not_false(monkeypatch, raw):
    monkeypatch.setenv("KIROK_DEBUG", raw)
    with pytest.raises(config.ConfigurationError, match="KIROK_DEBUG"):
        config.env_bool("KIROK_DEBUG")


@pytest.mark.parametrize(("raw", "expected"), [("true", True), ("ON", True), ("0", False)])
def test_booleans_accept_the_usual_spellings(monkeypatch, raw, expected):
    monkeypatch.setenv("KIROK_DEBUG", raw)
    assert config.env_bool("KIROK_DEBUG") is expected


def test_the_default_database_is_a_sqlite_file_in_the_data_dir_with_wal(monkeypatch, tmp_path):
    monkeypatch.delenv("KIROK_DATABASE_URL", raising=False)
    database = config.database_settings(tmp_path)
    assert database["ENGINE"] == "django.db.backends.sqlite3"
    assert database["NAME"] == str(tmp_path / "kirok.sqlite3")
    assert "journal_mode=WAL" in database["OPTIONS"]["init_command"]
    assert "foreign_keys=ON" in database["OPTIONS"]["init_command"]


def test_a_postgresql_url_selects_postgresql(monkeypatch, tmp_path):
    monkeypatch.setenv("KIROK_DATABASE_URL", "postgresql://kirok:secret@db.internal:5433/records")
    database = config.database_settings(tmp_path)
    assert database["ENGINE"] == "django.db.backends.postgresql"
    assert (database["HOST"], database["PORT"], database["NAME"]) == (
        "db.internal",
        5433,
        "records",
    )


@pytest.mark.parametrize(
    "url", ["mysql://u@h/db", "sqlite://", "postgresql://u@h:5432/", "not a url"]
)
def test_an_unusable_database_url_is_refused_with_a_reason(monkeypatch, tmp_path, url):
    monkeypatch.setenv("KIROK_DATABASE_URL", url)
    with pytest.raises(config.ConfigurationError, match="KIROK_DATABASE_URL"):
        config.database_settings(tmp_path)


def test_the_secret_key_is_generated_once_and_private(monkeypatch, tmp_path):
    monkeypatch.delenv("KIROK_SECRET_KEY_FILE", raising=False)
    first = config.secret_key(tmp_path)
    assert config.secret_key(tmp_path) == first
    assert (tmp_path / "secret_key").stat().st_mode & 0o077 == 0


def test_a_data_dir_that_is_a_file_is_refused(monkeypatch, tmp_path):
    a_file = tmp_path / "file"
    a_file.write_text("x")
    monkeypatch.setenv("KIROK_DATA_DIR", str(a_file))
    with pytest.raises(config.ConfigurationError, match="not a directory"):
        config.data_dir()


def test_debug_is_off_unless_asked():
    from django.conf import settings

    assert settings.DEBUG is False
